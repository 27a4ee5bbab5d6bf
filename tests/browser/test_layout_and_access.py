"""Layout at every width, and access by keyboard, screen reader and axe-core, in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import (
    HARM_REDUCTION,
    KNOWLEDGE,
    PARTICIPATION,
    add_action,
    answer,
    answers_file,
    first_topic_size,
    items_state,
    open_locale,
)

pytestmark = pytest.mark.browser

LONG_GERMAN = "Programmleitung und Qualitätsbeauftragte der Beratungsstelle"


def _filled(page: Page, site: Path, locale: str = "en") -> None:
    open_locale(page, site, locale)
    answer(page, KNOWLEDGE, "in-place", "partly")
    answer(page, KNOWLEDGE, "working", "not-applicable")
    page.fill(f"#reason-{KNOWLEDGE}--working", "We opened last month.\nToo early to tell.")
    add_action(page, KNOWLEDGE, "Schulungsprogramm für Mitarbeitende entwickeln")
    add_action(page, PARTICIPATION, "Peer-Beratende einbinden")
    page.fill("#plan-rows tr:first-child textarea[data-column='who']", LONG_GERMAN)


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
@pytest.mark.parametrize("width", [320, 390, 1366])
def test_never_scrolls_sideways(
    open_page: Callable[..., Page], site: Path, locale: str, width: int
) -> None:
    page = open_page({"width": width, "height": 800})
    _filled(page, site, locale)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px too wide at {width} px"
    # Nothing sticks out of the viewport either, hidden or not.
    outside = page.evaluate(
        """() => [...document.querySelectorAll('main *, .section-nav *')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 1
                     && !e.closest('.visually-hidden, .file-input, .skip-links'))
        .map(e => e.tagName + '.' + e.className)"""
    )
    assert outside == []


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_sort_buttons_never_overlap_on_a_phone(
    open_page: Callable[..., Page], site: Path, locale: str
) -> None:
    page = open_page(PHONE)
    _filled(page, site, locale)
    # One read of every box: the page may still be scrolling smoothly after the last fill.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.plan thead .sort')].map(e => {
            const r = e.getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
        })"""
    )
    assert len(boxes) == 4
    for i, first in enumerate(boxes):
        for second in boxes[i + 1 :]:
            apart = (
                first["x"] + first["width"] <= second["x"] + 0.5
                or second["x"] + second["width"] <= first["x"] + 0.5
                or first["y"] + first["height"] <= second["y"] + 0.5
                or second["y"] + second["height"] <= first["y"] + 0.5
            )
            assert apart, boxes


def test_section_bar_hides_what_scrolls_under_it(
    open_page: Callable[..., Page], site: Path
) -> None:
    page = open_page(PHONE)
    open_locale(page, site, "en")
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('.section-nav')).backgroundColor"
    )
    assert colour == "rgb(255, 255, 255)"


def test_plan_is_a_table_on_desktop(open_page: Callable[..., Page], site: Path) -> None:
    page = open_page(DESKTOP)
    _filled(page, site)
    row = page.locator("#plan-rows tr").first
    assert row.evaluate("e => getComputedStyle(e).display") == "table-row"
    expect(page.locator(".plan thead th").nth(2)).to_be_visible()
    expect(row.locator(".cell-label").nth(2)).to_be_hidden()
    # Roomy: the What column holds about 25 characters a line, even next to a long word.
    what = row.locator("textarea[data-column='what']").bounding_box()
    assert what is not None and what["width"] >= 200


def test_plan_is_stacked_cards_on_a_phone(open_page: Callable[..., Page], site: Path) -> None:
    page = open_page(PHONE)
    _filled(page, site)
    row = page.locator("#plan-rows tr").first
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    expect(row.locator(".who-cell .cell-label")).to_be_visible()
    expect(row.locator(".who-cell .cell-label")).to_have_text("Who will do it?")
    for name in ["what", "who", "when", "monitoring"]:
        box = row.locator(f"textarea[data-column='{name}']").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["width"] >= 250, name


def test_fields_grow_with_their_text_and_keep_words_whole(sized_page: Page, site: Path) -> None:
    _filled(sized_page, site, "de")
    who = sized_page.locator("#plan-rows tr:first-child textarea[data-column='who']")
    before = who.bounding_box()
    who.fill(LONG_GERMAN + "\n" + LONG_GERMAN + "\n" + LONG_GERMAN)
    after = who.bounding_box()
    assert before is not None and after is not None and after["height"] > before["height"] + 20
    assert who.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    # The longest word of each field fits on one line of it: words are never broken.
    too_narrow = sized_page.evaluate(
        """() => [...document.querySelectorAll('#plan-rows textarea')].filter(area => {
            const words = area.value.split(/\\s+/);
            const probe = document.createElement('span');
            probe.style.font = getComputedStyle(area).font;
            probe.style.position = 'absolute';
            document.body.appendChild(probe);
            const width = w => { probe.textContent = w; return probe.offsetWidth; };
            const widest = Math.max(...words.map(width));
            probe.remove();
            const style = getComputedStyle(area);
            const room = area.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            return widest > room;
        }).map(area => area.getAttribute('aria-label'))"""
    )
    assert too_narrow == []
    assert who.evaluate("e => getComputedStyle(e).wordBreak") == "normal"


def test_item_shows_as_text_in_the_plan(sized_page: Page, site: Path) -> None:
    _filled(sized_page, site)
    expect(sized_page.locator("#plan-rows select[data-column='item']")).to_have_count(0)
    expect(sized_page.locator("#plan-rows .item-name").first).to_have_text(
        "1. Knowledge about ChemSex"
    )


def test_questions_start_and_answers_line_up(open_page: Callable[..., Page], site: Path) -> None:
    page = open_page(DESKTOP)
    open_locale(page, site)
    item = page.locator(f"#item-{KNOWLEDGE}")
    tops = item.locator(".question").evaluate_all(
        "qs => qs.map(q => Math.round(q.getBoundingClientRect().top))"
    )
    answer_tops = item.locator(".answers").evaluate_all(
        "as => as.map(a => Math.round(a.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1 and len(tops) == 4
    assert len(set(answer_tops)) == 1, answer_tops


def test_not_applicable_reason_is_multi_line(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    answer(sized_page, KNOWLEDGE, "documented", "not-applicable")
    reason = sized_page.locator(f"#reason-{KNOWLEDGE}--documented")
    expect(reason).to_be_visible()
    assert reason.evaluate("e => e.tagName") == "TEXTAREA"
    reason.fill("Line one\nLine two\nLine three")
    expect(reason).to_have_value("Line one\nLine two\nLine three")
    assert reason.evaluate("e => e.scrollHeight <= e.clientHeight + 1")


def test_targets_are_at_least_24_px(sized_page: Page, site: Path) -> None:
    _filled(sized_page, site)
    small = sized_page.evaluate(
        """() => [...document.querySelectorAll(
              'button, input:not(.file-input), select, textarea, label.button, summary,'
              + ' .section-nav a, .languages a, .answer, .planning label')]
            .filter(e => e.getClientRects().length)
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.width < 24 || r.height < 24)
            .map(([e, r]) => `${e.tagName}#${e.id}.${e.className} ${r.width}x${r.height}`)"""
    )
    assert small == []


def test_focus_is_visible_on_every_control(open_page: Callable[..., Page], site: Path) -> None:
    page = open_page(DESKTOP)
    _filled(page, site)
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").focus()
    invisible: list[str] = []
    seen: set[str] = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """() => {
                const e = document.activeElement;
                const shown = e.classList.contains('file-input') ? e.nextElementSibling : e;
                const style = getComputedStyle(shown);
                const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
                const key = e.id || e.getAttribute('name') + ':' + e.value || e.textContent;
                return [key, ring || style.boxShadow !== 'none', e.tagName + '#' + e.id];
            }"""
        )
        if found[0] in seen and found[0]:
            continue
        seen.add(found[0])
        if not found[1]:
            invisible.append(found[2])
    assert len(seen) > 40
    assert invisible == []


def test_skip_links_reach_each_main_section(open_page: Callable[..., Page], site: Path) -> None:
    page = open_page(PHONE)
    open_locale(page, site)
    targets = []
    for _ in range(4):
        page.keyboard.press("Tab")
        link = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
        assert "skip-link" in link[0].split()
        targets.append(link[1])
    assert targets == ["#checklist", "#summary", "#action-plan", "#tools"]
    page.keyboard.press("Enter")
    expect(page.locator("#tools")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#tools') !== null")


def test_section_navigation_stays_at_hand(sized_page: Page, site: Path) -> None:
    _filled(sized_page, site)
    nav = sized_page.locator("nav.section-nav")
    sized_page.locator("#tools").scroll_into_view_if_needed()
    box = nav.bounding_box()
    assert box is not None and -1 <= box["y"] <= 1
    items, questions = first_topic_size()
    expect(nav.locator("#nav-progress")).to_have_text(f"2/{items * questions}")
    nav.locator("a[href='#action-plan']").click()
    # The heading lands below the bar, not under it (the scroll may be animated).
    sized_page.wait_for_function(
        """height => {
            const top = document.getElementById('plan-heading').getBoundingClientRect().top;
                      return top >= height && top < innerHeight / 2; }""",
        arg=box["height"],
    )


def test_reduced_motion_is_respected(open_page: Callable[..., Page], site: Path) -> None:
    calm = open_page(DESKTOP, reduced_motion="reduce")
    open_locale(calm, site)
    assert calm.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert (
        calm.evaluate("getComputedStyle(document.querySelector('.answer')).transitionDuration")
        == "0s"
    )
    lively = open_page(DESKTOP, reduced_motion="no-preference")
    open_locale(lively, site)
    assert lively.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"


def test_summary_chips_have_real_text(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    answer(sized_page, KNOWLEDGE, "in-place", "partly")
    chips = sized_page.locator("#ranking li").first.locator(".chip")
    expect(chips).to_have_count(4)
    expect(chips.nth(0)).to_have_text("◐Question 1: Partly")
    expect(chips.nth(0).locator(".visually-hidden")).to_have_text("Question 1: Partly")
    expect(chips.nth(1).locator(".visually-hidden")).to_have_text("Question 2: Not answered")
    expect(sized_page.locator("#chart-legend")).to_have_text(
        "✓ Yes · ◐ Partly · ✗ No · \u2013 Not applicable · ? Not answered"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_axe_finds_no_violation(
    open_page: Callable[..., Page],
    site: Path,
    axe: Axe,
    tmp_path: Path,
    viewport: dict[str, int],
    locale: str,
) -> None:
    page = open_page(viewport)
    _filled(page, site, locale)
    answer(page, KNOWLEDGE, "documented", "no")
    page.check("#planning")
    earlier = answers_file(
        tmp_path / "earlier.json", items_state({KNOWLEDGE: {"in-place": "no"}}, date="2025-03-01")
    )
    page.set_input_files("#load-baseline", str(earlier))
    member = answers_file(
        tmp_path / "ana.json",
        items_state({HARM_REDUCTION: {"in-place": "yes"}}, participants="Ana"),
    )
    other = answers_file(
        tmp_path / "ben.json", items_state({HARM_REDUCTION: {"in-place": "no"}}, participants="Ben")
    )
    page.set_input_files("#load-team", [str(member), str(other)])
    expect(page.locator("#team-list li")).to_have_count(1)
    page.click(f"#section-{KNOWLEDGE}-guidance summary")
    # The page's data carries only the strings its script names: none may be missing.
    expect(page.locator("body")).not_to_contain_text("undefined")
    results = axe.run(page)
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert violations == []
    assert results.response["testEngine"]["name"] == "axe-core"


# The counters at the top of the page and in the section bar.
COUNTERS = "#progress-text, .stats dt, .stats dd, .section-nav a, .nav-count, .item-meta"
# Each word of the elements a selector finds, with how many lines it is set on, and whether the
# element reaches past the screen's right edge.
WORDS_LINES = """selector => {
  const words = [];
  const past = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) { continue; }
    if (element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5) {
      past.push(element.textContent.trim());
    }
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((box) => Math.round(box.top)));
        words.push([match[0], tops.size]);
      }
    }
  }
  return { words: words, past: past };
}"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_counters_wrap_as_whole_words_on_phones(
    open_page: Callable[..., Page], site: Path, locale: str, width: int
) -> None:
    page = open_page({"width": width, "height": 800})
    open_locale(page, site, locale)
    answer(page, KNOWLEDGE, "in-place", "no")
    add_action(page, KNOWLEDGE, "Write a referral guide")
    found = page.evaluate(WORDS_LINES, COUNTERS)
    words = [word for word, _ in found["words"]]
    if locale == "de":
        # The word that broke as "Handlun/gsbedarf" is among those measured.
        assert "Handlungsbedarf" in words
    assert len(words) > 10
    assert [word for word, lines in found["words"] if lines != 1] == []
    assert found["past"] == []


# Targets the thumb must hit: the section bar, the languages, the plan's sort buttons, the link
# lists (the site's pages, the topic's links, the sources in the credits, the ranked items).
TARGETS = (
    ".section-nav a, .languages a, .plan th .sort, .site-nav a, .links li > a, .credits li > a,"
    " .ranking a"
)


@pytest.mark.parametrize("locale", ["en", "de"])
def test_bar_language_sort_and_list_links_are_44_px_tall_on_a_phone(
    open_page: Callable[..., Page], site: Path, locale: str
) -> None:
    page = open_page(PHONE)
    open_locale(page, site, locale)
    answer(page, KNOWLEDGE, "in-place", "no")
    add_action(page, KNOWLEDGE, "Write a referral guide")
    heights = page.locator(TARGETS).evaluate_all(
        "links => links.filter(a => a.getClientRects().length)"
        ".map(a => [a.textContent.trim(), a.getBoundingClientRect().height])"
    )
    kinds = page.locator(TARGETS).evaluate_all(
        "links => new Set(links.filter(a => a.getClientRects().length)"
        ".map(a => a.closest('.section-nav, .languages, .plan, .site-nav, .links, .credits,"
        " .ranking').className)).size"
    )
    assert kinds == 7
    assert [(text, height) for text, height in heights if height < 44] == []
