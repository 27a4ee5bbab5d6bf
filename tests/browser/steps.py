"""What a CBVCT team does on the page, as small steps the browser tests share."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

import chemsex_toolkit

KNOWLEDGE = "chemsex-knowledge"
PARTICIPATION = "chemsex-participation"
HARM_REDUCTION = "chemsex-harm-reduction"
QUESTIONS = ["in-place", "documented", "adapted", "working"]


# The folder served over loopback HTTP and its address, while a test asks for it (the
# ``over_http`` fixture); otherwise pages open from disk.
SERVED: tuple[Path, str] | None = None


def address(path: Path) -> str:
    """Where a test opens a built page: over HTTP while the test asks for it, from disk else."""
    if SERVED is not None:
        root, base = SERVED
        return f"{base}/{path.relative_to(root).as_posix()}"
    return path.as_uri()


@cache
def first_topic_size() -> tuple[int, int]:
    """The items of the bundled content's first topic (the page `open_locale` opens) and the
    questions of each, as loaded: tests count from these, not from numbers of today's content."""
    toolkit = chemsex_toolkit.load()
    return len(toolkit.topics[0].items), len(toolkit.checklist.questions)


def topic_pages(site: Path, locale: str = "en") -> list[Path]:
    """The topics' pages of a built site, in the order its home page links them."""
    home = (site / locale / "index.html").read_text("utf-8")
    names = re.findall(r'<li class="topic-card" data-topic="[^"]+">\s*<h3><a href="([^"]+)"', home)
    assert names, "the home page links no topic"
    return [site / locale / name for name in names]


def topic_page(site: Path, locale: str = "en") -> Path:
    """The page of the site's first topic: where a team starts its self-assessment."""
    return topic_pages(site, locale)[0]


def open_locale(page: Page, site: Path, locale: str = "en") -> None:
    """The first topic's self-assessment, ready to use."""
    page.goto(address(topic_page(site, locale)))
    page.wait_for_selector("#overview:not([hidden])")


def answer(page: Page, item: str, question: str, value: str) -> None:
    page.check(f"input[name='{item}--{question}'][value='{value}']")


def add_action(page: Page, item: str, text: str) -> None:
    page.fill(f"#action-{item}", text)
    page.click(f"button.add-to-plan[data-item='{item}']")


def plan_row(page: Page, item: str) -> Locator:
    """The plan row that the item's feedback link points to."""
    href = page.locator(f"#item-{item} .feedback a").get_attribute("href")
    assert href and href.startswith("#plan-row-"), href
    return page.locator(href)


def answers_file(path: Path, given: dict[str, Any], **fields: Any) -> Path:
    """A saved answers file as the page writes it, with ``fields`` replacing the envelope."""
    document = {
        "format": "chemsex-toolkit-answers",
        "formatVersion": 2,
        "toolkit": "msm-checkpoints-cbvct",
        "contentVersion": "1.1.0",
        "locale": "en",
        "state": given,
    }
    document.update(fields)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def items_state(answers: dict[str, dict[str, str]], **meta: str) -> dict[str, Any]:
    return {
        "meta": meta,
        "items": {item: {"answers": given} for item, given in answers.items()},
        "plan": [],
    }


def download(page: Page, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(button)
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def reload_once_stored(page: Page, text: str) -> None:
    """Reload once the browser, not only this page, holds ``text`` in the page's storage: a
    reloaded page may otherwise read storage before this page's last write has reached it.
    The second page only reads: since every page saves just what it changed and follows the
    others' saves (storage events), opening it can no longer put an old copy back.

    Tests that reload open their pages over HTTP (the ``over_http`` fixture): there, every
    document of the browser shares one storage area."""
    assert SERVED is not None, "a test that reloads asks for the over_http fixture"
    holds = (
        "text => Object.keys(localStorage).some(key => localStorage.getItem(key).includes(text))"
    )
    other = page.context.new_page()
    try:
        other.goto(page.url)
        other.wait_for_function(holds, arg=text)
    finally:
        other.close()
    page.reload()
    assert page.evaluate(holds, text), f"the reloaded page does not hold {text!r}"
