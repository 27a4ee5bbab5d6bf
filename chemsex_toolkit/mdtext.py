"""Content Markdown for readers outside this package: standard Markdown and plain text.

Content text cites things by reference (``[text][link:id]``). Standard Markdown has no such
references, so they are turned into ordinary links (``[text](url)``), in-document anchors
(``[text](#item-id)``) or plain text, by a ``resolve`` function the caller gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from html import unescape
from typing import TYPE_CHECKING

from chemsex_toolkit import cmark, textscan

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# reference -> URL or "#anchor" to link to, or None for plain text
Resolver = Callable[[textscan.Reference], str | None]


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_DESTINATION_BREAKERS = re.compile(r"[\s<>\\\x00-\x1f\x7f-\x9f]")


def destination(target: str) -> str:
    """A link destination that ends where it should: characters that could end it early or
    break the line are percent-encoded, and parentheses are kept inside angle brackets."""
    target = _DESTINATION_BREAKERS.sub(_percent, target)
    return f"<{target}>" if "(" in target or ")" in target else target


def self_contained(markdown: str) -> str:
    """``markdown`` as a block that cannot change the document around it: a code fence left
    open is closed (it would swallow everything after it)."""
    fence: str | None = None
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if match is None:
            continue
        marker, rest = match.groups()
        if fence is None:
            if marker[0] == "`" and "`" in rest:
                continue  # not a fence: a backtick fence's info string holds no backtick
            fence = marker
        elif marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip():
            fence = None
    if fence is None:
        return markdown
    return f"{markdown}\n{fence}"


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def standard_markdown(
    text: str, resolve: Resolver, unlinked: Callable[[textscan.Reference], str] | None = None
) -> str:
    """``text`` with every reference replaced by a standard inline link, or by plain text
    (``unlinked(ref)``, default the reference's own text) where ``resolve`` gives no target."""
    out: list[str] = []
    position = 0
    text = textscan.inert_images(textscan.inert_definitions(text))
    for ref in textscan.references(text):
        out.append(text[position : ref.start])
        target = resolve(ref)
        if target is None:
            out.append(unlinked(ref) if unlinked else ref.text)
        else:
            out.append(f"[{ref.text}]({destination(target)})")
        position = ref.end
    out.append(text[position:])
    return "".join(out).strip()


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only for texts with "<" (see plain_text)

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def commonmark_html(markdown: str) -> str:
    """CommonMark (with tables) to HTML by cmark-gfm in its safe mode: raw HTML omitted,
    ``javascript:`` and similar link targets emptied."""
    return cmark.to_html(markdown)


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup: paragraphs separated by blank lines, list
    entries on lines of their own starting with "- "."""
    if "<" in text:
        # cmark omits raw HTML where plain text should keep it as written: take the slow road.
        return _plain_text_tokens(text)
    return _plain_text_html(commonmark_html(text))


_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>|([^<]+)")
_INLINE_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "th", "td"}


class _PlainText:
    """``plain_text`` read off cmark's HTML, whose every tag cmark made itself: a small reader
    fed each text run and each tag in turn."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.words: list[str] = []
        self.in_item = self.in_inline = self.in_pre = self.after_break = False

    def end_line(self) -> None:
        if self.in_inline:
            self.current.append(("- " if self.in_item else "") + "".join(self.words).strip())
        self.words.clear()
        self.in_inline = False

    def end_block(self) -> None:
        if self.current:
            self.blocks.append("\n".join(self.current))
            self.current.clear()

    def text(self, text: str) -> None:
        if self.in_pre:
            return
        if self.after_break and text.startswith("\n"):
            text = text[1:]
        self.after_break = False
        if self.in_inline or (self.in_item and text.strip()):
            # In a tight list entry the text stands right in the <li>.
            self.in_inline = True
            self.words.append(unescape(text).replace("\n", " "))

    def tag(self, tag: str, closing: bool) -> None:
        self.after_break = False
        if tag == "pre":
            self.in_pre = not closing
        elif tag in _INLINE_BLOCKS:
            self.inline_block(tag, closing)
        elif tag == "li":
            if closing:
                self.end_line()
            self.in_item = not closing
        elif tag in ("ul", "ol"):
            self.end_line()
            if closing:
                self.end_block()
        elif tag == "br":
            self.words.append(" ")
            self.after_break = True

    def inline_block(self, tag: str, closing: bool) -> None:
        if not closing:
            self.words.clear()
            self.in_inline = True
            return
        self.end_line()
        if tag not in ("th", "td") and not self.in_item:
            self.end_block()

    def result(self) -> str:
        self.end_block()
        return "\n\n".join(b for b in self.blocks if b)


def _plain_text_html(html: str) -> str:
    """``plain_text`` read off cmark's HTML."""
    reader = _PlainText()
    for match in _TAG.finditer(html):
        closing, tag, text = match.groups()
        if text is not None:
            reader.text(text)
        else:
            reader.tag(tag, bool(closing))
    return reader.result()


def _plain_text_tokens(text: str) -> str:
    """``plain_text`` by markdown-it's tokens, which keep raw HTML as the text it was."""
    tokens = _parser().parse(text)
    blocks: list[str] = []
    current: list[str] = []
    in_item = False
    for token in tokens:
        if token.type == "list_item_open":
            in_item = True
        elif token.type == "list_item_close":
            in_item = False
        elif token.type == "inline":
            words = "".join(
                child.content
                if child.type in ("text", "code_inline")
                else (" " if child.type in ("softbreak", "hardbreak") else "")
                for child in token.children or []
            )
            current.append(("- " if in_item else "") + words.strip())
        elif _ends_block(token.type, in_item) and current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return "\n\n".join(b for b in blocks if b)


def _ends_block(token_type: str, in_item: bool) -> bool:
    if token_type in ("bullet_list_close", "ordered_list_close"):
        return True
    return token_type in ("paragraph_close", "heading_close") and not in_item
