"""The page's CSV of the action plan read back into the plan of an answers file.

The page writes one row per action (item title, priority, each question's answer, What, Who,
When, monitoring, status, and since the third edition of the page the date of When as a day,
the reasons for Not applicable, the service and the assessment's date), in the language of
the page, with a semicolon or a comma between
quoted cells, and a quote mark before a leading ``= + - @`` (so that no spreadsheet runs it).
The header row tells the language and the edition; titles and statuses are matched in it.
Only the plan and the assessment's name and date come back: the answers and reasons in the
CSV are words of a summary, the answers file keeps the real ones."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit.answers.check import AnswersReport, read_text
from chemsex_toolkit.answers.model import (
    FORMAT_VERSION,
    AnswersFile,
    Meta,
    PlanRow,
    State,
    Status,
    is_day,
)
from chemsex_toolkit.findings import Finding, Place
from chemsex_toolkit.models import Toolkit

STATUSES: tuple[Status, ...] = ("planned", "in-progress", "done")
COLUMNS = ("what", "who", "when", "monitoring")
# The page's guard against formulas: a quote mark before these (csvCell in app.js).
_GUARDED = re.compile(r"'(?=[=+\-@\t\r])")
# The columns the page writes after Status since its third edition.
LATER_COLUMNS = ("csv-when-date", "csv-reasons", "service-label", "date-label")


@dataclass(frozen=True)
class _Language:
    locale: str
    header: list[str]  # the first edition's columns; later ones follow (LATER_COLUMNS)
    later: list[str]
    items: dict[str, str]  # title -> item ID
    statuses: dict[str, Status]  # label -> status


def _language(toolkit: Toolkit) -> _Language:
    """The CSV's words in the locale of ``toolkit``, as the page writes them."""
    ui = {key: value.text for key, value in toolkit.ui.items()}
    labels = {column.id: column.label for column in toolkit.checklist.action_plan.columns}
    header = [
        labels["item"],
        ui["priority-label"],
        *(question.short for question in toolkit.checklist.questions),
        *(labels[column] for column in COLUMNS),
        ui["status-label"],
    ]
    items = {item.title: item.id for topic in toolkit.topics for item in topic.items}
    statuses: dict[str, Status] = {ui[f"status-{status}"]: status for status in STATUSES}
    later = [ui[key] for key in LATER_COLUMNS]
    return _Language(toolkit.locale, header, later, items, statuses)


def _finding(code: str, place: Place, variant: str = "", **values: object) -> Finding:
    from chemsex_toolkit.validation.rules import RULES

    return RULES[code].at(place, variant, **values)


def _cells(text: str) -> list[tuple[int, list[str]]]:
    """The rows of ``text``, split at the separator its header uses, each with the line it
    starts on (a quoted cell may hold line breaks)."""
    first = text.split("\n", 1)[0]
    separator = ";" if first.count('";"') > first.count('","') else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def read_plan_csv(path: Path, toolkits: list[Toolkit]) -> AnswersReport:
    """The plan in the CSV at ``path`` as an answers file of the toolkit, whose loaded
    ``toolkits`` (one per locale) tell the words; findings say which line does not fit."""
    file = str(path)
    text, refusal = read_text(path)
    if refusal is not None or text is None:
        return AnswersReport(file, (refusal,) if refusal else (), None)
    try:
        rows = _cells(text)
    except csv.Error as error:
        finding = _finding("CT712", Place(file, 0, 0), "unreadable", reason=str(error))
        return AnswersReport(file, (finding,), None)
    if not rows:
        return AnswersReport(file, (_finding("CT712", Place(file, 1, 1), "empty"),), None)
    header = [_GUARDED.sub("", cell, count=1) for cell in rows[0][1]]
    languages = [_language(toolkit) for toolkit in toolkits]
    language = next(
        (lang for lang in languages if header in (lang.header, lang.header + lang.later)), None
    )
    if language is None:
        names = ", ".join(lang.locale for lang in languages)
        return AnswersReport(file, (_finding("CT712", Place(file, 1, 1), locales=names),), None)
    findings: list[Finding] = []
    plan: list[PlanRow] = []
    meta = Meta()
    width = len(header)
    base = len(language.header)
    for line, row in rows[1:]:
        if not any(row):
            continue
        place = Place(file, line, 1)
        if len(row) != width:
            findings.append(_finding("CT713", place, found=len(row), expected=width))
            continue
        cells = [_GUARDED.sub("", cell, count=1) for cell in row]
        later = dict(zip(LATER_COLUMNS, cells[base:], strict=False))
        cells = cells[:base]
        title, status_label = cells[0], cells[-1]
        item = language.items.get(title, "") if title else ""
        if title and not item:
            findings.append(_finding("CT713", place, "item", title=title, locale=language.locale))
            continue
        status = language.statuses.get(status_label)
        if status is None:
            known = ", ".join(language.statuses)
            findings.append(
                _finding(
                    "CT713",
                    place,
                    "status",
                    status=status_label,
                    locale=language.locale,
                    known=known,
                )
            )
            continue
        day = later.get("csv-when-date", "")
        if day and not is_day(day):
            findings.append(_finding("CT713", place, "day", word=day))
            continue
        texts = dict(zip(COLUMNS, cells[-1 - len(COLUMNS) : -1], strict=True))
        # whenDate by alias: the name pyright and the pydantic plugin of mypy both accept.
        plan.append(PlanRow(item=item, origin=item, status=status, **texts, **{"whenDate": day}))
        if not meta.service and not meta.date:
            date = later.get("date-label", "")
            try:
                meta = Meta(service=later.get("service-label", ""), date=date)
            except ValueError:
                findings.append(_finding("CT713", place, "day", word=date))
                continue
    if findings:
        return AnswersReport(file, tuple(findings), None)
    try:
        answers = AnswersFile(
            format="chemsex-toolkit-answers",
            format_version=FORMAT_VERSION,
            toolkit=toolkits[0].id,
            content_version=toolkits[0].version,
            locale=language.locale,
            state=State(plan=plan, meta=meta),
        )
    except ValueError as error:  # a text over the page's limits, or more than 1,000 rows
        reason = str(error).splitlines()[-1].strip()
        finding = _finding(
            "CT705", Place(file, 0, 0, "/state/plan"), path="/state/plan", reason=reason
        )
        return AnswersReport(file, (finding,), None)
    return AnswersReport(file, (), answers)
