"""The site of a toolkit of several topics (the three-topic fixture), in Chromium: its pages,
their access, print and keyboard, and the one storage every page shares."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from chemsex_toolkit import Toolkit
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.loading import load_content
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import add_action, address, answer, answers_file, topic_pages

pytestmark = pytest.mark.browser

MULTI_TOPIC = Path(__file__).parents[1] / "fixtures" / "multi-topic"
STORAGE_KEY = "chemsex-toolkit:multi-toolkit"
# The topic a reference of another topic points to, and the item it refers to.
CROSS = ("prep-topic", "item-first-item", "sample-topic")


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    loaded = load_content(MULTI_TOPIC).toolkit
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def multi_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("multi-site")
    build(MULTI_TOPIC, out, ["html"])
    return out / "html"


def _questions(toolkit: Toolkit) -> list[str]:
    return [question.id for question in toolkit.checklist.questions]


def _every_page(site: Path, locale: str) -> list[Path]:
    return [
        site / locale / "index.html",
        *topic_pages(site, locale),
        site / locale / "action-plan.html",
    ]


def _ready(page: Page, path: Path) -> None:
    page.goto(address(path))
    page.wait_for_selector("html.js")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_axe_finds_no_violation_on_any_page(
    open_page: Callable[..., Page],
    multi_site: Path,
    toolkit: Toolkit,
    axe: Axe,
    viewport: dict[str, int],
    locale: str,
) -> None:
    page = open_page(viewport)
    first = toolkit.topics[0].items[0].id
    _ready(page, topic_pages(multi_site, locale)[0])
    answer(page, first, _questions(toolkit)[0], "no")
    add_action(page, first, "Plan it")
    for path in _every_page(multi_site, locale):
        _ready(page, path)
        expect(page.locator("body")).not_to_contain_text("undefined")
        results = axe.run(page)
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
        ]
        assert violations == [], path.name
        # Never wider than the screen, on a phone too.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_bundled_home_page_and_combined_plan_have_no_axe_violation(
    open_page: Callable[..., Page], site: Path, axe: Axe, viewport: dict[str, int], locale: str
) -> None:
    """The bundled content's topic page has its own axe test, with every panel open."""
    page = open_page(viewport)
    for name in ("index.html", "action-plan.html"):
        _ready(page, site / locale / name)
        results = axe.run(page)
        assert [v["id"] for v in results.response["violations"]] == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name


@pytest.mark.usefixtures("over_http")
def test_home_page_shows_each_topics_progress_and_priorities(
    open_page: Callable[..., Page], multi_site: Path, toolkit: Toolkit
) -> None:
    page = open_page()
    questions = _questions(toolkit)
    second = toolkit.topics[1]
    _ready(page, topic_pages(multi_site)[1])
    answer(page, second.items[0].id, questions[0], "no")
    answer(page, second.items[0].id, questions[1], "yes")
    page.click(".site-nav a[href='index.html']")
    total = len(second.items) * len(questions)
    card = page.locator(f".topic-card[data-topic='{second.id}']")
    expect(card.locator(".topic-progress label")).to_have_text(f"2 of {total} questions answered")
    expect(card.locator(".topic-priorities")).to_contain_text("1 \u2013 most urgent: 1")
    untouched = page.locator(f".topic-card[data-topic='{toolkit.topics[0].id}'] .topic-progress")
    expect(untouched.locator("label")).to_contain_text("0 of ")


def test_a_reference_to_another_topic_opens_its_page_at_the_item(
    open_page: Callable[..., Page], multi_site: Path
) -> None:
    source, anchor, target = CROSS
    page = open_page()
    _ready(page, multi_site / "en" / f"{source}.html")
    page.locator(f"a[href='{target}.html#{anchor}']").first.click()
    expect(page).to_have_url(re.compile(rf"/{target}\.html#{anchor}$"))
    expect(page.locator(f"#{anchor}")).to_be_visible()


def test_keyboard_skip_links_on_the_combined_plan(
    open_page: Callable[..., Page], multi_site: Path
) -> None:
    page = open_page()
    _ready(page, multi_site / "en" / "action-plan.html")
    focused = (
        "(e => [e.classList.contains('skip-link'), e.getAttribute('href')])(document.activeElement)"
    )
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == [True, "#summary"]
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == [True, "#action-plan"]
    page.keyboard.press("Enter")
    expect(page.locator("#action-plan")).to_be_focused()


def _printed(page: Page, button: str, path: Path) -> str:
    page.click(button)
    page.pdf(path=str(path), format="A4")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", text)  # whatever ligatures (ﬁ) it was set with


@pytest.mark.usefixtures("over_http")
def test_print_a_topics_checklist_and_the_combined_plan(
    open_page: Callable[..., Page], multi_site: Path, toolkit: Toolkit, tmp_path: Path
) -> None:
    page = open_page()
    page.add_init_script("window.print = () => {};")
    pages = topic_pages(multi_site)
    first, second = toolkit.topics[0], toolkit.topics[1]
    _ready(page, pages[0])
    add_action(page, first.items[0].id, "Action of the first topic")
    checklist = _printed(page, "#print-checklist", tmp_path / "checklist.pdf")
    assert first.items[0].title in checklist and second.items[0].title not in checklist
    _ready(page, pages[1])
    add_action(page, second.items[0].id, "Action of the second topic")
    # The plan prints as a table: a cell's text may wrap anywhere between words.
    topic_plan = re.sub(r"\s+", " ", _printed(page, "#print-plan", tmp_path / "topic-plan.pdf"))
    assert "Action of the second topic" in topic_plan
    assert "Action of the first topic" not in topic_plan
    _ready(page, multi_site / "en" / "action-plan.html")
    combined = re.sub(r"\s+", " ", _printed(page, "#print-plan", tmp_path / "plan.pdf"))
    assert "Action of the first topic" in combined and "Action of the second topic" in combined
    assert first.title in combined and second.title in combined


def _wait_until_stored(page: Page, texts: list[str]) -> None:
    """Wait until the browser, not only this tab, holds ``texts``: the next document may
    otherwise read storage before the last page's writes reached it."""
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_function(
        "([key, texts]) => texts.every(t => (localStorage.getItem(key) || '').includes(t))",
        arg=[STORAGE_KEY, texts],
    )
    other.close()


@pytest.mark.usefixtures("over_http")
def test_combined_plan_prints_every_topics_rows_by_priority(
    open_page: Callable[..., Page], multi_site: Path, toolkit: Toolkit, tmp_path: Path
) -> None:
    """On paper the combined plan goes by priority across topics; the screen keeps its order."""
    page = open_page()
    page.add_init_script("window.print = () => {};")
    questions = _questions(toolkit)
    # The further left a red answer stands, the higher the priority (1 = the first question).
    red = {0: "adapted", 1: "in-place", 2: "documented"}
    texts = {}
    for index, path in enumerate(topic_pages(multi_site)):
        item = toolkit.topics[index].items[0].id
        _ready(page, path)
        for question in questions:
            answer(page, item, question, "no" if question == red[index] else "yes")
        texts[index] = f"Action of topic {index}, priority {questions.index(red[index]) + 1}"
        add_action(page, item, texts[index])
    _wait_until_stored(page, list(texts.values()))
    _ready(page, multi_site / "en" / "action-plan.html")
    on_screen = page.locator("#plan-rows textarea[data-column='what']")
    expect(on_screen).to_have_count(3)
    screen_order = [on_screen.nth(n).input_value() for n in range(3)]
    printed = re.sub(r"\s+", " ", _printed(page, "#print-plan", tmp_path / "plan.pdf"))
    by_priority = sorted(texts.values(), key=lambda text: text[-1])
    positions = [printed.find(text) for text in by_priority]
    assert -1 not in positions and positions == sorted(positions), (by_priority, printed[:600])
    assert [on_screen.nth(n).input_value() for n in range(3)] == screen_order


_CHART_GROUPS = """() => [...document.querySelectorAll('#chart > b')].map((label) => {
  const svg = label.nextElementSibling, box = label.getBoundingClientRect();
  const chart = svg.getBoundingClientRect();
  return [label.textContent, box.width > 0 && box.height > 0, box.bottom <= chart.top + 1,
          box.right <= innerWidth, svg.querySelectorAll('text.axis').length];
})"""


@pytest.mark.usefixtures("over_http")
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_combined_plan_chart_names_each_topic_over_its_rows(
    open_page: Callable[..., Page],
    multi_site: Path,
    toolkit: Toolkit,
    axe: Axe,
    viewport: dict[str, int],
) -> None:
    """Items are numbered within their topic: the combined plan's chart shows "1." once per
    topic, so each topic's rows stand under the topic's name, on screen and on paper."""
    page = open_page(viewport)
    page.add_init_script("window.print = () => {};")
    questions = _questions(toolkit)
    _ready(page, topic_pages(multi_site)[0])
    first = toolkit.topics[0].items[0].id
    answer(page, first, questions[0], "no")
    _wait_until_stored(page, [f'"{first}"'])
    _ready(page, multi_site / "en" / "action-plan.html")
    expect(page.locator("#chart svg")).to_have_count(len(toolkit.topics))
    # Each topic: its name, shown above its own rows (one axis label per question and per item).
    expected = [
        [topic.title, True, True, True, len(questions) + len(topic.items)]
        for topic in toolkit.topics
    ]
    assert page.evaluate(_CHART_GROUPS) == expected
    # Each chart is named by the chart's title and described item by item, each item with its
    # topic; the topic's name before it is read too.
    for index, topic in enumerate(toolkit.topics):
        svg = page.locator("#chart svg").nth(index)
        assert svg.get_attribute("aria-labelledby") == f"chart-title chart-desc-{index}"
        assert (svg.locator("desc").text_content() or "").startswith(topic.title + " \u2013 1. ")
    violations = [v["id"] for v in axe.run(page).response["violations"]]
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # On paper (the summary's print) every topic's name stays above its rows.
    page.click("#print-summary")
    page.emulate_media(media="print")
    assert page.evaluate(_CHART_GROUPS) == expected


@pytest.mark.usefixtures("over_http")
def test_combined_plan_downloads_every_topics_rows_as_csv(
    open_page: Callable[..., Page], multi_site: Path, toolkit: Toolkit, tmp_path: Path
) -> None:
    page = open_page()
    for index, path in enumerate(topic_pages(multi_site)):
        _ready(page, path)
        add_action(page, toolkit.topics[index].items[0].id, f"Action {index}")
    _wait_until_stored(page, [f"Action {index}" for index in range(len(toolkit.topics))])
    _ready(page, multi_site / "en" / "action-plan.html")
    expect(page.locator("#plan-rows tr")).to_have_count(len(toolkit.topics))
    with page.expect_download() as info:
        page.click("#download-csv")
    saved = tmp_path / "plan.csv"
    info.value.save_as(saved)
    text = saved.read_text("utf-8-sig")
    for index, topic in enumerate(toolkit.topics):
        assert f"Action {index}" in text and topic.items[0].title in text


# --- One storage for every page ---------------------------------------------------------


def _stored(page: Page) -> dict[str, object]:
    state: dict[str, object] = json.loads(
        page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY)
    )
    return state


@pytest.mark.usefixtures("over_http")
def test_two_tabs_answering_at_once_keep_each_others_answers(
    browser: Browser, multi_site: Path, toolkit: Toolkit
) -> None:
    """Two topics' pages and a second copy of one of them, open side by side in one browser,
    each answering in turn without a reload: none writes back an old copy over another's."""
    context = browser.new_context()
    try:
        questions = _questions(toolkit)
        pages = topic_pages(multi_site)
        tabs = [context.new_page() for _ in range(3)]
        for tab, path in zip(tabs, [pages[0], pages[1], pages[0]], strict=True):
            _ready(tab, path)
        first, second = toolkit.topics[0].items, toolkit.topics[1].items
        writes = [
            (tabs[0], first[0].id),
            (tabs[1], second[0].id),
            (tabs[2], first[1].id),
        ]
        for question in questions[:2]:
            for tab, item in writes:
                answer(tab, item, question, "partly")
        add_action(tabs[1], second[0].id, "From the second tab")
        tabs[0].fill(f"#action-{first[0].id}", "From the first tab")
        # The copy of the same page follows the other's answers without a reload.
        for item in (first[0].id, first[1].id):
            expect(
                tabs[2].locator(f"input[name='{item}--{questions[1]}'][value='partly']")
            ).to_be_checked()
        check = context.new_page()
        _ready(check, multi_site / "en" / "action-plan.html")
        items = _stored(check)["items"]
        assert isinstance(items, dict)
        for _tab, item in writes:
            assert items[item]["answers"] == dict.fromkeys(questions[:2], "partly"), item
        assert items[first[0].id]["action"] == "From the first tab"
        expect(check.locator("#plan-rows tr")).to_have_count(1)
    finally:
        context.close()


@pytest.mark.usefixtures("over_http")
def test_answers_stored_by_the_one_page_export_load_into_every_page(
    open_page: Callable[..., Page], multi_site: Path, toolkit: Toolkit
) -> None:
    """The single page stored one state under the toolkit's key: the site reads it as it is."""
    questions = _questions(toolkit)
    old = {
        "meta": {"service": "Checkpoint", "date": "2025-05-01", "participants": ""},
        "planning": False,
        "items": {
            topic.items[0].id: {
                "answers": {questions[0]: "no"},
                "reasons": {},
                "action": f"Old action {topic.id}",
                "fingerprint": "",
            }
            for topic in toolkit.topics
        },
        "plan": [
            {
                "item": topic.items[0].id,
                "origin": topic.items[0].id,
                "what": f"Old action {topic.id}",
                "who": "",
                "when": "",
                "whenDate": "",
                "monitoring": "",
                "status": "planned",
            }
            for topic in toolkit.topics
        ],
        "sort": "priority",
    }
    page = open_page()
    _ready(page, multi_site / "en" / "index.html")
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(old)]
    )
    for topic, path in zip(toolkit.topics, topic_pages(multi_site), strict=True):
        _ready(page, path)
        item = topic.items[0].id
        expect(page.locator(f"input[name='{item}--{questions[0]}'][value='no']")).to_be_checked()
        expect(page.locator(f"#action-{item}")).to_have_value(f"Old action {topic.id}")
        expect(page.locator("#plan-rows tr")).to_have_count(1)
    _ready(page, multi_site / "en" / "action-plan.html")
    expect(page.locator("#plan-rows tr")).to_have_count(len(toolkit.topics))
    expect(page.locator("#meta-service")).to_have_value("Checkpoint")


@pytest.mark.usefixtures("over_http")
def test_a_file_saved_by_the_one_page_export_loads_on_a_topics_page(
    open_page: Callable[..., Page], multi_site: Path, toolkit: Toolkit, tmp_path: Path
) -> None:
    questions = _questions(toolkit)
    first, second = toolkit.topics[0].items[0].id, toolkit.topics[1].items[0].id
    state = {
        "items": {
            first: {"answers": {questions[0]: "yes"}},
            second: {"answers": {questions[0]: "no"}},
        },
        "plan": [],
    }
    saved = answers_file(
        tmp_path / "old.json", state, toolkit="multi-toolkit", contentVersion="1.0.0"
    )
    page = open_page()
    pages = topic_pages(multi_site)
    _ready(page, pages[0])
    page.set_input_files("#import-answers", str(saved))
    expect(page.locator(f"input[name='{first}--{questions[0]}'][value='yes']")).to_be_checked()
    _ready(page, pages[1])
    expect(page.locator(f"input[name='{second}--{questions[0]}'][value='no']")).to_be_checked()


@pytest.mark.usefixtures("over_http")
def test_names_of_object_properties_are_never_taken_for_items_or_answers(
    open_page: Callable[..., Page], multi_site: Path, toolkit: Toolkit, tmp_path: Path
) -> None:
    questions = _questions(toolkit)
    item = toolkit.topics[0].items[0].id
    # JSON.parse makes "__proto__" an own key, as it does reading a hostile file.
    hostile_items = {
        name: {"answers": {questions[0]: "yes"}}
        for name in ("constructor", "__proto__", "toString")
    }
    stored = json.dumps(
        {
            "meta": {},
            "plan": [],
            "items": {**hostile_items, item: {"answers": {questions[0]: "yes"}}},
        }
    )
    page = open_page()
    _ready(page, multi_site / "en" / "index.html")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, stored])
    _ready(page, topic_pages(multi_site)[0])
    expect(page.locator(f"input[name='{item}--{questions[0]}'][value='yes']")).to_be_checked()
    expect(page.locator("#page-alert")).to_be_hidden()
    answer(page, item, questions[1], "no")
    items = _stored(page)["items"]
    assert isinstance(items, dict)
    assert sorted(items) == [item]
    # An answer named like a property of every object is no answer: the file is refused.
    for hostile in ("constructor", "toString", "__proto__"):
        state = {"items": {item: {"answers": {questions[0]: hostile}}}, "plan": []}
        path = answers_file(tmp_path / f"{hostile}.json", state, toolkit="multi-toolkit")
        page.set_input_files("#import-answers", str(path))
        expect(page.locator("#status")).to_contain_text(
            f"state.items.{item}.answers.{questions[0]}"
        )
    expect(page.locator(f"input[name='{item}--{questions[1]}'][value='no']")).to_be_checked()
