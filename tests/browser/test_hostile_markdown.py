"""Markdown that would go around the link rules or break the document around it, through the
CLI and in the exports: reference definitions are refused by validation and inert in every
export (the page opened in Chromium links and loads nothing of theirs), a code fence left open
in one text ends with that text, a URL's parentheses stay inside its link."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, Request

from chemsex_toolkit.exporting.base import ExportContext
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.loading import load_content
from chemsex_toolkit_exporters.html import HtmlExporter
from chemsex_toolkit_exporters.markdown import MarkdownExporter
from tests.browser.steps import topic_page

ITEM = "topics/sample-topic/items/second-item.yaml"
DEFINITIONS = (
    "See [the guide] and ![a picture][img].\\n\\n"
    "[the guide]: h&#116;tps://evil.example/\\n\\n"
    "  [img]: https://evil.example/p.png"
)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "chemsex_toolkit", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _set_description(content: Path, text: str) -> None:
    path = content / ITEM
    old = "description: The second item, in one line."
    path.write_text(path.read_text("utf-8").replace(old, f'description: "{text}"'), "utf-8")


def _export(content: Path, out: Path) -> None:
    """The exporters called directly, as if validation had a gap."""
    loaded = load_content(content)
    assert loaded.toolkit is not None, loaded.findings
    context = ExportContext(locales=locale_views(loaded, None), source=loaded.toolkit)
    for exporter in (HtmlExporter(), MarkdownExporter()):
        for file in exporter.export(context):
            target = out / exporter.name / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"".join(file.chunks()))


@pytest.mark.browser
def test_reference_definitions_are_refused_and_inert(
    browser: Browser, minimal_content: Path, tmp_path: Path
) -> None:
    _set_description(minimal_content, DEFINITIONS)
    validate = _cli("validate", "--content", str(minimal_content))
    assert validate.returncode == 1
    assert validate.stdout.count("CT309") == 2
    build = _cli("build", "--content", str(minimal_content), "--out", str(tmp_path / "dist"))
    assert build.returncode == 1 and not (tmp_path / "dist/html").exists()

    _export(minimal_content, tmp_path / "out")
    markdown = (tmp_path / "out/markdown/en/sample-topic.md").read_text("utf-8")
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "evil.example" not in "".join(
        token.attrGet("href") or token.attrGet("src") or ""
        for block in MarkdownIt("commonmark").parse(markdown)
        for token in block.children or []
    )
    assert 'href="https://evil' not in rendered and "<img" not in rendered

    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    page.goto(topic_page(tmp_path / "out/html").as_uri())
    page.wait_for_load_state("load")
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    images = page.eval_on_selector_all("img", "is => is.map(i => i.src)")
    shown = page.evaluate("() => document.body.textContent")
    context.close()
    assert not [h for h in hrefs if "evil.example" in h]
    assert not [i for i in images if "evil.example" in i]
    assert all(url.startswith("file:") for url in requests), requests
    assert "[the guide]: https://evil.example/" in shown  # visible, so an editor sees it


def test_an_unclosed_fence_ends_with_its_text(minimal_content: Path, tmp_path: Path) -> None:
    _set_description(minimal_content, "Before.\\n\\n```\\nunclosed code")
    done = _cli("build", "--content", str(minimal_content), "--out", str(tmp_path / "dist"))
    assert done.returncode == 0, done.stderr
    markdown = (tmp_path / "dist/markdown/en/sample-topic.md").read_text("utf-8")
    tokens = MarkdownIt("commonmark").parse(markdown)
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.content for f in fences] == ["unclosed code\n"]
    headings = [t.map for t in tokens if t.type == "heading_open" and t.tag == "h4"]
    # Two items, four sections each, and the item's resources: all still headings.
    assert len(headings) >= 8
    assert any(t.type == "heading_open" and t.tag == "h2" for t in tokens[-30:])


def test_a_title_and_a_url_cannot_leave_their_link(minimal_content: Path, tmp_path: Path) -> None:
    links = minimal_content / "topics/sample-topic/links.yaml"
    text = links.read_text("utf-8")
    text = text.replace("https://example.org/guide/", "https://example.org/a_(b)/c)d")
    text = text.replace("title: Sample guide", "title: 'Guide] *x* # y [z | w'")
    links.write_text(text, "utf-8")
    done = _cli("build", "--content", str(minimal_content), "--out", str(tmp_path / "dist"))
    assert done.returncode == 0, done.stderr
    markdown = (tmp_path / "dist/markdown/en/sample-topic.md").read_text("utf-8")
    links_found = [
        (
            token.attrGet("href"),
            "".join(c.content for c in block.children or [] if c.type == "text"),
        )
        for block in MarkdownIt("commonmark").parse(markdown)
        if block.type == "inline"
        for token in block.children or []
        if token.type == "link_open"
    ]
    hrefs = [href for href, _text in links_found]
    assert "https://example.org/a_(b)/c)d" in hrefs
    assert ("https://example.org/a_(b)/c)d", "Guide] *x* # y [z | w") in links_found


def test_no_export_loads_an_image(minimal_content: Path, tmp_path: Path) -> None:
    _set_description(minimal_content, "A ![pixel](https://evil.example/p.png) here.")
    assert _cli("validate", "--content", str(minimal_content)).returncode == 1  # CT309
    _export(minimal_content, tmp_path / "out")
    markdown = (tmp_path / "out/markdown/en/sample-topic.md").read_text("utf-8")
    images = [
        token
        for block in MarkdownIt("commonmark").parse(markdown)
        for token in block.children or []
        if token.type == "image"
    ]
    assert images == []
    assert "<img" not in topic_page(tmp_path / "out/html").read_text("utf-8")
