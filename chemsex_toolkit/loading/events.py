"""Building plain data with positions from libyaml's parse events.

Reading is the hot path of every command, and ruamel.yaml's round-trip parser is pure Python. The
C parser that PyYAML ships (libyaml) is many times faster and reports the same line and column for
every event. Only the parser is used: nothing is constructed from tags, aliases are never expanded,
and plain scalars are resolved here by the YAML 1.2 core schema (so ``no`` stays a string), with
dates recognised so that an unquoted date can be reported instead of silently becoming text.

Positions live beside the data, keyed by the identity of each dict and list:
``marks[id(mapping)][key] = (key_line, key_col, line, col, style)`` and
``marks[id(sequence)][index] = (line, col, style)``, all 1-based.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events

from chemsex_toolkit.findings import Place, Problem, problem

_Loader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z")
# YAML's timestamp: seconds are not optional (ruamel.yaml, the round-trip reader, needs them).
_STAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}


class ComposeError(Exception):
    """A document that parses but that content cannot use (a mapping used as a key, say)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def resolve(value: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema, plus dates."""
    if not value:
        return None
    if value[0] not in "0123456789-+.~nNtTfF":
        return value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    if _DATE.match(value):
        try:
            return dt.date(*(int(part) for part in value.split("-")))
        except ValueError:
            return value
    if _STAMP.match(value):
        try:
            return dt.datetime.fromisoformat(value.replace(" ", "T", 1))
        except ValueError:
            return value
    return value


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any] | None  # None: too deep, children are skipped
    marks: dict[str, Any] | list[Any] | None
    depth: int
    key: str | None = None
    key_mark: tuple[int, int] = (0, 0)


@dataclass
class Composed:
    data: Any
    marks: dict[int, Any]
    problems: list[Problem] = field(default_factory=list)


def _at(event: events.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


MAX_ALIAS_FINDINGS = 10


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def compose(text: str, relpath: str, max_depth: int, max_string: int) -> Composed:
    """Parse ``text``; raises ``yaml.YAMLError`` or ``ComposeError`` for what cannot be read."""
    marks: dict[int, Any] = {}
    aliases = 0
    problems: list[Problem] = []
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0

    def place(value: Any, line: int, col: int, style: str | None) -> None:
        """Put a finished value (or a new container) into the innermost container."""
        if not stack:
            root.append(value)
            return
        frame = stack[-1]
        if frame.container is None:
            return
        if isinstance(frame.container, list):
            frame.container.append(value)
            assert isinstance(frame.marks, list)
            frame.marks.append((line, col, style))
            return
        if frame.key is None:
            if not isinstance(value, str):
                raise ComposeError("A key must be plain text, not a list or mapping", line, col)
            if value in frame.container:
                problems.append(problem("CT103", Place(relpath, line, col), key=value))
            frame.key, frame.key_mark = value, (line, col)
            return
        frame.container[frame.key] = value
        assert isinstance(frame.marks, dict)
        frame.marks[frame.key] = (*frame.key_mark, line, col, style)
        frame.key = None

    def expecting_key() -> bool:
        if not stack:
            return False
        frame = stack[-1]
        return isinstance(frame.container, dict) and frame.key is None

    def open_container(new: dict[str, Any] | list[Any], line: int, col: int) -> None:
        depth = stack[-1].depth + 1 if stack else 0
        if stack and stack[-1].container is None:
            stack.append(_Frame(None, None, depth))
            return
        if expecting_key():
            raise ComposeError("A key must be plain text, not a list or mapping", line, col)
        if depth > max_depth:
            problems.append(problem("CT109", Place(relpath, line, col), limit=max_depth))
            place(None, line, col, None)
            stack.append(_Frame(None, None, depth))
            return
        place(new, line, col, None)
        new_marks: dict[str, Any] | list[Any] = {} if isinstance(new, dict) else []
        marks[id(new)] = new_marks
        stack.append(_Frame(new, new_marks, depth))

    def tag_finding(tag: str, line: int, col: int) -> None:
        problems.append(problem("CT105", Place(relpath, line, col), tag=_tag_name(tag)))

    def scalar(event: events.ScalarEvent, line: int, col: int) -> None:
        if event.tag is not None and event.tag != "!":
            tag_finding(event.tag, line, col)
        style = event.style or None
        if len(event.value) > max_string:
            at = Place(relpath, line, col)
            problems.append(problem("CT106", at, "text", size=len(event.value), limit=max_string))
        if expecting_key() or style is not None:
            value: Any = event.value
        else:
            value = resolve(event.value)
        place(value, line, col, style)

    def alias(event: events.AliasEvent, line: int, col: int) -> None:
        nonlocal aliases
        aliases += 1
        if aliases <= MAX_ALIAS_FINDINGS:
            more = " (and maybe more aliases after it)" if aliases == MAX_ALIAS_FINDINGS else ""
            at = Place(relpath, line, col)
            problems.append(problem("CT108", at, anchor=event.anchor, more=more))
        # Never expanded: a few lines of aliases can otherwise stand for billions of nodes.
        place(None if not expecting_key() else f"*{event.anchor}", line, col, None)

    for event in yaml.parse(text, Loader=_Loader):
        line, col = _at(event)
        if isinstance(event, events.ScalarEvent):
            scalar(event, line, col)
        elif isinstance(event, events.CollectionStartEvent):
            if event.tag is not None and not event.implicit:
                tag_finding(event.tag, line, col)
            open_container({} if isinstance(event, events.MappingStartEvent) else [], line, col)
        elif isinstance(event, events.CollectionEndEvent):
            stack.pop()
        elif isinstance(event, events.AliasEvent):
            alias(event, line, col)
        elif isinstance(event, events.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ComposeError(
                    "A second document starts here; a content file holds one", line, col
                )
    return Composed(root[0] if root else None, marks, problems)
