"""Static properties of the HTML page: self-contained, strict CSP, escaped content."""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import re
from pathlib import Path

import pytest

from chemsex_toolkit.exporting.build import build


def _page(content: Path, out: Path) -> str:
    build(content, out / "out", ["html"])
    return (out / "out" / "html" / "en" / "index.html").read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_allows_exactly_the_inline_style_and_script(
    minimal_content: Path, tmp_path: Path
) -> None:
    html = _page(minimal_content, tmp_path)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = html_module.unescape(csp.group(1))
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert style is not None and len(scripts) == 1
    assert "default-src 'none'" in policy
    assert f"style-src {_hash(style.group(1))}" in policy
    assert f"script-src {_hash(scripts[0])}" in policy
    assert "unsafe-inline" not in policy


def test_no_reference_to_another_origin(minimal_content: Path, tmp_path: Path) -> None:
    html = _page(minimal_content, tmp_path)
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="https?:', html)
    assert "@import" not in html and "url(http" not in html
    for anchor in re.findall(r'<a href="(https?:[^"]+)"([^>]*)>', html):
        assert 'rel="noopener noreferrer"' in anchor[1], anchor


def test_markup_characters_in_text_are_escaped(minimal_content: Path, tmp_path: Path) -> None:
    item = minimal_content / "topics/sample-topic/items/second-item.yaml"
    text = item.read_text("utf-8").replace(
        "title: The second item", "title: 'a < b > c \"q\" ''x'' & y'"
    )
    item.write_text(text, "utf-8")
    html = _page(minimal_content, tmp_path)
    assert "a &lt; b &gt; c &#34;q&#34; &#39;x&#39; &amp; y" in html
    assert "a < b > c" not in html.split('<script type="application/json"')[0]


def test_fallback_free_source_page_has_lang_and_dir(minimal_content: Path, tmp_path: Path) -> None:
    html = _page(minimal_content, tmp_path)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert (
        ' lang="en"' not in html.split("<body>", 1)[1].split('<script type="application/json"')[0]
    )


def test_open_gaps_never_show(tmp_path: Path) -> None:
    from chemsex_toolkit.paths import bundled_content

    build(bundled_content(), tmp_path, ["html", "markdown"])
    for path in [tmp_path / "html/en/index.html", tmp_path / "markdown/en/chemsex-support.md"]:
        text = path.read_text("utf-8").split('<script type="application/json"')[0]
        assert "(link)" not in text and "links?" not in text
        assert "COBATEST" in text or path.suffix == ".md"


@pytest.mark.slow
def test_each_page_stays_small_enough_for_a_phone(tmp_path: Path) -> None:
    import gzip

    from chemsex_toolkit.paths import bundled_content

    build(bundled_content(), tmp_path, ["html"])
    for locale in ["en", "de", "fr"]:
        page = (tmp_path / "html" / locale / "index.html").read_bytes()
        assert len(page) < 150_000, (locale, len(page))
        assert len(gzip.compress(page, 9)) < 35_000, locale


def test_indentation_goes_but_preformatted_text_keeps_it() -> None:
    from chemsex_toolkit_exporters.html import _unindent

    page = b"<p>\n   a\n  <pre>\n  x\n   y</pre>\n   <TEXTAREA rows=2>\n  z</TEXTAREA>\n  b"
    assert (
        _unindent(page) == b"<p>\na\n<pre>\n  x\n   y</pre>\n<TEXTAREA rows=2>\n  z</TEXTAREA>\nb"
    )


def test_the_page_data_carries_the_strings_its_script_names() -> None:
    """Named in quotes or as ``t.key``; ``t.a-b`` names ``a`` and ``a-b`` (a key is lowercase
    words joined by hyphens); a name inside a longer word names nothing."""
    from chemsex_toolkit_exporters.html import _names_in

    names = _names_in('show("plan-title"); x = t.answer-yes + at.other + t.t.inner; "a"b"')
    for key in ["plan-title", "answer", "answer-yes", "t", "inner", "a", "b"]:
        assert key in names, key
    for key in ["other", "yes", "plan", "title", "answer-y"]:
        assert key not in names, key
