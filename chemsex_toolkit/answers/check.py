"""Checking an answers file as the page does before it uses one: size, JSON, format, version,
the schema's values, and, against a toolkit, its items, questions, answers and fingerprints.

Every problem is a finding on the file (line, column and a JSON Pointer into it), worded by the
rules CT701-CT711; nothing here raises for bad input."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from chemsex_toolkit.answers.model import (
    FORMAT,
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_FILE,
    AnswersFile,
    Snapshot,
)
from chemsex_toolkit.answers.positions import line_column, positions, too_deep
from chemsex_toolkit.findings import Finding, Place, Severity, pointer
from chemsex_toolkit.models import Toolkit


@dataclass(frozen=True)
class ContentKeys:
    """What of a toolkit an answers file is checked against: IDs and fingerprints only."""

    toolkit: str
    fingerprints: Mapping[str, str]  # item ID -> fingerprint of its source text
    questions: tuple[str, ...]
    colours: Mapping[str, str]  # answer ID -> green, yellow, red or none

    @classmethod
    def of(cls, toolkit: Toolkit) -> ContentKeys:
        """The keys of ``toolkit``, which should be in its source language: the page's
        fingerprints are made from the source text."""
        from chemsex_toolkit.exporting.render import item_fingerprint

        return cls(
            toolkit.id,
            {item.id: item_fingerprint(item) for topic in toolkit.topics for item in topic.items},
            tuple(question.id for question in toolkit.checklist.questions),
            {answer.id: answer.colour for answer in toolkit.checklist.answers},
        )


@dataclass(frozen=True)
class AnswersReport:
    """What checking an answers file found: ``answers`` is the file in the current format when
    it has no error, else None."""

    file: str
    findings: tuple[Finding, ...]
    answers: AnswersFile | None

    def failed(self) -> bool:
        return any(finding.severity is Severity.ERROR for finding in self.findings)


class Places:
    """Finding places in the file's text by JSON Pointer (the nearest enclosing value)."""

    def __init__(self, file: str, text: str | None) -> None:
        self.file = file
        self._text = text
        self._offsets: dict[str, int] | None = None

    def at(self, path: str) -> Place:
        if self._text is None:
            return Place(self.file, 0, 0, path)
        if self._offsets is None:
            self._offsets = positions(self._text)
        probe = path
        while probe not in self._offsets and probe:
            probe = probe.rsplit("/", 1)[0]
        offset = self._offsets.get(probe)
        if offset is None:
            return Place(self.file, 0, 0, path)
        return Place(self.file, *line_column(self._text, offset), path)


def _finding(code: str, place: Place, **values: object) -> Finding:
    from chemsex_toolkit.validation.rules import RULES

    return RULES[code].at(place, "", **values)


def read_text(path: Path) -> tuple[str | None, Finding | None]:
    """The text of the answers file at ``path``, or the finding why it has none. Raises
    ``OSError`` when it cannot be read at all."""
    from chemsex_toolkit.safefiles import read_capped

    raw = read_capped(path, MAX_FILE)
    if len(raw) > MAX_FILE:
        return None, _finding("CT701", Place(str(path)), limit=f"{MAX_FILE:,}")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line, column = line_column(raw[: error.start].decode("utf-8", "replace"), error.start)
        return None, _finding("CT702", Place(str(path), line, column), reason="not UTF-8")


def check_answers(
    document: Any, file: str, text: str | None = None, keys: ContentKeys | None = None
) -> AnswersReport:
    """Check the parsed ``document`` of ``file`` (``text``, when given, places the findings)."""
    places = Places(file, text)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return AnswersReport(file, (_finding("CT703", places.at(""), format=FORMAT),), None)
    # The page's order: the format, the toolkit, then the format version.
    if keys is not None and document.get("toolkit") != keys.toolkit:
        finding = _finding(
            "CT706", places.at("/toolkit"), found=document.get("toolkit"), toolkit=keys.toolkit
        )
        return AnswersReport(file, (finding,), None)
    found = document.get("formatVersion")
    if isinstance(found, (int, float)) and not isinstance(found, bool) and found > FORMAT_VERSION:
        finding = _finding("CT704", places.at("/formatVersion"), found=found, known=FORMAT_VERSION)
        return AnswersReport(file, (finding,), None)
    try:
        answers = AnswersFile.model_validate(document)
    except ValidationError as error:
        findings = tuple(
            _finding(
                "CT705",
                places.at(pointer(problem["loc"])),
                path=pointer(problem["loc"]) or "/",
                reason=problem["msg"][:1].lower() + problem["msg"][1:],
            )
            for problem in error.errors()
        )
        return AnswersReport(file, findings, None)
    against = _against_content(answers, places, keys) if keys is not None else []
    failed = any(finding.severity is Severity.ERROR for finding in against)
    return AnswersReport(file, tuple(against), None if failed else answers)


def _against_content(answers: AnswersFile, places: Places, keys: ContentKeys) -> list[Finding]:
    """What the page would leave out, refuse or flag when it loads ``answers``."""
    findings: list[Finding] = []
    known = ", ".join(keys.colours)

    def answers_of(given: Mapping[str, str], where: list[str | int]) -> None:
        for question, answer in given.items():
            # Placed only for a finding: finding places parses the whole text once per file.
            if question not in keys.questions:
                at = places.at(pointer([*where, "answers", question]))
                findings.append(_finding("CT709", at, question=question))
            elif answer not in keys.colours:
                at = places.at(pointer([*where, "answers", question]))
                findings.append(_finding("CT708", at, answer=answer, known=known))

    for item_id, item in answers.state.items.items():
        where: list[str | int] = ["state", "items", item_id]
        if item_id not in keys.fingerprints:
            findings.append(_finding("CT707", places.at(pointer(where)), item=item_id))
            continue
        answers_of(item.answers, where)
        stamp = keys.fingerprints[item_id]
        if item.answers and item.fingerprint and item.fingerprint != stamp:
            at = places.at(pointer([*where, "fingerprint"]))
            findings.append(_finding("CT710", at, item=item_id))
    # The baseline and the team members' answers: the page refuses an unknown answer there too.
    snapshots: list[tuple[list[str | int], Snapshot]] = [
        (["state", "team", index], member) for index, member in enumerate(answers.state.team)
    ]
    if answers.state.baseline is not None:
        snapshots.insert(0, (["state", "baseline"], answers.state.baseline))
    for base, snapshot in snapshots:
        for item_id, entry in snapshot.items.items():
            if item_id in keys.fingerprints:
                answers_of(entry.answers, [*base, "items", item_id])
    for index, row in enumerate(answers.state.plan):
        for field in ("item", "origin"):
            value = getattr(row, field)
            if value and value not in keys.fingerprints:
                at = places.at(pointer(["state", "plan", index, field]))
                findings.append(_finding("CT711", at, item=value))
    return findings


def _not_json(name: str) -> None:
    # NaN and Infinity are Python's extensions; the page's JSON.parse refuses them.
    raise ValueError(name)


def check_file(path: Path, keys: ContentKeys | None = None) -> AnswersReport:
    """Read and check the answers file at ``path``. Raises ``OSError`` when it cannot be read."""
    text, refusal = read_text(path)
    if refusal is not None or text is None:
        return AnswersReport(str(path), (refusal,) if refusal else (), None)
    deep = too_deep(text, MAX_DEPTH)
    if deep is not None:
        place = Place(str(path), *line_column(text, deep))
        reason = f"it nests arrays and objects more than {MAX_DEPTH} deep"
        return AnswersReport(str(path), (_finding("CT702", place, reason=reason),), None)
    try:
        document = json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as error:
        place = Place(str(path), error.lineno, error.colno)
        return AnswersReport(str(path), (_finding("CT702", place, reason=error.msg),), None)
    except ValueError as error:
        finding = _finding("CT702", Place(str(path)), reason=f"{error} is not a JSON value")
        return AnswersReport(str(path), (finding,), None)
    return check_answers(document, str(path), text, keys)
