"""The XLSX exporter, read back with openpyxl as a spreadsheet user's tools would read it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.loading import load_content
from chemsex_toolkit.paths import bundled_content

ANSWER_COLUMN = "C"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx")
    build(bundled_content(), out, ["xlsx"])
    return out / "xlsx"


def _sheets(path: Path) -> tuple[Worksheet, Worksheet, Worksheet]:
    book = openpyxl.load_workbook(path)
    checklist, plan, guidance = book.worksheets
    return checklist, plan, guidance


def test_one_workbook_per_locale_with_translated_sheets(workbooks: Path) -> None:
    assert sorted(p.name for p in workbooks.glob("*.xlsx")) == ["de.xlsx", "en.xlsx", "fr.xlsx"]
    assert openpyxl.load_workbook(workbooks / "en.xlsx").sheetnames == [
        "Checklist",
        "Action plan",
        "Guidance",
    ]
    assert openpyxl.load_workbook(workbooks / "de.xlsx").sheetnames == [
        "Checkliste",
        "Maßnahmenplan",
        "Hinweise",
    ]


def _rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=6)]


def test_checklist_has_a_row_per_question_with_open_answer_cells(workbooks: Path) -> None:
    toolkit = load_content(bundled_content()).toolkit
    assert toolkit is not None
    items = toolkit.topics[0].items
    questions = toolkit.checklist.questions
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    rows = _rows(checklist)
    assert len(rows) == len(items) * len(questions)
    assert [r[1] for r in rows[: len(questions)]] == [q.text for q in questions]
    assert rows[0][0] == items[0].title
    assert [c.value for c in checklist[5]] == [
        "Item", "Question", "Answer", "Why does this question not apply?", "Action", "Urgency", "#"
    ]
    # Answer, reason and action are open; questions and formulas are locked by the protection.
    assert checklist.protection.sheet is True
    for column in "CDE":
        assert checklist[f"{column}6"].protection.locked is False
    for column in "ABF":
        assert checklist[f"{column}6"].protection.locked is True


def test_answer_drop_down_lists_the_answer_scale(workbooks: Path) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "fr.xlsx")
    (validation,) = checklist.data_validations.dataValidation
    assert validation.type == "list"
    assert str(validation.sqref) == "C6:C25"
    assert validation.formula1 == "$B$3:$E$3"
    assert [checklist[f"{c}3"].value for c in "BCDE"] == ["Oui", "En partie", "Non",
                                                          "Sans objet"]


def test_traffic_light_colours_follow_the_legend(workbooks: Path) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    rules = {
        str(cf.sqref): [(r.type, r.operator, r.formula, r.dxf.fill.bgColor.rgb) for r in cf.rules]
        for cf in checklist.conditional_formatting
    }
    answer_rules = rules["C6:C25"]
    assert [(t, op, f) for t, op, f, _fill in answer_rules] == [
        ("cellIs", "equal", ["$B$3"]),  # Yes: green
        ("cellIs", "equal", ["$C$3"]),  # Partly: yellow
        ("cellIs", "equal", ["$D$3"]),  # No: red
    ]
    fills = [fill[-6:] for *_rest, fill in answer_rules]
    assert fills == ["C6EFCE", "FFEB9C", "FFC7CE"]
    # A "Not applicable" without a reason is marked, and urgent items stand out.
    assert rules["D6:D25"][0][2] == ['AND($C6=$E$3,$D6="")']
    assert rules["F6:F25"][0][:2] == ("cellIs", "greaterThan")


def _evaluate(formula: str, answers: dict[str, str], legend: dict[str, str]) -> int:
    """The urgency formula's value for ``answers`` (cell -> label): each comparison
    ``(C6=$C$3)`` becomes 1 or 0, and what is left is arithmetic on whole numbers."""

    def compare(match: re.Match[str]) -> str:
        cell, reference = match.group(1), match.group(2).replace("$", "")
        return "1" if answers.get(cell, "") == legend[reference] else "0"

    arithmetic = re.sub(r"\((C\d+)=(\$[A-Z]+\$\d+)\)", compare, formula.removeprefix("="))
    assert re.fullmatch(r"[\d()*+]+", arithmetic), arithmetic
    return int(eval(arithmetic))  # only digits, brackets, + and * are left


def test_item_urgency_is_computed_by_the_documented_rule(workbooks: Path) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    legend = {f"{c}3": str(checklist[f"{c}3"].value) for c in "BCDE"}
    formula = str(checklist["F6"].value)
    assert formula.startswith("=")
    assert checklist["G6"].value == '=IF(F6>0,RANK(F6,$F$6:$F$25),"")'

    def urgency(*labels: str) -> int:
        return _evaluate(formula, dict(zip(["C6", "C7", "C8", "C9"], labels, strict=True)), legend)

    assert urgency("Yes", "Yes", "Yes", "Yes") == 0
    assert urgency("Not applicable", "Yes", "Yes", "Yes") == 0
    # The further left a weak answer stands, the more urgent: one No in the first question
    # outweighs No in all three others; No weighs more than Partly in the same place.
    assert urgency("No", "Yes", "Yes", "Yes") > urgency("Yes", "No", "No", "No")
    assert urgency("Partly", "Yes", "Yes", "Yes") > urgency("Yes", "No", "No", "No")
    assert urgency("No", "Yes", "Yes", "Yes") > urgency("Partly", "Yes", "Yes", "Yes")
    assert urgency("Yes", "Yes", "Yes", "Partly") > 0
    # Later answers break ties.
    assert urgency("No", "Partly", "Yes", "Yes") > urgency("No", "Yes", "Yes", "Yes")
    # Each item's formula reads its own four answers.
    assert re.findall(r"C\d+", str(checklist["F10"].value)) == [
        "C10", "C10", "C11", "C11", "C12", "C12", "C13", "C13"
    ]


def test_action_plan_has_drop_downs_for_item_status_and_priority(workbooks: Path) -> None:
    _checklist, plan, _guidance = _sheets(workbooks / "en.xlsx")
    assert [c.value for c in plan[5]] == [
        "Item", "What will be done?", "Who will do it?", "When?", "How will we monitor it?",
        "Status", "Priority",
    ]
    validations = {str(v.sqref): v.formula1 for v in plan.data_validations.dataValidation}
    assert validations == {
        "A6:A35": "'Guidance'!$A$2:$A$6",
        "F6:F35": "$B$2:$D$2",
        "G6:G35": "$B$3:$D$3",
    }
    assert [plan[f"{c}2"].value for c in "BCD"] == ["Not started", "In progress", "Done"]
    assert [plan[f"{c}3"].value for c in "BCD"] == ["High", "Medium", "Low"]
    assert plan.protection.sheet is True
    assert all(plan.cell(6, col).protection.locked is False for col in range(1, 8))
    assert plan["A1"].protection.locked is True


def test_guidance_sheet_holds_every_section_with_link_addresses(workbooks: Path) -> None:
    _checklist, _plan, guidance = _sheets(workbooks / "en.xlsx")
    assert [c.value for c in guidance[1]] == [
        "Item", "Description", "Guidance", "Adaptation", "Quality improvement"
    ]
    assert guidance["A2"].value == "Knowledge about ChemSex"
    assert "(http://dean.st/ChemSex-support/)" in str(guidance["C2"].value)
    assert guidance.max_row == 6
    assert guidance.protection.sheet is True


HOSTILE = ["=HYPERLINK(\"mailto:a@b.invalid\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)"]


@pytest.mark.parametrize("title", HOSTILE)
def test_a_title_that_looks_like_a_formula_stays_text(
    minimal_content: Path, tmp_path: Path, title: str
) -> None:
    item = minimal_content / "topics/sample-topic/items/first-item.yaml"
    quoted = "'" + title.replace("'", "''") + "'"
    item.write_text(
        item.read_text("utf-8").replace("title: The first item", f"title: {quoted}"), "utf-8"
    )
    build(minimal_content, tmp_path / "out", ["xlsx"])
    checklist, _plan, guidance = _sheets(tmp_path / "out/xlsx/en.xlsx")
    for cell in (checklist["A6"], guidance["A2"]):
        assert cell.value == title
        assert cell.data_type == "s"


def test_two_builds_are_byte_identical(minimal_content: Path, tmp_path: Path) -> None:
    build(minimal_content, tmp_path / "a", ["xlsx"])
    build(minimal_content, tmp_path / "b", ["xlsx"])
    first = (tmp_path / "a/xlsx/en.xlsx").read_bytes()
    assert first == (tmp_path / "b/xlsx/en.xlsx").read_bytes()
    properties = openpyxl.load_workbook(tmp_path / "a/xlsx/en.xlsx").properties
    assert properties.created is not None
    assert properties.created.isoformat().startswith("2022-04-26")  # the fixture's resource date


def test_a_missing_extra_names_the_command_that_installs_it(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "xlsxwriter" or m.startswith("xlsxwriter.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in [m for m in sys.modules if m.endswith("xlsx.workbook")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # as if not installed
    with pytest.raises(ExportError, match=re.escape("pip install 'chemsex-toolkit[xlsx]'")):
        build(minimal_content, tmp_path / "out", ["xlsx"])
