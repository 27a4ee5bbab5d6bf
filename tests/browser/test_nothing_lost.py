"""Nothing a team typed is lost: a load that would replace anything asks first and says what,
and every load, removal, settle or clearing can be undone (also after a reload), exactly; an
answer can be cleared on its own; "Not applicable" without a reason is marked; question groups
are named with their item and priority changes are read out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.browser.steps import (
    KNOWLEDGE,
    PARTICIPATION,
    add_action,
    answer,
    answers_file,
    items_state,
    open_locale,
    plan_row,
    reload_once_stored,
)

pytestmark = pytest.mark.browser

STORAGE_KEY = "chemsex-toolkit:msm-checkpoints-cbvct"


def _stored(page: Page) -> Any:
    return json.loads(page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY))


def _some_work(page: Page) -> Any:
    """A team's work on the page: a name, answers, a reason, an action in the plan."""
    page.fill("#meta-service", "Checkpoint Basel")
    answer(page, KNOWLEDGE, "in-place", "partly")
    answer(page, KNOWLEDGE, "documented", "not-applicable")
    page.fill(f"#reason-{KNOWLEDGE}--documented", "No counselling here")
    add_action(page, KNOWLEDGE, "Train the team")
    return _stored(page)


def _undo_after(page: Page, message: str) -> None:
    """Click the Undo button that follows the message ``message`` reports the change in."""
    page.locator(f"{message} + button.undo-inline").click()
    expect(page.locator(message)).to_have_text(re.compile(r"^Undone: "))


def test_a_load_asks_first_names_what_it_replaces_and_can_be_undone(
    sized_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(sized_page, site)
    before = _some_work(sized_page)
    other = answers_file(
        tmp_path / "other.json", items_state({PARTICIPATION: {"in-place": "yes"}}, service="Other")
    )
    asked: list[str] = []

    def refuse(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    sized_page.once("dialog", refuse)
    sized_page.set_input_files("#import-answers", str(other))
    expect(sized_page.locator("#status")).to_have_text("Nothing was loaded.")
    assert len(asked) == 1
    for part in ("answers: 2", "reasons and actions written: 2", "rows of the action plan: 1"):
        assert part in asked[0], asked[0]
    assert "the assessment's name and date" in asked[0]
    assert _stored(sized_page) == before

    sized_page.once("dialog", lambda dialog: dialog.accept())
    sized_page.set_input_files("#import-answers", str(other))
    expect(sized_page.locator("#status")).to_have_text("Answers loaded.")
    expect(sized_page.locator("#meta-service")).to_have_value("Other")
    expect(sized_page.locator("#plan-rows tr")).to_have_count(0)
    _undo_after(sized_page, "#status")
    assert _stored(sized_page) == before
    expect(sized_page.locator("#meta-service")).to_have_value("Checkpoint Basel")
    expect(sized_page.locator(f"#reason-{KNOWLEDGE}--documented")).to_have_value(
        "No counselling here"
    )
    expect(sized_page.locator("#plan-rows tr")).to_have_count(1)


def test_a_load_into_an_empty_page_asks_nothing(page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(page, site)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    other = answers_file(tmp_path / "a.json", items_state({KNOWLEDGE: {"in-place": "yes"}}))
    page.set_input_files("#import-answers", str(other))
    expect(page.locator("#status")).to_have_text("Answers loaded.")
    assert asked == []


@pytest.mark.usefixtures("over_http")
def test_the_way_back_survives_a_reload(page: Page, site: Path) -> None:
    open_locale(page, site)
    before = _some_work(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#clear-all")
    expect(page.locator("#plan-rows tr")).to_have_count(0)
    reload_once_stored(page, '"kind":"clear-all"')
    bar = page.locator("#undo")
    expect(bar).to_be_visible()
    expect(bar.locator("#undo-text")).to_contain_text("Everything cleared.")
    bar.get_by_role("button", name="Undo").click()
    expect(bar.locator("#undo-text")).to_have_text("Undone: Everything cleared.")
    expect(bar.get_by_role("button", name="Undo")).to_be_hidden()
    assert _stored(page) == before
    expect(page.locator("#plan-rows tr")).to_have_count(1)
    # Nothing is left to undo: the offer is gone, also for the next page.
    assert page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY + ":undo") is None


def test_a_removed_row_comes_back_as_it_was(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    add_action(sized_page, KNOWLEDGE, "Train the team")
    row = plan_row(sized_page, KNOWLEDGE)
    row.locator("textarea[data-column='who']").fill("Ana")
    row.locator("select[data-column='status']").select_option("in-progress")
    before = _stored(sized_page)
    row.get_by_role("button", name=re.compile("Remove")).click()
    expect(sized_page.locator("#plan-rows tr")).to_have_count(0)
    expect(sized_page.locator("#plan-feedback")).to_have_text("The row was removed.")
    _undo_after(sized_page, "#plan-feedback")
    assert _stored(sized_page) == before
    expect(sized_page.locator("#plan-rows textarea[data-column='who']")).to_have_value("Ana")


def test_undo_takes_back_only_what_the_change_touched(page: Page, site: Path) -> None:
    """An answer given after a removal stays when the removal is undone."""
    open_locale(page, site)
    add_action(page, KNOWLEDGE, "Train the team")
    plan_row(page, KNOWLEDGE).get_by_role("button", name=re.compile("Remove")).click()
    answer(page, PARTICIPATION, "in-place", "no")
    _undo_after(page, "#plan-feedback")
    expect(page.locator("#plan-rows tr")).to_have_count(1)
    assert _stored(page)["items"][PARTICIPATION]["answers"] == {"in-place": "no"}


def test_a_settled_disagreement_can_be_taken_back(page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(page, site)
    answer(page, KNOWLEDGE, "documented", "partly")
    ana = answers_file(
        tmp_path / "ana.json", items_state({KNOWLEDGE: {"documented": "no"}}, participants="Ana")
    )
    ben = answers_file(
        tmp_path / "ben.json", items_state({KNOWLEDGE: {"documented": "yes"}}, participants="Ben")
    )
    page.set_input_files("#load-team", [str(ana), str(ben)])
    expect(page.locator("#team-summary")).to_contain_text("To settle: 1; settled: 0.")
    before = _stored(page)
    page.locator("#team-list li").first.get_by_role("button", name="Settle on Yes").click()
    expect(page.locator(f"input[name='{KNOWLEDGE}--documented'][value='yes']")).to_be_checked()
    _undo_after(page, "#compare-status")
    assert _stored(page) == before
    expect(page.locator(f"input[name='{KNOWLEDGE}--documented'][value='partly']")).to_be_checked()
    expect(page.locator("#team-summary")).to_contain_text("To settle: 1; settled: 0.")


def test_loading_other_team_members_asks_first(page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(page, site)
    ana = answers_file(
        tmp_path / "ana.json", items_state({KNOWLEDGE: {"documented": "no"}}, participants="Ana")
    )
    page.set_input_files("#load-team", [str(ana)])
    expect(page.locator("#compare-status")).to_contain_text("Answers of 1 team members loaded.")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.set_input_files("#load-team", [str(ana)])
    expect(page.locator("#compare-status")).to_have_text("Nothing was loaded.")
    assert len(asked) == 1 and "(Ana)" in asked[0]


def test_team_members_of_no_name_are_told_apart_by_their_file(
    page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(page, site)
    files = [
        answers_file(
            tmp_path / f"{name}.json",
            items_state({KNOWLEDGE: {"documented": given}}, service="Checkpoint Basel"),
        )
        for name, given in (("morning", "no"), ("evening", "yes"))
    ]
    page.set_input_files("#load-team", [str(path) for path in files])
    expect(page.locator("#team-summary")).to_contain_text(
        "Checkpoint Basel (morning.json), Checkpoint Basel (evening.json)"
    )


def test_an_answer_can_be_cleared_on_its_own(page: Page, site: Path) -> None:
    open_locale(page, site)
    answer(page, KNOWLEDGE, "in-place", "no")
    answer(page, KNOWLEDGE, "documented", "yes")
    box = page.locator(f"#item-{KNOWLEDGE} .question[data-question='in-place']")
    clear = box.get_by_role("button", name=re.compile(r"^Clear answer"))
    expect(clear).to_have_accessible_name(re.compile(r"Knowledge about ChemSex, Question 1$"))
    clear.click()
    expect(box.locator("input:checked")).to_have_count(0)
    expect(clear).to_be_hidden()
    expect(page.locator(f"input[name='{KNOWLEDGE}--documented'][value='yes']")).to_be_checked()
    assert page.evaluate("document.activeElement.name") == f"{KNOWLEDGE}--in-place"
    assert _stored(page)["items"][KNOWLEDGE]["answers"] == {"documented": "yes"}
    expect(page.locator(f"#item-{KNOWLEDGE} .feedback")).to_have_text("The answer was cleared.")
    page.locator(f"#item-{KNOWLEDGE} .feedback + button.undo-inline").click()
    expect(page.locator(f"input[name='{KNOWLEDGE}--in-place'][value='no']")).to_be_checked()


def test_not_applicable_without_a_reason_is_marked_and_listed(page: Page, site: Path) -> None:
    open_locale(page, site)
    answer(page, KNOWLEDGE, "adapted", "not-applicable")
    reason = page.locator(f"#item-{KNOWLEDGE} .question[data-question='adapted'] .reason")
    expect(reason.locator(".reason-missing")).to_have_text("A reason is still missing.")
    field = page.locator(f"#reason-{KNOWLEDGE}--adapted")
    expect(field).to_have_accessible_description("A reason is still missing.")
    listed = page.locator("#missing-list li a")
    expect(listed).to_have_count(1)
    expect(listed).to_have_text("1. Knowledge about ChemSex \u2013 Question 3")
    assert listed.get_attribute("href") == f"#item-{KNOWLEDGE}"
    field.fill("We refer to a partner")
    expect(reason.locator(".reason-missing")).to_be_hidden()
    expect(page.locator("#missing-reasons")).to_be_hidden()
    expect(field).to_have_accessible_description("")


def test_planning_skipped_questions_show_as_skipped_in_the_summary(page: Page, site: Path) -> None:
    open_locale(page, site)
    page.check("#planning")
    answer(page, KNOWLEDGE, "in-place", "no")
    chips = page.locator("#ranking li").first.locator(".chip")
    expect(chips).to_have_count(4)
    expect(chips.nth(3)).to_have_class(re.compile(r"\bchip-skip\b"))
    expect(chips.nth(3)).to_contain_text("Left open while the service is being planned")
    expect(chips.nth(1)).to_contain_text("Not answered")


def test_each_question_group_is_named_with_its_item(page: Page, site: Path) -> None:
    open_locale(page, site)
    groups = page.get_by_role("radiogroup")
    count = groups.count()
    names = [
        groups.nth(index).evaluate("e => e.getAttribute('aria-labelledby')")
        for index in range(count)
    ]
    assert len(set(names)) == count
    expect(page.locator(f"#item-{KNOWLEDGE} [role=radiogroup]").first).to_have_accessible_name(
        re.compile(r"^1\. Knowledge about ChemSex .+\?$")
    )


def test_a_change_of_priority_is_read_out_politely(page: Page, site: Path) -> None:
    open_locale(page, site)
    region = page.locator("main [aria-live=polite]")
    answer(page, KNOWLEDGE, "documented", "no")
    expect(region).to_have_text("1. Knowledge about ChemSex \u2013 Priority: 2 \u2013 urgent")
    answer(page, KNOWLEDGE, "in-place", "partly")
    expect(region).to_have_text(re.compile(r"Priority: 1 "))
