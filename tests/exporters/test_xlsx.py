"""The XLSX exporter, read back with openpyxl as a spreadsheet user's tools would read it."""

from __future__ import annotations

import re
import shutil
import subprocess
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
# 1-based, as a spreadsheet shows them: under the checklist's title, rule, the legends of the
# answers (row 3) and of the priorities (row 4) and the review notice (row 5); the plan's under
# its title and the legends of statuses and priorities.
HEADER_ROW = 6
PLAN_HEADER_ROW = 5
# The sheets: Summary, Checklist, Action plan, Guidance.
CHECKLIST = 1


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
    _summary, checklist, plan, guidance = book.worksheets
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
            german.text("summary-heading"),
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
        assert f"B{headings[topic.id]}:G{headings[topic.id]}" in {
            str(r) for r in checklist.merged_cells.ranges
        }
        assert {checklist.cell(r, 1).value for r in range(top, bottom + 1)} == {topic.title}
        assert [checklist.cell(top + i, 3).value for i in range(len(questions))] == [
            q.text for q in questions
        ]
        item_rows = range(top, bottom + 1, len(questions))
        assert [checklist.cell(r, 2).value for r in item_rows] == [i.title for i in topic.items]
        # Every answer row names its item and question in the hidden columns H and I.
        assert [
            (checklist.cell(r, 8).value, checklist.cell(r, 9).value) for r in range(top, bottom + 1)
        ] == [(i.id, q.id) for i in topic.items for q in questions]
        # One action per item, as on the page.
        assert {f"F{r}:F{r + len(questions) - 1}" for r in item_rows} <= {
            str(r) for r in checklist.merged_cells.ranges
        }
    assert checklist.max_column == 9
    ids = checklist.column_dimensions["H"]  # H and I, as one group of columns
    assert (ids.hidden, ids.min, ids.max) == (True, 8, 9)
    assert [c.value for c in checklist[HEADER_ROW]] == [
        "Topic",
        "Item",
        "Question",
        "Answer",
        "Why does this question not apply?",
        "Action",
        toolkit.ui["priority-label"].text,  # the page's word for the same column
        "item-id",
        "question-id",
    ]
    # The ID columns are inside the filter, so that a sort moves them with their rows.
    assert checklist.auto_filter.ref == f"A{HEADER_ROW}:I{spans[-1][1]}"
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
    # A "Not applicable" without a reason is marked.
    first = spans[0][0]
    assert rules[_cells("E", spans)][0][2] == [f'AND($D{first}=$E$3,$E{first}="")']
    # Priorities in the page's colours: 1 and 2 red, 3 and 4 yellow, "no improvement needed"
    # green, "not assessed yet" plain; each read from its legend cell.
    priority_rules = rules[_cells("G", spans)]
    assert [(t, op, f) for t, op, f, _fill in priority_rules] == [
        ("cellIs", "equal", [f"${c}$4"]) for c in "BCDEF"
    ]
    assert [fill[-6:] for *_rest, fill in priority_rules] == [
        "FFC7CE",
        "FFC7CE",
        "FFEB9C",
        "FFEB9C",
        "C6EFCE",
    ]


PRIORITY_IDS = ("priority-1", "priority-2", "priority-3", "priority-4")
WORDS = (*PRIORITY_IDS, "priority-none", "priority-open")


def test_the_priority_legend_holds_the_pages_words(workbooks: Path) -> None:
    for locale in ("en", "de"):
        localised = chemsex_toolkit.load(MULTI, locale=locale)
        checklist, _plan, _guidance = _sheets(workbooks / f"{locale}.xlsx")
        assert [checklist[f"{c}4"].value for c in "ABCDEFG"] == [
            localised.text("priority-label"),
            *(localised.text(word) for word in WORDS),
        ]


def test_each_items_priority_formula_reads_its_own_answers(
    workbooks: Path, toolkit: Toolkit
) -> None:
    """The formula's text for every item of every topic: the leftmost Partly ($C$3) or No
    ($D$3) gives the priority of its question, else every question answered gives "no
    improvement needed" and anything else "not assessed yet"; words come from the legend. In
    planning mode (the mark in the Summary's B7) the fourth question, which the fixture lets
    a planned service leave open, counts as answered and is not considered."""
    checklist, _plan, _guidance = _sheets(workbooks / "en.xlsx")
    _headings, spans = _layout(toolkit)
    count = len(toolkit.checklist.questions)
    assert count == 4  # the fixture asks the four questions the priorities are named after
    assert [q.skippable_when_planning for q in toolkit.checklist.questions] == [0, 0, 0, 1]
    planning = "'Summary'!$B$7=\"\u2713\""
    for top, bottom in spans:
        for row in range(top, bottom + 1, count):
            d = [f"D{row + i}" for i in range(count)]
            given = [f"OR({c}=$B$3,{c}=$C$3,{c}=$D$3,{c}=$E$3)" for c in d]
            answered = ",".join([*given[:3], f"OR({planning},{given[3]})"])
            expected = (
                f"=IF(OR({d[0]}=$C$3,{d[0]}=$D$3),$B$4,"
                f"IF(OR({d[1]}=$C$3,{d[1]}=$D$3),$C$4,"
                f"IF(OR({d[2]}=$C$3,{d[2]}=$D$3),$D$4,"
                f"IF(AND(NOT({planning}),OR({d[3]}=$C$3,{d[3]}=$D$3)),$E$4,"
                f"IF(AND({answered}),$F$4,$G$4)))))"
            )
            assert checklist[f"G{row}"].value == expected
            assert f"G{row}:G{row + count - 1}" in {str(r) for r in checklist.merged_cells.ranges}


def test_a_viewer_that_does_not_recalculate_shows_not_assessed_yet(
    workbooks: Path, toolkit: Toolkit
) -> None:
    cached = openpyxl.load_workbook(workbooks / "en.xlsx", data_only=True).worksheets[CHECKLIST]
    _headings, spans = _layout(toolkit)
    count = len(toolkit.checklist.questions)
    values = {cached[f"G{r}"].value for top, bottom in spans for r in range(top, bottom + 1, count)}
    assert values == {toolkit.ui["priority-open"].text}


# Answers by the fixture's answer IDs ("" leaves the cell blank, "stray" is a word that is no
# answer), and the priority the page gives them.
CASES: list[tuple[tuple[str, str, str, str], str]] = [
    (("yes", "yes", "yes", "yes"), "priority-none"),
    (("not-applicable", "yes", "yes", "not-applicable"), "priority-none"),
    (("no", "yes", "yes", "yes"), "priority-1"),
    (("partly", "no", "no", "no"), "priority-1"),
    (("yes", "partly", "no", "yes"), "priority-2"),
    (("yes", "yes", "partly", ""), "priority-3"),
    (("", "", "no", ""), "priority-3"),
    (("yes", "yes", "yes", "no"), "priority-4"),
    (("not-applicable", "yes", "yes", "partly"), "priority-4"),
    (("yes", "", "yes", "yes"), "priority-open"),
    (("", "", "", ""), "priority-open"),
    (("yes", "yes", "stray", "yes"), "priority-open"),
]


def _recalculated(books: list[Path], out: Path) -> list[Path]:
    """The workbooks as LibreOffice computes them: opened headless, every formula evaluated,
    saved again. A profile of its own keeps it apart from any other LibreOffice running."""
    libreoffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert libreoffice, "the workbook tests need LibreOffice Calc (scripts/test installs it)"
    profile = (out / "profile").as_uri()
    subprocess.run(
        [
            libreoffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            *("--convert-to", "xlsx", "--outdir", str(out)),
            *map(str, books),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return [out / book.name for book in books]


@pytest.mark.parametrize("fixture", ["minimal", "multi-topic"])
def test_priorities_computed_by_libreoffice_are_the_pages(fixture: str, tmp_path: Path) -> None:
    content = MULTI.parent / fixture
    loaded = load_content(content).toolkit
    assert loaded is not None
    build(content, tmp_path / "built", ["xlsx"])
    labels = {a.id: a.label for a in loaded.checklist.answers} | {"": None, "stray": "stray"}
    _headings, spans = _layout(loaded)
    count = len(loaded.checklist.questions)
    items = [r for top, bottom in spans for r in range(top, bottom + 1, count)]
    # As many copies as it takes to give every case an item, the cases spread over every topic.
    filled: list[Path] = []
    expected: list[list[tuple[int, str]]] = []
    (tmp_path / "filled").mkdir()
    for start in range(0, len(CASES), len(items)):
        book = openpyxl.load_workbook(tmp_path / "built/xlsx/en.xlsx")
        sheet = book.worksheets[CHECKLIST]
        rows = []
        for row, (answers, word) in zip(items, CASES[start:], strict=False):
            for offset, answer in enumerate(answers):
                sheet[f"D{row + offset}"] = labels[answer]
            rows.append((row, loaded.ui[word].text))
        filled.append(tmp_path / "filled" / f"en-{start}.xlsx")
        book.save(filled[-1])
        expected.append(rows)
    assert sum(len(rows) for rows in expected) == len(CASES)
    for path, rows in zip(_recalculated(filled, tmp_path), expected, strict=True):
        sheet = openpyxl.load_workbook(path, data_only=True).worksheets[CHECKLIST]
        assert [(row, sheet[f"G{row}"].value) for row, _word in rows] == rows


def test_action_plan_has_the_pages_columns_and_the_items_priority(
    workbooks: Path, toolkit: Toolkit
) -> None:
    _checklist, plan, _guidance = _sheets(workbooks / "en.xlsx")
    labels = {c.id: c.label for c in toolkit.checklist.action_plan.columns}
    # The page's plan: Item, Priority, What, Who, When, How monitored, Status.
    assert [c.value for c in plan[PLAN_HEADER_ROW]] == [
        labels["item"],
        toolkit.ui["priority-label"].text,
        *(labels[c] for c in ("what", "who", "when", "monitoring")),
        toolkit.ui["status-label"].text,
    ]
    items = sum(len(t.items) for t in toolkit.topics)
    last = PLAN_HEADER_ROW + max(30, 2 * items)
    validations = {str(v.sqref): v.formula1 for v in plan.data_validations.dataValidation}
    assert validations == {
        f"A6:A{last}": f"'Guidance'!$B$2:$B${items + 1}",  # every item of every topic
        f"G6:G{last}": "$B$2:$D$2",
    }
    _headings, spans = _layout(toolkit)
    first, final = spans[0][0], spans[-1][1]
    assert plan["B6"].value == (
        f'=IF(A6="","",IFERROR(INDEX(\'Checklist\'!$G${first}:$G${final},'
        f"MATCH(A6,'Checklist'!$B${first}:$B${final},0)),\"\"))"
    )
    statuses = [toolkit.ui[f"status-{s}"].text for s in ("planned", "in-progress", "done")]
    assert [plan[f"{c}2"].value for c in "BCD"] == statuses
    # The page's priorities in its words, for the colours of the Priority column.
    assert [plan[f"{c}3"].value for c in "BCDEFG"] == [toolkit.ui[w].text for w in WORDS]
    assert plan.protection.sheet is True
    assert all(plan.cell(6, col).protection.locked is False for col in (1, 3, 4, 5, 6, 7))
    assert plan["B6"].protection.locked is True
    assert plan["A1"].protection.locked is True


def test_summary_sheet_names_the_assessment_and_counts_items_per_priority(
    workbooks: Path, toolkit: Toolkit
) -> None:
    for locale in ("en", "de"):
        localised = chemsex_toolkit.load(MULTI, locale=locale)
        t = localised.text
        book = openpyxl.load_workbook(workbooks / f"{locale}.xlsx")
        summary, checklist = book.worksheets[0], book.worksheets[CHECKLIST]
        assert [summary[f"A{r}"].value for r in (3, 4, 5, 6, 7)] == [
            t("overview-heading"),
            t("service-label"),
            t("date-label"),
            t("participants-label"),
            t("planning-label"),
        ]
        assert all(summary[f"B{r}"].protection.locked is False for r in (4, 5, 6, 7))
        planning = {str(v.sqref): v.formula1 for v in summary.data_validations.dataValidation}
        assert planning == {"B7": '"\u2713"'}
        _headings, spans = _layout(toolkit)
        cells = f"'{checklist.title}'!$G${spans[0][0]}:$G${spans[-1][1]}"
        assert [(summary[f"A{r}"].value, summary[f"B{r}"].value) for r in range(11, 17)] == [
            (t(word), f"=COUNTIF({cells},$A${r})")
            for r, word in zip(range(11, 17), WORDS, strict=True)
        ]
        assert len(summary._charts) == 1  # the same figures as a chart beside the table
        names = {name: d.attr_text for name, d in book.defined_names.items()}
        assert names["toolkit_service"] == f"'{summary.title}'!$B$4"
        assert names["toolkit_checklist"] == f"'{checklist.title}'!$A${HEADER_ROW}"
    cached = openpyxl.load_workbook(workbooks / "en.xlsx", data_only=True).worksheets[0]
    items = sum(len(topic.items) for topic in toolkit.topics)
    assert [cached[f"B{r}"].value for r in range(11, 17)] == [0, 0, 0, 0, 0, items]


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
    for cell in (checklist[f"B{HEADER_ROW + 2}"], guidance["B2"]):
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


def test_summary_counts_planning_and_plan_priority_computed_by_libreoffice(
    workbooks: Path, toolkit: Toolkit, tmp_path: Path
) -> None:
    """In en and de: an item with No first is priority 1; an item with Yes but No at the
    question a planned service may leave open needs no improvement in planning mode; the
    Summary counts them, and a plan row of the first item shows its priority."""
    _headings, spans = _layout(toolkit)
    first, second = spans[0][0], spans[0][0] + len(toolkit.checklist.questions)
    filled, words = [], {}
    localised_missing: dict[str, str] = {}
    (tmp_path / "filled").mkdir()
    for locale in ("en", "de"):
        localised = chemsex_toolkit.load(MULTI, locale=locale)
        label = {a.id: a.label for a in localised.checklist.answers}
        book = openpyxl.load_workbook(workbooks / f"{locale}.xlsx")
        summary, checklist, plan = book.worksheets[0], book.worksheets[1], book.worksheets[2]
        checklist[f"D{first}"] = label["no"]
        # Not applicable twice, once with the reason it needs.
        checklist[f"D{first + 1}"] = label["not-applicable"]
        checklist[f"D{first + 2}"] = label["not-applicable"]
        checklist[f"E{first + 2}"] = "No counselling here"
        for offset, answer in enumerate(("yes", "yes", "yes", "no")):
            checklist[f"D{second + offset}"] = label[answer]
        summary["B7"] = "\u2713"
        plan["A6"] = checklist[f"B{first}"].value  # the item's title in this language
        filled.append(tmp_path / "filled" / f"{locale}.xlsx")
        book.save(filled[-1])
        words[locale] = [localised.text(word) for word in WORDS]
        localised_missing[locale] = localised.text("summary-missing-reasons")
    items = sum(len(topic.items) for topic in toolkit.topics)
    for path, locale in zip(_recalculated(filled, tmp_path), ("en", "de"), strict=True):
        book = openpyxl.load_workbook(path, data_only=True)
        summary, checklist, plan = book.worksheets[0], book.worksheets[1], book.worksheets[2]
        one, _two, _three, _four, none, _open = words[locale]
        assert (checklist[f"G{first}"].value, checklist[f"G{second}"].value) == (one, none)
        assert [summary[f"B{r}"].value for r in range(11, 17)] == [1, 0, 0, 0, 1, items - 2]
        assert [summary[f"A{r}"].value for r in range(11, 17)] == words[locale]
        assert summary["A18"].value == localised_missing[locale]
        assert summary["B18"].value == 1
        assert plan["B6"].value == one
        assert plan["B7"].value in (None, "")  # a row of no item has no priority
