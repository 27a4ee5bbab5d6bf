"""Content Markdown to HTML: only safe link targets, never raw HTML."""

from __future__ import annotations

import pytest

from chemsex_toolkit import load
from chemsex_toolkit.exporting import HtmlRenderer, topic_of
from chemsex_toolkit.exporting.render import render_block
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("[a](https://x/)", '<p><a href="https://x/" rel="noopener noreferrer">a</a></p>\n'),
        (
            '[a](http://x.org "T")',
            '<p><a href="http://x.org" title="T" rel="noopener noreferrer">a</a></p>\n',
        ),
        ("[a](#item-x)", '<p><a href="#item-x">a</a></p>\n'),
        ("[a](mailto:a@b)", '<p><a href="mailto:a@b" rel="noopener noreferrer">a</a></p>\n'),
        ("[a](javascript:alert(1))", "<p><a>a</a></p>\n"),
        ("[a](data:text/html,x)", "<p><a>a</a></p>\n"),
        ("[a](file:///etc/passwd)", "<p><a>a</a></p>\n"),
        ("[a](ftp://x.org/)", "<p><a>a</a></p>\n"),
        ("[a](page.html)", "<p><a>a</a></p>\n"),
        ("[a](prep-topic.html#item-prep)", '<p><a href="prep-topic.html#item-prep">a</a></p>\n'),
        ("[a](../de/page.html#x)", "<p><a>a</a></p>\n"),
        ("[a](/page.html#x)", "<p><a>a</a></p>\n"),
        ("[a](page.md#x)", "<p><a>a</a></p>\n"),
        (
            '<a href="https://x.org/">a</a>',
            "<p><!-- raw HTML omitted -->a<!-- raw HTML omitted --></p>\n",
        ),
        ("<script>alert(1)</script>", "<!-- raw HTML omitted -->\n"),
        ('x <img src=x onerror="alert(1)">', "<p>x <!-- raw HTML omitted --></p>\n"),
        ('a < b & "c"', "<p>a &lt; b &amp; &quot;c&quot;</p>\n"),
    ],
)
def test_blocks_keep_only_safe_links_and_never_raw_html(markdown: str, html: str) -> None:
    assert render_block(markdown) == html


def test_a_reference_into_another_topics_page_keeps_its_target() -> None:
    toolkit = load(FIXTURES / "multi-topic")
    owner = topic_of(toolkit)

    def file_of(kind: str, target: str) -> str:
        """As the page of the PrEP topic sees the others."""
        home = owner(kind, target)
        return "" if home in (None, "prep-topic") else f"{home}.html"

    renderer = HtmlRenderer(toolkit, file_of=file_of)
    html = renderer.block(toolkit.topics[1].introduction)
    assert '<a href="sample-topic.html#item-first-item">the first item</a>' in html
    inline = renderer.inline("See [follow-up][item:prep-follow-up].")
    assert inline == 'See <a href="#item-prep-follow-up">follow-up</a>.'
