"""A FHIR QuestionnaireResponse to the fhir export's Questionnaire, read back into an answers file.

The response says which Questionnaire it answers (``questionnaire``, its url and version), and
that url names the toolkit and the locale; every answer is matched by its item's linkId, which
the export makes from the content's IDs (``exporters/fhir/questionnaire.py``): ``<item>.<question>``
a coding of the checklist's answers (code = answer ID), ``<item>.<question>/reason`` and
``<item>/action`` texts, and the ``toolkit:`` items the service, date, participants and planning
mode. No word of any language is matched, so a response in any locale reads the same.

The file is read with the answers format's cap (2 MB) and checked against FHIR's own R4 model of
a QuestionnaireResponse (fhir.resources, the ``fhir`` extra) before anything of it is used. Every
finding (CT750-CT756) names the line, the column and the JSON Pointer of the value; when there
is one, nothing is imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from chemsex_toolkit.answers.check import AnswersReport, ContentKeys, Places
from chemsex_toolkit.answers.model import (
    FORMAT,
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_FILE,
    AnswersFile,
    ItemAnswers,
    Meta,
    State,
    is_day,
)
from chemsex_toolkit.answers.positions import line_column, too_deep
from chemsex_toolkit.findings import Finding, Place, pointer
from chemsex_toolkit.models import Toolkit

RESOURCE_TYPE = "QuestionnaireResponse"
URL_PREFIX = "urn:chemsex-toolkit:questionnaire:"
_URL = re.compile(r"^urn:chemsex-toolkit:questionnaire:([^:|]+):([^:|]+)(?:\|(.*))?$")
# FHIR's JSON puts resourceType first, as every server writes it: a file that opens so is a
# response even when it is too large or broken to parse, and its findings say so.
_HEAD = re.compile(rb'^\s*\{\s*"resourceType"\s*:\s*"QuestionnaireResponse"')
# The answers format's limits (``model.py``).
LONG_TEXT, NAME, PARTICIPANTS = 20_000, 300, 2_000

Kind = Literal["group", "display", "coding", "text", "date", "boolean"]
# What each kind of item takes, by the name of its value in the JSON.
_VALUES: dict[Kind, str] = {
    "coding": "valueCoding",
    "text": "valueString",
    "date": "valueDate",
    "boolean": "valueBoolean",
}


def _finding(rule: str, place: Place, variant: str = "", **values: object) -> Finding:
    from chemsex_toolkit.validation.rules import RULES

    return RULES[rule].at(place, variant, **values)


def is_response(path: Path | str) -> bool:
    """Whether the JSON file at ``path`` is a FHIR QuestionnaireResponse: it opens with that
    resourceType, or it parses and has it. Raises ``OSError`` when it cannot be read."""
    from chemsex_toolkit.safefiles import read_capped

    raw = read_capped(Path(path), MAX_FILE)
    if _HEAD.match(raw.removeprefix(b"\xef\xbb\xbf")[:4096]):
        return True
    if len(raw) > MAX_FILE:
        return False
    try:
        text = raw.decode("utf-8-sig")
    except ValueError:  # not UTF-8: the answers file's findings say so
        return False
    if too_deep(text, MAX_DEPTH) is not None:  # nor would it parse: they say so too
        return False
    try:
        document = json.loads(text)
    except ValueError:  # not JSON: the answers file's findings say so
        return False
    return isinstance(document, dict) and document.get("resourceType") == RESOURCE_TYPE


@dataclass(frozen=True)
class _Slot:
    """An item of the Questionnaire: its kind, and where its value goes in the answers."""

    kind: Kind
    item: str = ""
    question: str = ""
    field: str = ""  # service, date, participants, planning, reason, action or answer
    limit: int = 0


def _slots(toolkit: Toolkit) -> dict[str, _Slot]:
    """Every linkId of the toolkit's Questionnaire, as the export makes them."""
    slots: dict[str, _Slot] = {
        "toolkit:assessment": _Slot("group"),
        "toolkit:service": _Slot("text", field="service", limit=NAME),
        "toolkit:date": _Slot("date", field="date"),
        "toolkit:participants": _Slot("text", field="participants", limit=PARTICIPANTS),
        "toolkit:planning": _Slot("boolean", field="planning"),
        "toolkit:planning/help": _Slot("display"),
    }
    questions = [question.id for question in toolkit.checklist.questions]
    for topic in toolkit.topics:
        slots[f"topic:{topic.id}"] = _Slot("group")
        slots[f"topic:{topic.id}/introduction"] = _Slot("display")
        for item in topic.items:
            slots[item.id] = _Slot("group")
            for question in questions:
                link = f"{item.id}.{question}"
                slots[link] = _Slot("coding", item.id, question, "answer")
                slots[f"{link}/reason"] = _Slot("text", item.id, question, "reason", LONG_TEXT)
                slots[f"{link}/help"] = _Slot("display")
            slots[f"{item.id}/action"] = _Slot("text", item.id, field="action", limit=LONG_TEXT)
    return slots


@dataclass
class _Reader:
    """Reads the items of one validated response; ``findings`` collects what does not fit."""

    places: Places
    slots: dict[str, _Slot]
    system: str
    answers: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    meta: dict[str, str] = field(default_factory=dict)
    planning: bool = False
    given: dict[str, dict[str, str]] = field(default_factory=dict)
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)

    def refuse(
        self, rule: str, where: list[str | int], variant: str = "", **values: object
    ) -> None:
        self.findings.append(_finding(rule, self.places.at(pointer(where)), variant, **values))

    def walk(self, items: list[Any] | None, where: list[str | int]) -> None:
        for index, entry in enumerate(items or ()):
            at = [*where, "item", index]
            link = entry.linkId
            slot = self.slots.get(link)
            if slot is None:
                self.refuse("CT754", [*at, "linkId"], link=link)
                continue
            if link in self.seen:
                self.refuse("CT754", [*at, "linkId"], "twice", link=link)
                continue
            self.seen.add(link)
            self.take(slot, link, entry.answer or [], at)
            self.walk(entry.item, at)
            for number, answer in enumerate(entry.answer or ()):
                self.walk(answer.item, [*at, "answer", number])

    def take(self, slot: _Slot, link: str, answers: list[Any], at: list[str | int]) -> None:
        if not answers:
            return
        if slot.kind in ("group", "display"):
            self.refuse(
                "CT755", [*at, "answer"], "type", link=link, expected="no answer", found="an answer"
            )
            return
        if len(answers) > 1:
            self.refuse("CT755", [*at, "answer"], "many", link=link, count=len(answers))
            return
        where = [*at, "answer", 0]
        expected = _VALUES[slot.kind]
        found = _value_name(answers[0])
        if found != expected:
            self.refuse(
                "CT755", where, "type", link=link, expected=expected, found=found or "no value"
            )
            return
        value = getattr(answers[0], expected)
        where.append(expected)
        if slot.kind == "coding":
            self.coding(slot, value, where)
        elif slot.kind == "boolean":
            self.planning = bool(value)
        elif slot.kind == "date":
            day = str(value)
            if not is_day(day):
                self.refuse("CT755", where, "date", value=day)
            else:
                self.meta["date"] = day
        else:
            self.text(slot, link, str(value), where)

    def coding(self, slot: _Slot, coding: Any, where: list[str | int]) -> None:
        if coding.system != self.system:
            self.refuse(
                "CT755", [*where, "system"], "system", system=coding.system, known=self.system
            )
        elif coding.code not in self.answers:
            self.refuse("CT755", [*where, "code"], code=coding.code, known=", ".join(self.answers))
        else:
            self.given.setdefault(slot.item, {})[slot.question] = coding.code

    def text(self, slot: _Slot, link: str, text: str, where: list[str | int]) -> None:
        if len(text) > slot.limit:
            self.refuse("CT756", where, link=link, length=f"{len(text):,}", limit=f"{slot.limit:,}")
        elif slot.field == "reason":
            self.reasons.setdefault(slot.item, {})[slot.question] = text
        elif slot.field == "action":
            self.actions[slot.item] = text
        else:
            self.meta[slot.field] = text


def _value_name(answer: Any) -> str:
    """The name of the value an answer holds (``valueCoding``, ``valueString``, ...)."""
    return next((name for name, _value in _values(answer) if name.startswith("value")), "")


def _values(model: Any) -> Iterator[tuple[str, Any]]:
    for name in type(model).model_fields:
        value = getattr(model, name, None)
        if value is not None:
            yield name, value


def _document(path: Path) -> tuple[Any, str | None, Finding | None]:
    """The parsed document at ``path`` and its text, or the finding why there is none."""
    from chemsex_toolkit.safefiles import read_capped

    file = str(path)
    raw = read_capped(path, MAX_FILE)
    if len(raw) > MAX_FILE:
        return None, None, _finding("CT750", Place(file), limit=f"{MAX_FILE:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = line_column(raw[: error.start].decode("utf-8", "replace"), error.start)
        return None, None, _finding("CT751", Place(file, line, column), reason="not UTF-8")
    deep = too_deep(text, MAX_DEPTH)
    if deep is not None:
        reason = f"it nests arrays and objects more than {MAX_DEPTH} deep"
        return None, None, _finding("CT751", Place(file, *line_column(text, deep)), reason=reason)
    try:
        return json.loads(text, parse_constant=_not_json), text, None
    except json.JSONDecodeError as error:
        place = Place(file, error.lineno, error.colno)
        return None, None, _finding("CT751", place, reason=error.msg)
    except ValueError as error:
        return None, None, _finding("CT751", Place(file), reason=f"{error} is not a JSON value")


def _not_json(name: str) -> None:
    # NaN and Infinity are Python's extensions; JSON has no such values.
    raise ValueError(name)


def _model_findings(document: Any, places: Places) -> tuple[Any, list[Finding]]:
    """The response as FHIR's R4 model (fhir.resources' R4B package, whose
    QuestionnaireResponse is R4's), or the findings where the document breaks it."""
    try:
        from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
    except ModuleNotFoundError as error:
        from chemsex_toolkit.errors import UsageError

        raise UsageError(
            "Importing a FHIR QuestionnaireResponse needs fhir.resources:"
            " pip install 'chemsex-toolkit[fhir]'"
        ) from error
    from pydantic import ValidationError

    try:
        return QuestionnaireResponse.model_validate(document), []
    except ValidationError as error:
        findings = []
        for problem in error.errors():
            where = pointer([part for part in problem["loc"] if isinstance(part, (str, int))])
            reason = problem["msg"][:1].lower() + problem["msg"][1:]
            findings.append(
                _finding("CT752", places.at(where), path=where or "/", reason=reason.rstrip("."))
            )
        return None, findings


def read_response(path: Path, content: Toolkit | Path | str | None = None) -> AnswersReport:
    """The answers in the QuestionnaireResponse at ``path`` as an answers file of ``content``
    (a toolkit in its source language, or a content folder; default the bundled content);
    findings name the line, column and JSON Pointer of what does not fit. Raises ``OSError``
    when the file cannot be read, ``UsageError`` when fhir.resources is not installed."""
    from chemsex_toolkit.validation.limits import capped

    file = str(path)
    document, text, refusal = _document(path)
    if refusal is not None:
        return AnswersReport(file, (refusal,), None)
    places = Places(file, text)
    found = document.get("resourceType") if isinstance(document, dict) else None
    if found != RESOURCE_TYPE:
        shown = f"'{found}'" if isinstance(found, str) else "missing"
        return AnswersReport(file, (_finding("CT752", places.at(""), "type", found=shown),), None)
    response, findings = _model_findings(document, places)
    if findings:
        return AnswersReport(file, tuple(capped(findings)), None)
    if response.status == "entered-in-error":
        # FHIR's word for a response withdrawn: its answers are not the team's.
        finding = _finding("CT752", places.at("/status"), "error")
        return AnswersReport(file, (finding,), None)
    source = _source(content)
    target, problem = _questionnaire(response.questionnaire, source, places)
    if problem is not None or target is None:
        return AnswersReport(file, (problem,) if problem else (), None)
    locale, version = target
    keys = ContentKeys.of(source)
    reader = _Reader(places, _slots(source), _system(source.id), tuple(keys.colours))
    reader.walk(response.item, [])
    if reader.findings:
        return AnswersReport(file, tuple(capped(reader.findings)), None)
    meta = Meta(
        service=reader.meta.get("service", ""),
        date=reader.meta.get("date", ""),
        participants=reader.meta.get("participants", ""),
    )
    # When the answers were given: what the page's savedAt stands for (the network report keeps
    # the latest of a service's assessments of a day by it).
    authored = document.get("authored")
    items = {
        item: ItemAnswers(
            answers=reader.given.get(item, {}),
            reasons=reader.reasons.get(item, {}),
            action=reader.actions.get(item, ""),
            fingerprint=fingerprint,
        )
        # In the content's order, as the page keeps them.
        for item, fingerprint in keys.fingerprints.items()
        if item in reader.given or item in reader.reasons or item in reader.actions
    }
    answers = AnswersFile(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        toolkit=source.id,
        content_version=version,
        locale=locale,
        saved_at=authored if isinstance(authored, str) else "",
        state=State(meta=meta, planning=reader.planning, items=items, plan=[]),
    )
    return AnswersReport(file, (), answers)


def _system(toolkit_id: str) -> str:
    """The code system of the checklist's answers, as the export names it."""
    return f"urn:chemsex-toolkit:answer:{toolkit_id}"


def _questionnaire(
    canonical: str | None, source: Toolkit, places: Places
) -> tuple[tuple[str, str] | None, Finding | None]:
    """The locale and content version of the Questionnaire the response answers, or the
    finding why it is not this toolkit's."""

    def refuse(variant: str = "", **values: object) -> tuple[None, Finding]:
        # Placed only for a finding: placing parses the whole text once.
        return None, _finding("CT753", places.at("/questionnaire"), variant, **values)

    if not canonical:
        return None, _finding("CT753", places.at(""), "missing")
    match = _URL.match(canonical)
    # The answers format holds a content version of at most 64 characters.
    if match is None or len(match.group(3) or "") > 64:
        return refuse(found=canonical, prefix=URL_PREFIX)
    toolkit, locale, version = match.groups()
    if toolkit != source.id:
        return refuse("toolkit", found=toolkit, toolkit=source.id)
    known = [source.source_locale, *source.locales]
    if locale not in known:
        return refuse("locale", locale=locale, known=", ".join(known))
    return (locale, version or ""), None


def _source(content: Toolkit | Path | str | None) -> Toolkit:
    """The toolkit in its source language, whose IDs and fingerprints the answers use."""
    if isinstance(content, Toolkit):
        if content.locale != content.source_locale:
            from chemsex_toolkit.errors import UsageError

            # The answers' fingerprints hash the source text; a translation's would all differ.
            raise UsageError(
                f"Import answers with the toolkit in its source language"
                f" ({content.source_locale}), not {content.locale}."
            )
        return content
    import chemsex_toolkit
    from chemsex_toolkit.paths import bundled_content

    return chemsex_toolkit.load(content if content is not None else bundled_content())
