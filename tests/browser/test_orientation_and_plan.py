"""Progress, urgency, feedback and the action plan, at phone and desktop widths."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import (
    HARM_REDUCTION,
    KNOWLEDGE,
    PARTICIPATION,
    add_action,
    answer,
    download,
    first_topic_size,
    open_locale,
    plan_row,
    reload_once_stored,
)

pytestmark = pytest.mark.browser


def test_progress_overall_and_per_item(sized_page: Page, site: Path) -> None:
    items, questions = first_topic_size()
    total = items * questions
    open_locale(sized_page, site)
    expect(sized_page.locator("#progress-text")).to_have_text(f"0 of {total} questions answered")
    answer(sized_page, KNOWLEDGE, "in-place", "yes")
    answer(sized_page, KNOWLEDGE, "documented", "not-applicable")
    answer(sized_page, PARTICIPATION, "adapted", "no")
    expect(sized_page.locator("#progress-text")).to_have_text(f"3 of {total} questions answered")
    expect(sized_page.locator("#progress-bar")).to_have_attribute("value", "3")
    expect(sized_page.locator(f"#item-{KNOWLEDGE} .item-progress")).to_have_text(
        f"2 of {questions} answered"
    )
    expect(sized_page.locator(f"#item-{PARTICIPATION} .item-progress")).to_have_text(
        f"1 of {questions} answered"
    )
    expect(sized_page.locator("#nav-progress")).to_have_text(f"3/{total}")


def test_summary_near_the_top_counts_what_matters(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    answer(sized_page, KNOWLEDGE, "in-place", "partly")
    answer(sized_page, PARTICIPATION, "working", "no")
    add_action(sized_page, KNOWLEDGE, "Train the team")
    plan_row(sized_page, KNOWLEDGE).locator("select[data-column='status']").select_option("done")
    expect(sized_page.locator("#stat-needs")).to_have_text("2")
    expect(sized_page.locator("#stat-planned")).to_have_text("1")
    expect(sized_page.locator("#stat-done")).to_have_text("1")
    # Near the top: before the introduction and the checklist.
    overview = sized_page.locator("#overview").bounding_box()
    checklist = sized_page.locator("#checklist").bounding_box()
    assert overview is not None and checklist is not None
    assert overview["y"] < checklist["y"] and overview["y"] < 400


def test_urgency_shows_at_each_item(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    badge = sized_page.locator(f"#item-{KNOWLEDGE} .badge.priority")
    expect(badge).to_have_text("Priority: not assessed yet")
    answer(sized_page, KNOWLEDGE, "in-place", "yes")
    answer(sized_page, KNOWLEDGE, "documented", "yes")
    answer(sized_page, KNOWLEDGE, "adapted", "yes")
    answer(sized_page, KNOWLEDGE, "working", "partly")
    expect(badge).to_have_text("Priority: 4 \u2013 when possible")
    answer(sized_page, KNOWLEDGE, "documented", "no")
    expect(badge).to_have_text("Priority: 2 \u2013 urgent")
    answer(sized_page, KNOWLEDGE, "in-place", "partly")
    expect(badge).to_have_text("Priority: 1 \u2013 most urgent")
    for question in ["in-place", "documented", "working"]:
        answer(sized_page, KNOWLEDGE, question, "yes")
    expect(badge).to_have_text("Priority: no improvement needed")


def test_feedback_next_to_the_button_with_a_link_to_the_row(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    add_action(sized_page, KNOWLEDGE, "Write a training plan")
    feedback = sized_page.locator(f"#item-{KNOWLEDGE} .feedback")
    expect(feedback).to_contain_text("Added to the action plan.")
    button = sized_page.locator(f"button.add-to-plan[data-item='{KNOWLEDGE}']").bounding_box()
    near = feedback.bounding_box()
    assert button is not None and near is not None
    assert abs(near["y"] - button["y"]) < 120
    feedback.locator("a").click()
    row = sized_page.locator("#plan-rows tr").first
    expect(row).to_be_in_viewport()
    expect(row.locator("textarea[data-column='what']")).to_have_value("Write a training plan")


def test_button_shows_the_action_is_in_the_plan_and_never_duplicates(
    sized_page: Page, site: Path
) -> None:
    open_locale(sized_page, site)
    button = sized_page.locator(f"button.add-to-plan[data-item='{KNOWLEDGE}']")
    sized_page.click(f"button.add-to-plan[data-item='{KNOWLEDGE}']")
    expect(sized_page.locator(f"#item-{KNOWLEDGE} .feedback")).to_have_text(
        "Write the action first, then add it."
    )
    expect(sized_page.locator("#plan-rows tr")).to_have_count(0)
    expect(sized_page.locator(f"#action-{KNOWLEDGE}")).to_be_focused()
    add_action(sized_page, KNOWLEDGE, "Write a training plan")
    expect(button).to_have_text("In the action plan")
    button.click()
    expect(sized_page.locator(f"#item-{KNOWLEDGE} .feedback")).to_contain_text(
        "already in the action plan"
    )
    expect(sized_page.locator("#plan-rows tr")).to_have_count(1)


def test_a_changed_action_offers_to_update_its_row(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    add_action(sized_page, KNOWLEDGE, "Write a training plan")
    sized_page.fill(f"#action-{KNOWLEDGE}", "Write a training plan with the peer team")
    button = sized_page.locator(f"button.add-to-plan[data-item='{KNOWLEDGE}']")
    expect(button).to_have_text("Update the action plan")
    button.click()
    expect(sized_page.locator(f"#item-{KNOWLEDGE} .feedback")).to_contain_text(
        "The action plan was updated."
    )
    rows = sized_page.locator("#plan-rows tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("textarea[data-column='what']")).to_have_value(
        "Write a training plan with the peer team"
    )
    expect(button).to_have_text("In the action plan")
    # Editing the row edits the item's action: one text, never two that drift apart.
    rows.first.locator("textarea[data-column='what']").fill("Plan training in May")
    expect(sized_page.locator(f"#action-{KNOWLEDGE}")).to_have_value("Plan training in May")
    expect(button).to_have_text("In the action plan")


def test_removing_the_row_lets_the_action_be_added_again(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    add_action(sized_page, KNOWLEDGE, "Write a training plan")
    sized_page.click("#plan-rows button[data-remove]")
    expect(sized_page.locator("#plan-rows tr")).to_have_count(0)
    expect(sized_page.locator("#plan-feedback")).to_have_text("The row was removed.")
    expect(sized_page.locator("#add-row")).to_be_focused()
    expect(sized_page.locator(f"button.add-to-plan[data-item='{KNOWLEDGE}']")).to_have_text(
        "Add to action plan"
    )


@pytest.mark.usefixtures("over_http")
def test_plan_has_a_priority_column_and_is_sorted_by_it(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    answer(sized_page, KNOWLEDGE, "working", "no")
    answer(sized_page, PARTICIPATION, "in-place", "partly")
    answer(sized_page, HARM_REDUCTION, "documented", "no")
    add_action(sized_page, KNOWLEDGE, "A")
    add_action(sized_page, PARTICIPATION, "B")
    add_action(sized_page, HARM_REDUCTION, "C")
    names = sized_page.locator("#plan-rows .item-name")
    expect(names).to_have_text(
        [
            "2. Access to and participation of ChemSex users in developing and providing services",
            "3. Targeted harm reduction, counselling and support for ChemSex users",
            "1. Knowledge about ChemSex",
        ]
    )
    expect(sized_page.locator("#plan-rows .priority-cell .badge")).to_have_text(
        ["1 \u2013 most urgent", "2 \u2013 urgent", "4 \u2013 when possible"]
    )
    expect(sized_page.locator("th[data-sort='priority']")).to_have_attribute(
        "aria-sort", "ascending"
    )
    sized_page.click("button.sort[data-sort='item']")
    expect(names.first).to_have_text("1. Knowledge about ChemSex")
    expect(sized_page.locator("th[data-sort='item']")).to_have_attribute("aria-sort", "ascending")
    # The order chosen survives a reload.
    reload_once_stored(sized_page, '"sort":"item"')
    expect(names.first).to_have_text("1. Knowledge about ChemSex")


@pytest.mark.usefixtures("over_http")
def test_actions_have_a_status_and_a_when_of_date_or_text(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    add_action(sized_page, KNOWLEDGE, "A")
    add_action(sized_page, PARTICIPATION, "B")
    first = plan_row(sized_page, KNOWLEDGE)
    second = plan_row(sized_page, PARTICIPATION)
    status = first.locator("select[data-column='status']")
    expect(status).to_have_value("planned")
    expect(status.locator("option")).to_have_text(["Not started", "In progress", "Done"])
    status.select_option("in-progress")
    first.locator("input[data-column='whenDate']").fill("2026-06-30")
    expect(first.locator("textarea[data-column='when']")).to_have_value("June 30, 2026")
    second.locator("textarea[data-column='when']").fill("after the summer")
    sized_page.click("button.sort[data-sort='when']")
    whens = sized_page.locator("#plan-rows textarea[data-column='when']")
    expect(whens.nth(0)).to_have_value("June 30, 2026")
    expect(whens.nth(1)).to_have_value("after the summer")
    sized_page.click("button.sort[data-sort='status']")
    reload_once_stored(sized_page, '"sort":"status"')
    selects = sized_page.locator("#plan-rows select[data-column='status']")
    expect(selects.nth(0)).to_have_value("planned")
    expect(selects.nth(1)).to_have_value("in-progress")


@pytest.mark.usefixtures("over_http")
def test_dates_follow_the_locale(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site, "de")
    add_action(sized_page, KNOWLEDGE, "Schulung")
    plan_row(sized_page, KNOWLEDGE).locator("input[data-column='whenDate']").fill("2026-06-30")
    expect(plan_row(sized_page, KNOWLEDGE).locator("textarea[data-column='when']")).to_have_value(
        "30. Juni 2026"
    )
    sized_page.goto(sized_page.url.replace("/de/", "/fr/"))
    expect(sized_page.locator("#plan-rows textarea[data-column='when']").first).to_have_value(
        "30. Juni 2026"
    )
    sized_page.fill("#meta-date", "2026-03-12")
    expect(sized_page.locator("#summary-meta")).to_have_text("12 mars 2026")


@pytest.mark.usefixtures("over_http")
def test_still_being_planned_leaves_question_four_out(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    answer(sized_page, KNOWLEDGE, "in-place", "yes")
    answer(sized_page, KNOWLEDGE, "documented", "yes")
    answer(sized_page, KNOWLEDGE, "adapted", "yes")
    answer(sized_page, KNOWLEDGE, "working", "no")
    badge = sized_page.locator(f"#item-{KNOWLEDGE} .badge.priority")
    expect(badge).to_have_text("Priority: 4 \u2013 when possible")
    sized_page.check("#planning")
    fourth = sized_page.locator(f"#item-{KNOWLEDGE} .question[data-question='working']")
    expect(fourth).to_have_class(re.compile(r"\bskipped\b"))
    expect(fourth.locator(".skip-note")).to_be_visible()
    expect(fourth.locator("input[type=radio]").first).to_be_disabled()
    assert fourth.locator(".answers").evaluate("e => getComputedStyle(e).opacity") != "1"
    expect(badge).to_have_text("Priority: no improvement needed")
    expect(sized_page.locator(f"#item-{KNOWLEDGE} .item-progress")).to_have_text("3 of 3 answered")
    expect(sized_page.locator("#progress-text")).to_have_text("3 of 15 questions answered")
    expect(sized_page.locator("#ranking li")).to_have_count(0)
    reload_once_stored(sized_page, '"planning":true')
    expect(sized_page.locator("#planning")).to_be_checked()
    sized_page.uncheck("#planning")
    expect(badge).to_have_text("Priority: 4 \u2013 when possible")


def test_csv_carries_answers_priority_and_status(
    sized_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(sized_page, site)
    sized_page.fill("#meta-service", "Checkpoint Zürich")
    sized_page.fill("#meta-date", "2026-03-12")
    answer(sized_page, KNOWLEDGE, "in-place", "yes")
    answer(sized_page, KNOWLEDGE, "documented", "partly")
    add_action(sized_page, KNOWLEDGE, "Write it down")
    plan_row(sized_page, KNOWLEDGE).locator("select[data-column='status']").select_option("done")
    expect(sized_page.locator("#csv-separator")).to_have_value(",")
    path = download(sized_page, "#download-csv", tmp_path)
    assert path.name == "msm-checkpoints-cbvct-checkpoint-zurich-2026-03-12-action-plan.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert rows[1][:7] == [
        "Knowledge about ChemSex",
        "2 \u2013 urgent",
        "Yes",
        "Partly",
        "",
        "",
        "Write it down",
    ]
    # Status, then the columns added after it: the date as a day, reasons, service and date.
    assert rows[1][10:] == ["Done", "", "", "Checkpoint Zürich", "2026-03-12"]
    expect(sized_page.locator("#status")).to_have_text("The action plan was downloaded as CSV.")


def test_csv_names_missing_reasons_and_gives_dates_as_days(
    sized_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(sized_page, site, "de")
    answer(sized_page, KNOWLEDGE, "in-place", "partly")
    answer(sized_page, KNOWLEDGE, "documented", "not-applicable")
    answer(sized_page, KNOWLEDGE, "adapted", "not-applicable")
    sized_page.fill(f"#reason-{KNOWLEDGE}--adapted", "Keine Beratung vor Ort")
    add_action(sized_page, KNOWLEDGE, "Aufschreiben")
    plan_row(sized_page, KNOWLEDGE).locator("input[data-column='whenDate']").fill("2026-05-04")
    path = download(sized_page, "#download-csv", tmp_path)
    assert path.name == "msm-checkpoints-cbvct-aktionsplan.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][11:13] == ["Wann (Datum)", "Begründungen für Nicht zutreffend"]
    assert rows[1][11] == "2026-05-04"
    assert rows[1][8] != "2026-05-04"  # When itself shows the date in the page's words
    reasons = rows[1][12].split("; ")
    assert reasons[0].startswith("2. ") and reasons[0].endswith("Eine Begründung fehlt noch.")
    assert reasons[1].startswith("3. ") and reasons[1].endswith("Keine Beratung vor Ort")


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_csv_uses_the_separator_the_locale_expects(
    sized_page: Page, site: Path, tmp_path: Path, locale: str
) -> None:
    open_locale(sized_page, site, locale)
    add_action(sized_page, KNOWLEDGE, "a, b; c")
    expect(sized_page.locator("#csv-separator")).to_have_value(";")
    rows = list(
        csv.reader(
            io.StringIO(download(sized_page, "#download-csv", tmp_path).read_text("utf-8-sig")),
            delimiter=";",
        )
    )
    assert len(rows[0]) == 15 and rows[1][6] == "a, b; c"
    sized_page.select_option("#csv-separator", ",")
    rows = list(
        csv.reader(
            io.StringIO(download(sized_page, "#download-csv", tmp_path).read_text("utf-8-sig"))
        )
    )
    assert len(rows[0]) == 15


def test_clear_all_also_clears_the_messages(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    add_action(sized_page, KNOWLEDGE, "A")
    expect(sized_page.locator(f"#item-{KNOWLEDGE} .feedback")).not_to_be_empty()
    sized_page.once("dialog", lambda dialog: dialog.accept())
    sized_page.click("#clear-all")
    expect(sized_page.locator(f"#item-{KNOWLEDGE} .feedback")).to_be_empty()
    expect(sized_page.locator("#status")).to_have_text(
        "All answers and the action plan were cleared."
    )
    expect(sized_page.locator("#plan-rows tr")).to_have_count(0)


def test_french_interface_punctuation(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site, "fr")
    related = sized_page.locator(f"#item-{KNOWLEDGE} .item-resources").text_content() or ""
    assert related.startswith("Ressources liées\u00a0:")
    question = sized_page.locator(f"#q-{KNOWLEDGE}--in-place").text_content() or ""
    assert question.endswith("\u202f?") and " ?" not in question
    badge = sized_page.locator(f"#item-{KNOWLEDGE} .badge.priority").text_content() or ""
    assert badge.startswith("Priorité\u00a0: ")
