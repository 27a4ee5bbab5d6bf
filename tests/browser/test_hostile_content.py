"""Hostile text in every kind of field, rendered and opened in Chromium: no script of it runs.

Validation would refuse this content, so the exporter is called directly: the page itself must
be safe even if a check were skipped or had a gap.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from chemsex_toolkit.exporting.base import ExportContext
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.i18n import init_locale
from chemsex_toolkit.loading import load_content
from chemsex_toolkit_exporters.html import HtmlExporter
from tests.browser.steps import topic_page

pytestmark = pytest.mark.browser

ATTACKS = {
    "title": '<script>window.__pwned="title"</script>"><img src=x onerror="window.__pwned=1">',
    "markdown": (
        "Text <img src=x onerror=window.__pwned=2> and [click](javascript:window.__pwned=3)"
        ' and <a href="javascript:window.__pwned=4">x</a>, "quotes\' & <broken'
    ),
    "ui": '"><svg onload="window.__pwned=5"></svg><!--',
    "introduction": "</textarea></script><script>window.__pwned=6</script>",
    "link": '" onmouseover="window.__pwned=7" x="',
    "translation": '<iframe src="javascript:parent.__pwned=8"></iframe>',
}


def _hostile_site(content: Path, out: Path) -> Path:
    item = content / "topics/sample-topic/items/second-item.yaml"
    text = item.read_text("utf-8")
    text = text.replace("title: The second item", f"title: '{ATTACKS['title']}'")
    text = text.replace("description: D.", f"description: '{ATTACKS['markdown']}'")
    item.write_text(text, "utf-8")
    topic = content / "topics/sample-topic/topic.yaml"
    topic.write_text(
        re.sub(
            r"introduction: [^\n]*(\n  [^\n]*)*",
            f"introduction: '{ATTACKS['introduction']}'",
            topic.read_text("utf-8"),
            count=1,
        ),
        "utf-8",
    )
    ui = content / "ui.yaml"
    ui.write_text(
        ui.read_text("utf-8").replace("text: Skip to the checklist", f"text: '{ATTACKS['ui']}'"),
        "utf-8",
    )
    links = content / "topics/sample-topic/links.yaml"
    links.write_text(
        links.read_text("utf-8").replace("title: Sample guide", f"title: '{ATTACKS['link']}'"),
        "utf-8",
    )
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("locales: []", "locales: [de]"))
    init_locale(load_content(content), "de")
    catalog = content / "locales/de/topics/sample-topic.yaml"
    lines = catalog.read_text("utf-8").splitlines()
    start = lines.index("  item.first-item.title:")
    lines[start + 1] = f"    text: '{ATTACKS['translation']}'"
    catalog.write_text("\n".join(lines) + "\n", "utf-8")

    loaded = load_content(content)
    assert loaded.toolkit is not None, loaded.problems
    views = locale_views(loaded, None)
    context = ExportContext(locales=views, source=loaded.toolkit)
    for file in HtmlExporter().export(context):
        target = out / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"".join(file.chunks()))
    return out


@pytest.fixture
def hostile(minimal_content: Path, tmp_path: Path) -> Path:
    return _hostile_site(minimal_content, tmp_path / "html")


def _open(browser: Browser, page_path: Path) -> tuple[object, list[str], list[str]]:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    violations: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    # Hover and focus everything, so that handlers on hover or focus would fire too.
    for element in page.query_selector_all("main *:visible")[:150]:
        with contextlib.suppress(PlaywrightError):  # covered elements cannot be hovered
            element.hover(timeout=100)
    pwned = page.evaluate("() => window.__pwned ?? null")
    links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    handlers = page.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    scripts = page.eval_on_selector_all("script", "s => s.map(x => x.type || 'classic')")
    frames = page.eval_on_selector_all("iframe, object, embed", "x => x.length")
    body = page.inner_text("body")
    context.close()
    assert not [h for h in links if re.match(r"\s*(javascript|data|vbscript|file):", h, re.I)]
    assert handlers == [] and frames == 0
    assert sorted(scripts) == ["application/json", "classic"]
    return pwned, dialogs, [body, *violations]


@pytest.mark.parametrize("locale", ["en", "de"])
def test_no_hostile_text_runs_as_script(browser: Browser, hostile: Path, locale: str) -> None:
    pwned, dialogs, (body, *_violations) = _open(browser, topic_page(hostile, locale))

    assert pwned is None
    assert dialogs == []
    # The text is shown as text, so an editor can see and remove it.
    assert "window.__pwned=1" in body or locale == "de"
    shown = ATTACKS["translation"] if locale == "de" else ATTACKS["title"]
    assert shown.split(">")[0] in body


def test_no_page_of_the_site_runs_hostile_text(browser: Browser, hostile: Path) -> None:
    """The home page and the combined plan show the same titles as the topic's page."""
    pages = sorted((hostile / "en").glob("*.html"))
    assert len(pages) >= 3
    for page_path in pages:
        pwned, dialogs, _shown = _open(browser, page_path)
        assert (pwned, dialogs) == (None, []), page_path.name


def test_csp_blocks_a_script_that_escaped_escaping(browser: Browser, hostile: Path) -> None:
    page_path = topic_page(hostile)
    html = page_path.read_text("utf-8")
    injected = html.replace(
        "</body>", '<script>window.__pwned="inline"</script><img src=x onerror="__pwned=9"></body>'
    )
    page_path.write_text(injected, "utf-8")

    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    pwned = page.evaluate("() => window.__pwned ?? null")
    context.close()

    assert pwned is None
    assert any("Content Security Policy" in v for v in violations), violations
