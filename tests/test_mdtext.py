"""References become standard Markdown links; plain text keeps words and list structure."""

from __future__ import annotations

from chemsex_toolkit import textscan
from chemsex_toolkit.mdtext import plain_text, standard_markdown


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
