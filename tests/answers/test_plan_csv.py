"""The page's action plan CSV back into the plan: its language found from the header, titles and
statuses matched in it, and every row that does not fit named by its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import chemsex_toolkit
from chemsex_toolkit.cli import main
from chemsex_toolkit.models import Toolkit

CONTENT = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def german() -> Toolkit:
    return chemsex_toolkit.load(CONTENT, locale="de")


def _header(toolkit: Toolkit) -> list[str]:
    labels = {column.id: column.label for column in toolkit.checklist.action_plan.columns}
    return [
        labels["item"],
        toolkit.ui["priority-label"].text,
        *(question.short for question in toolkit.checklist.questions),
        *(labels[c] for c in ("what", "who", "when", "monitoring")),
        toolkit.ui["status-label"].text,
    ]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    """A CSV as the page writes it: BOM, every cell quoted, semicolons, CRLF."""
    quoted = (";".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows)
    path.write_text("\ufeff" + "\r\n".join(quoted) + "\r\n", encoding="utf-8")
    return path


def _row(toolkit: Toolkit, title: str, what: str, status: str) -> list[str]:
    blanks = [""] * (1 + len(toolkit.checklist.questions))
    return [title, *blanks, what, "Ana", "", "", toolkit.ui[f"status-{status}"].text]


def test_a_german_plan_comes_back_with_ids_and_statuses(german: Toolkit, tmp_path: Path) -> None:
    item = german.topics[1].items[0]
    path = _csv(
        tmp_path / "plan.csv",
        [
            _header(german),
            _row(german, item.title, "'=SUMME vermeiden", "in-progress"),
            _row(german, "", "Ohne Punkt", "done"),
        ],
    )
    answers = chemsex_toolkit.import_answers(path, CONTENT)
    assert answers.locale == "de" and answers.toolkit == german.id
    plan = [(row.item, row.what, row.who, row.status) for row in answers.state.plan]
    assert plan == [
        (item.id, "=SUMME vermeiden", "Ana", "in-progress"),
        ("", "Ohne Punkt", "Ana", "done"),
    ]
    assert answers.state.items == {}


def test_rows_that_do_not_fit_are_named_by_line(german: Toolkit, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "plan.csv",
        [
            _header(german),
            _row(german, "Kein solcher Punkt", "x", "done"),
            [*_row(german, "", "x", "done")[:-1], "bald"],
            ["zu", "kurz"],
        ],
    )
    with pytest.raises(chemsex_toolkit.AnswersError) as raised:
        chemsex_toolkit.import_answers(path, CONTENT)
    found = [(f.code, f.line) for f in raised.value.findings]
    assert found == [("CT713", 2), ("CT713", 3), ("CT713", 4)]
    assert "Kein solcher Punkt" in raised.value.findings[0].message
    assert "'bald' is not a status in de" in raised.value.findings[1].message


def test_a_csv_of_no_language_of_the_content_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path / "other.csv", [["Name", "Betrag"], ["a", "1"]])
    with pytest.raises(chemsex_toolkit.AnswersError) as raised:
        chemsex_toolkit.import_answers(path, CONTENT)
    assert [f.code for f in raised.value.findings] == ["CT712"]


def test_import_of_a_refused_csv_writes_nothing(tmp_path: Path) -> None:
    path = _csv(tmp_path / "other.csv", [["Name", "Betrag"]])
    out = tmp_path / "answers.json"
    result = CliRunner().invoke(
        main, ["answers", "import", "--content", str(CONTENT), str(path), "-o", str(out)]
    )
    assert result.exit_code == 1 and "CT712" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_the_third_editions_columns_bring_back_the_day_and_the_assessments_name(
    german: Toolkit, tmp_path: Path
) -> None:
    """Since the page writes the date of When as a day, the reasons, the service and the
    assessment's date after Status, a CSV of either edition reads back."""
    ui = german.ui
    later = [
        ui[key].text for key in ("csv-when-date", "csv-reasons", "service-label", "date-label")
    ]
    item = german.topics[0].items[0]
    path = _csv(
        tmp_path / "plan.csv",
        [
            _header(german) + later,
            [*_row(german, item.title, "Schulen", "planned"), "2026-05-04", "2. x: y", "CP", ""],
            [*_row(german, "", "Ohne Datum", "done"), "", "", "CP", ""],
        ],
    )
    answers = chemsex_toolkit.import_answers(path, CONTENT)
    assert [(row.what, row.when_date) for row in answers.state.plan] == [
        ("Schulen", "2026-05-04"),
        ("Ohne Datum", ""),
    ]
    assert answers.state.meta.service == "CP" and answers.state.meta.date == ""

    bad = _csv(
        tmp_path / "bad.csv",
        [_header(german) + later, [*_row(german, "", "x", "done"), "4. Mai", "", "", ""]],
    )
    with pytest.raises(chemsex_toolkit.AnswersError) as raised:
        chemsex_toolkit.import_answers(bad, CONTENT)
    assert [(f.code, f.line) for f in raised.value.findings] == [("CT713", 2)]
    assert "'4. Mai' is not a day" in raised.value.findings[0].message

    # A day written as one that the calendar lacks is not a day either.
    impossible = _csv(
        tmp_path / "impossible.csv",
        [_header(german) + later, [*_row(german, "", "x", "done"), "2026-02-30", "", "", ""]],
    )
    with pytest.raises(chemsex_toolkit.AnswersError) as raised:
        chemsex_toolkit.import_answers(impossible, CONTENT)
    assert [(f.code, f.line) for f in raised.value.findings] == [("CT713", 2)]
