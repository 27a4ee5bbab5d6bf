"""A workbook of the xlsx export, filled with openpyxl as a team's spreadsheet would fill it,
imported back into an answers file."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import chemsex_toolkit
from chemsex_toolkit import Toolkit
from chemsex_toolkit.answers import AnswersError, import_answers, validate_answers
from chemsex_toolkit.answers.check import ContentKeys
from chemsex_toolkit.answers.model import AnswersFile, ItemAnswers, Meta, PlanRow, State
from chemsex_toolkit.cli import main
from chemsex_toolkit.exporting.build import build

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx")
    build(MULTI, out, ["xlsx"])
    return out / "xlsx"


@pytest.fixture(scope="module")
def source() -> Toolkit:
    return chemsex_toolkit.load(MULTI)


def _expected(source: Toolkit, locale: str) -> AnswersFile:
    """Answers to every other item of every topic (each answer once), reasons, actions, a
    plan with and without item and date, and the metadata: derived from the content."""
    keys = ContentKeys.of(source)
    answers = [a.id for a in source.checklist.answers]
    questions = keys.questions
    items = {}
    for n, (item, fingerprint) in enumerate(list(keys.fingerprints.items())[::2]):
        given = {q: answers[(n + i) % len(answers)] for i, q in enumerate(questions) if i != n % 3}
        items[item] = ItemAnswers(
            answers=given,
            reasons={questions[0]: f"Reason {n} (= not a formula)"},
            action=f"Action {n}\nsecond line",
            fingerprint=fingerprint,
        )
    ids = list(keys.fingerprints)
    plan = [
        PlanRow(item=ids[0], origin=ids[0], what="Train staff", who="Ana", status="in-progress"),
        PlanRow(item=ids[-1], origin=ids[-1], when="2026-06-30", when_date="2026-06-30"),
        PlanRow(what="An action of no item", monitoring="Monthly", status="done"),
    ]
    return AnswersFile(
        format="chemsex-toolkit-answers",
        format_version=2,
        toolkit=source.id,
        content_version=source.version,
        locale=locale,
        state=State(
            meta=Meta(service="Checkpoint Süd", date="2026-03-01", participants="Ana, Ben"),
            planning=True,
            items=items,
            plan=plan,
        ),
    )


def _named(book: openpyxl.Workbook, name: str) -> tuple[str, str]:
    sheet, ref = next(iter(book.defined_names[f"toolkit_{name}"].destinations))
    return sheet, ref.replace("$", "")


def _fill(built: Path, answers: AnswersFile, out: Path, *, move: bool = False) -> Path:
    """``built`` filled with ``answers`` through the cells a person fills, finding rows by
    the IDs in the hidden columns; ``move`` swaps two answer rows first, as a cut and paste
    of rows would."""
    localised = chemsex_toolkit.load(MULTI, locale=answers.locale)
    labels = {a.id: a.label for a in localised.checklist.answers}
    titles = {i.id: i.title for t in localised.topics for i in t.items}
    book = openpyxl.load_workbook(built)
    meta = answers.state.meta
    for name, value in (("service", meta.service), ("participants", meta.participants)):
        sheet, ref = _named(book, name)
        book[sheet][ref] = value
    sheet, ref = _named(book, "date")
    book[sheet][ref] = datetime.fromisoformat(meta.date)  # a date cell, as a person types it
    sheet, ref = _named(book, "planning")
    book[sheet][ref] = "\u2713" if answers.state.planning else None
    sheet_name, ref = _named(book, "checklist")
    checklist = book[sheet_name]
    header = int(ref[1:])
    if move:
        # Row contents swapped across items and topics (the merged Item/Action/Priority
        # columns stay where they are): the answers must follow the IDs, not the rows.
        a, b = header + 3, checklist.max_row - 1  # neither the top of an item
        for col in "CDEHI":
            checklist[f"{col}{a}"].value, checklist[f"{col}{b}"].value = (
                checklist[f"{col}{b}"].value,
                checklist[f"{col}{a}"].value,
            )
    done: set[str] = set()
    for row in range(header + 1, checklist.max_row + 1):
        item, question = checklist[f"H{row}"].value, checklist[f"I{row}"].value
        if item not in answers.state.items:
            continue
        given = answers.state.items[item]
        if question in given.answers:
            checklist[f"D{row}"] = labels[given.answers[question]]
        if question in given.reasons:
            checklist[f"E{row}"] = given.reasons[question]
        if item not in done and not move:
            checklist[f"F{row}"] = given.action  # the item's merged Action cell
            done.add(item)
    if move:
        # The Action cells of the items, each the top of its merged range.
        for merged in checklist.merged_cells.ranges:
            if merged.min_col == 6:
                top = merged.min_row
                item = checklist[f"H{top}"].value
                if item in answers.state.items and item not in done:
                    checklist[f"F{top}"] = answers.state.items[item].action
                    done.add(item)
    sheet_name, ref = _named(book, "plan")
    plan = book[sheet_name]
    status = {s: localised.text(f"status-{s}") for s in ("planned", "in-progress", "done")}
    for row, entry in enumerate(answers.state.plan, start=int(ref[1:]) + 1):
        plan[f"A{row}"] = titles[entry.item] if entry.item else None
        plan[f"C{row}"] = entry.what
        plan[f"D{row}"] = entry.who
        plan[f"E{row}"] = datetime.fromisoformat(entry.when_date) if entry.when_date else None
        plan[f"F{row}"] = entry.monitoring
        plan[f"G{row}"] = status[entry.status]
    book.save(out)
    return out


@pytest.mark.parametrize("locale", ["en", "de"])
def test_a_filled_workbook_imports_to_the_answers_put_in(
    workbooks: Path, source: Toolkit, tmp_path: Path, locale: str
) -> None:
    expected = _expected(source, locale)
    filled = _fill(workbooks / f"{locale}.xlsx", expected, tmp_path / "filled.xlsx")
    imported = import_answers(filled, MULTI)
    assert imported == expected
    report = validate_answers(imported.dump(), source)
    assert report.findings == () and report.answers == expected


def test_rows_moved_in_the_checklist_still_map_by_item_id(
    workbooks: Path, source: Toolkit, tmp_path: Path
) -> None:
    expected = _expected(source, "en")
    filled = _fill(workbooks / "en.xlsx", expected, tmp_path / "moved.xlsx", move=True)
    assert import_answers(filled, MULTI) == expected


def _refused(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(AnswersError) as raised:
        import_answers(path, MULTI)
    return [(f.code, f.message) for f in raised.value.findings]


def test_an_unknown_answer_word_is_named_by_sheet_and_cell(workbooks: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbooks / "de.xlsx")
    sheet_name, ref = _named(book, "checklist")
    row = int(ref[1:]) + 2
    book[sheet_name][f"D{row}"] = "Yes"  # English, in a German workbook
    book.save(tmp_path / "word.xlsx")
    [(code, message)] = _refused(tmp_path / "word.xlsx")
    assert code == "CT723"
    assert message.startswith(f"Sheet '{sheet_name}', cell D{row}: 'Yes' is not an answer in de")


def test_an_unknown_item_id_is_refused_at_its_cell(workbooks: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbooks / "en.xlsx")
    sheet_name, ref = _named(book, "checklist")
    row = int(ref[1:]) + 3
    book[sheet_name][f"H{row}"] = "no-such-item"
    book.save(tmp_path / "id.xlsx")
    assert _refused(tmp_path / "id.xlsx") == [
        ("CT722", f"Sheet '{sheet_name}', cell H{row}: the content has no item 'no-such-item'.")
    ]


def test_a_workbook_of_another_toolkit_or_none_is_refused(workbooks: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbooks / "en.xlsx")
    for prop in book.custom_doc_props.props:
        if prop.name == "toolkit":
            prop.value = "another-toolkit"
    book.save(tmp_path / "other.xlsx")
    [(code, message)] = _refused(tmp_path / "other.xlsx")
    assert code == "CT721" and "'another-toolkit'" in message
    plain = openpyxl.Workbook()
    plain.save(tmp_path / "plain.xlsx")
    assert [code for code, _ in _refused(tmp_path / "plain.xlsx")] == ["CT721"]


def test_a_damaged_or_oversized_file_is_refused_before_it_is_unpacked(
    workbooks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "text.xlsx").write_text("not a workbook", "utf-8")
    [(code, message)] = _refused(tmp_path / "text.xlsx")
    assert code == "CT720" and "not an XLSX file" in message
    cut = (workbooks / "en.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(cut[: len(cut) // 2])
    assert [code for code, _ in _refused(tmp_path / "cut.xlsx")] == ["CT720"]
    # The declared sizes are summed before anything is unpacked: a limit just under this
    # workbook's own size refuses it.
    from chemsex_toolkit.answers import workbook

    with zipfile.ZipFile(workbooks / "en.xlsx") as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    monkeypatch.setattr(workbook, "MAX_UNPACKED", unpacked - 1)
    [(code, message)] = _refused(workbooks / "en.xlsx")
    assert code == "CT720" and f"{unpacked - 1:,}" in message


def test_the_command_writes_nothing_when_the_workbook_does_not_fit(
    workbooks: Path, source: Toolkit, tmp_path: Path
) -> None:
    out = tmp_path / "answers.json"
    (tmp_path / "text.xlsx").write_text("not a workbook", "utf-8")
    runner = CliRunner()
    args = ["answers", "import", "--content", str(MULTI), "-o", str(out)]
    failed = runner.invoke(main, [*args[:2], str(tmp_path / "text.xlsx"), *args[2:]])
    assert failed.exit_code == 1 and not out.exists()
    assert "CT720" in failed.output and "Traceback" not in failed.output
    filled = _fill(workbooks / "fr.xlsx", _expected(source, "fr"), tmp_path / "fr.xlsx")
    done = runner.invoke(main, [*args[:2], str(filled), *args[2:]])
    assert done.exit_code == 0, done.output
    assert chemsex_toolkit.load_answers(out, source) == _expected(source, "fr")
