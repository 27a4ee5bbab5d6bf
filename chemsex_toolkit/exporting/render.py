"""Content Markdown to safe HTML.

References become real links: links to their URL (external, ``rel="noopener noreferrer"``), items,
sections and resources to anchors in the page, topics this toolkit lacks to plain text with a
note. Raw HTML never passes: blocks are rendered by cmark-gfm in its safe mode (raw HTML omitted,
``javascript:``, ``data:`` and similar targets emptied), one-line texts by markdown-it with HTML
switched off; in both, a link whose target is not http(s), mailto, an in-page anchor or an anchor
in a sibling page (``other.html#id``, as a reference into another topic's page) loses it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from chemsex_toolkit.export_model import citations
from chemsex_toolkit.mdtext import commonmark_html
from chemsex_toolkit.models import Item, Toolkit
from chemsex_toolkit.references import References, anchor

SAFE_SCHEMES = ("http://", "https://", "mailto:")
# An anchor in a sibling page of the export, as References with ``file_of`` writes a reference
# into another topic's page (``prep-topic.html#item-prep-access``): no folder, no scheme.
_SIBLING_ANCHOR = re.compile(r"[a-z0-9][a-z0-9_-]*\.html#[A-Za-z0-9_-]+")


def _internal(href: str) -> bool:
    """An in-page anchor, or an anchor in a sibling page of the export."""
    return href.startswith("#") or _SIBLING_ANCHOR.fullmatch(href) is not None


def item_fingerprint(item: Item) -> str:
    """A short hash of an item's source text: answers given to other text get flagged."""
    text = "\n".join([item.title, *(value for _name, value in item.sections)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith(SAFE_SCHEMES):
        token.attrSet("rel", "noopener noreferrer")
    elif not _internal(href):
        # Anything that is neither a safe URL nor an anchor of the export loses its target.
        token.attrs.pop("href", None)
    return self.renderToken(tokens, idx, options, env)


# Every <a> in cmark's safe output is one it made (raw HTML is omitted and text "<" escaped), in
# exactly this form, so the pattern sees each link and nothing else.
_CMARK_LINK = re.compile(r'<a href="([^"]*)"((?: title="[^"]*")?)>')


def _cmark_link(match: re.Match[str]) -> str:
    href, title = match.group(1), match.group(2)
    if href.startswith(SAFE_SCHEMES):
        return f'<a href="{href}"{title} rel="noopener noreferrer">'
    if _internal(href):
        return match.group(0)
    return f"<a{title}>"


def render_block(markdown: str) -> str:
    """Markdown blocks as safe HTML (cmark-gfm: C, tables on, raw HTML omitted)."""
    return _CMARK_LINK.sub(_cmark_link, commonmark_html(markdown))


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    parser.add_render_rule("link_open", _link_open)
    return parser


class HtmlRenderer:
    """Renders the content text of one toolkit (in one locale) as safe HTML; ``file_of`` as for
    ``References``, for an export of a page per topic."""

    def __init__(
        self, toolkit: Toolkit, *, file_of: Callable[[str, str], str] | None = None
    ) -> None:
        self.toolkit = toolkit
        self.references = References(toolkit, file_of=file_of)

    def block(self, text: str) -> Markup:
        """Markdown blocks (paragraphs, lists, tables) as HTML."""
        return Markup(render_block(self.references.markdown(text)))

    def inline(self, text: str) -> Markup:
        """One line of Markdown (no surrounding paragraph) as HTML."""
        return Markup(_parser().renderInline(self.references.markdown(text)))

    def citations(self) -> dict[str, list[dict[str, Any]]]:
        """Link ID -> the things citing it, with their title and in-page anchor."""
        titles: dict[str, tuple[str, str]] = {}
        for topic in self.toolkit.topics:
            titles[topic.id] = (topic.title, "#" + anchor("topic", topic.id))
            for item in topic.items:
                titles[item.id] = (item.title, "#" + anchor("item", item.id))
        for resource in self.toolkit.resources:
            titles[resource.id] = (resource.title, "#" + anchor("resource", resource.id))
        for source in self.toolkit.sources:
            titles[source.id] = (source.title, "#credits")
        return {
            link_id: [
                {"id": owner, "title": titles[owner][0], "href": titles[owner][1]}
                for owner in owners
                if owner in titles
            ]
            for link_id, owners in citations(self.toolkit).items()
        }
