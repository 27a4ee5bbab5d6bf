"""Scanning content text for references, URLs, raw HTML and other things worth a finding.

Content text is Markdown in which links are references to IDs (``[text][link:some-id]``). The
exporters resolve the same references with ``references()``, so validator and exporters agree.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

REFERENCE_KINDS = ("link", "item", "section", "topic", "resource")

_REFERENCE = re.compile(r"\[((?:[^\[\]\\\n]|\\.)+)\]\[([a-z]+):([^\]\s]*)\]")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_BARE_URL = re.compile(r"(?<![\w/@])(?:https?://|ftp://|www\.)[^\s)\]>]+", re.IGNORECASE)
_RAW_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*)>|<!--"
    # Processing instructions, declarations and CDATA: each opens an HTML block in Markdown
    # that runs until its end marker, or to the end of the document.
    r"|<\?|<![A-Za-z\[]",
    re.DOTALL,
)
_LIST_ENTRY = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")
# Unicode classes of characters that are invisible or break lines: controls (C0 but tab and the
# line ends, DEL, C1), format characters (zero width, joiners, direction marks and overrides,
# ALM, tags, soft hyphen) and line and paragraph separators.
_INVISIBLE_CLASSES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_LINE_ENDS = str.maketrans("", "", "\t\n\r")
# Joiners some scripts need inside words (Persian, the Indic scripts, emoji sequences): allowed
# between two visible characters, flagged anywhere else.
_JOINERS = frozenset("\u200c\u200d")
# Where a definition's destination starts, after its label: spaces, and on the next line the
# markers of the blocks it lies in (block quotes, list indentation).
_AFTER_LABEL = re.compile(r"[ \t]*(?:\n[ \t>]*)?")
# Placeholders and editors' notes as the sources leave them, in English, French and German:
# "(link)", "(lien)", "(à compléter)", an ellipsis run into a full stop ("…." or "...."), and
# the German editor's "Ich ergänze …" ("I will add …").
_PLACEHOLDER = re.compile(
    r"\((?:link|links|url|tbd|todo|tba|liens?|à compléter|à venir|ergänzen|folgt)\)"
    r"|\blinks?\s*\?|\b(?:TODO|TBD|FIXME|XXX)\b|\?\?\?|lorem ipsum"
    r"|…\.|\.{4,}|\bich ergänze\b|\banm\. d\. red\.",
    re.IGNORECASE,
)


class _AsWritten(MarkdownIt):
    """CommonMark's own parser, keeping each link destination as written once its entities and
    escapes are decoded: neither percent-encoded nor refused, so the URL rule judges what a
    reader's Markdown links to."""

    def normalizeLink(self, url: str) -> str:
        return url

    def validateLink(self, url: str) -> bool:
        return True


@cache
def _definition_parser() -> MarkdownIt:
    # Blocks only: a definition is a block, and the inline rules are not needed to find it.
    return _AsWritten("commonmark", {"inline_definitions": True}).disable("inline")


def definitions(text: str) -> list[Hit]:
    """Every link reference definition (``[label]: destination``) of ``text`` that CommonMark
    parses, wherever a block may start (at the top, in block quotes, in list items), each
    given twice as well: the offset of its destination, and the destination, entities decoded.

    A definition makes ``[label]`` a link anywhere in the text, around the link IDs, and shows
    nothing itself; so what counts as one is what the parser says, not a pattern."""
    if "]:" not in text:  # a label's "]" is always followed by ":"
        return []
    source = text.replace("\r\n", "\n").replace("\r", "\n")  # as the parser sees lines
    starts = [0, *(match.end() for match in re.finditer("\n", source))]
    hits = []
    for token in _definition_parser().parse(source):
        if token.type != "definition" or token.map is None:
            continue
        line = starts[token.map[0]]
        label = source.index("[", line)  # no block marker is a "[": the first opens the label
        end = _label_end(source, label)
        start = _AFTER_LABEL.match(source, end).end()  # type: ignore[union-attr]
        hits.append(Hit(start, str(token.meta["url"])))
    return hits


def _label_end(text: str, opener: int) -> int:
    """The offset after the ``]:`` that closes the label opened at ``opener``."""
    index = opener + 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "]":
            return index + 2
        index += 1
    return len(text)


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
    """URLs written into text rather than referenced: inline links, autolinks, bare URLs and
    link reference definitions (``[label]: url``), with their entities decoded."""
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
    for hit in definitions(text):
        if hit.value:
            seen.add(hit.offset)
            yield hit
    for pattern in patterns:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            start = match.start(group)
            value = match.group(group)
            if start not in seen and value:
                seen.add(start)
                # Markdown decodes entities in link targets: judge what it will link to.
                yield Hit(start, html.unescape(value.strip("<>")) if "&" in value else value)


_IMAGE = re.compile(r"(?<!\\)!\[")


def inert_images(text: str) -> str:
    """``text`` with each image opener (``![``) made literal text: content holds no images, and
    an export must not load a remote one whatever the text says."""
    return _IMAGE.sub("!\\\\[", text) if "![" in text else text


def inert_definitions(text: str) -> str:
    """``text`` with each link reference definition made literal text (its "[" escaped), so no
    export links or loads what one names: content links only through link IDs."""
    found = definitions(text)
    if not found:
        return text
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    position = 0
    for hit in found:
        # The label's "[" is the last before its destination.
        opener = source.rindex("[", 0, hit.offset)
        while opener > 0 and _escaped(source, opener):
            opener = source.rindex("[", 0, opener)
        out.append(source[position:opener] + "\\[")
        position = opener + 1
    out.append(source[position:])
    return "".join(out)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def raw_html(text: str) -> Iterator[Hit]:
    if "<" not in text:
        return
    for match in _RAW_HTML.finditer(text):
        yield Hit(match.start(), match.group(0))


_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")


def line_breaks(text: str) -> list[int]:
    """Where ``text`` breaks lines, by any of Unicode's line break characters."""
    return [match.start() for match in _LINE_BREAK.finditer(text.rstrip("\n"))]


def _visible(character: str) -> bool:
    return character.isprintable() and not character.isspace()


def unsafe_characters(text: str) -> Iterator[Hit]:
    if text.translate(_LINE_ENDS).isprintable():  # every class above is not printable
        return
    last = len(text) - 1
    for index, character in enumerate(text):
        if character.isprintable() or character in "\t\n\r":
            continue
        if unicodedata.category(character) not in _INVISIBLE_CLASSES:
            continue  # spaces such as U+00A0, which French typography needs
        if (
            character in _JOINERS
            and 0 < index < last
            and _visible(text[index - 1])
            and _visible(text[index + 1])
        ):
            continue
        yield Hit(index, f"U+{ord(character):04X}")


_PLACEHOLDER_HINTS = (
    "(",
    "?",
    "todo",
    "tbd",
    "fixme",
    "xxx",
    "lorem",
    "….",
    "....",
    "ergänze",
    "anm.",
)


def placeholders(text: str) -> Iterator[Hit]:
    lower = text.lower()
    if not any(hint in lower for hint in _PLACEHOLDER_HINTS):
        return
    for match in _PLACEHOLDER.finditer(text):
        yield Hit(match.start(), match.group(0))


# A value the pages fill in when they show a string ("{answered} of {total}"), as the page's
# script finds it: braces around a name.
_FORMAT_FIELD = re.compile(r"\{(\w+)\}")


def format_fields(text: str) -> frozenset[str]:
    """The names of the ``{name}`` fields of a text, which a translation must keep."""
    return frozenset(_FORMAT_FIELD.findall(text))


def field_mismatch(source: str, text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The fields of ``source`` that ``text`` lacks, and those ``text`` has beyond them."""
    wanted, got = format_fields(source), format_fields(text)
    return wanted - got, got - wanted


def listed_fields(names: frozenset[str]) -> str:
    """Fields as a translator writes them, for a message: "{answered}, {total}", or "none"."""
    return ", ".join(f"{{{name}}}" for name in sorted(names)) or "none"


def is_brace_format(text: str) -> bool:
    """True when a text has fields and no other brace, so that gettext tools can check it as
    ``python-brace-format`` (a lone brace would be a format error to them)."""
    rest = _FORMAT_FIELD.sub("", text)
    return bool(format_fields(text)) and "{" not in rest and "}" not in rest


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
