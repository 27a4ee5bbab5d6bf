"""Every internal link of an export resolves: a link from one exported HTML or Markdown file to
another exported file, or to an anchor in the same or another one, must find that file and that
anchor. A dead one is a located finding (file, line and column in the export) that fails the build.

Anchors are the ``id`` and ``name`` attributes of HTML elements (also in Markdown's raw HTML,
``<a id="...">``) and, in Markdown, the anchors GitHub gives headings. Links are the ``href`` of
HTML ``<a>`` and ``<area>`` and Markdown link destinations, when they name no scheme or host.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from chemsex_toolkit.findings import Finding, Place
from chemsex_toolkit.validation.rules import RULES

CHECKED_SUFFIXES = (".html", ".htm", ".md")


@dataclass(frozen=True)
class Link:
    """One link of a file: its ``href`` as written and where it stands (1-based)."""

    href: str
    line: int
    column: int


@dataclass(frozen=True)
class Anchor:
    """One anchor of a file and where it stands (1-based)."""

    name: str
    line: int
    column: int


class _HtmlScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[Anchor] = []
        self.links: list[Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.anchors.append(Anchor(value, line, offset + 1))
            elif name == "href" and tag in ("a", "area"):
                self.links.append(Link(value, line, offset + 1))

    handle_startendtag = handle_starttag


def scan_html(text: str) -> tuple[list[Anchor], list[Link]]:
    """The anchors and links of an HTML document."""
    scan = _HtmlScan()
    scan.feed(text)
    scan.close()
    return scan.anchors, scan.links


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


_RAW_ANCHOR = re.compile(r"""<a\s[^>]*?\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# What GitHub drops from a heading's text to make its anchor: everything but letters, digits,
# marks, "-", "_" and spaces.
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def heading_slug(text: str) -> str:
    """The anchor GitHub gives a heading with this text (before de-duplication)."""
    return _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")


def scan_markdown(text: str) -> tuple[list[Anchor], list[Link]]:
    """The anchors (raw ``<a id>`` and heading anchors) and link destinations of Markdown."""
    anchors: list[Anchor] = []
    links: list[Link] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        for match in _RAW_ANCHOR.finditer(line):
            anchors.append(Anchor(html.unescape(match.group(1) or match.group(2) or ""), number,
                                  match.start() + 1))
    seen: Counter[str] = Counter()
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        first = token.map[0] + 1
        if index and tokens[index - 1].type == "heading_open":
            words = (c.content for c in token.children or [] if c.type in ("text", "code_inline"))
            slug = heading_slug("".join(words))
            count = seen[slug]
            seen[slug] += 1
            anchors.append(Anchor(f"{slug}-{count}" if count else slug, first, 1))
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                column = _column(lines, token.map, href)
                links.append(Link(href, column[0], column[1]))
    return anchors, links


def _column(lines: list[str], span: list[int], href: str) -> tuple[int, int]:
    """Where ``href`` is written in the lines of a block (its first line, column 1 if not found:
    markdown-it normalises destinations)."""
    for number in range(span[0], span[1]):
        column = lines[number].find(f"]({href}")
        if column >= 0:
            return number + 1, column + 3
    return span[0] + 1, 1


def scan(path: str, text: str) -> tuple[list[Anchor], list[Link]]:
    """The anchors and links of an exported file, by its kind; none for other kinds."""
    if path.endswith(".md"):
        return scan_markdown(text)
    if path.endswith((".html", ".htm")):
        return scan_html(text)
    return [], []


def _internal(href: str) -> tuple[str, str] | None:
    """(path, fragment) of a link into the export, or None for a URL with a scheme or host."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    return unquote(parts.path), unquote(parts.fragment)


def check_export(files: Mapping[str, Path], others: Path | None = None) -> list[Finding]:
    """The findings of dead internal links among ``files`` (a path in the export, POSIX, ->
    where its bytes are; the first part of the path is the format's folder). A link into a
    folder that ``files`` has none of is looked up under ``others`` (the output folder, where
    the formats this build did not write stay) before it counts as missing."""
    scans: dict[str, tuple[list[Anchor], list[Link]]] = {}
    for name, source in files.items():
        if name.endswith(CHECKED_SUFFIXES):
            scans[name] = scan(name, source.read_text("utf-8", errors="replace"))
    findings: list[Finding] = []
    names: dict[str, set[str]] = {}
    for name, (anchors, _links) in scans.items():
        names[name] = {a.name for a in anchors}
        findings += _duplicates(name, anchors)
    for name, (_anchors, links) in scans.items():
        findings += _dead(name, links, files, names, others)
    return sorted(findings)


def _duplicates(name: str, anchors: Iterable[Anchor]) -> Iterator[Finding]:
    listed = list(anchors)
    counts = Counter(a.name for a in listed)
    reported: set[str] = set()
    for anchor in listed:
        if counts[anchor.name] > 1 and anchor.name not in reported:
            reported.add(anchor.name)
            yield RULES["CT604"].at(
                Place(name, anchor.line, anchor.column), id=anchor.name, count=counts[anchor.name]
            )


def _dead(
    name: str,
    links: Iterable[Link],
    files: Mapping[str, Path],
    names: Mapping[str, set[str]],
    others: Path | None,
) -> Iterator[Finding]:
    here = PurePosixPath(name).parent
    folders = {path.split("/", 1)[0] for path in files}
    for link in links:
        internal = _internal(link.href)
        if internal is None:
            continue
        path, fragment = internal
        place = Place(name, link.line, link.column)
        target = _resolve(here, path) if path else name
        if target is None:
            yield RULES["CT603"].at(place, href=link.href)
            continue
        if target not in files and not target.endswith("/"):
            built = target.split("/", 1)[0] in folders
            if built or others is None or not (others / target).is_file():
                yield RULES["CT602"].at(place, href=link.href, target=target)
            continue
        if fragment and target in names and fragment not in names[target]:
            yield RULES["CT601"].at(place, href=link.href, target=target, fragment=fragment)


def _resolve(here: PurePosixPath, path: str) -> str | None:
    """The export path ``path`` names from the folder ``here``; None if it leaves the export."""
    if path.startswith("/"):
        return None
    parts: list[str] = list(here.parts)
    for part in PurePosixPath(path).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    resolved = "/".join(parts)
    return resolved + "/" if path.endswith("/") else resolved
