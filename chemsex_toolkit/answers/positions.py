"""Where each value of a JSON document starts, by JSON Pointer: Python's ``json`` parses without
keeping places, and a finding on an answers file should name the line and column."""

from __future__ import annotations

import json
import re

from chemsex_toolkit.findings import pointer

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# A string (skipped whole, so that a bracket inside one is no bracket) or a bracket.
_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def too_deep(text: str, limit: int) -> int | None:
    """The offset of the first array or object in ``text`` nested more than ``limit`` deep, or
    None. Looked for before parsing: Python's ``json`` and the readers after it recurse, and a
    file of a few thousand brackets would exhaust the stack."""
    depth = 0
    for match in _BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif char in "]}":
            depth -= 1
    return None


def positions(text: str) -> dict[str, int]:
    """The offset of every value in ``text`` (a valid JSON document) by its JSON Pointer; a
    member's pointer maps to where its key starts, as an editor shows it."""
    found: dict[str, int] = {}
    path: list[str | int] = []

    def skip(at: int) -> int:
        match = _SPACE.match(text, at)
        return match.end() if match else at

    def value(at: int, start: int) -> int:
        found[pointer(path)] = start
        at = skip(at)
        char = text[at : at + 1]
        if char == "{":
            at = skip(at + 1)
            if text[at : at + 1] == "}":
                return at + 1
            while True:
                key_start = at
                key, at = _DECODER.raw_decode(text, at)
                at = skip(at)
                path.append(key)
                at = value(at + 1, key_start)  # past the colon
                path.pop()
                at = skip(at)
                if text[at] == "}":
                    return at + 1
                at = skip(at + 1)  # past the comma
        if char == "[":
            at = skip(at + 1)
            if text[at : at + 1] == "]":
                return at + 1
            index = 0
            while True:
                path.append(index)
                at = value(at, skip(at))
                path.pop()
                at = skip(at)
                if text[at] == "]":
                    return at + 1
                at = skip(at + 1)
                index += 1
        # A string, number, true, false or null (raises JSONDecodeError for anything else).
        return _DECODER.raw_decode(text, at)[1]

    start = skip(0)
    value(start, start)
    return found
