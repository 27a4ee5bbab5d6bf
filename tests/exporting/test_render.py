"""Content Markdown to HTML: only safe link targets, never raw HTML."""

from __future__ import annotations

import pytest

from chemsex_toolkit.exporting.render import render_block


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
