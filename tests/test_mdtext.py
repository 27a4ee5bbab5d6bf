"""References become standard Markdown links; plain text keeps words and list structure."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from chemsex_toolkit import textscan
from chemsex_toolkit.mdtext import (
    _plain_text_html,
    _plain_text_tokens,
    commonmark_html,
    plain_text,
    standard_markdown,
)
from chemsex_toolkit.paths import bundled_content


def _resolve(ref: textscan.Reference) -> str | None:
    return {"link": "https://example.org/a", "item": "#item-next"}.get(ref.kind)


def test_references_become_links_anchors_or_text() -> None:
    text = "See [the guide][link:g], [the next item][item:next] and [Counselling][topic:c]."
    assert standard_markdown(text, _resolve) == (
        "See [the guide](https://example.org/a), [the next item](#item-next) and Counselling."
    )


def test_plain_text_drops_markup_keeps_lists() -> None:
    text = "A **bold** claim with [a link][link:g].\n\nAsk:\n\n- *who* needs it?\n- who has it?\n"
    assert plain_text(standard_markdown(text, _resolve)) == (
        "A bold claim with a link.\n\nAsk:\n\n- who needs it?\n- who has it?"
    )


def test_raw_html_is_text_not_markup() -> None:
    assert plain_text("Hello <script>alert(1)</script>") == "Hello <script>alert(1)</script>"


TRICKY = [
    "a\\\nb",
    "line  \nbreak",
    "# Heading\n\ntext",
    "Setext\n===\n\nx",
    "- a\n\n  b\n- c",
    "- a\n  - b\n- c",
    "1. x\n2. y\n\npara",
    "> quote\n\nx",
    "```\ncode\n```\nafter",
    "text\n\n    indented code",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nafter",
    "![an image](x.png) word",
    "a &amp; b &copy; \\* c",
    "*em* **strong** [link](http://x) `code`",
    "para\n***\nnext",
    "- \n- x",
]


def _texts(node: object) -> list[str]:
    if isinstance(node, dict):
        return [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts(value)]
    return [node] if isinstance(node, str) else []


@pytest.mark.slow
def test_fast_plain_text_agrees_with_markdown_it() -> None:
    """Two independent CommonMark parsers: cmark's HTML read back, and markdown-it's tokens."""
    texts = list(TRICKY)
    for path in sorted(bundled_content().rglob("*.yaml")):
        texts += _texts(YAML(typ="safe").load(path))
    checked = [t for t in texts if "<" not in t]
    assert len(checked) > 400
    for text in checked:
        assert _plain_text_html(commonmark_html(text)) == _plain_text_tokens(text), text
