"""Rewriting permanent redirects in the YAML, keeping comments and layout, atomically.

The new address comes from a server (or from the cache of what servers said), so it is untrusted:
it must pass the content's URL rule, it is written as a YAML scalar by the YAML emitter (never
pasted), and the edited file is read back and checked to hold exactly the intended change before
it replaces the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from chemsex_toolkit._atomic import write_atomic
from chemsex_toolkit.links.result import Outcome
from chemsex_toolkit.links.run import Report
from chemsex_toolkit.loading.content import classify, to_model
from chemsex_toolkit.loading.yamlio import parse_yaml, read_yaml
from chemsex_toolkit.urls import url_problem


@dataclass(frozen=True)
class Change:
    """A redirected URL replaced by its final URL in a content file, at this line."""

    file: str
    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Refusal:
    """A redirect that was not written into the content, and why."""

    file: str
    line: int
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class RedirectFixes:
    """What fixing redirects did: the URLs replaced, and the redirects left as they were, with
    the reason for each."""

    changes: list[Change]
    refusals: list[Refusal]


@dataclass(frozen=True)
class _Edit:
    line: int
    column: int
    old: str
    new: str


def fix_redirects(root: Path, report: Report) -> tuple[list[Change], list[Refusal]]:
    """Replace each permanently redirected ``url:`` value with its final URL, in place."""
    moves = {
        url: result.final_url
        for url, result in report.results.items()
        if result.outcome is Outcome.REDIRECTED and result.final_url
    }
    by_file: dict[str, list[_Edit]] = {}
    for target in report.targets:
        new = moves.get(target.url)
        if new is None:
            continue
        for use in target.uses:
            by_file.setdefault(use.file, []).append(_Edit(use.line, use.column, target.url, new))
    changes: list[Change] = []
    refusals: list[Refusal] = []
    for file, edits in sorted(by_file.items()):
        done, refused = _fix_file(root, file, edits)
        changes += done
        refusals += refused
    return changes, refusals


def _fix_file(root: Path, file: str, edits: list[_Edit]) -> tuple[list[Change], list[Refusal]]:
    path = root / file
    document, problems = read_yaml(path, root)
    if document is None or problems:
        return [], [Refusal(file, e.line, e.old, e.new, "the file cannot be read") for e in edits]
    lines = document.text.split("\n")
    changes: list[Change] = []
    refusals: list[Refusal] = []
    for edit in edits:
        reason = _apply(lines, edit)
        if reason is None:
            changes.append(Change(file, edit.line, edit.old, edit.new))
        else:
            refusals.append(Refusal(file, edit.line, edit.old, edit.new, reason))
    if not changes:
        return [], refusals
    text = "\n".join(lines)
    applied = {change.old: change.new for change in changes}
    reason = _check(text, path, file, document.plain(), applied)
    if reason is not None:
        return [], refusals + [Refusal(file, c.line, c.old, c.new, reason) for c in changes]
    write_atomic(path, text)
    return changes, refusals


def _apply(lines: list[str], edit: _Edit) -> str | None:
    """Put ``edit.new`` in place of the scalar at the edit's position; why not, if not."""
    problem = url_problem(edit.new)
    if problem is not None:
        return f"the new address breaks the URL rule: {problem}"
    if not 0 < edit.line <= len(lines):
        return "the address is no longer where it was found"
    line = lines[edit.line - 1]
    start = edit.column - 1
    end = _scalar_end(line, start)
    if end is None or _load(line[start:end]) != edit.old:
        return "the address is not written on one line where it was found"
    emitted = yaml.safe_dump(edit.new, width=1_000_000, allow_unicode=True)
    emitted = emitted.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in emitted or _load(emitted) != edit.new:
        return "the new address cannot be written as one YAML scalar"
    lines[edit.line - 1] = line[:start] + emitted + line[end:]
    return None


def _scalar_end(line: str, start: int) -> int | None:
    """Where the one-line scalar starting at ``start`` ends (quoted or plain)."""
    if start >= len(line):
        return None
    quote = line[start]
    if quote == "'":
        index = start + 1
        while index < len(line):
            if line[index] == "'":
                if line[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return None
    if quote == '"':
        index = start + 1
        while index < len(line):
            if line[index] == "\\":
                index += 2
                continue
            if line[index] == '"':
                return index + 1
            index += 1
        return None
    comment = line.find(" #", start)
    end = len(line) if comment < 0 else comment
    return len(line[:end].rstrip())


def _load(token: str) -> Any:
    try:
        return yaml.safe_load(token)
    except yaml.YAMLError:
        return None


def _check(text: str, path: Path, file: str, before: Any, applied: dict[str, str]) -> str | None:
    """Why the edited ``text`` must not replace the file: it must read back as valid content
    equal to the old one but for the replaced addresses."""
    document, problems = parse_yaml(text.encode("utf-8"), path, file)
    if document is None or problems:
        return "the edited file would not read back"
    if not _same_but_urls(before, document.plain(), applied):
        return "the edited file would hold other changes than the new address"
    kind = classify(file)
    if kind is not None and kind != "catalog" and to_model(document, kind) is None:
        return "the edited file would not validate"
    return None


def _same_but_urls(old: Any, new: Any, applied: dict[str, str], key: object = None) -> bool:
    if isinstance(old, dict):
        return (
            isinstance(new, dict)
            and list(old) == list(new)
            and all(_same_but_urls(old[k], new[k], applied, k) for k in old)
        )
    if isinstance(old, list):
        return (
            isinstance(new, list)
            and len(old) == len(new)
            and all(_same_but_urls(a, b, applied) for a, b in zip(old, new, strict=True))
        )
    if key == "url" and isinstance(old, str):
        return new in (old, applied.get(old, old))
    return bool(old == new)
