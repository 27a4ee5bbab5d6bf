"""The network report's figures as a workbook: a sheet each for the answers per item and
question, the items most often urgent, every assessment's priorities, and the files left out.

Written with XlsxWriter (the ``xlsx`` extra, as the checklist workbook): every string stays text
(never a formula, number or link), so a service's name such as ``=HYPERLINK(...)`` is shown, not
run."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence

from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.exporting.base import OutputFile
from chemsex_toolkit.network.labels import Labels
from chemsex_toolkit.network.model import PRIORITIES, NetworkFigures
from chemsex_toolkit.network.registry import ReportContext

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet(name: str, index: int) -> str:
    return (
        _FORBIDDEN.sub(" ", " ".join(name.split())).strip("' ")[:31].strip("' ") or f"Sheet{index}"
    )


class XlsxReport:
    name = "xlsx"
    description = "The figures as a workbook (needs the xlsx extra)."

    def render(self, figures: NetworkFigures, context: ReportContext) -> Iterator[OutputFile]:
        try:
            import xlsxwriter
        except ImportError as error:
            raise ExportError(
                "The xlsx report needs XlsxWriter: pip install 'chemsex-toolkit[xlsx]'."
            ) from error
        t = Labels(context)
        buffer = io.BytesIO()
        options = {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        }
        book = xlsxwriter.Workbook(buffer, options)
        bold = book.add_format({"bold": True})
        sheets: list[tuple[str, list[str], Sequence[Sequence[str | int]]]] = []
        answers = [answer.label for answer in figures.answers]
        shorts = {q.id: q.short for q in figures.questions}
        sheets.append(
            (
                t("report-answers-heading"),
                [
                    t("topic-heading"),
                    t("item-heading"),
                    t("report-question"),
                    *answers,
                    t("report-not-answered"),
                ],
                [
                    [
                        item.topic,
                        item.title,
                        shorts[counts.question],
                        *counts.counts.values(),
                        counts.not_answered,
                    ]
                    for item in figures.items
                    for counts in item.questions
                ],
            )
        )
        by_id = {item.id: item for item in figures.items}
        sheets.append(
            (
                t("report-urgent-heading"),
                [t("item-heading"), *(t.priority(p) for p in PRIORITIES)],
                [
                    [by_id[i].title, *(by_id[i].priorities[p] for p in PRIORITIES)]
                    for i in figures.most_urgent
                ],
            )
        )
        sheets.append(
            (
                t("report-services-heading"),
                [t("report-service"), t("report-date"), *(item.title for item in figures.items)],
                [
                    [
                        service.service,
                        a.date,
                        *(t.priority(a.priorities[item.id]) for item in figures.items),
                    ]
                    for service in figures.services
                    for a in service.assessments
                ],
            )
        )
        sheets.append(
            (
                t("report-skipped-heading"),
                [t("report-file"), t("report-reason")],
                [
                    [s.file, f"{s.code}: {s.message}" if s.message else s.code]
                    for s in figures.skipped
                ],
            )
        )
        used: list[str] = []
        for index, (title, header, rows) in enumerate(sheets, start=1):
            name = _sheet(title, index)
            if name.casefold() in (u.casefold() for u in used):
                name = f"Sheet{index}"
            used.append(name)
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, header, bold)
            sheet.freeze_panes(1, 0)
            for row, values in enumerate(rows, start=1):
                for column, value in enumerate(values):
                    if isinstance(value, str):
                        sheet.write_string(row, column, value)
                    else:
                        sheet.write_number(row, column, value)
            sheet.set_column(0, len(header) - 1, 18)
        book.close()
        yield OutputFile("report.xlsx", buffer.getvalue())
