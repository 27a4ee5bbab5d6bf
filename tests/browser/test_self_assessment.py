"""The self-assessment in a real Chromium, opened from disk as a CBVCT team would."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.steps import address, reload_once_stored, topic_page

pytestmark = pytest.mark.browser

KNOWLEDGE = "chemsex-knowledge"


def _open(page: Page, site: Path, locale: str = "en") -> list[str]:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    page.goto(address(topic_page(site, locale)))
    return requests


def _answer(page: Page, item: str, question: str, answer: str) -> None:
    page.check(f"input[name='{item}--{question}'][value='{answer}']")


def test_page_makes_no_request_but_itself(page: Page, site: Path) -> None:
    requests = _open(page, site)
    page.wait_for_load_state("load")
    _answer(page, KNOWLEDGE, "in-place", "yes")
    assert requests == [topic_page(site).as_uri()]


@pytest.mark.usefixtures("over_http")
def test_answers_actions_and_plan_survive_a_reload(page: Page, site: Path) -> None:
    _open(page, site)
    _answer(page, KNOWLEDGE, "in-place", "yes")
    _answer(page, KNOWLEDGE, "documented", "no")
    _answer(page, KNOWLEDGE, "working", "not-applicable")
    reason = page.locator(f"#reason-{KNOWLEDGE}--working")
    expect(reason).to_be_visible()
    reason.fill("We opened last month")
    page.fill(f"#action-{KNOWLEDGE}", "Write a training plan")
    page.click(f"button.add-to-plan[data-item='{KNOWLEDGE}']")
    expect(page.locator(f"#item-{KNOWLEDGE} .feedback")).to_contain_text(
        "Added to the action plan."
    )
    page.fill("#plan-rows tr:first-child textarea[data-column='who']", "Team lead")

    reload_once_stored(page, "Team lead")

    expect(page.locator(f"input[name='{KNOWLEDGE}--in-place'][value='yes']")).to_be_checked()
    expect(page.locator(f"input[name='{KNOWLEDGE}--documented'][value='no']")).to_be_checked()
    expect(page.locator(f"#reason-{KNOWLEDGE}--working")).to_have_value("We opened last month")
    rows = page.locator("#plan-rows tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".item-name")).to_have_text("1. Knowledge about ChemSex")
    expect(rows.first.locator("textarea[data-column='what']")).to_have_value(
        "Write a training plan"
    )
    expect(rows.first.locator("textarea[data-column='who']")).to_have_value("Team lead")


def test_summary_ranks_the_leftmost_weak_answer_first(page: Page, site: Path) -> None:
    _open(page, site)
    # Knowledge: weak answer in the last question; harm reduction: Partly in the first.
    _answer(page, KNOWLEDGE, "in-place", "yes")
    _answer(page, KNOWLEDGE, "working", "no")
    _answer(page, "chemsex-harm-reduction", "in-place", "partly")
    ranking = page.locator("#ranking li a")
    expect(ranking).to_have_count(2)
    expect(ranking.nth(0)).to_have_attribute("href", "#item-chemsex-harm-reduction")
    expect(ranking.nth(1)).to_have_attribute("href", f"#item-{KNOWLEDGE}")
    description = page.locator("#chart svg desc").text_content() or ""
    assert "1: Yes" in description and "4: No" in description


def test_question_opens_its_section_in_place(page: Page, site: Path) -> None:
    _open(page, site)
    section = page.locator(f"#section-{KNOWLEDGE}-adaptation")
    expect(section).not_to_have_attribute("open", "")
    page.click(f"article#item-{KNOWLEDGE} .question[data-question='adapted'] .to-section a")
    expect(section).to_have_attribute("open", "")
    expect(section.locator(".prose")).to_contain_text("key informants")


def test_export_clear_and_import_answers(page: Page, site: Path, tmp_path: Path) -> None:
    _open(page, site)
    _answer(page, "chemsex-promotion", "adapted", "partly")
    page.fill("#action-chemsex-promotion", "Ask local networks")
    page.click("button.add-to-plan[data-item='chemsex-promotion']")
    with page.expect_download() as download_info:
        page.click("#export-answers")
    saved = tmp_path / "answers.json"
    download_info.value.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["format"] == "chemsex-toolkit-answers"
    assert document["state"]["items"]["chemsex-promotion"]["answers"] == {"adapted": "partly"}

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#clear-all")
    expect(
        page.locator("input[name='chemsex-promotion--adapted'][value='partly']")
    ).not_to_be_checked()
    expect(page.locator("#plan-rows tr")).to_have_count(0)

    page.set_input_files("#import-answers", str(saved))
    expect(page.locator("#status")).to_have_text("Answers loaded.")
    expect(page.locator("input[name='chemsex-promotion--adapted'][value='partly']")).to_be_checked()
    expect(page.locator("#plan-rows tr")).to_have_count(1)


def test_import_rejects_a_foreign_file(page: Page, site: Path, tmp_path: Path) -> None:
    _open(page, site)
    foreign = tmp_path / "other.json"
    foreign.write_text('{"format": "something-else", "state": {}}', encoding="utf-8")
    page.set_input_files("#import-answers", str(foreign))
    expect(page.locator("#status")).to_have_text(
        "This file could not be read as saved answers. other.json: it was not saved by this"
        " self-assessment."
    )


def test_action_plan_csv_is_spreadsheet_safe(page: Page, site: Path, tmp_path: Path) -> None:
    _open(page, site)
    page.fill(f"#action-{KNOWLEDGE}", '=HYPERLINK("x") and "quotes", commas')
    page.click(f"button.add-to-plan[data-item='{KNOWLEDGE}']")
    with page.expect_download() as download_info:
        page.click("#download-csv")
    path = tmp_path / "plan.csv"
    download_info.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "Item",
        "Priority",
        "In place?",
        "Documented?",
        "Adapted?",
        "Working?",
        "What will be done?",
        "Who will do it?",
        "When?",
        "How will we monitor it?",
        "Status",
        "When (date)",
        "Reasons for Not applicable",
        "Service name",
        "Date of the assessment",
    ]
    assert rows[1][0] == "Knowledge about ChemSex"
    assert rows[1][6] == '\'=HYPERLINK("x") and "quotes", commas'


@pytest.mark.usefixtures("over_http")
def test_text_changed_since_answering_is_flagged(page: Page, site: Path) -> None:
    _open(page, site)
    _answer(page, KNOWLEDGE, "in-place", "yes")
    key = page.evaluate(
        "JSON.parse(document.getElementById('toolkit-data').textContent).storageKey"
    )
    page.evaluate(
        """key => { const s = JSON.parse(localStorage.getItem(key));
        s.items['chemsex-knowledge'].fingerprint = 'from-an-older-version';
        localStorage.setItem(key, JSON.stringify(s)); }""",
        key,
    )
    reload_once_stored(page, "from-an-older-version")
    expect(page.locator(f"#item-{KNOWLEDGE} .changed")).to_be_visible()
    expect(page.locator(f"input[name='{KNOWLEDGE}--in-place'][value='yes']")).to_be_checked()
    expect(page.locator("#item-chemsex-participation .changed")).to_be_hidden()


def test_print_shows_answers_and_hides_controls(page: Page, site: Path) -> None:
    _open(page, site)
    _answer(page, KNOWLEDGE, "in-place", "partly")
    page.fill(f"#action-{KNOWLEDGE}", "Plan")
    page.click(f"button.add-to-plan[data-item='{KNOWLEDGE}']")
    page.emulate_media(media="print")
    expect(page.locator("#tools")).to_be_hidden()
    expect(page.locator(f"#action-{KNOWLEDGE}")).to_be_hidden()
    chosen = page.locator(f".question:has(input[name='{KNOWLEDGE}--in-place']) .answer-yellow")
    expect(chosen).to_be_visible()
    expect(
        page.locator(f".question:has(input[name='{KNOWLEDGE}--in-place']) .answer-green")
    ).to_be_hidden()
    expect(page.locator("#plan-rows .what-cell .print-value")).to_have_text("Plan")
    page.evaluate("document.body.classList.add('print-plan')")
    expect(page.locator("#checklist")).to_be_hidden()
    expect(page.locator("#action-plan")).to_be_visible()


def test_readable_without_javascript(browser: object, site: Path) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(topic_page(site).as_uri())
    expect(page.locator("noscript")).to_have_count(1)
    page.click(f"#section-{KNOWLEDGE}-guidance summary")
    expect(page.locator(f"#section-{KNOWLEDGE}-guidance .prose")).to_be_visible()
    expect(page.locator("#action-plan")).to_be_hidden()
    expect(page.locator("#resources")).to_contain_text("no wrong door")
    context.close()


def test_keyboard_reaches_skip_link_and_answers(page: Page, site: Path) -> None:
    _open(page, site)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    first = f"input[name='{KNOWLEDGE}--in-place']"
    expect(page.locator(f"{first}[value='yes']")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"{first}[value='partly']")).to_be_checked()
    expect(page.locator("input[type=radio]:checked")).to_have_count(1)


def test_screenshot_of_a_filled_in_page(page: Page, site: Path, tmp_path: Path) -> None:
    _open(page, site)
    _answer(page, KNOWLEDGE, "in-place", "yes")
    _answer(page, KNOWLEDGE, "documented", "partly")
    shot = tmp_path / "checklist.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000


def test_switching_language_keeps_the_answers(page: Page, site: Path) -> None:
    _open(page, site)
    _answer(page, KNOWLEDGE, "adapted", "no")
    page.fill(f"#action-{KNOWLEDGE}", "Schulung planen")
    page.click(f"button.add-to-plan[data-item='{KNOWLEDGE}']")
    page.click("nav.languages a[hreflang='de']")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(f"input[name='{KNOWLEDGE}--adapted'][value='no']")).to_be_checked()
    chosen = page.locator(f"#item-{KNOWLEDGE} .answer:has(input:checked) .answer-label")
    expect(chosen).to_have_text("Nein")
    expect(page.locator("#plan-rows tr")).to_have_count(1)
    expect(page.locator("#plan-rows .item-name")).to_have_text("1. Wissen über Chemsex")


def test_index_offers_every_shipped_language(page: Page, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    links = page.locator(".language-list a")
    expect(links).to_have_count(3)
    assert links.evaluate_all("els => els.map(e => e.getAttribute('hreflang'))") == [
        "en",
        "de",
        "fr",
    ]
    expect(page.locator(".language-list li[lang='fr'] a")).to_have_text("Français")
