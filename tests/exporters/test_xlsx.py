"""The XLSX exporter, read back with openpyxl as a spreadsheet user's tools would read it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import chemsex_toolkit
from chemsex_toolkit import Toolkit
from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.loading import load_content

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
HEADER_ROW = 5  # 1-based, as a spreadsheet shows it


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx")
    build(MULTI, out, ["xlsx"])
    return out / "xlsx"


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    loaded = load_content(MULTI).toolkit
    assert loaded is not None
    return loaded


def _sheets(path: Path) -> tuple[Worksheet, Worksheet, Worksheet]:
    book = openpyxl.load_workbook(path)
    checklist, plan, guidance = book.worksheets
    return checklist, plan, guidance


def _layout(toolkit: Toolkit) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Where the checklist should put things: the row of each topic's heading, and per topic
    the first and last row of its questions (1-based), worked out from the content."""
    questions = len(toolkit.checklist.questions)
    headings: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    row = HEADER_ROW + 1
    for topic in toolkit.topics:
        headings[topic.id] = row
        first = row + 1
        row = first + len(topic.items) * questions
        spans.append((first, row - 1))
    return headings, spans


def _cells(column: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(f"{column}{top}:{column}{bottom}" for top, bottom in spans)


def test_one_workbook_per_locale_with_translated_sheets(workbooks: Path) -> None:
    assert sorted(p.name for p in workbooks.glob("*.xlsx")) == [
        "de.xlsx",
        "en.xlsx",
        "es.xlsx",
        "fr.xlsx",
    ]
    for locale in ("en", "de"):
        german = chemsex_toolkit.load(MULTI, locale=locale)
        assert openpyxl.load_workbook(workbooks / f"{locale}.xlsx").sheetnames == [
            german.text("checklist-heading"),
            german.text("action-plan-heading"),
            german.text("guidance-sheet"),
        ]


def _rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]


def test_every_topic_has_a_heading_row_and_names_each_of_its_rows(
    workbooks: Path, toolkit: Toolkit
) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    questions = toolkit.checklist.questions
    headings, spans = _layout(toolkit)
    assert checklist.max_row == spans[-1][1]
    for topic, (top, bottom) in zip(toolkit.topics, spans, strict=True):
        heading = checklist.cell(headings[topic.id], 2)
        assert heading.value == topic.title and heading.font.bold
        assert checklist.cell(headings[topic.id], 1).value == topic.title  # kept by a filter
        assert f"B{headings[topic.id]}:H{headings[topic.id]}" in {
            str(r) for r in checklist.merged_cells.ranges
        }
        assert {checklist.cell(r, 1).value for r in range(top, bottom + 1)} == {topic.title}
        assert [checklist.cell(top + i, 3).value for i in range(len(questions))] == [
            q.text for q in questions
        ]
        item_rows = range(top, bottom + 1, len(questions))
        assert [checklist.cell(r, 2).value for r in item_rows] == [i.title for i in topic.items]
    assert [c.value for c in checklist[HEADER_ROW]] == [
        "Topic",
        "Item",
        "Question",
        "Answer",
        "Why does this question not apply?",
        "Action",
        "Urgency",
        "#",
    ]
    assert checklist.auto_filter.ref == f"A{HEADER_ROW}:H{spans[-1][1]}"
    # Answer, reason and action are open; the rest is locked by the protection.
    assert checklist.protection.sheet is True
    first = spans[0][0]
    for column in "DEF":
        assert checklist[f"{column}{first}"].protection.locked is False
    for column in "ABCG":
        assert checklist[f"{column}{first}"].protection.locked is True
    assert checklist[f"D{headings['prep-topic']}"].protection.locked is True


def test_answer_drop_down_covers_every_answer_row_and_no_heading(
    workbooks: Path, toolkit: Toolkit
) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "fr.xlsx")
    _headings, spans = _layout(toolkit)
    (validation,) = checklist.data_validations.dataValidation
    assert validation.type == "list"
    assert str(validation.sqref) == _cells("D", spans)
    assert validation.formula1 == "$B$3:$E$3"
    french = chemsex_toolkit.load(MULTI, locale="fr")
    assert [checklist[f"{c}3"].value for c in "BCDE"] == [a.label for a in french.checklist.answers]


def test_traffic_light_colours_follow_the_legend(workbooks: Path, toolkit: Toolkit) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    _headings, spans = _layout(toolkit)
    rules = {
        str(cf.sqref): [(r.type, r.operator, r.formula, r.dxf.fill.bgColor.rgb) for r in cf.rules]
        for cf in checklist.conditional_formatting
    }
    answer_rules = rules[_cells("D", spans)]
    assert [(t, op, f) for t, op, f, _fill in answer_rules] == [
        ("cellIs", "equal", ["$B$3"]),  # Yes: green
        ("cellIs", "equal", ["$C$3"]),  # Partly: yellow
        ("cellIs", "equal", ["$D$3"]),  # No: red
    ]
    fills = [fill[-6:] for *_rest, fill in answer_rules]
    assert fills == ["C6EFCE", "FFEB9C", "FFC7CE"]
    # A "Not applicable" without a reason is marked, and urgent items stand out.
    first = spans[0][0]
    assert rules[_cells("E", spans)][0][2] == [f'AND($D{first}=$E$3,$E{first}="")']
    assert rules[_cells("G", spans)][0][:2] == ("cellIs", "greaterThan")


def _evaluate(formula: str, answers: dict[str, str], legend: dict[str, str]) -> int:
    """The urgency formula's value for ``answers`` (cell -> label): each comparison
    ``(D7=$C$3)`` becomes 1 or 0, and what is left is arithmetic on whole numbers."""

    def compare(match: re.Match[str]) -> str:
        cell, reference = match.group(1), match.group(2).replace("$", "")
        return "1" if answers.get(cell, "") == legend[reference] else "0"

    arithmetic = re.sub(r"\((D\d+)=(\$[A-Z]+\$\d+)\)", compare, formula.removeprefix("="))
    assert re.fullmatch(r"[\d()*+]+", arithmetic), arithmetic
    return int(eval(arithmetic))  # only digits, brackets, + and * are left


def test_item_urgency_is_computed_by_the_documented_rule(workbooks: Path, toolkit: Toolkit) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    legend = {f"{c}3": str(checklist[f"{c}3"].value) for c in "BCDE"}
    _headings, spans = _layout(toolkit)
    count = len(toolkit.checklist.questions)
    top = spans[0][0]
    formula = str(checklist[f"G{top}"].value)
    assert formula.startswith("=")
    cells = [f"D{top + i}" for i in range(count)]

    def urgency(*labels: str) -> int:
        return _evaluate(formula, dict(zip(cells, labels, strict=True)), legend)

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
    # Each item's formula reads its own answers, in every topic.
    for _start, end in spans:
        last_item = end - count + 1
        assert re.findall(r"D\d+", str(checklist[f"G{last_item}"].value)) == [
            f"D{last_item + i}" for i in range(count) for _twice in (0, 1)
        ]


def test_an_items_rank_is_among_the_items_of_its_own_topic(
    workbooks: Path, toolkit: Toolkit
) -> None:
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    _headings, spans = _layout(toolkit)
    count = len(toolkit.checklist.questions)
    for topic, (top, bottom) in zip(toolkit.topics, spans, strict=True):
        for row in range(top, bottom + 1, count):
            assert checklist[f"H{row}"].value == (
                f'=IF(G{row}>0,RANK(G{row},$G${top}:$G${bottom}),"")'
            ), topic.id


def test_action_plan_has_drop_downs_for_item_status_and_priority(
    workbooks: Path, toolkit: Toolkit
) -> None:
    _checklist, plan, _guidance = _sheets(workbooks / "en.xlsx")
    assert [c.value for c in plan[HEADER_ROW]] == [
        *(c.label for c in toolkit.checklist.action_plan.columns),
        "Status",
        "Priority",
    ]
    items = sum(len(t.items) for t in toolkit.topics)
    last = HEADER_ROW + max(30, 2 * items)
    validations = {str(v.sqref): v.formula1 for v in plan.data_validations.dataValidation}
    assert validations == {
        f"A6:A{last}": f"'Guidance'!$B$2:$B${items + 1}",  # every item of every topic
        f"F6:F{last}": "$B$2:$D$2",
        f"G6:G{last}": "$B$3:$D$3",
    }
    statuses = [toolkit.ui[f"status-{s}"].text for s in ("planned", "in-progress", "done")]
    assert [plan[f"{c}2"].value for c in "BCD"] == statuses
    assert [plan[f"{c}3"].value for c in "BCD"] == ["High", "Medium", "Low"]
    assert plan.protection.sheet is True
    assert all(plan.cell(6, col).protection.locked is False for col in range(1, 8))
    assert plan["A1"].protection.locked is True


def test_guidance_sheet_holds_every_item_of_every_topic_with_link_addresses(
    workbooks: Path, toolkit: Toolkit
) -> None:
    _checklist, _plan, guidance = _sheets(workbooks / "en.xlsx")
    assert [c.value for c in guidance[1]] == [
        "Topic",
        "Item",
        *(s.title for s in toolkit.checklist.sections),
    ]
    rows = [(r[0].value, r[1].value) for r in guidance.iter_rows(min_row=2)]
    assert rows == [(t.title, i.title) for t in toolkit.topics for i in t.items]
    prep_access = rows.index(("PrEP services", "Access to PrEP")) + 2
    assert "(https://example.org/prep/)" in str(guidance[f"D{prep_access}"].value)
    assert guidance.auto_filter.ref == f"A1:F{len(rows) + 1}"
    assert guidance.protection.sheet is True


HOSTILE = ['=HYPERLINK("mailto:a@b.invalid","x")', "+1+1", "-2+3", "@SUM(A1:A2)"]


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
    for cell in (checklist["B7"], guidance["B2"]):
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
