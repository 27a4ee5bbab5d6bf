"""What a CBVCT team does on the page, as small steps the browser tests share."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

import chemsex_toolkit

KNOWLEDGE = "chemsex-knowledge"
PARTICIPATION = "chemsex-participation"
HARM_REDUCTION = "chemsex-harm-reduction"
QUESTIONS = ["in-place", "documented", "adapted", "working"]


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
    page.goto(topic_page(site, locale).as_uri())
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

    Chromium now and then gives a document opened from a file a storage area of its own, cut
    off from every other document (about one in thirty; never over HTTP): a second page or the
    reloaded one that holds none of the stored answers is such a document, so it is opened
    again, a few times at most, rather than taken for the page losing what it saved."""
    holds = (
        "text => Object.keys(localStorage).some(key => localStorage.getItem(key).includes(text))"
    )
    for _ in range(5):
        other = page.context.new_page()
        other.goto(page.url)
        try:
            other.wait_for_function(holds, arg=text, timeout=10_000)
            break
        except PlaywrightTimeoutError:
            continue
        finally:
            other.close()
    else:
        raise AssertionError(f"no page of this browser holds {text!r}")
    for _ in range(5):
        page.reload()
        if page.evaluate(holds, text):
            return
    raise AssertionError(f"the reloaded page does not hold {text!r}")
