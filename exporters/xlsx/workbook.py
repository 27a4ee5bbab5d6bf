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
    checklist_name, plan_name, guidance_name = sheet_names(
        [labels.checklist, labels.action_plan, labels.guidance]
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
    formats = _Formats(book)
    items = [item for topic in toolkit.topics for item in topic.items]
    checklist = book.add_worksheet(checklist_name)
    plan = book.add_worksheet(plan_name)
    guidance = book.add_worksheet(guidance_name)
    _checklist_sheet(checklist, toolkit, labels, formats)
    if notice:
        # A row of its own, blank without a notice, so no cell address moves.
        checklist.merge_range(NOTICE_ROW, 0, NOTICE_ROW, PRIORITY, "", formats.note)
        checklist.write_string(NOTICE_ROW, 0, notice, formats.note)
    _plan_sheet(plan, toolkit, labels, formats, items, guidance_name)
    _guidance_sheet(guidance, toolkit, labels, formats)
    checklist.activate()
    book.close()
    return buffer.getvalue()


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
) -> str:
    """The page's priority of one item, as a formula that yields one of ``words`` (legend
    addresses: priorities 1 to 4, "no improvement needed", "not assessed yet"). ``answers``
    are the legend addresses of every answer, ``improving`` those of Partly and No.

    The leftmost Partly or No decides (question n gives priority n; any question past the
    fourth gives 4, the last the interface names); without one, an item with every question
    answered needs no improvement and any other is not assessed yet, so a blank or a stray
    word is never taken for an answer."""
    *numbered, no_improvement, not_assessed = words

    def one_of(cell: str, choices: Sequence[str]) -> str:
        return "OR(" + ",".join(f"{cell}={choice}" for choice in choices) + ")"

    answered = "AND(" + ",".join(one_of(cell, answers) for cell in answer_cells) + ")"
    formula = f"IF({answered},{no_improvement},{not_assessed})"
    if improving:
        for position in reversed(range(len(answer_cells))):
            word = numbered[min(position, len(numbered) - 1)]
            formula = f"IF({one_of(answer_cells[position], improving)},{word},{formula})"
    return "=" + formula


# The checklist's columns, from the left.
TOPIC, ITEM, QUESTION, ANSWER, REASON, ACTION, PRIORITY = range(7)
# Its rows above the table (0-based) after the title and the rule: the legends of the answers
# and of the priorities, the review notice (blank when there is none), then the header row.
ANSWER_LEGEND_ROW, PRIORITY_LEGEND_ROW, NOTICE_ROW, CHECKLIST_HEADER_ROW = 2, 3, 4, 5


def _column_range(col: int, spans: Sequence[tuple[int, int]]) -> str:
    """``D6:D25 D27:D34``: the cells of one column over row spans (0-based, inclusive)."""
    name = xl_col_to_name(col)
    return " ".join(f"{name}{top + 1}:{name}{bottom + 1}" for top, bottom in spans)


def _checklist_sheet(sheet: Worksheet, toolkit: Toolkit, labels: Labels, formats: _Formats) -> None:
    questions = toolkit.checklist.questions
    answers = toolkit.checklist.answers
    sheet.set_column(TOPIC, TOPIC, 20)
    sheet.set_column(ITEM, ITEM, 30)
    sheet.set_column(QUESTION, QUESTION, 44)
    sheet.set_column(ANSWER, ANSWER, 16)
    sheet.set_column(REASON, ACTION, 36)
    sheet.set_column(PRIORITY, PRIORITY, 22)
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
                for col in (ANSWER, REASON, ACTION):
                    sheet.write_blank(row, col, None, formats.open)
                answer_cells.append(xl_rowcol_to_cell(row, ANSWER))
                row += 1
            if bottom > top:
                sheet.merge_range(top, ITEM, bottom, ITEM, "", formats.text)
                sheet.merge_range(top, PRIORITY, bottom, PRIORITY, "", formats.priority)
            sheet.write_string(top, ITEM, item.title, formats.text)
            formula = priority_formula(answer_cells, answer_legend, improving, priority_legend)
            # The cached value is what a viewer that does not recalculate shows: the priority
            # of an item with no answer yet. xlsxwriter takes any value here; it has no type
            # hints, and pyright guesses int from the default 0.
            sheet.write_formula(top, PRIORITY, formula, formats.priority, labels.not_assessed)  # pyright: ignore[reportArgumentType, reportCallIssue]
        spans.append((first_row, row - 1))
    if not spans:
        return
    sheet.autofilter(header_row, TOPIC, row - 1, PRIORITY)
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
) -> None:
    columns = [c.label for c in toolkit.checklist.action_plan.columns]
    sheet.write_string(0, 0, labels.action_plan, formats.title)
    status_colours = ("none", "yellow", "green")
    # The priorities the page's plan shows for an item that needs improvement, in its colours.
    priority_colours = PRIORITY_COLOURS[: len(labels.priorities)]
    status_legend = _legend(
        sheet, 1, labels.status, list(zip(labels.statuses, status_colours, strict=True)), formats
    )
    priority_legend = _legend(
        sheet,
        2,
        labels.priority,
        list(zip(labels.priorities, priority_colours, strict=True)),
        formats,
    )
    header_row = 4
    headers = [*columns, labels.status, labels.priority]
    for col, text in enumerate(headers):
        sheet.write_string(header_row, col, text, formats.header)
        sheet.set_column(col, col, 30 if col < len(columns) else 16)
    sheet.freeze_panes(header_row + 1, 0)
    _print_setup(sheet, header_row)
    rows = max(PLAN_ROWS_MIN, 2 * len(items))
    first, last = header_row + 1, header_row + rows
    for row in range(first, last + 1):
        for col in range(len(headers)):
            sheet.write_blank(row, col, None, formats.open)
    status_col, priority_col = len(columns), len(columns) + 1

    def span(col: int) -> str:
        name = xl_col_to_name(col)
        return f"{name}{first + 1}:{name}{last + 1}"

    if items and toolkit.checklist.action_plan.columns[0].id == "item":
        # The item titles of the Guidance sheet, one row per item of every topic.
        titles = f"={_quoted(guidance_name)}!$B$2:$B${len(items) + 1}"
        sheet.data_validation(
            span(0), {"validate": "list", "source": titles, "error_type": "information"}
        )
    for col, legend in ((status_col, status_legend), (priority_col, priority_legend)):
        source = f"={legend[0]}:{legend[-1]}"
        sheet.data_validation(span(col), {"validate": "list", "source": source})
    _colour_rules(sheet, span(status_col), status_legend, status_colours, formats)
    _colour_rules(sheet, span(priority_col), priority_legend, priority_colours, formats)
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
