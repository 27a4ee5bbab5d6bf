"""The page's own checks and the published format agree: a file the page saves (Chromium on the
site of the three-topic fixture) meets the schema and the API, and files the page refuses are
refused by the API too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from playwright.sync_api import Browser, Page, expect

import chemsex_toolkit
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.paths import schemas_dir
from tests.browser.steps import add_action, answer, download, topic_page

FIXTURES = Path(__file__).parents[1] / "fixtures"
CONTENT = FIXTURES / "multi-topic"
ANSWERS = FIXTURES / "answers"


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    return chemsex_toolkit.load(CONTENT)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("answers-site")
    build(CONTENT, out, ["html"])
    return out / "html"


@pytest.fixture
def page(browser: Browser, site: Path) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(topic_page(site).as_uri())
    page.wait_for_selector("#overview:not([hidden])")
    yield page
    context.close()
    assert errors == [], errors


def test_a_file_the_page_saves_meets_the_schema_and_the_api(
    page: Page, toolkit: Toolkit, tmp_path: Path
) -> None:
    item = toolkit.topics[0].items[0]
    questions = [question.id for question in toolkit.checklist.questions]
    page.fill("#meta-service", "Checkpoint Test")
    page.fill("#meta-date", "2026-03-12")
    page.fill("#meta-participants", "Ana, Ben")
    answer(page, item.id, questions[0], "partly")
    answer(page, item.id, questions[1], "not-applicable")
    page.fill(f"#reason-{item.id}--{questions[1]}", "We opened last month.")
    add_action(page, item.id, "Train the team")
    # An earlier assessment and a team's files: the snapshots of the format.
    page.set_input_files("#load-baseline", str(ANSWERS / "service-2025.json"))
    expect(page.locator("#clear-baseline")).to_be_visible()
    team = [str(ANSWERS / "ana-2026.json"), str(ANSWERS / "ben-2026.json")]
    page.set_input_files("#load-team", team)
    expect(page.locator("#team")).to_be_visible()
    saved = download(page, "#export-answers", tmp_path)

    document = json.loads(saved.read_text("utf-8"))
    schema = json.loads((schemas_dir() / "answers.schema.json").read_text("utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []
    report = chemsex_toolkit.validate_answers(saved, toolkit)
    assert report.findings == () and report.answers is not None
    state = report.answers.state
    assert state.items[item.id].answers == {questions[0]: "partly", questions[1]: "not-applicable"}
    assert state.items[item.id].reasons[questions[1]] == "We opened last month."
    assert [row.what for row in state.plan] == ["Train the team"]
    assert state.baseline is not None and [m.name for m in state.team] == ["Ana", "Ben"]


# Files the page refuses, each with the words the page shows.
REFUSED = {
    "not-json": ("{ nope", "it is not a JSON file."),
    "foreign": ('{"format": "something-else"}', "it was not saved by this self-assessment."),
    "toolkit": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "another",'
        ' "state": {"plan": []}}',
        "it belongs to another toolkit.",
    ),
    "date": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "multi-toolkit",'
        ' "state": {"plan": [], "meta": {"date": "<script>"}}}',
        "the value at state.meta.date does not have",
    ),
    # Days the pattern lets through and the calendar lacks: the date field would show them empty.
    "impossible-date": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "multi-toolkit",'
        ' "state": {"plan": [], "meta": {"date": "2026-02-30"}}}',
        "the value at state.meta.date does not have",
    ),
    "impossible-when": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "multi-toolkit",'
        ' "state": {"plan": [{"what": "x", "whenDate": "2025-02-29"}]}}',
        "the value at state.plan[0].whenDate does not have",
    ),
    "impossible-team-date": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "multi-toolkit",'
        ' "state": {"plan": [], "team": [{"name": "Ana", "date": "2026-13-01"}]}}',
        "the value at state.team[0].date does not have",
    ),
    "answer": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "multi-toolkit",'
        ' "state": {"plan": [], "items": {"first-item": {"answers": {"in-place": "maybe"}}}}}',
        "the value at state.items.first-item.answers.in-place does not have",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_files_the_page_refuses_the_api_refuses(
    page: Page, toolkit: Toolkit, tmp_path: Path, case: str
) -> None:
    text, message = REFUSED[case]
    path = tmp_path / f"{case}.json"
    path.write_text(text, encoding="utf-8")
    page.set_input_files("#import-answers", str(path))
    expect(page.locator("#status")).to_contain_text(f"{case}.json: {message}")
    report = chemsex_toolkit.validate_answers(path, toolkit)
    assert report.failed() and report.answers is None


def test_the_plan_csv_the_page_downloads_imports_into_the_plan(
    page: Page, site: Path, toolkit: Toolkit, tmp_path: Path
) -> None:
    """In French, whose CSV has semicolons, with a text the page guards against formulas."""
    page.goto(topic_page(site, "fr").as_uri())
    page.wait_for_selector("#overview:not([hidden])")
    first, second = toolkit.topics[0].items[:2]
    add_action(page, first.id, "=former l'équipe")
    add_action(page, second.id, 'Plan "B"; puis C')
    page.locator("#plan-rows select[data-column='status']").first.select_option("done")
    stored = page.evaluate("JSON.parse(localStorage.getItem('chemsex-toolkit:multi-toolkit')).plan")
    csv_file = download(page, "#download-csv", tmp_path)
    assert ";" in csv_file.read_text("utf-8-sig").splitlines()[0]

    answers = chemsex_toolkit.import_answers(csv_file, CONTENT)
    assert answers.locale == "fr"
    got = [(row.item, row.what, row.status) for row in answers.state.plan]
    assert sorted(got) == sorted((row["item"], row["what"], row["status"]) for row in stored)
    assert ("", "", "") not in got and any(
        row.what == "=former l'équipe" for row in answers.state.plan
    )
    assert chemsex_toolkit.validate_answers(answers.dump(), toolkit).findings == ()
