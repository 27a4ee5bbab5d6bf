"""The self-assessment as a workbook: Checklist, Action plan and Guidance sheets.

Topics are a column, not sheets: a team that fills one topic filters the Topic column (every
row carries its topic, so the filter keeps a topic whole), while the workbook stays three
sheets however many topics the toolkit has and the action plan stays one list across them. On
the checklist a heading row opens each topic, for reading and printing. Each item's priority is
the page's, in the page's words (1 to 4, "no improvement needed", "not assessed yet"), so the
workbook and the page never disagree about what an item needs.

Every text from the content is written with ``write_string``, never ``write``: a title that
begins with ``=``, ``+``, ``-`` or ``@`` stays text and never becomes a formula. The only
formulas are the ones built here from cell addresses. Lists for drop-downs and the
colours' conditions refer to cells on the sheets (a legend row), never to content text quoted
inside a formula.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from chemsex_toolkit import Item, Toolkit
from chemsex_toolkit.exporting import Reference, plain_text, standard_markdown

# Traffic-light fills and text colours with enough contrast between them (WCAG AA).
FILLS = {
    "green": ("#C6EFCE", "#006100"),
    "yellow": ("#FFEB9C", "#7A5200"),
    "red": ("#FFC7CE", "#9C0006"),
    "none": ("#E7E6E6", "#3B3838"),
}
# The page's colours of the priorities 1 to 4, "no improvement needed" and "not assessed yet".
PRIORITY_COLOURS = ("red", "red", "yellow", "yellow", "green", "none")
# Points per line of wrapped text at the workbook's font size.
LINE_HEIGHT = 15
# Empty rows of the action plan, beyond one per item.
PLAN_ROWS_MIN = 30

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Labels:
    """The interface strings the workbook shows, all from the content."""

    checklist: str
    action_plan: str
    guidance: str
    topic: str
    item: str
    question: str
    answer: str
    reason: str
    action: str
    status: str
    priority: str
    statuses: tuple[str, str, str]
    # The page's priorities: 1 to 4 (the question of the leftmost Partly or No), then
    # "no improvement needed" and "not assessed yet".
    priorities: tuple[str, str, str, str]
    no_improvement: str
    not_assessed: str
    summary: str
    assessment: str
    service: str
    date: str
    participants: str
    planning: str
    missing_reasons: str

    @classmethod
    def of(cls, toolkit: Toolkit) -> Labels:
        t = toolkit.text
        return cls(
            checklist=t("checklist-heading"),
            action_plan=t("action-plan-heading"),
            guidance=t("guidance-sheet"),
            topic=t("topic-heading"),
            item=t("item-heading"),
            question=t("question-heading"),
            answer=t("answer-heading"),
            reason=t("reason-label"),
            action=t("action-label"),
            # The page's own words for the same columns and choices: one term per concept.
            status=t("status-label"),
            priority=t("priority-label"),
            statuses=(t("status-planned"), t("status-in-progress"), t("status-done")),
            priorities=(t("priority-1"), t("priority-2"), t("priority-3"), t("priority-4")),
            no_improvement=t("priority-none"),
            not_assessed=t("priority-open"),
            summary=t("summary-heading"),
            assessment=t("overview-heading"),
            service=t("service-label"),
            date=t("date-label"),
            participants=t("participants-label"),
            planning=t("planning-label"),
            missing_reasons=t("summary-missing-reasons"),
        )


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Valid, distinct sheet names: no ``[]:*?/\\``, at most 31 characters, no quote at either
    end, never blank; a clash gets a number."""
    names: list[str] = []
    for index, name in enumerate(wanted, start=1):
        clean = _SHEET_FORBIDDEN.sub(" ", " ".join(name.split())).strip("' ")[:31].strip("' ")
        clean = clean or f"Sheet{index}"
        candidate, number = clean, 2
        while candidate.casefold() in (n.casefold() for n in names):
            suffix = f" ({number})"
            candidate, number = clean[: 31 - len(suffix)] + suffix, number + 1
        names.append(candidate)
    return names


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def plain_with_addresses(toolkit: Toolkit, text: str) -> str:
    """A content text as plain text, each link followed by its address in brackets, so a
    printed or offline sheet keeps where the link leads."""

    def unlinked(ref: Reference) -> str:
        if ref.kind == "link":
            # Every ASCII punctuation mark escaped, so that Markdown reads the address as text.
            url = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", toolkit.link(ref.target).url)
            return f"{ref.text} ({url})"
        return ref.text

    return plain_text(standard_markdown(text, lambda _ref: None, unlinked))


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top", "text_wrap": True}
        self.title = book.add_format({**base, "bold": True, "font_size": 16, "text_wrap": False})
        self.note = book.add_format({**base, "italic": True})
        self.header = book.add_format(
            {**base, "bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "border": 1}
        )
        self.text = book.add_format({**base, "border": 1})
        self.topic = book.add_format(
            {**base, "bold": True, "font_size": 13, "bg_color": "#D9E1F2", "border": 1}
        )
        self.label = book.add_format({**base, "bold": True})
        self.day = book.add_format(
            {**base, "border": 1, "locked": False, "num_format": "yyyy-mm-dd"}
        )
        self.open = book.add_format({**base, "border": 1, "locked": False})
        self.priority = book.add_format({**base, "border": 1, "bold": True})
        self.legend = {
            colour: book.add_format(
                {**base, "border": 1, "bg_color": fill, "font_color": ink, "align": "center"}
            )
            for colour, (fill, ink) in FILLS.items()
        }
        self.mark = {
            colour: book.add_format({"bg_color": fill, "font_color": ink})
            for colour, (fill, ink) in FILLS.items()
        }


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """Printed on A4 landscape, one page wide, the header row repeated on every page."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)


def _protect(sheet: Worksheet) -> None:
    """Lock the structure; cells written with an ``open`` format stay editable. No password:
    this guards against slips, not people."""
    sheet.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
            "autofilter": True,
        },
    )


def workbook_bytes(toolkit: Toolkit, created: datetime, notice: str = "") -> bytes:
    """The workbook of ``toolkit`` (already in its locale); ``created`` is its stated date;
    ``notice`` (whether a person reviewed the translation) heads the checklist when given."""
    labels = Labels.of(toolkit)
    summary_name, checklist_name, plan_name, guidance_name = sheet_names(
        [labels.summary, labels.checklist, labels.action_plan, labels.guidance]
    )
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": toolkit.title,
            "subject": ", ".join(t.title for t in toolkit.topics),
            "keywords": f"{toolkit.id} {toolkit.version} {toolkit.locale}",
            "comments": f"{toolkit.licence}; content version {toolkit.version}",
            "created": created,
        }
    )
    # What the workbook is, for reading it back whatever its language (see ``identity``).
    for name, value in identity(toolkit).items():
        book.set_custom_property(name, value)
    formats = _Formats(book)
    items = [item for topic in toolkit.topics for item in topic.items]
    summary = book.add_worksheet(summary_name)
    checklist = book.add_worksheet(checklist_name)
    plan = book.add_worksheet(plan_name)
    guidance = book.add_worksheet(guidance_name)
    planning = f'{_quoted(summary_name)}!{_absolute(PLANNING_ROW, 1)}="{PLANNING_MARK}"'
    rows = _checklist_sheet(checklist, toolkit, labels, formats, planning)
    if notice:
        # A row of its own, blank without a notice, so no cell address moves.
        checklist.merge_range(NOTICE_ROW, 0, NOTICE_ROW, PRIORITY, "", formats.note)
        checklist.write_string(NOTICE_ROW, 0, notice, formats.note)
    _summary_sheet(book, summary, toolkit, labels, formats, checklist_name, rows)
    _plan_sheet(plan, toolkit, labels, formats, items, guidance_name, checklist_name, rows)
    _guidance_sheet(guidance, toolkit, labels, formats)
    # Where import finds the metadata and the tables: names move with their cells.
    names = {
        "service": (summary_name, SERVICE_ROW, 1),
        "date": (summary_name, DATE_ROW, 1),
        "participants": (summary_name, PARTICIPANTS_ROW, 1),
        "planning": (summary_name, PLANNING_ROW, 1),
        "checklist": (checklist_name, CHECKLIST_HEADER_ROW, 0),
        "plan": (plan_name, PLAN_HEADER_ROW, 0),
    }
    for name, (sheet_name, row, col) in names.items():
        book.define_name(f"{NAME_PREFIX}{name}", f"={_quoted(sheet_name)}!{_absolute(row, col)}")
    summary.activate()
    book.close()
    return buffer.getvalue()


# The workbook's marker and format, in its custom document properties: import knows a workbook
# of this toolkit by them, not by sheet names in some language.
MARKER = "chemsex-toolkit-workbook"
WORKBOOK_FORMAT = 1
# Prefix of the defined names that point import to the metadata cells and the tables.
NAME_PREFIX = "toolkit_"
# The mark of planning mode: a drop-down of one choice, the same in every language.
PLANNING_MARK = "\u2713"
# The summary sheet's rows (0-based): the metadata, then the counts per priority.
SERVICE_ROW, DATE_ROW, PARTICIPANTS_ROW, PLANNING_ROW = 3, 4, 5, 6
COUNTS_ROW = 10
# Below the six counts and a blank row: the answers that still lack the reason they need.
MISSING_REASONS_ROW = 17
# The action plan's header row (0-based) and its columns, the page's plan's order.
PLAN_HEADER_ROW = 4
PLAN_COLUMNS = ("item", "priority", "what", "who", "when", "monitoring", "status")


def identity(toolkit: Toolkit) -> dict[str, str]:
    """The custom document properties that say what a workbook is: our marker (its value the
    workbook's format), the toolkit's ID and content version, and the workbook's locale."""
    return {
        MARKER: str(WORKBOOK_FORMAT),
        "toolkit": toolkit.id,
        "content-version": toolkit.version,
        "locale": toolkit.locale,
    }


def _absolute(row: int, col: int) -> str:
    cell: str = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
    return cell


def _span(sheet: str, col: int, rows: tuple[int, int]) -> str:
    """``'Checklist'!$G$8:$G$40``: one column of a sheet over rows (0-based, inclusive)."""
    name = xl_col_to_name(col)
    return f"{sheet}!${name}${rows[0] + 1}:${name}${rows[1] + 1}"


def _summary_sheet(
    book: xlsxwriter.Workbook,
    sheet: Worksheet,
    toolkit: Toolkit,
    labels: Labels,
    formats: _Formats,
    checklist_name: str,
    rows: tuple[int, int] | None,
) -> None:
    """Who assessed which service when, planning mode, and the number of items per priority
    (counted from the checklist's priority cells) as a table and a chart beside it."""
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 44)
    sheet.write_string(0, 0, toolkit.title, formats.title)
    sheet.set_row(0, 24)
    sheet.write_string(2, 0, labels.assessment, formats.label)
    for row, label in (
        (SERVICE_ROW, labels.service),
        (DATE_ROW, labels.date),
        (PARTICIPANTS_ROW, labels.participants),
        (PLANNING_ROW, labels.planning),
    ):
        sheet.write_string(row, 0, label, formats.text)
        sheet.write_blank(row, 1, None, formats.open)
    sheet.write_blank(DATE_ROW, 1, None, formats.day)
    sheet.set_row(PARTICIPANTS_ROW, 3 * LINE_HEIGHT)
    sheet.data_validation(
        PLANNING_ROW, 1, PLANNING_ROW, 1, {"validate": "list", "source": [PLANNING_MARK]}
    )
    sheet.merge_range(PLANNING_ROW + 1, 0, PLANNING_ROW + 1, 1, "", formats.note)
    sheet.write_string(PLANNING_ROW + 1, 0, toolkit.checklist.urgency.planning_note, formats.note)
    sheet.set_row(PLANNING_ROW + 1, 2 * LINE_HEIGHT)
    sheet.write_string(COUNTS_ROW - 1, 0, labels.summary, formats.header)
    sheet.write_string(COUNTS_ROW - 1, 1, labels.priority, formats.header)
    words = [*labels.priorities, labels.no_improvement, labels.not_assessed]
    items = sum(len(topic.items) for topic in toolkit.topics)
    for offset, (word, colour) in enumerate(zip(words, PRIORITY_COLOURS, strict=True)):
        row = COUNTS_ROW + offset
        sheet.write_string(row, 0, word, formats.legend[colour])
        if rows is None:
            sheet.write_number(row, 1, 0, formats.text)
            continue
        cells = _span(_quoted(checklist_name), PRIORITY, rows)
        # Cached: what a viewer that does not recalculate shows, every item not assessed yet.
        cached = items if offset == len(words) - 1 else 0
        sheet.write_formula(row, 1, f"=COUNTIF({cells},{_absolute(row, 0)})", formats.text, cached)
    last = COUNTS_ROW + len(words) - 1
    # Not applicable asks for a reason, as on the page: the answers still without one.
    reason_answer = next((a for a in toolkit.checklist.answers if a.requires_reason), None)
    if reason_answer is not None:
        sheet.write_string(MISSING_REASONS_ROW, 0, labels.missing_reasons, formats.text)
        if rows is None:
            sheet.write_number(MISSING_REASONS_ROW, 1, 0, formats.text)
        else:
            answers = _span(_quoted(checklist_name), ANSWER, rows)
            reasons = _span(_quoted(checklist_name), REASON, rows)
            word = reason_answer.label.replace('"', '""')
            formula = f'=SUMPRODUCT(({answers}="{word}")*(LEN({reasons})=0))'
            sheet.write_formula(MISSING_REASONS_ROW, 1, formula, formats.text, 0)
    chart = book.add_chart({"type": "bar"})
    assert chart is not None  # XlsxWriter gives None only for a chart type it does not know
    chart.add_series(
        {
            "name": labels.summary,
            "categories": [sheet.name, COUNTS_ROW, 0, last, 0],
            "values": [sheet.name, COUNTS_ROW, 1, last, 1],
            "points": [
                {"fill": {"color": FILLS[c][0]}, "border": {"color": FILLS[c][1]}}
                for c in PRIORITY_COLOURS
            ],
        }
    )
    chart.set_title({"name": labels.summary})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    sheet.insert_chart(COUNTS_ROW - 1, 2, chart)
    _protect(sheet)


def _legend(
    sheet: Worksheet, row: int, title: str, entries: Sequence[tuple[str, str]], formats: _Formats
) -> list[str]:
    """A row naming the choices of a drop-down or formula, each in its colour; the absolute
    addresses of the choices (``$B$3``, ...), which the drop-down, the conditional formats and
    the formulas read."""
    sheet.write_string(row, 0, title, formats.label)
    for col, (label, colour) in enumerate(entries, start=1):
        sheet.write_string(row, col, label, formats.legend[colour])
    return [
        xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        for col in range(1, len(entries) + 1)
    ]


def _colour_rules(
    sheet: Worksheet, cells: str, legend: Sequence[str], colours: Sequence[str], formats: _Formats
) -> None:
    """Colour the cells in ``cells`` like the legend entry (an address) they equal."""
    for entry, colour in zip(legend, colours, strict=True):
        if colour == "none":
            continue
        _conditional(
            sheet,
            cells,
            {"type": "cell", "criteria": "==", "value": entry, "format": formats.mark[colour]},
        )


def priority_formula(
    answer_cells: Sequence[str],
    answers: Sequence[str],
    improving: Sequence[str],
    words: Sequence[str],
    skipped: Sequence[str] = (),
) -> str:
    """The page's priority of one item, as a formula that yields one of ``words`` (legend
    addresses: priorities 1 to 4, "no improvement needed", "not assessed yet"). ``answers``
    are the legend addresses of every answer, ``improving`` those of Partly and No.

    The leftmost Partly or No decides (question n gives priority n; any question past the
    fourth gives 4, the last the interface names); without one, an item with every question
    answered needs no improvement and any other is not assessed yet, so a blank or a stray
    word is never taken for an answer.

    ``skipped`` holds, per answer cell, a condition that is true while the service is being
    planned and the question is one it may leave open ("" for the others): as on the page,
    such a question counts as answered and its answer is not considered, and the numbering
    of the others does not move."""
    *numbered, no_improvement, not_assessed = words
    skips = list(skipped) or [""] * len(answer_cells)

    def one_of(cell: str, choices: Sequence[str]) -> str:
        return "OR(" + ",".join(f"{cell}={choice}" for choice in choices) + ")"

    def given(position: int) -> str:
        test = one_of(answer_cells[position], answers)
        return f"OR({skips[position]},{test})" if skips[position] else test

    def improves(position: int) -> str:
        test = one_of(answer_cells[position], improving)
        return f"AND(NOT({skips[position]}),{test})" if skips[position] else test

    answered = "AND(" + ",".join(given(p) for p in range(len(answer_cells))) + ")"
    formula = f"IF({answered},{no_improvement},{not_assessed})"
    if improving:
        for position in reversed(range(len(answer_cells))):
            word = numbered[min(position, len(numbered) - 1)]
            formula = f"IF({improves(position)},{word},{formula})"
    return "=" + formula


# The checklist's columns, from the left; the last two, hidden, hold each row's item and
# question IDs, so that a row moved or sorted elsewhere still says what it answers.
TOPIC, ITEM, QUESTION, ANSWER, REASON, ACTION, PRIORITY, ITEM_ID, QUESTION_ID = range(9)
# Its rows above the table (0-based) after the title and the rule: the legends of the answers
# and of the priorities, the review notice (blank when there is none), then the header row.
ANSWER_LEGEND_ROW, PRIORITY_LEGEND_ROW, NOTICE_ROW, CHECKLIST_HEADER_ROW = 2, 3, 4, 5


def _column_range(col: int, spans: Sequence[tuple[int, int]]) -> str:
    """``D6:D25 D27:D34``: the cells of one column over row spans (0-based, inclusive)."""
    name = xl_col_to_name(col)
    return " ".join(f"{name}{top + 1}:{name}{bottom + 1}" for top, bottom in spans)


def _checklist_sheet(
    sheet: Worksheet, toolkit: Toolkit, labels: Labels, formats: _Formats, planning: str
) -> tuple[int, int] | None:
    """The checklist; ``planning`` is the condition, true in planning mode, that lets the
    questions a planned service may leave open be skipped. Returns the first and last row
    (0-based) of the answer rows, None when the content has no item."""
    questions = toolkit.checklist.questions
    skipped = [planning if q.skippable_when_planning else "" for q in questions]
    answers = toolkit.checklist.answers
    sheet.set_column(TOPIC, TOPIC, 20)
    sheet.set_column(ITEM, ITEM, 30)
    sheet.set_column(QUESTION, QUESTION, 44)
    sheet.set_column(ANSWER, ANSWER, 16)
    sheet.set_column(REASON, ACTION, 36)
    sheet.set_column(PRIORITY, PRIORITY, 22)
    sheet.set_column(ITEM_ID, QUESTION_ID, None, None, {"hidden": True})
    sheet.write_string(0, 0, toolkit.title, formats.title)
    sheet.set_row(0, 24)
    sheet.merge_range(1, 0, 1, PRIORITY, "", formats.note)
    sheet.write_string(1, 0, toolkit.checklist.urgency.rule, formats.note)
    sheet.set_row(1, 32)
    answer_legend = _legend(
        sheet, ANSWER_LEGEND_ROW, labels.answer, [(a.label, a.colour) for a in answers], formats
    )
    # The formulas and colours read the priorities' words from their legend.
    words = [*labels.priorities, labels.no_improvement, labels.not_assessed]
    priority_legend = _legend(
        sheet,
        PRIORITY_LEGEND_ROW,
        labels.priority,
        list(zip(words, PRIORITY_COLOURS, strict=True)),
        formats,
    )
    improving = [
        cell for cell, a in zip(answer_legend, answers, strict=True) if a.needs_improvement
    ]
    reason_legend = next(
        (cell for cell, a in zip(answer_legend, answers, strict=True) if a.requires_reason), None
    )
    header_row = CHECKLIST_HEADER_ROW
    headers = [
        labels.topic,
        labels.item,
        labels.question,
        labels.answer,
        labels.reason,
        labels.action,
        labels.priority,
        "item-id",
        "question-id",
    ]
    for col, text in enumerate(headers):
        sheet.write_string(header_row, col, text, formats.header)
    sheet.freeze_panes(header_row + 1, ITEM + 1)
    _print_setup(sheet, header_row)
    row = header_row + 1
    # Per topic, the rows of its questions (0-based, inclusive): every range below is made of
    # these, so it covers exactly the answer rows the content has and no heading row.
    spans: list[tuple[int, int]] = []
    for topic in toolkit.topics:
        if not topic.items:
            continue
        # The heading row carries the topic in its Topic cell too, so a filter keeps it.
        sheet.write_string(row, TOPIC, topic.title, formats.topic)
        sheet.merge_range(row, ITEM, row, PRIORITY, "", formats.topic)
        sheet.write_string(row, ITEM, topic.title, formats.topic)
        sheet.set_row(row, 20)
        row += 1
        first_row = row
        for item in topic.items:
            top, bottom = row, row + len(questions) - 1
            answer_cells = []
            for question in questions:
                # Rows do not grow to fit wrapped text everywhere: give long questions the
                # lines they need in a column about 48 characters wide.
                sheet.set_row(row, LINE_HEIGHT * max(1, math.ceil(len(question.text) / 48)))
                sheet.write_string(row, TOPIC, topic.title, formats.text)
                sheet.write_string(row, QUESTION, question.text, formats.text)
                for col in (ANSWER, REASON):
                    sheet.write_blank(row, col, None, formats.open)
                sheet.write_string(row, ITEM_ID, item.id)
                sheet.write_string(row, QUESTION_ID, question.id)
                answer_cells.append(xl_rowcol_to_cell(row, ANSWER))
                row += 1
            # One action per item, as on the page.
            if bottom > top:
                sheet.merge_range(top, ITEM, bottom, ITEM, "", formats.text)
                sheet.merge_range(top, ACTION, bottom, ACTION, "", formats.open)
                sheet.merge_range(top, PRIORITY, bottom, PRIORITY, "", formats.priority)
            else:
                sheet.write_blank(top, ACTION, None, formats.open)
            sheet.write_string(top, ITEM, item.title, formats.text)
            formula = priority_formula(
                answer_cells, answer_legend, improving, priority_legend, skipped
            )
            # The cached value is what a viewer that does not recalculate shows: the priority
            # of an item with no answer yet. xlsxwriter takes any value here; it has no type
            # hints, and pyright guesses int from the default 0.
            sheet.write_formula(top, PRIORITY, formula, formats.priority, labels.not_assessed)  # pyright: ignore[reportArgumentType, reportCallIssue]
        spans.append((first_row, row - 1))
    if not spans:
        return None
    # The hidden ID columns are inside the filter, so a sort moves them with their rows.
    sheet.autofilter(header_row, TOPIC, row - 1, QUESTION_ID)
    answer_range = _column_range(ANSWER, spans)
    source = f"={answer_legend[0]}:{answer_legend[-1]}"
    _validate(sheet, answer_range, {"validate": "list", "source": source})
    _colour_rules(sheet, answer_range, answer_legend, [a.colour for a in answers], formats)
    top_row = spans[0][0] + 1
    answer, reason = xl_col_to_name(ANSWER), xl_col_to_name(REASON)
    if reason_legend is not None:
        _conditional(
            sheet,
            _column_range(REASON, spans),
            {
                "type": "formula",
                "criteria": f'=AND(${answer}{top_row}={reason_legend},${reason}{top_row}="")',
                "format": formats.mark["yellow"],
            },
        )
    _colour_rules(sheet, _column_range(PRIORITY, spans), priority_legend, PRIORITY_COLOURS, formats)
    _protect(sheet)
    return spans[0][0], spans[-1][1]


def _validate(sheet: Worksheet, cells: str, options: dict[str, Any]) -> None:
    """A data validation over ``cells``, one range or several apart by spaces."""
    sheet.data_validation(cells.split()[0], {**options, "multi_range": cells})


def _conditional(sheet: Worksheet, cells: str, options: dict[str, Any]) -> None:
    """A conditional format over ``cells``, one range or several apart by spaces."""
    sheet.conditional_format(cells.split()[0], {**options, "multi_range": cells})


def _plan_sheet(
    sheet: Worksheet,
    toolkit: Toolkit,
    labels: Labels,
    formats: _Formats,
    items: list[Item],
    guidance_name: str,
    checklist_name: str,
    rows: tuple[int, int] | None,
) -> None:
    """The page's plan: Item, Priority, What, Who, When, How monitored, Status. The priority
    is the item's on the checklist, looked up from its title, as the page shows it."""
    columns = {c.id: c.label for c in toolkit.checklist.action_plan.columns}
    sheet.write_string(0, 0, labels.action_plan, formats.title)
    status_colours = ("none", "yellow", "green")
    status_legend = _legend(
        sheet, 1, labels.status, list(zip(labels.statuses, status_colours, strict=True)), formats
    )
    words = [*labels.priorities, labels.no_improvement, labels.not_assessed]
    priority_legend = _legend(
        sheet, 2, labels.priority, list(zip(words, PRIORITY_COLOURS, strict=True)), formats
    )
    header_row = PLAN_HEADER_ROW
    headers = [
        labels.priority if c == "priority" else labels.status if c == "status" else columns[c]
        for c in PLAN_COLUMNS
    ]
    item_col, priority_col = PLAN_COLUMNS.index("item"), PLAN_COLUMNS.index("priority")
    status_col = PLAN_COLUMNS.index("status")
    for col, text in enumerate(headers):
        sheet.write_string(header_row, col, text, formats.header)
        sheet.set_column(col, col, 16 if col in (priority_col, status_col) else 30)
    sheet.freeze_panes(header_row + 1, 0)
    _print_setup(sheet, header_row)
    count = max(PLAN_ROWS_MIN, 2 * len(items))
    first, last = header_row + 1, header_row + count
    checklist = _quoted(checklist_name)
    for row in range(first, last + 1):
        for col in range(len(headers)):
            if col != priority_col:
                sheet.write_blank(row, col, None, formats.open)
        if rows is None:
            sheet.write_blank(row, priority_col, None, formats.priority)
            continue
        title = xl_rowcol_to_cell(row, item_col)
        found = f"MATCH({title},{_span(checklist, ITEM, rows)},0)"
        priorities = _span(checklist, PRIORITY, rows)
        formula = f'=IF({title}="","",IFERROR(INDEX({priorities},{found}),""))'
        # The cached result a reader shows before recomputing: blank, as the formula gives for
        # a blank row (XlsxWriter takes any value; its typings say a number).
        sheet.write_formula(row, priority_col, formula, formats.priority, "")  # pyright: ignore[reportArgumentType]

    def span(col: int) -> str:
        name = xl_col_to_name(col)
        return f"{name}{first + 1}:{name}{last + 1}"

    if items:
        # The item titles of the Guidance sheet, one row per item of every topic.
        titles = f"={_quoted(guidance_name)}!$B$2:$B${len(items) + 1}"
        sheet.data_validation(
            span(item_col), {"validate": "list", "source": titles, "error_type": "information"}
        )
    source = f"={status_legend[0]}:{status_legend[-1]}"
    sheet.data_validation(span(status_col), {"validate": "list", "source": source})
    _colour_rules(sheet, span(status_col), status_legend, status_colours, formats)
    _colour_rules(sheet, span(priority_col), priority_legend, PRIORITY_COLOURS, formats)
    _protect(sheet)


def _guidance_sheet(sheet: Worksheet, toolkit: Toolkit, labels: Labels, formats: _Formats) -> None:
    sections = toolkit.checklist.sections
    sheet.write_string(0, 0, labels.topic, formats.header)
    sheet.write_string(0, 1, labels.item, formats.header)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 30)
    for col, section in enumerate(sections, start=2):
        sheet.write_string(0, col, section.title, formats.header)
        sheet.set_column(col, col, 60)
    sheet.freeze_panes(1, 2)
    _print_setup(sheet, 0)
    row = 0
    for topic in toolkit.topics:
        for item in topic.items:
            row += 1
            sheet.write_string(row, 0, topic.title, formats.text)
            sheet.write_string(row, 1, item.title, formats.text)
            texts: dict[str, Any] = dict(item.sections)
            for col, section in enumerate(sections, start=2):
                text = plain_with_addresses(toolkit, texts[section.id])
                # A cell holds at most 32,767 characters.
                sheet.write_string(row, col, text[:32767], formats.text)
    if row:
        sheet.autofilter(0, 0, row, len(sections) + 1)
    _protect(sheet)
