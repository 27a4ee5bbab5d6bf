"""Paper: PDFs printed by Chromium from the page's own print buttons, read back with pypdf."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.paper import (
    SIDE_MM,
    Sheet,
    body_fill,
    cut_at_the_right,
    ink_box,
    mm,
    render,
    tick_boxes,
    vertical_rules,
)
from tests.browser.steps import (
    HARM_REDUCTION,
    KNOWLEDGE,
    PARTICIPATION,
    QUESTIONS,
    add_action,
    answer,
    first_topic_size,
    open_locale,
    plan_row,
)

pytestmark = pytest.mark.browser

REASON = (
    "We opened the drop-in evening three weeks ago. Nobody has used the new referral route yet,"
    " so we cannot tell whether it works; we will look again after six months of running it,"
    " together with the two partner clinics and the peer volunteers who staff the evening."
)
ACTION = (
    "Write a one-page referral guide with the addresses and opening hours of the two partner"
    " clinics, test it with three peer volunteers, and put it on the wall of every testing room."
)


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def printing_page(request: pytest.FixtureRequest, open_page: Callable[..., Page]) -> Page:
    """A page whose print dialog is recorded instead of opened (Chromium prints by page.pdf)."""
    page: Page = open_page(request.param)
    page.add_init_script(
        "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
    )
    return page


def _print(page: Page, button: str | None, path: Path) -> list[str]:
    if button:
        page.click(button)
        assert page.evaluate("window.__printed") >= 1
    page.pdf(path=str(path), format="A4")
    if button:
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert page.evaluate("document.body.className") == ""
    return [page_.extract_text() for page_ in PdfReader(path).pages]


def _flat(text: str) -> str:
    """Text as read, whatever the lines and ligatures (ﬀ) the PDF was set with."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def _name_it(page: Page) -> None:
    page.fill("#meta-service", "Checkpoint Zürich")
    page.fill("#meta-date", "2026-03-12")


def test_blank_form_has_every_option_as_a_tick_box(
    printing_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(printing_page, site)
    answer(printing_page, KNOWLEDGE, "in-place", "yes")
    pages = _print(printing_page, "#print-blank", tmp_path / "blank.pdf")
    text = "\n".join(pages)
    # Blank even when the browser holds answers: every option of every question of every item.
    items, questions = first_topic_size()
    total = items * questions
    assert text.count("Partly") == total and _flat(text).count("Not applicable") == total
    assert _flat(text).count("Why does this question not apply?") == total
    assert all("Service name: ______________" in page for page in pages)
    printing_page.emulate_media(media="print")
    printing_page.evaluate("document.body.classList.add('print-blank')")
    box = printing_page.locator(f"input[name='{KNOWLEDGE}--in-place'][value='yes']")
    expect(box).to_be_visible()
    assert box.evaluate("e => getComputedStyle(e).appearance") == "none"
    assert box.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"


def test_printed_checklist_in_full_with_a_header_on_every_page(
    printing_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(printing_page, site)
    _name_it(printing_page)
    answer(printing_page, KNOWLEDGE, "in-place", "partly")
    answer(printing_page, KNOWLEDGE, "working", "not-applicable")
    printing_page.fill(f"#reason-{KNOWLEDGE}--working", REASON)
    add_action(printing_page, KNOWLEDGE, ACTION)
    pages = _print(printing_page, "#print-checklist", tmp_path / "checklist.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Checkpoint Zürich · March 12, 2026" in text, number
        assert f"{number} / {len(pages)}" in text
    flat = _flat(" ".join(pages))
    assert REASON in flat
    assert ACTION in flat
    assert "Priority: 1 \u2013 most urgent" in flat
    # Answered questions show their answer only; the 18 unanswered ones all four options.
    assert flat.count("Not applicable") == 1 + 18 and flat.count("Partly") == 1 + 18
    assert "Save answers to a file" not in flat and "Remove" not in flat


def test_colours_are_forced_and_symbols_carry_the_meaning(printing_page: Page, site: Path) -> None:
    open_locale(printing_page, site)
    answer(printing_page, KNOWLEDGE, "in-place", "no")
    printing_page.emulate_media(media="print")
    chip = printing_page.locator(f".question:has(input[name='{KNOWLEDGE}--in-place']) .chip-red")
    expect(chip).to_be_visible()
    assert chip.evaluate("e => getComputedStyle(e).printColorAdjust") == "exact"
    assert chip.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(176, 42, 30)"
    expect(chip).to_have_text("✗")
    label = printing_page.locator(
        f".question:has(input[name='{KNOWLEDGE}--in-place']) .answer-red .answer-label"
    )
    expect(label).to_be_visible()
    expect(label).to_have_text("No")


def test_headings_stay_with_what_follows(printing_page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(printing_page, site)
    for item in [KNOWLEDGE, PARTICIPATION, HARM_REDUCTION]:
        for question in QUESTIONS:
            answer(printing_page, item, question, "partly")
        add_action(printing_page, item, ACTION)
    headings = {
        _flat(text).strip()
        for text in printing_page.locator("main h1, main h2, main h3").all_text_contents()
        if text.strip()
    }
    pages = _print(printing_page, None, tmp_path / "all.pdf")
    assert len(pages) >= 4
    for text in pages[:-1]:
        lines = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not re.fullmatch(r"\d+ / \d+", line.strip())
        ]
        body = [line for line in lines if "Support for ChemSex users ·" not in line]
        assert body[-1] not in headings, body[-3:]
    printing_page.emulate_media(media="print")
    assert printing_page.evaluate("getComputedStyle(document.querySelector('h3')).breakAfter") == (
        "avoid"
    )


def test_resources_print_with_their_addresses(
    printing_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(printing_page, site)
    urls = printing_page.locator(".resources a[href^='http']").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert len(urls) >= 5
    flat = re.sub(r"\s+", "", " ".join(_print(printing_page, None, tmp_path / "page.pdf")))
    missing = [url for url in urls if url.rstrip("/").lower() not in flat.lower()]
    assert missing == []


def test_translation_notice_is_printed(printing_page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(printing_page, site, "de")
    notice = printing_page.locator(".translation-notice").first.text_content() or ""
    assert notice
    pages = _print(printing_page, "#print-plan", tmp_path / "plan.pdf")
    assert all(_flat(notice) in _flat(text) for text in pages)


def test_printed_plan_has_priority_status_and_full_text(
    printing_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(printing_page, site)
    _name_it(printing_page)
    answer(printing_page, PARTICIPATION, "in-place", "no")
    add_action(printing_page, PARTICIPATION, ACTION)
    row = plan_row(printing_page, PARTICIPATION)
    row.locator("textarea[data-column='who']").fill("Volunteer coordinator")
    row.locator("select[data-column='status']").select_option("in-progress")
    pages = _print(printing_page, "#print-plan", tmp_path / "plan.pdf")
    flat = _flat(" ".join(pages))
    assert "Checkpoint Zürich · March 12, 2026" in pages[0]
    assert ACTION in flat and "Volunteer coordinator" in flat
    assert "1 \u2013 most urgent" in flat and "In progress" in flat and "Priority" in flat
    assert "Remove" not in flat and "Knowledge about ChemSex" not in flat


def test_summary_report_fits_on_one_page(printing_page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(printing_page, site)
    _name_it(printing_page)
    printing_page.fill("#meta-participants", "Ana (coordinator), Ben (peer worker), Chloé (nurse)")
    for item in printing_page.locator("article.item").evaluate_all(
        "items => items.map(i => i.dataset.item)"
    ):
        for question in QUESTIONS:
            answer(printing_page, item, question, "no")
        add_action(printing_page, item, ACTION)
    pages = _print(printing_page, "#print-summary", tmp_path / "summary.pdf")
    assert len(pages) == 1
    flat = _flat(pages[0])
    assert "Checkpoint Zürich · March 12, 2026" in flat
    assert "Ana (coordinator), Ben (peer worker), Chloé (nurse)" in flat
    items, questions = first_topic_size()
    assert f"{items * questions} of {items * questions} questions answered" in flat
    assert flat.count("Priority: 1 \u2013 most urgent") == items
    assert "Items needing action" in flat and "Actions planned" in flat


# --- Paper as good as the page: the plan's table, page breaks, the blank form ---------------

LOCALES = ["en", "de", "fr"]


def _body(page: Page, text: str) -> str:
    """A printed page's text, bare (see `_bare`), without what the page's margin boxes add to
    every page: the header the screen sets (that of every mode but the blank form), the notice
    and the page's number."""
    header = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--print-header')"
    )
    margins = [_bare(json.loads(header))]
    margins += [_bare(notice) for notice in page.locator(".translation-notice").all_text_contents()]
    bare = _bare(text)
    for margin in margins:
        bare = bare.replace(margin, "")
    return re.sub(r"\d+/\d+", "", bare)


def _bare(text: str) -> str:
    """Text without any space: a PDF's lines break where the table's cells are narrow, also
    after a word's own hyphen ("one-page"), which reads back as "one- page"."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _in_order(text: str, parts: list[str]) -> bool:
    """Each of ``parts`` appears in ``text``, each after the one before."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def _plan_headings(page: Page) -> list[str]:
    return [_bare(text) for text in page.locator("#action-plan thead th").all_text_contents()]


def _title_only(page: Page, body: str) -> bool:
    """Whether a printed page holds nothing but the page's title, notices and section headings."""
    rest = body
    for node in page.locator("main h1, main h2, .translation-notice").all_text_contents():
        rest = rest.replace(_bare(node), "")
    return not rest


def _plan_of_pages(page: Page) -> tuple[dict[str, str], list[str]]:
    """A plan of several pages: an action for each of three items, of priorities 3, 1 and 2 in
    the items' order (the paper must put them 1, 2, 3), then six long rows of no item. Returns
    the items' actions and the other rows' texts."""
    for item, question in [
        (KNOWLEDGE, "adapted"),
        (PARTICIPATION, "in-place"),
        (HARM_REDUCTION, "documented"),
    ]:
        for other in QUESTIONS:
            answer(page, item, other, "no" if other == question else "yes")
    steps = {
        KNOWLEDGE: f"Step K. {ACTION}",
        PARTICIPATION: f"Step P. {ACTION}",
        HARM_REDUCTION: f"Step H. {ACTION}",
    }
    for item, text in steps.items():
        add_action(page, item, text)
    # Rows of no item come after every item's, and enough of them for a second page.
    extra = [f"Extra row {n}. {ACTION} {REASON}" for n in range(1, 7)]
    for text in extra:
        page.click("#add-row")
        page.locator("#plan-rows tr:last-child textarea[data-column='what']").fill(text)
    return steps, extra


@pytest.mark.parametrize("locale", LOCALES)
def test_printed_plan_is_a_table_by_priority_with_its_headings_on_every_page(
    printing_page: Page, site: Path, tmp_path: Path, locale: str
) -> None:
    open_locale(printing_page, site, locale)
    steps, extra = _plan_of_pages(printing_page)
    # The screen shows the plan in the items' order; the paper goes by priority anyway.
    printing_page.click("th[data-sort='item'] button")
    headings = _plan_headings(printing_page)
    assert len(headings) == 7 and all(headings), headings
    pages = _print(printing_page, "#print-plan", tmp_path / "plan.pdf")
    assert len(pages) >= 2
    bodies = [_body(printing_page, text) for text in pages]
    for number, body in enumerate(bodies, start=1):
        # The headings repeat over each page's rows, in the columns' order.
        assert _in_order(body, headings), (number, headings, body[:300])
        assert not _title_only(printing_page, body), number
    whole = "".join(bodies)
    order = [steps[PARTICIPATION], steps[HARM_REDUCTION], steps[KNOWLEDGE], *extra]
    assert _in_order(whole, [_bare(text) for text in order])
    # No row is cut in two: each row's text is on one page.
    for text in [*steps.values(), *extra]:
        assert sum(_bare(text) in body for body in bodies) == 1, text
    # The screen keeps the order it had.
    assert printing_page.get_attribute("th[data-sort='item']", "aria-sort") == "ascending"
    first = printing_page.locator("#plan-rows tr").first.locator("textarea[data-column='what']")
    expect(first).to_have_value(steps[KNOWLEDGE])


@pytest.mark.parametrize("locale", LOCALES)
def test_printed_checklist_keeps_item_headings_whole_and_with_their_questions(
    printing_page: Page, site: Path, tmp_path: Path, locale: str
) -> None:
    open_locale(printing_page, site, locale)
    answer(printing_page, KNOWLEDGE, "in-place", "partly")
    add_action(printing_page, KNOWLEDGE, ACTION)
    titles = [_bare(text) for text in printing_page.locator("article.item h3").all_text_contents()]
    first_question = _bare(printing_page.locator(".q-text").first.text_content() or "")
    pages = _print(printing_page, "#print-checklist", tmp_path / "checklist.pdf")
    bodies = [_body(printing_page, text) for text in pages]
    for number, body in enumerate(bodies, start=1):
        assert not _title_only(printing_page, body), number
    for title in titles:
        holding = [body for body in bodies if title in body]
        assert len(holding) == 1, title
        assert first_question in holding[0].split(title, 1)[1], title


@pytest.mark.parametrize("locale", LOCALES)
def test_blank_form_fits_items_together_and_ends_with_participants_and_plan(
    printing_page: Page, site: Path, tmp_path: Path, locale: str
) -> None:
    open_locale(printing_page, site, locale)
    titles = [_bare(text) for text in printing_page.locator("article.item h3").all_text_contents()]
    participants = _bare(printing_page.locator(".participants").text_content() or "")
    headings = _plan_headings(printing_page)
    pages = _print(printing_page, "#print-blank", tmp_path / "blank.pdf")
    bodies = [_body(printing_page, text) for text in pages]
    first = next(body for body in bodies if any(title in body for title in titles))
    assert sum(title in first for title in titles) >= 2
    # Fewer pages than items: no longer a page each.
    assert len(pages) < len(titles) + 1
    last = bodies[-1]
    assert _in_order(last, [participants, *headings]), last[-400:]
    assert not any(title in last.split(participants, 1)[1] for title in titles)
    printing_page.emulate_media(media="print")
    printing_page.evaluate("document.body.classList.add('print-blank')")
    rows = printing_page.locator("#blank-plan tbody tr")
    assert rows.count() >= 3
    expect(rows.first).to_be_visible()
    assert rows.first.locator("td").count() == len(headings)
    assert rows.first.locator("td").first.evaluate("e => e.getBoundingClientRect().height") >= 30


# --- Paper as its reader sees it: the printed PDFs rendered to page images ---------------------


def _sheets(page: Page, button: str, tmp_path: Path) -> list[Sheet]:
    """The page printed by ``button``, rendered to images as the paper looks."""
    name = button.removeprefix("#")
    _print(page, button, tmp_path / f"{name}.pdf")
    return render(tmp_path / f"{name}.pdf", tmp_path / name)


def _assert_a4(sheets: list[Sheet]) -> None:
    """Every page is an A4 sheet upright: 210 mm by 297 mm."""
    for sheet in sheets:
        ratio = sheet.width / sheet.height
        assert abs(ratio - 210 / 297) < 0.005, f"page {sheet.number}: {sheet.width}x{sheet.height}"


def _assert_ruled_table(sheets: list[Sheet], columns: int) -> None:
    """Every page draws the plan as one table: between its outer edges at least ``columns`` - 1
    vertical rules at least 20 mm long (a short last row is still longer), at the same places on
    every page as the columns go on. Rows printed as stacked cards have only their two sides."""
    least = mm(20)
    first: list[int] | None = None
    for sheet in sheets:
        rules = vertical_rules(sheet, least)
        inner = rules[1:-1]
        assert len(inner) >= columns - 1, (
            f"page {sheet.number}: {len(inner)} column rules inside the table, at x = {inner},"
            f" for {columns} columns"
        )
        if first is None:
            first = rules
        assert len(rules) == len(first) and all(
            abs(x - y) <= 1 for x, y in zip(rules, first, strict=True)
        ), f"page {sheet.number}: rules at x = {rules}, on page 1 at x = {first}"


def _assert_no_page_nearly_empty(sheets: list[Sheet]) -> None:
    """Every page but the last is used at least down to the middle of its body (between the top
    margin with its header and the bottom one with the page's number): no page goes to the
    printer with only a title, a heading or one short row on it. Seen in the three languages:
    0.59 of the body at least, on a German plan whose long rows fit one a page, else 0.84 to 1."""
    for sheet in sheets[:-1]:
        fill = body_fill(sheet)
        assert fill >= 0.5, f"page {sheet.number} of {len(sheets)} is used down to {fill:.0%} only"


def _assert_inside_side_margins(sheets: list[Sheet]) -> None:
    """Nothing is cut off at the right and nothing printed in the side margins: no ink in the
    left and right margins (14 mm, less a millimetre for the rounding to whole pixels), and
    at the right edge of the text's width only the sides of boxes and the ends of rules and lines,
    never letters. Chromium shrinks a page too wide for the paper only so far, then cuts what is
    still too wide at that edge: a long word, cell or table runs off the paper there."""
    inside = mm(SIDE_MM - 1)
    for sheet in sheets:
        left, _, right, _ = ink_box(sheet)
        assert left >= inside, f"page {sheet.number}: ink {left} px from the left edge"
        assert right <= sheet.width - inside, (
            f"page {sheet.number}: ink {sheet.width - right} px from the right edge"
        )
        cut = cut_at_the_right(sheet)
        assert not cut, f"page {sheet.number}: cut off at the right edge in the rows {cut[:10]}"


def _assert_full_width(sheets: list[Sheet]) -> None:
    """Every page is printed at its full size: the sides of its widest box (the plan's table, an
    item's frame) are at the margins, within a millimetre. Chromium shrinks a page that is too
    wide for the paper as a whole, so that something too wide makes every letter smaller and
    leaves a band of paper on the right."""
    left, right = mm(SIDE_MM), sheets[0].width - mm(SIDE_MM)
    for sheet in sheets:
        rules = vertical_rules(sheet, mm(20))
        assert rules, f"page {sheet.number}: no box or table drawn"
        assert abs(rules[0] - left) <= mm(1) and abs(rules[-1] + 1 - right) <= mm(1), (
            f"page {sheet.number}: its box spans x = {rules[0]} to {rules[-1]},"
            f" the text's width {left} to {right}"
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_printed_plan_looks_a_table_on_full_a4_pages(
    printing_page: Page, site: Path, tmp_path: Path, locale: str
) -> None:
    open_locale(printing_page, site, locale)
    _plan_of_pages(printing_page)
    columns = len(_plan_headings(printing_page))
    sheets = _sheets(printing_page, "#print-plan", tmp_path)
    assert len(sheets) >= 2
    _assert_a4(sheets)
    _assert_inside_side_margins(sheets)
    _assert_full_width(sheets)
    _assert_ruled_table(sheets, columns)
    _assert_no_page_nearly_empty(sheets)


@pytest.mark.parametrize("locale", LOCALES)
def test_printed_checklist_looks_full_and_inside_the_margins(
    printing_page: Page, site: Path, tmp_path: Path, locale: str
) -> None:
    open_locale(printing_page, site, locale)
    _plan_of_pages(printing_page)
    answer(printing_page, KNOWLEDGE, "working", "not-applicable")
    printing_page.fill(f"#reason-{KNOWLEDGE}--working", REASON)
    sheets = _sheets(printing_page, "#print-checklist", tmp_path)
    assert len(sheets) >= 2
    _assert_a4(sheets)
    _assert_no_page_nearly_empty(sheets)
    _assert_inside_side_margins(sheets)
    _assert_full_width(sheets)
    # Answered questions print their answer; the others a tick box for each option.
    open_boxes = printing_page.locator(".question:not(.answered) input[type='radio']").count()
    assert open_boxes > 0
    counts = [tick_boxes(sheet) for sheet in sheets]
    assert sum(counts) == open_boxes, f"{sum(counts)} tick boxes for {open_boxes}, a page: {counts}"


@pytest.mark.parametrize("locale", LOCALES)
def test_blank_form_looks_a_tick_box_for_every_option(
    printing_page: Page, site: Path, tmp_path: Path, locale: str
) -> None:
    open_locale(printing_page, site, locale)
    answer(printing_page, KNOWLEDGE, "in-place", "yes")
    options = printing_page.locator("article.item input[type='radio']").count()
    sheets = _sheets(printing_page, "#print-blank", tmp_path)
    _assert_a4(sheets)
    _assert_no_page_nearly_empty(sheets)
    _assert_inside_side_margins(sheets)
    _assert_full_width(sheets)
    counts = [tick_boxes(sheet) for sheet in sheets]
    # Blank even when the browser holds answers: every option of every question a box.
    assert sum(counts) == options, (
        f"{sum(counts)} tick boxes for {options} options, a page: {counts}"
    )
    assert all(counts[:-1]), f"a page of items without a tick box: {counts}"
