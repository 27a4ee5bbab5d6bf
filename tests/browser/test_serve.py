"""The live preview in Chromium: a saved content file changes the open page, and broken content
shows its findings in the page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from chemsex_toolkit.paths import bundled_content
from chemsex_toolkit.preview import Preview

pytestmark = pytest.mark.browser

# How long to wait for a condition: generous, as validation shares a busy machine; a passing
# test waits only as long as the condition takes.
WAIT = 30_000

ITEM = "topics/chemsex-support/items/chemsex-knowledge.yaml"
GERMAN = "locales/de/topics/chemsex-support.yaml"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    content = tmp_path / "content"
    shutil.copytree(bundled_content(), content)
    with Preview(content, port=0) as running:
        yield running


@pytest.fixture
def live_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == [], errors


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_saving_a_content_file_updates_the_open_page(preview: Preview, live_page: Page) -> None:
    live_page.goto(preview.url + "en/chemsex-support.html")
    heading = live_page.locator("#item-chemsex-knowledge h3, #item-chemsex-knowledge h2").first
    expect(heading).to_contain_text("Knowledge about ChemSex", timeout=WAIT)
    # The findings panel shows the content's state: no error, the open gaps as warnings.
    panel = live_page.locator("#chemsex-preview-findings")
    expect(panel).to_contain_text("0 error(s)", timeout=WAIT)

    _edit(preview.site.root / ITEM, "title: Knowledge about ChemSex", "title: Knowing ChemSex")
    expect(heading).to_contain_text("Knowing ChemSex", timeout=WAIT)


def test_a_translation_edit_updates_the_translated_page(preview: Preview, live_page: Page) -> None:
    live_page.goto(preview.url + "de/chemsex-support.html")
    expect(live_page.locator("html")).to_have_attribute("lang", "de", timeout=WAIT)
    _edit(preview.site.root / GERMAN, "Wissen über Chemsex", "Chemsex verstehen")
    expect(live_page.get_by_text("Chemsex verstehen").first).to_be_visible(timeout=WAIT)


def test_broken_content_shows_findings_instead_of_stopping(
    preview: Preview, live_page: Page
) -> None:
    live_page.goto(preview.url + "en/chemsex-support.html")
    panel = live_page.locator("#chemsex-preview-findings")
    expect(panel).to_contain_text("0 error(s)", timeout=WAIT)
    _edit(preview.site.root / ITEM, "[link:dean-street-tools]", "[link:no-such-link]")
    expect(panel).to_contain_text("CT302", timeout=WAIT)
    expect(panel).to_contain_text("no-such-link", timeout=WAIT)
    # The page stays readable while the content is fixed.
    expect(live_page.locator("h1").first).to_contain_text("Support for ChemSex users", timeout=WAIT)
    _edit(preview.site.root / ITEM, "[link:no-such-link]", "[link:dean-street-tools]")
    expect(panel).to_contain_text("0 error(s)", timeout=WAIT)


def test_the_site_is_served_and_its_home_page_reloads_too(
    preview: Preview, live_page: Page
) -> None:
    """From the home page to a topic's page and the combined plan, each reloading on a save."""
    live_page.goto(preview.url + "en/")
    topic = live_page.locator(".topic-card h3 a").first
    expect(topic).to_have_text("Support for ChemSex users", timeout=WAIT)
    _edit(
        preview.site.root / "topics/chemsex-support/topic.yaml",
        "title: Support for ChemSex users",
        "title: ChemSex support",
    )
    expect(topic).to_have_text("ChemSex support", timeout=WAIT)
    topic.click()
    expect(live_page.locator("h1")).to_have_text("ChemSex support", timeout=WAIT)
    live_page.click(".site-nav a[href='action-plan.html']")
    expect(live_page.locator("#plan-heading")).to_be_visible(timeout=WAIT)
    expect(live_page).to_have_title(re.compile("^Action plan · "), timeout=WAIT)
    group = live_page.locator("#add-row-item optgroup").first
    expect(group).to_have_attribute("label", "ChemSex support", timeout=WAIT)


def test_the_markdown_preview_updates_too(preview: Preview, live_page: Page) -> None:
    live_page.goto(preview.url + "markdown/en/chemsex-support.html")
    expect(live_page.locator("h1")).to_contain_text("Support for ChemSex users", timeout=WAIT)
    _edit(
        preview.site.root / "topics/chemsex-support/topic.yaml",
        "title: Support for ChemSex users",
        "title: ChemSex support",
    )
    expect(live_page.locator("h1")).to_contain_text("ChemSex support", timeout=WAIT)


def test_findings_that_came_before_the_page_listened_are_shown(
    tmp_path: Path, live_page: Page
) -> None:
    """The content's first validation may end while the page loads, before its event stream
    is open: the page must still show what it found. The stream is held here until then."""
    content = tmp_path / "content"
    shutil.copytree(bundled_content(), content)
    _edit(content / ITEM, "[link:dean-street-tools]", "[link:no-such-link]")
    with Preview(content, port=0) as preview:

        def after_validation(route: Route) -> None:
            _seen, events = preview.server.events.wait(0, WAIT / 1000)
            assert "findings" in events
            route.continue_()

        live_page.route("**/__preview/events", after_validation)
        live_page.goto(preview.url + "en/chemsex-support.html")
        expect(live_page.locator("#chemsex-preview-findings")).to_contain_text(
            "CT302", timeout=WAIT
        )
