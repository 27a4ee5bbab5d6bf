"""Every internal link of an export resolves: a link from one exported HTML or Markdown file to
another exported file, or to an anchor in the same or another one, must find that file and that
anchor. A dead one is a located finding (file, line and column in the export) that fails the build.

Anchors are the ``id`` and ``name`` attributes of HTML elements (also in Markdown's raw HTML,
``<a id="...">``) and, in Markdown, the anchors GitHub gives headings. Links are the ``href`` of
HTML ``<a>``, ``<area>`` and ``<link>``, the ``src`` of ``<script>`` and ``<img>``, and Markdown
link destinations, when they name no scheme or host.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from chemsex_toolkit import cmark
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


# The attributes of HTML that lead to another place or file of the export: links, and the
# files a page loads (a stylesheet or script beside it must have been written too).
_HTML_LINKS = {("href", "a"), ("href", "area"), ("href", "link"), ("src", "script"), ("src", "img")}


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
            elif (name, tag) in _HTML_LINKS:
                self.links.append(Link(value, line, offset + 1))

    handle_startendtag = handle_starttag


def scan_html(text: str) -> tuple[list[Anchor], list[Link]]:
    """The anchors and links of an HTML document."""
    scan = _HtmlScan()
    scan.feed(text)
    scan.close()
    return scan.anchors, scan.links


_RAW_ANCHOR = re.compile(r"""<a\s[^>]*?\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# What GitHub drops from a heading's text to make its anchor: everything but letters, digits,
# marks, "-", "_" and spaces.
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def heading_slug(text: str) -> str:
    """The anchor GitHub gives a heading with this text (before de-duplication)."""
    return _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")


class _MarkdownScan(HTMLParser):
    """Reads cmark's HTML of a Markdown file rendered with source positions: each link is
    placed in the lines of the block holding it, each heading gives its anchor."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = lines
        self.block = (1, 1)
        self.heading: list[str] | None = None
        self.heading_line = 1
        self.seen: Counter[str] = Counter()
        self.anchors: list[Anchor] = []
        self.links: list[Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        position = values.get("data-sourcepos")
        if position:
            first, _, last = position.partition("-")
            self.block = (int(first.partition(":")[0]), int(last.partition(":")[0] or 0))
        if tag in _HEADINGS:
            self.heading, self.heading_line = [], self.block[0]
        elif tag == "a" and values.get("href") is not None:
            href = str(values["href"])
            line, column = self._place(href)
            self.links.append(Link(href, line, column))

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS and self.heading is not None:
            slug = heading_slug("".join(self.heading))
            count = self.seen[slug]
            self.seen[slug] += 1
            self.anchors.append(Anchor(f"{slug}-{count}" if count else slug, self.heading_line, 1))
            self.heading = None

    def _place(self, href: str) -> tuple[int, int]:
        """Where ``href`` is written in the block's lines (its first line, column 1, if cmark
        wrote it otherwise than the source: percent-encoded, or a reference link)."""
        first, last = self.block
        for number in range(first, max(first, last) + 1):
            if number > len(self.lines):
                break
            column = self.lines[number - 1].find(f"]({href}")
            if column >= 0:
                return number, column + 3
        return first, 1


def scan_markdown(text: str) -> tuple[list[Anchor], list[Link]]:
    """The anchors (raw ``<a id>`` and heading anchors) and link destinations of Markdown."""
    lines = text.split("\n")
    raw = [
        Anchor(html.unescape(match.group(1) or match.group(2) or ""), number, match.start() + 1)
        for number, line in enumerate(lines, start=1)
        for match in _RAW_ANCHOR.finditer(line)
    ]
    # cmark (the project's CommonMark parser in C) with source positions: the same reading of
    # the Markdown as a renderer's, at a fraction of a Python parser's time.
    scan = _MarkdownScan(lines)
    scan.feed(cmark.to_html(text, sourcepos=True))
    scan.close()
    return raw + scan.anchors, scan.links


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
    folders = {path.split("/", 1)[0] for path in files}
    for name, (_anchors, links) in scans.items():
        findings += _dead(name, links, files, folders, names, others)
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
    folders: set[str],
    names: Mapping[str, set[str]],
    others: Path | None,
) -> Iterator[Finding]:
    here = PurePosixPath(name).parent
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
