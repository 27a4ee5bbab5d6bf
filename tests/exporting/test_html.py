"""Static properties of the HTML page: self-contained, strict CSP, escaped content."""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.loading import load_content
from chemsex_toolkit_exporters.html import page_names

MULTI_TOPIC = Path(__file__).parents[1] / "fixtures" / "multi-topic"


def _page(content: Path, out: Path) -> str:
    """The English page of the content's first topic."""
    build(content, out / "out", ["html"])
    toolkit = load_content(content).toolkit
    assert toolkit is not None
    name = page_names(toolkit)[toolkit.topics[0].id]
    return (out / "out" / "html" / "en" / name).read_text(encoding="utf-8")


class _Outline(HTMLParser):
    """What a page's structure tests need: its IDs, headings, title, links and landmarks."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.h1 = 0
        self.hrefs: list[str] = []
        self.title = ""
        self.landmarks: list[tuple[str, str]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")
        self.h1 += tag == "h1"
        self._in_title = tag == "title"
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"] or "")
        if tag in ("nav", "main", "header", "footer"):
            label = attributes.get("aria-label") or attributes.get("aria-labelledby") or ""
            self.landmarks.append((tag, label))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def _outline(path: Path) -> _Outline:
    outline = _Outline()
    outline.feed(path.read_text("utf-8"))
    return outline


@pytest.fixture(scope="module")
def multi_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML export of the three-topic fixture, in every locale."""
    out = tmp_path_factory.mktemp("multi")
    build(MULTI_TOPIC, out, ["html"])
    return out / "html"


def test_each_locale_has_a_home_page_a_page_per_topic_and_a_combined_plan(
    multi_site: Path,
) -> None:
    toolkit = load_content(MULTI_TOPIC).toolkit
    assert toolkit is not None
    pages = page_names(toolkit)
    for locale in [toolkit.source_locale, *toolkit.locales]:
        names = sorted(path.name for path in (multi_site / locale).iterdir())
        assert names == sorted(["index.html", "action-plan.html", *pages.values()]), locale
        home = _outline(multi_site / locale / "index.html")
        for topic in toolkit.topics:
            assert pages[topic.id] in home.hrefs, (locale, topic.id)
        assert "action-plan.html" in home.hrefs


def test_every_page_has_unique_ids_one_h1_and_a_title_naming_topic_and_toolkit(
    multi_site: Path,
) -> None:
    content = load_content(MULTI_TOPIC)
    assert content.toolkit is not None
    pages = page_names(content.toolkit)
    for path in sorted((multi_site / "en").glob("*.html")):
        outline = _outline(path)
        assert len(outline.ids) == len(set(outline.ids)), path.name
        assert outline.h1 == 1, path.name
        assert len(outline.landmarks) == len(set(outline.landmarks)), path.name
        assert outline.title.endswith(content.toolkit.title), path.name
    for topic in content.toolkit.topics:
        outline = _outline(multi_site / "en" / pages[topic.id])
        assert outline.title == f"{topic.title} · {content.toolkit.title}"
        items = [f"item-{item.id}" for item in topic.items]
        others = [f"item-{i.id}" for t in content.toolkit.topics if t != topic for i in t.items]
        assert set(items) <= set(outline.ids) and not set(others) & set(outline.ids)


def test_references_to_another_topic_link_to_its_page_and_anchor(multi_site: Path) -> None:
    """Each link to an anchor, in the page or on another page of the site, finds it there."""
    linked_across = 0
    for locale in ["en", "de"]:
        for path in sorted((multi_site / locale).glob("*.html")):
            for href in _outline(path).hrefs:
                if href.startswith(("http:", "https:", "mailto:", "../")):
                    continue
                name, _, fragment = href.partition("#")
                target = multi_site / locale / name if name else path
                assert target.is_file(), (path.name, href)
                if fragment:
                    assert fragment in _outline(target).ids, (path.name, href)
                linked_across += bool(name and fragment)
    assert linked_across >= 4


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


def test_every_page_of_the_site_allows_exactly_its_inline_style_and_script(
    multi_site: Path,
) -> None:
    pages = sorted(multi_site.glob("**/*.html"))
    assert len(pages) > 4
    for path in pages:
        html = path.read_text("utf-8")
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert csp is not None, path
        policy = html_module.unescape(csp.group(1))
        style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
        scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
        assert style is not None and len(scripts) <= 1, path
        assert f"style-src {_hash(style.group(1))}" in policy, path
        assert all(f"script-src {_hash(script)}" in policy for script in scripts), path
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="https?:', html), path


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


def test_bundled_open_gaps_never_show(tmp_path: Path) -> None:
    from chemsex_toolkit.paths import bundled_content

    build(bundled_content(), tmp_path, ["html", "markdown"])
    for path in [
        tmp_path / "html/en/chemsex-support.html",
        tmp_path / "markdown/en/chemsex-support.md",
    ]:
        text = path.read_text("utf-8").split('<script type="application/json"')[0]
        assert "(link)" not in text and "links?" not in text
        assert "COBATEST" in text or path.suffix == ".md"


@pytest.mark.slow
def test_bundled_each_page_stays_small_enough_for_a_phone(tmp_path: Path) -> None:
    """Per topic: a topic's page holds its own topic only, so more topics do not grow it."""
    import gzip

    from chemsex_toolkit.paths import bundled_content

    build(bundled_content(), tmp_path, ["html"])
    pages = sorted((tmp_path / "html").glob("*/*.html"))
    assert pages
    for path in pages:
        page = path.read_bytes()
        assert len(page) < 150_000, (path, len(page))
        assert len(gzip.compress(page, 9)) < 35_000, path


def test_indentation_goes_but_preformatted_text_keeps_it() -> None:
    from chemsex_toolkit_exporters.html import _unindent

    page = b"<p>\n   a\n  <pre>\n  x\n   y</pre>\n   <TEXTAREA rows=2>\n  z</TEXTAREA>\n  b"
    assert (
        _unindent(page) == b"<p>\na\n<pre>\n  x\n   y</pre>\n<TEXTAREA rows=2>\n  z</TEXTAREA>\nb"
    )


def test_style_sheet_loses_its_spaces_but_strings_keep_theirs() -> None:
    from chemsex_toolkit_exporters.html import _compact

    sheet = """/* why */
    .a :hover, .b > p {
      content: " ; { } , : ";
      margin: 0 auto;
    }
    @media (max-width: 60rem) { .c { font: 9pt "DejaVu Sans", sans-serif; } }
    """
    compact = _compact(sheet, "css")
    # Meaningful spaces stay: the descendant combinator before :hover, inside strings and values.
    assert compact.startswith(".a :hover,")
    assert 'content:" ; { } , : ";' in compact and "margin:0 auto" in compact
    assert '"DejaVu Sans",sans-serif' in compact
    outside = compact.replace('" ; { } , : "', "")
    assert "why" not in compact and "\n" not in compact and "{ " not in outside


def test_the_page_data_carries_the_strings_its_script_names() -> None:
    """Named in quotes or as ``t.key``; ``t.a-b`` names ``a`` and ``a-b`` (a key is lowercase
    words joined by hyphens); a name inside a longer word names nothing."""
    from chemsex_toolkit_exporters.html import _names_in

    names = _names_in('show("plan-title"); x = t.answer-yes + at.other + t.t.inner; "a"b"')
    for key in ["plan-title", "answer", "answer-yes", "t", "inner", "a", "b"]:
        assert key in names, key
    for key in ["other", "yes", "plan", "title", "answer-y"]:
        assert key not in names, key
