"""A filled self-assessment workbook (the xlsx export) read back into an answers file.

The workbook says what it is in its custom document properties (our marker, the toolkit, its
content version and its locale) and where its parts are in defined names (``toolkit_service``
... ``toolkit_plan``), which move with their cells; each checklist row carries its item and
question IDs in two hidden columns, so a row moved or sorted elsewhere still maps by ID. Sheet
names and headers are in the workbook's language and only the words in cells (answers,
statuses, item titles) are matched, in that language.

The zip's declared sizes are checked before openpyxl unpacks anything: a small file that
unpacks to gigabytes is refused unread. Every finding names the sheet and the cell; when there
is one, nothing is imported.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chemsex_toolkit.answers.check import AnswersReport, ContentKeys
from chemsex_toolkit.answers.model import (
    FORMAT,
    FORMAT_VERSION,
    AnswersFile,
    ItemAnswers,
    Meta,
    PlanRow,
    State,
    Status,
    is_day,
)
from chemsex_toolkit.findings import Finding, Place
from chemsex_toolkit.models import Toolkit

# The export's marker and format (``identity`` in the xlsx exporter); its defined names.
MARKER = "chemsex-toolkit-workbook"
WORKBOOK_FORMAT = 1
NAME_PREFIX = "toolkit_"
PLANNING_MARK = "\u2713"
# Headers of the checklist's hidden ID columns, the same in every language.
ITEM_ID, QUESTION_ID = "item-id", "question-id"
# A filled workbook of the bundled content is about 40 KB, 300 KB unpacked; one of a hundred
# times the content a few MB. Far above both, far below what would hurt.
MAX_FILE = 20_000_000
MAX_UNPACKED = 100_000_000
MAX_MEMBERS = 1_000
STATUSES: tuple[Status, ...] = ("planned", "in-progress", "done")


def _finding(code: str, place: Place, variant: str = "", **values: object) -> Finding:
    from chemsex_toolkit.validation.rules import RULES

    return RULES[code].at(place, variant, **values)


def _properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """The custom document properties, read from the zip without openpyxl (which is only
    needed once the workbook is known to be ours)."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(archive.read("docProps/custom.xml"))
    except (KeyError, ElementTree.ParseError):
        return {}
    found: dict[str, str] = {}
    for prop in root:
        name = prop.get("name")
        if name is not None and len(prop):
            found[name] = prop[0].text or ""
    return found


def _archive(path: Path) -> tuple[dict[str, str] | None, Finding | None]:
    """The workbook's custom properties after the size checks, or the finding why not."""
    file = str(path)
    try:
        if path.stat().st_size > MAX_FILE:
            return None, _finding("CT720", Place(file), "too-large", limit=f"{MAX_FILE:,}")
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            if len(infos) > MAX_MEMBERS or unpacked > MAX_UNPACKED:
                return None, _finding("CT720", Place(file), "too-large", limit=f"{MAX_UNPACKED:,}")
            return _properties(archive), None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        return None, _finding("CT720", Place(file), reason=f"not an XLSX file ({error})")


def is_toolkit_workbook(path: Path | str) -> bool:
    """Whether ``path`` is a workbook the toolkit's xlsx export made (it has our marker); for
    ``import_answers`` to tell it from other workbooks."""
    properties, _refusal = _archive(Path(path))
    return properties is not None and MARKER in properties


@dataclass
class _Reader:
    """Reads one workbook; ``findings`` collects what does not fit."""

    file: str
    book: Any
    toolkit: Toolkit  # in the workbook's locale
    keys: ContentKeys
    findings: list[Finding] = field(default_factory=list)

    def refuse(
        self, code: str, sheet: str, row: int, col: int, variant: str = "", **values: object
    ) -> None:
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(col)}{row}"
        place = Place(self.file, row, col, f"{sheet}!{cell}")
        self.findings.append(_finding(code, place, variant, sheet=sheet, cell=cell, **values))

    def named(self, name: str, part: str) -> tuple[Any, str, int, int] | None:
        """The sheet, its name, and the row and column (1-based) of a defined name's cell."""
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        defined = self.book.defined_names.get(NAME_PREFIX + name)
        try:
            sheet_name, ref = next(iter(defined.destinations))
            letters, row = coordinate_from_string(ref.replace("$", ""))
            return self.book[sheet_name], sheet_name, row, column_index_from_string(letters)
        except (AttributeError, StopIteration, KeyError, ValueError, TypeError):
            self.findings.append(
                _finding("CT721", Place(self.file), "part", part=part, name=NAME_PREFIX + name)
            )
            return None

    def value(self, name: str, part: str) -> tuple[Any, str, int, int] | None:
        found = self.named(name, part)
        if found is None:
            return None
        sheet, sheet_name, row, col = found
        return sheet.cell(row, col).value, sheet_name, row, col

    def day(self, raw: Any, sheet: str, row: int, col: int) -> str | None:
        """An ISO day from a date cell or a text in that form; None (and a finding) else."""
        if isinstance(raw, (datetime, date)):
            return raw.strftime("%Y-%m-%d")
        text = _text(raw)
        if not text or is_day(text):
            return text
        self.refuse("CT723", sheet, row, col, "date", word=text)
        return None

    def meta(self) -> tuple[Meta, bool]:
        texts: dict[str, str] = {}
        for name, part in (("service", "service name"), ("participants", "participants")):
            found = self.value(name, part)
            texts[name] = _text(found[0]) if found else ""
        found = self.value("date", "date")
        day = (self.day(*found) if found else "") or ""
        planning = False
        found = self.value("planning", "planning mode")
        if found is not None:
            mark, sheet, row, col = found
            if mark not in (None, "", PLANNING_MARK):
                self.refuse("CT723", sheet, row, col, "planning", word=mark, known=PLANNING_MARK)
            planning = mark == PLANNING_MARK
        return Meta(
            service=texts["service"], date=day, participants=texts["participants"]
        ), planning

    def table(self, name: str, part: str) -> Iterator[tuple[str, int, dict[str, tuple[Any, int]]]]:
        """The rows under a table's header: per row its number and, per header text, the
        value and column of its cell."""
        found = self.named(name, part)
        if found is None:
            return
        sheet, sheet_name, header_row, first_col = found
        rows = sheet.iter_rows(min_row=header_row, min_col=first_col, values_only=True)
        header = [_text(cell) for cell in next(rows, ())]
        for number, values in enumerate(rows, start=header_row + 1):
            yield (
                sheet_name,
                number,
                {
                    text: (value, first_col + offset)
                    for offset, (text, value) in enumerate(zip(header, values, strict=False))
                    if text
                },
            )

    def items(self) -> dict[str, ItemAnswers]:
        t = self.toolkit.text
        answers = {a.label: a.id for a in self.toolkit.checklist.answers}
        known = ", ".join(answers)
        heading = {
            "answer": t("answer-heading"),
            "reason": t("reason-label"),
            "action": t("action-label"),
        }
        given: dict[str, dict[str, str]] = {}
        reasons: dict[str, dict[str, str]] = {}
        actions: dict[str, list[str]] = {}
        for sheet, row, cells in self.table("checklist", "checklist"):
            item = _text(cells.get(ITEM_ID, (None, 0))[0])
            question = _text(cells.get(QUESTION_ID, (None, 0))[0])
            if not item and not question:
                continue  # a topic's heading row, or a row someone added
            if item not in self.keys.fingerprints:
                self.refuse("CT722", sheet, row, cells[ITEM_ID][1], kind="item", id=item)
                continue
            if question not in self.keys.questions:
                self.refuse(
                    "CT722", sheet, row, cells[QUESTION_ID][1], kind="question", id=question
                )
                continue
            word, col = cells.get(heading["answer"], (None, 0))
            label = _text(word)
            if label:
                if label not in answers:
                    self.refuse(
                        "CT723",
                        sheet,
                        row,
                        col,
                        word=label,
                        locale=self.toolkit.locale,
                        known=known,
                    )
                else:
                    given.setdefault(item, {})[question] = answers[label]
            reason = _text(cells.get(heading["reason"], (None, 0))[0])
            if reason:
                reasons.setdefault(item, {})[question] = reason
            action = _text(cells.get(heading["action"], (None, 0))[0])
            if action:
                actions.setdefault(item, []).append(action)
        # In the content's order, as the page keeps them.
        return {
            item: ItemAnswers(
                answers=given.get(item, {}),
                reasons=reasons.get(item, {}),
                action="\n".join(actions.get(item, [])),
                fingerprint=fingerprint,
            )
            for item, fingerprint in self.keys.fingerprints.items()
            if item in given or item in reasons or item in actions
        }

    def plan(self) -> list[PlanRow]:
        t = self.toolkit.text
        labels = {c.id: c.label for c in self.toolkit.checklist.action_plan.columns}
        labels["status"] = t("status-label")
        titles = {i.title: i.id for topic in self.toolkit.topics for i in topic.items}
        statuses: dict[str, Status] = {t(f"status-{status}"): status for status in STATUSES}
        known = ", ".join(statuses)
        locale = self.toolkit.locale
        plan: list[PlanRow] = []
        for sheet, row, cells in self.table("plan", "action plan"):
            value = {key: cells.get(label, (None, 0)) for key, label in labels.items()}
            if all(_text(raw) == "" for raw, _col in value.values()):
                continue
            title, col = _text(value["item"][0]), value["item"][1]
            item = titles.get(title, "")
            if title and not item:
                self.refuse("CT723", sheet, row, col, "item", word=title, locale=locale)
                continue
            word, col = _text(value["status"][0]), value["status"][1]
            status = statuses.get(word) if word else "planned"
            if status is None:
                self.refuse(
                    "CT723", sheet, row, col, "status", word=word, locale=locale, known=known
                )
                continue
            raw, col = value["when"]
            day = self.day(raw, sheet, row, col) if isinstance(raw, (datetime, date)) else None
            when = day if day is not None else _text(raw)
            dates = {"when": when, "whenDate": when if is_day(when) else ""}
            plan.append(
                PlanRow(
                    item=item,
                    origin=item,
                    what=_text(value["what"][0]),
                    who=_text(value["who"][0]),
                    monitoring=_text(value["monitoring"][0]),
                    status=status,
                    **dates,
                )
            )
        return plan


def _text(value: Any) -> str:
    """A cell's value as the page's text: a number as written, blank as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: Path, content: Toolkit | Path | str | None = None) -> AnswersReport:
    """The answers in the filled workbook at ``path``, whatever its language, as an answers
    file of ``content`` (a toolkit in its source language, or a content folder; default the
    bundled content); findings name the sheet and cell of what does not fit."""
    file = str(path)
    properties, refusal = _archive(path)
    if refusal is not None or properties is None:
        return AnswersReport(file, (refusal,) if refusal else (), None)
    source = source_toolkit(content)
    if MARKER not in properties:
        return AnswersReport(file, (_finding("CT721", Place(file)),), None)
    found = properties.get("toolkit", "")
    if found != source.id:
        finding = _finding("CT721", Place(file), "toolkit", found=found, toolkit=source.id)
        return AnswersReport(file, (finding,), None)
    version = properties[MARKER]
    if not version.isdigit() or int(version) > WORKBOOK_FORMAT:
        finding = _finding("CT721", Place(file), "newer", found=version, known=WORKBOOK_FORMAT)
        return AnswersReport(file, (finding,), None)
    locale = properties.get("locale", "")
    # A loaded toolkit has its own locale's words only; a content folder has every locale's.
    loaded = isinstance(content, Toolkit)
    known = [source.locale] if loaded else [source.source_locale, *source.locales]
    if locale not in known:
        finding = _finding("CT721", Place(file), "locale", locale=locale, known=", ".join(known))
        return AnswersReport(file, (finding,), None)
    if isinstance(content, Toolkit) or locale == source.locale:
        toolkit = source
    else:
        toolkit = _localised(content, locale)
    try:
        import openpyxl
    except ModuleNotFoundError as error:
        from chemsex_toolkit.errors import UsageError

        raise UsageError(
            "Importing a workbook needs openpyxl: pip install 'chemsex-toolkit[xlsx]'"
        ) from error
    try:
        with warnings.catch_warnings():
            # openpyxl warns of the parts it does not read (extensions of data validation).
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        finding = _finding("CT720", Place(file), reason=f"{type(error).__name__}: {error}")
        return AnswersReport(file, (finding,), None)
    try:
        reader = _Reader(file, book, toolkit, ContentKeys.of(source))
        meta, planning = reader.meta()
        items = reader.items()
        plan = reader.plan()
    finally:
        book.close()
    if reader.findings:
        from chemsex_toolkit.validation.limits import capped

        return AnswersReport(file, tuple(capped(reader.findings)), None)
    try:
        answers = AnswersFile(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            toolkit=source.id,
            content_version=properties.get("content-version", ""),
            locale=locale,
            state=State(meta=meta, planning=planning, items=items, plan=plan),
        )
    except ValueError as error:  # a text over the page's limits, or more than 1,000 rows
        reason = str(error).splitlines()[-1].strip()
        return AnswersReport(file, (_finding("CT724", Place(file), reason=reason),), None)
    return AnswersReport(file, (), answers)


def source_toolkit(content: Toolkit | Path | str | None) -> Toolkit:
    """The toolkit in its source language, whose IDs and fingerprints the answers use."""
    if isinstance(content, Toolkit):
        return content
    import chemsex_toolkit
    from chemsex_toolkit.paths import bundled_content

    return chemsex_toolkit.load(content if content is not None else bundled_content())


def _localised(content: Path | str | None, locale: str) -> Toolkit:
    """The toolkit in the workbook's locale, whose words its cells hold."""
    import chemsex_toolkit
    from chemsex_toolkit.paths import bundled_content

    folder = content if content is not None else bundled_content()
    return chemsex_toolkit.load(folder, locale=locale)
