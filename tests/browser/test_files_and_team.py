"""The assessment's name in saved files, format checks on everything read back, storage
refusals, improvement against an earlier assessment, and a team's answers side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import (
    HARM_REDUCTION,
    KNOWLEDGE,
    add_action,
    answer,
    answers_file,
    download,
    items_state,
    open_locale,
    reload_once_stored,
)

pytestmark = pytest.mark.browser

STORAGE_KEY = "chemsex-toolkit:msm-checkpoints-cbvct"


def test_saved_file_keeps_the_assessment_name(sized_page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(sized_page, site)
    sized_page.fill("#meta-service", "Checkpoint Zürich")
    sized_page.fill("#meta-date", "2026-03-12")
    sized_page.fill("#meta-participants", "Ana, Ben")
    answer(sized_page, KNOWLEDGE, "in-place", "partly")
    add_action(sized_page, KNOWLEDGE, "Train the team")
    saved = download(sized_page, "#export-answers", tmp_path)
    assert saved.name == "msm-checkpoints-cbvct-checkpoint-zurich-2026-03-12-answers.json"
    document = json.loads(saved.read_text("utf-8"))
    assert document["formatVersion"] == 2
    assert document["state"]["meta"] == {
        "service": "Checkpoint Zürich",
        "date": "2026-03-12",
        "participants": "Ana, Ben",
    }
    assert document["state"]["plan"][0]["status"] == "planned"
    expect(sized_page.locator("#status")).to_have_text("The answers were saved to a file.")

    sized_page.once("dialog", lambda dialog: dialog.accept())
    sized_page.click("#clear-all")
    expect(sized_page.locator("#meta-service")).to_have_value("")
    sized_page.set_input_files("#import-answers", str(saved))
    expect(sized_page.locator("#status")).to_have_text("Answers loaded.")
    expect(sized_page.locator("#meta-service")).to_have_value("Checkpoint Zürich")
    expect(sized_page.locator("#meta-participants")).to_have_value("Ana, Ben")
    header = sized_page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--print-header')"
    )
    assert "Checkpoint Zürich · March 12, 2026" in header


def test_a_first_edition_file_still_loads(sized_page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(sized_page, site)
    old = answers_file(
        tmp_path / "old.json",
        {
            "items": {KNOWLEDGE: {"answers": {"adapted": "no"}, "reasons": {}, "action": "x"}},
            "plan": [{"item": KNOWLEDGE, "what": "x", "who": "", "when": "", "monitoring": ""}],
            "planning": False,
        },
        formatVersion=1,
    )
    sized_page.set_input_files("#import-answers", str(old))
    expect(sized_page.locator("#status")).to_have_text("Answers loaded.")
    expect(sized_page.locator(f"input[name='{KNOWLEDGE}--adapted'][value='no']")).to_be_checked()
    expect(sized_page.locator("#plan-rows select[data-column='status']")).to_have_value("planned")


BAD_FILES: dict[str, tuple[Any, str]] = {
    "not-json": ("{ nope", "it is not a JSON file."),
    "foreign": ({"format": "something-else"}, "it was not saved by this self-assessment."),
    "toolkit": ({"toolkit": "another-toolkit"}, "it belongs to another toolkit."),
    "newer": ({"formatVersion": 9}, "it was saved by a newer version of this page"),
    "answer": (
        {"state": items_state({KNOWLEDGE: {"in-place": "maybe"}})},
        "the value at state.items.chemsex-knowledge.answers.in-place does not have the"
        " expected format.",
    ),
    "status": (
        {"state": {"items": {}, "plan": [{"item": KNOWLEDGE, "status": "someday"}]}},
        "the value at state.plan[0].status does not have",
    ),
    "date": (
        {"state": {"items": {}, "plan": [], "meta": {"date": "<script>"}}},
        "the value at state.meta.date does not have",
    ),
    "long": (
        {"state": {"items": {}, "plan": [{"what": "x" * 20001}]}},
        "the value at state.plan[0].what does not have",
    ),
    "plan": ({"state": {"items": {}, "plan": "all of it"}}, "the value at state.plan does not"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_loading_checks_the_format_first(
    sized_page: Page, site: Path, tmp_path: Path, case: str
) -> None:
    open_locale(sized_page, site)
    answer(sized_page, KNOWLEDGE, "in-place", "yes")
    content, message = BAD_FILES[case]
    path = tmp_path / f"{case}.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        answers_file(path, items_state({}), **content)
    sized_page.set_input_files("#import-answers", str(path))
    expect(sized_page.locator("#status")).to_contain_text(
        f"This file could not be read as saved answers. {case}.json: {message}"
    )
    # Nothing of the refused file was used.
    expect(sized_page.locator(f"input[name='{KNOWLEDGE}--in-place'][value='yes']")).to_be_checked()


def test_too_large_a_file_is_refused(sized_page: Page, site: Path, tmp_path: Path) -> None:
    open_locale(sized_page, site)
    big = tmp_path / "big.json"
    big.write_text(" " * 2_100_000, encoding="utf-8")
    sized_page.set_input_files("#import-answers", str(big))
    expect(sized_page.locator("#status")).to_contain_text("it is too large")


def test_stored_answers_are_checked_before_use(sized_page: Page, site: Path) -> None:
    open_locale(sized_page, site)
    bad = json.dumps({"items": {KNOWLEDGE: {"answers": {"in-place": "<img>"}}}, "plan": []})
    # Stored by the reloaded document itself, before the page's script runs: a write from
    # another document may reach it late, and a second page opened to wait for it would read
    # the bad answers first and set them aside.
    sized_page.add_init_script(
        "if (!sessionStorage.getItem('seeded')) {"
        f" localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(bad)});"
        " sessionStorage.setItem('seeded', '1'); }"
    )
    sized_page.reload()
    alert = sized_page.locator("#page-alert")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("were not in the expected format")
    expect(sized_page.locator("input[type=radio]:checked")).to_have_count(0)
    kept = sized_page.evaluate("key => localStorage.getItem(key + ':unreadable')", STORAGE_KEY)
    assert kept == bad


def test_storage_refusals_are_reported(open_page: Any, site: Path) -> None:
    page: Page = open_page()
    page.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('full', 'QuotaExceededError'); };"
    )
    open_locale(page, site)
    expect(page.locator("#page-alert")).to_be_hidden()
    answer(page, KNOWLEDGE, "in-place", "yes")
    expect(page.locator("#page-alert")).to_contain_text("did not keep your latest changes")
    expect(page.locator("#page-alert")).to_contain_text("Save your answers to a file")


@pytest.mark.usefixtures("over_http")
def test_improvement_over_time_per_item_and_in_the_chart(
    sized_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(sized_page, site)
    earlier = answers_file(
        tmp_path / "2025.json",
        items_state(
            {KNOWLEDGE: {"in-place": "no", "documented": "yes", "adapted": "partly"}},
            service="Checkpoint",
            date="2025-03-01",
        ),
    )
    answer(sized_page, KNOWLEDGE, "in-place", "yes")
    answer(sized_page, KNOWLEDGE, "documented", "partly")
    answer(sized_page, KNOWLEDGE, "adapted", "partly")
    sized_page.set_input_files("#load-baseline", str(earlier))
    expect(sized_page.locator("#compare-status")).to_have_text(
        "Compared with the assessment of March 1, 2025."
    )
    change = sized_page.locator(f"#item-{KNOWLEDGE} .badge.change")
    expect(change).to_have_text("Since then: 1 better, 1 worse")
    expect(sized_page.locator("#chart-key")).to_have_text("▲ better, ▼ worse than on March 1, 2025")
    description = sized_page.locator("#chart svg desc").text_content() or ""
    assert "1: Yes (better)" in description and "2: Partly (worse)" in description
    assert "3: Partly," in description
    expect(sized_page.locator("#chart svg .delta")).to_have_count(2)
    # The baseline stays across a reload, and goes when asked.
    reload_once_stored(sized_page, '"2025-03-01"')
    expect(change).to_have_text("Since then: 1 better, 1 worse")
    sized_page.click("#clear-baseline")
    expect(change).to_be_hidden()
    expect(sized_page.locator("#chart svg .delta")).to_have_count(0)


def test_team_disagreements_are_shown_and_settled(
    sized_page: Page, site: Path, tmp_path: Path
) -> None:
    open_locale(sized_page, site)
    ana = answers_file(
        tmp_path / "ana.json",
        items_state({KNOWLEDGE: {"in-place": "yes", "documented": "no"}}, participants="Ana"),
    )
    ben = answers_file(
        tmp_path / "ben.json",
        items_state(
            {KNOWLEDGE: {"in-place": "yes", "documented": "yes"}, HARM_REDUCTION: {}},
            participants="Ben",
        ),
    )
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    sized_page.set_input_files("#load-team", [str(ana), str(ben), str(broken)])
    expect(sized_page.locator("#compare-status")).to_contain_text(
        "Answers of 2 team members loaded."
    )
    expect(sized_page.locator("#compare-status")).to_contain_text("broken.json")
    entries = sized_page.locator("#team-list li")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("1. Knowledge about ChemSex — 2. Documented?")
    expect(entries.first).to_contain_text("Ana \u2013 No; Ben \u2013 Yes")
    note = sized_page.locator(f"#item-{KNOWLEDGE} .question[data-question='documented'] .team-note")
    expect(note).to_have_text("Team answers: Ana \u2013 No; Ben \u2013 Yes (they differ)")
    agreed = sized_page.locator(f"#item-{KNOWLEDGE} .question[data-question='in-place'] .team-note")
    expect(agreed).to_have_text("Team answers: Ana \u2013 Yes; Ben \u2013 Yes")
    expect(sized_page.locator("#team-summary")).to_have_text(
        "Team: Ana, Ben. To settle: 1; settled: 0."
    )
    entries.first.get_by_role("button", name="Settle on Yes").click()
    expect(
        sized_page.locator(f"input[name='{KNOWLEDGE}--documented'][value='yes']")
    ).to_be_checked()
    expect(entries.first.get_by_role("button", name="Settle on Yes")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(sized_page.locator("#team-summary")).to_have_text(
        "Team: Ana, Ben. To settle: 0; settled: 1."
    )
    sized_page.click("#clear-team")
    expect(sized_page.locator("#team")).to_be_hidden()
    expect(note).to_be_hidden()
