"""The words the built-in reports share: the content's UI string where it has one (so a
translation of ``ui.yaml`` translates the report), else the report's English default."""

from __future__ import annotations

from chemsex_toolkit.network.model import NetworkFigures, Priority
from chemsex_toolkit.network.registry import ReportContext

DEFAULTS = {
    "report-title": "Network report",
    "report-intro": "The answers of {services} services ({files} files) to {toolkit} {version}.",
    "report-anonymised": "Services are named by codes; names and written text are left out.",
    "report-answers-heading": "Answers per item and question",
    "report-answers-caption": "How many services answered each question of {item}",
    "report-not-answered": "not answered",
    "report-urgent-heading": "Items most often urgent",
    "report-urgent-none": "No item has priority 1 or 2 in any service's latest assessment.",
    "report-urgent-chart": "Services giving each item priority 1 or 2",
    "report-services-heading": "Priorities per service",
    "report-service": "Service",
    "report-date": "Date",
    "report-no-date": "no date",
    "report-change-heading": "Change over time",
    "report-change-caption": "Items per priority in each assessment of {service}",
    "report-change-none": "No service has assessments of more than one date.",
    "report-skipped-heading": "Files left out",
    "report-file": "File",
    "report-reason": "Reason",
    "report-question": "Question",
    "report-chart-table": "The figures of this chart are in the table below.",
    "priority-label": "Priority",
    "priority-1": "1 \u2013 most urgent",
    "priority-2": "2 \u2013 urgent",
    "priority-3": "3 \u2013 important",
    "priority-4": "4 \u2013 when possible",
    "priority-none": "no improvement needed",
    "priority-open": "not assessed yet",
    "item-heading": "Item",
    "topic-heading": "Topic",
}


class Labels:
    def __init__(self, context: ReportContext) -> None:
        self._text = context.text

    def __call__(self, ui_id: str, **values: object) -> str:
        text = self._text(ui_id, DEFAULTS[ui_id])
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def priority(self, value: Priority | None) -> str:
        return self(f"priority-{value or 'open'}")


def answer_labels(figures: NetworkFigures) -> dict[str, str]:
    return {answer.id: answer.label for answer in figures.answers}
