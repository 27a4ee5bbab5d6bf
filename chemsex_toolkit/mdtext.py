"""Content Markdown for readers outside this package: standard Markdown and plain text.

Content text cites things by reference (``[text][link:id]``). Standard Markdown has no such
references, so they are turned into ordinary links (``[text](url)``), in-document anchors
(``[text](#item-id)``) or plain text, by a ``resolve`` function the caller gives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt

from chemsex_toolkit import textscan

# reference -> URL or "#anchor" to link to, or None for plain text
Resolver = Callable[[textscan.Reference], str | None]


def _escape_label(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def standard_markdown(
    text: str, resolve: Resolver, unlinked: Callable[[textscan.Reference], str] | None = None
) -> str:
    """``text`` with every reference replaced by a standard inline link, or by plain text
    (``unlinked(ref)``, default the reference's own text) where ``resolve`` gives no target."""
    out: list[str] = []
    position = 0
    for ref in textscan.references(text):
        out.append(text[position : ref.start])
        target = resolve(ref)
        if target is None:
            out.append(unlinked(ref) if unlinked else ref.text)
        else:
            out.append(f"[{ref.text}](<{target}>)" if " " in target else f"[{ref.text}]({target})")
        position = ref.end
    out.append(text[position:])
    return "".join(out).strip()


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup: paragraphs separated by blank lines, list
    entries on lines of their own starting with "- "."""
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
