"""Scanning content text for references, URLs, raw HTML and other things worth a finding.

Content text is Markdown in which links are references to IDs (``[text][link:some-id]``). The
exporters resolve the same references with ``references()``, so validator and exporters agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

REFERENCE_KINDS = ("link", "item", "section", "topic", "resource")

_REFERENCE = re.compile(r"\[((?:[^\[\]\\\n]|\\.)+)\]\[([a-z]+):([^\]\s]*)\]")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_BARE_URL = re.compile(r"(?<![\w/@])(?:https?://|ftp://|www\.)[^\s)\]>]+", re.IGNORECASE)
_RAW_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*)>|<!--", re.DOTALL
)
_LIST_ENTRY = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_PLACEHOLDER = re.compile(
    r"\((?:link|links|url|tbd|todo|tba)\)|\blinks?\s*\?|\b(?:TODO|TBD|FIXME|XXX)\b|\?\?\?"
    r"|lorem ipsum",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    """``[text][kind:target]`` at ``start``..``end`` of a text."""

    text: str
    kind: str
    target: str
    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """Something found in a text, at a character offset."""

    offset: int
    value: str


def references(text: str) -> list[Reference]:
    if "][" not in text:  # the quick test spares most texts the regular expression
        return []
    return [
        Reference(m.group(1), m.group(2), m.group(3), m.start(), m.end())
        for m in _REFERENCE.finditer(text)
    ]


def inline_urls(text: str) -> Iterator[Hit]:
    """URLs written into text rather than referenced: inline links, autolinks, bare URLs."""
    seen: set[int] = set()
    # Quick tests first: most texts hold none of these, and then no pattern needs to run.
    lower = text.lower()
    patterns = []
    if "](" in text:
        patterns.append(_INLINE_LINK)
    if "<" in text:
        patterns.append(_AUTOLINK)
    if "://" in lower or "www." in lower:
        patterns.append(_BARE_URL)
    for pattern in patterns:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            start = match.start(group)
            if start not in seen and match.group(group):
                seen.add(start)
                yield Hit(start, match.group(group))


def raw_html(text: str) -> Iterator[Hit]:
    if "<" not in text:
        return
    for match in _RAW_HTML.finditer(text):
        yield Hit(match.start(), match.group(0))


def unsafe_characters(text: str) -> Iterator[Hit]:
    for match in _CONTROL.finditer(text):
        yield Hit(match.start(), f"U+{ord(match.group(0)):04X}")


_PLACEHOLDER_HINTS = ("(", "?", "todo", "tbd", "fixme", "xxx", "lorem")


def placeholders(text: str) -> Iterator[Hit]:
    lower = text.lower()
    if not any(hint in lower for hint in _PLACEHOLDER_HINTS):
        return
    for match in _PLACEHOLDER.finditer(text):
        yield Hit(match.start(), match.group(0))


def list_shape(text: str) -> list[int]:
    """The number of list entries in each list of a Markdown text, for comparing translations."""
    shape: list[int] = []
    in_list = False
    for line in text.splitlines():
        is_entry = bool(_LIST_ENTRY.match(line))
        if is_entry:
            if not in_list:
                shape.append(0)
                in_list = True
            shape[-1] += 1
        elif line.strip() and not line.startswith((" ", "\t")):
            in_list = False
    return shape
