"""Submissions of the toolkit's XLSForm (the ``xlsform`` export), exported by KoboToolbox or
ODK Central, read back into answers files: one per submission.

An export is a table with a row per submission and a column per field, named by the field's
name with its groups in front, joined by ``/`` (KoboToolbox) or ``-`` (ODK Central). The form's
names are letters, digits and underscores only (``form_fields``), so a column is known by its
last segment, whichever tool made the file and whether it keeps the groups or not. Values are
the choices' names, which are the answers format's own codes. The action plan is a repeat:
KoboToolbox's XLSX export puts it on a sheet of its own (``_parent_index`` pointing to a
submission's ``_index``), ODK Central's CSV export in a file of its own beside the main one
(``<form>-action_plan.csv``, ``PARENT_KEY`` pointing to ``KEY``).

Every finding names the line and column (CSV) or the sheet and cell (XLSX); when there is one,
no submission is imported.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chemsex_toolkit.answers.check import ContentKeys
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
from chemsex_toolkit.form_fields import FormFields, form_fields
from chemsex_toolkit.models import Toolkit

# A submission of the bundled content is about 2 KB in a CSV; a network's ten thousand of
# them 20 MB. An XLSX is refused when it unpacks to far more than such a table.
MAX_FILE = 20_000_000
MAX_UNPACKED = 200_000_000
MAX_MEMBERS = 1_000
STATUSES: tuple[Status, ...] = ("planned", "in-progress", "done")
_STATUS: dict[str, Status] = {status: status for status in STATUSES}
# The columns that tie a repeat's rows to their submission: KoboToolbox's and ODK Central's.
LINKS = (("_index", "_parent_index"), ("KEY", "PARENT_KEY"))
# When a submission was made, as each tool names the column; and the form's version.
SUBMITTED = ("_submission_time", "SubmissionDate")
FORM_VERSION = "FormVersion"
# The form's names are letters, digits and underscores (``form_fields.xml_name``).
_LAST_NAME = re.compile(r"[A-Za-z0-9_]+$")


def _finding(code: str, place: Place, variant: str = "", **values: object) -> Finding:
    from chemsex_toolkit.validation.rules import RULES

    return RULES[code].at(place, variant, **values)


def field_name(header: str) -> str:
    """The field a column holds: the last segment of its path, whichever tool joined it and
    with whatever separator (KoboToolbox lets the user choose one; ``/`` by default)."""
    found = _LAST_NAME.search(header.strip())
    return found.group() if found else ""


@dataclass(frozen=True)
class Table:
    """One table of an export: its header and its rows, each with its line (CSV) or row
    (XLSX) number; ``sheet`` is empty for a CSV file."""

    file: str
    sheet: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]

    def columns(self) -> dict[str, int]:
        """The column of each field (the first, should a name come twice)."""
        found: dict[str, int] = {}
        for index, header in enumerate(self.header):
            found.setdefault(field_name(header), index)
        return found

    def place(self, line: int, column: int) -> tuple[Place, str]:
        """Where a cell is (``column`` 0-based), as a finding's place and in words."""
        if self.sheet:
            from openpyxl.utils import get_column_letter

            cell = f"{get_column_letter(column + 1)}{line}"
            return Place(self.file, line, column + 1, f"{self.sheet}!{cell}"), (
                f"Sheet '{self.sheet}', cell {cell}"
            )
        header = self.header[column] if column < len(self.header) else str(column + 1)
        return Place(self.file, line, column + 1), f"Line {line}, column {header}"


def is_submissions_header(header: Sequence[str], fields: FormFields) -> bool:
    """Whether a header is that of the form's submissions: it names the service, the
    planning mode and at least one answer of the content."""
    names = {field_name(cell) for cell in header}
    answers = {name for item in fields.items for name in item.answers.values()}
    return {fields.service, fields.planning} <= names and bool(names & answers)


def is_plan_header(header: Sequence[str], fields: FormFields) -> bool:
    names = {field_name(cell) for cell in header}
    return fields.plan_fields["status"] in names and fields.service not in names


# --- reading the tables -----------------------------------------------------------------------


def _csv_text(path: Path) -> tuple[str | None, Finding | None]:
    from chemsex_toolkit.answers.positions import line_column
    from chemsex_toolkit.safefiles import read_capped

    raw = read_capped(path, MAX_FILE)
    if len(raw) > MAX_FILE:
        return None, _finding("CT760", Place(str(path)), "too-large", limit=f"{MAX_FILE:,}")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line, column = line_column(raw[: error.start].decode("utf-8", "replace"), error.start)
        return None, _finding("CT760", Place(str(path), line, column), reason="not UTF-8")


def _separator(first_line: str) -> str:
    """KoboToolbox separates cells with ``;`` by default, ODK Central with ``,``."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep])


def _csv_table(path: Path) -> tuple[Table | None, Finding | None]:
    file = str(path)
    text, refusal = _csv_text(path)
    if text is None:
        return None, refusal
    separator = _separator(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, tuple(row)))
            start = reader.line_num + 1
    except csv.Error as error:
        return None, _finding("CT760", Place(file, reader.line_num, 0), reason=str(error))
    if not rows:
        return None, _finding("CT760", Place(file, 1, 1), reason="the file is empty")
    header = tuple(str(cell) for cell in rows[0][1])
    return Table(file, "", header, tuple(rows[1:])), None


def _sheet_table(file: str, sheet: Any, header_only: bool) -> Table:
    rows = sheet.iter_rows(values_only=True)
    header = tuple(_text(cell) for cell in next(rows, ()))
    if header_only:
        return Table(file, str(sheet.title), header, ())
    body = tuple((number, tuple(values)) for number, values in enumerate(rows, start=2))
    return Table(file, str(sheet.title), header, body)


def _xlsx_tables(path: Path, header_only: bool = False) -> tuple[list[Table], Finding | None]:
    """The sheets of an XLSX export (only their header rows with ``header_only``), after the
    size checks; or the finding why not."""
    file = str(path)
    try:
        if path.stat().st_size > MAX_FILE:
            return [], _finding("CT760", Place(file), "too-large", limit=f"{MAX_FILE:,}")
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                return [], _finding("CT760", Place(file), "too-large", limit=f"{MAX_UNPACKED:,}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        return [], _finding("CT760", Place(file), reason=f"not an XLSX file ({error})")
    try:
        import openpyxl
    except ModuleNotFoundError as error:
        from chemsex_toolkit.errors import UsageError

        raise UsageError(
            "Importing submissions from XLSX needs openpyxl: pip install 'chemsex-toolkit[xlsform]'"
        ) from error
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles it does not read
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [_sheet_table(file, sheet, header_only) for sheet in book.worksheets], None
        finally:
            book.close()
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        return [], _finding("CT760", Place(file), reason=f"{type(error).__name__}: {error}")


def _tables(path: Path, fields: FormFields) -> tuple[Table | None, Table | None, Finding | None]:
    """The submissions' table and the action plan's (None when the export has none), or the
    finding why the file cannot be read."""
    if path.suffix.lower() == ".xlsx":
        tables, refusal = _xlsx_tables(path)
        if refusal is not None:
            return None, None, refusal
        main = next((t for t in tables if is_submissions_header(t.header, fields)), None)
        plan = next((t for t in tables if is_plan_header(t.header, fields)), None)
        if main is None and tables:
            main = tables[0]
        return main, plan, None
    table, refusal = _csv_table(path)
    if table is None:
        return None, None, refusal
    # ODK Central's export holds each repeat in a file of its own beside the main one.
    beside = path.with_name(f"{path.stem}-{fields.plan}{path.suffix}")
    if beside.is_file():
        plan, refusal = _csv_table(beside)
        if plan is None:
            return None, None, refusal
        return table, plan, None
    return table, None, None


def sniff(path: Path | str, toolkit: Toolkit) -> bool:
    """Whether the file at ``path`` (.csv or .xlsx) has the header of this toolkit's
    submissions; for ``import_answers`` to tell it from the page's plan CSV and other files.
    Reads the first line of a CSV, or the first rows of an XLSX's sheets."""
    fields = form_fields(toolkit)
    target = Path(path)
    try:
        if target.suffix.lower() == ".xlsx":
            tables, refusal = _xlsx_tables(target, header_only=True)
            return refusal is None and any(is_submissions_header(t.header, fields) for t in tables)
        from chemsex_toolkit.safefiles import read_capped

        head = read_capped(target, 1_000_000)[:1_000_000].decode("utf-8-sig", "replace")
    except OSError:
        return False
    first = head.split("\n", 1)[0].rstrip("\r")
    row = next(csv.reader([first], delimiter=_separator(first)), [])
    return is_submissions_header(row, fields)


# --- submissions to answers ---------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell's value as the answers format's text: a number as written, blank as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


@dataclass(frozen=True)
class SubmissionsReport:
    """What reading a submissions export found: the answers of each submission, in the file's
    order, when there is no finding; else none."""

    file: str
    findings: tuple[Finding, ...]
    answers: tuple[AnswersFile, ...]


@dataclass
class _Reader:
    table: Table
    fields: FormFields
    toolkit: Toolkit
    keys: ContentKeys
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.columns = self.table.columns()
        self.answers = [a.id for a in self.toolkit.checklist.answers]

    def refuse(
        self, table: Table, line: int, column: int, code: str, variant: str = "", **values: object
    ) -> None:
        place, where = table.place(line, column)
        self.findings.append(_finding(code, place, variant, where=where, **values))

    def cell(self, row: tuple[Any, ...], name: str, columns: Mapping[str, int]) -> str:
        index = columns.get(name)
        return _text(row[index]) if index is not None and index < len(row) else ""

    def choice(
        self,
        table: Table,
        line: int,
        row: tuple[Any, ...],
        name: str,
        known: Sequence[str],
        columns: Mapping[str, int],
    ) -> str | None:
        """The value of a choice field: a choice's name or empty; None (and a finding) else."""
        value = self.cell(row, name, columns)
        if value and value not in known:
            self.refuse(
                table, line, columns[name], "CT762", value=value, field=name, known=", ".join(known)
            )
            return None
        return value

    def day(
        self, table: Table, line: int, row: tuple[Any, ...], name: str, columns: Mapping[str, int]
    ) -> str:
        value = self.cell(row, name, columns)
        # A date cell of an XLSX export comes as a date and time at midnight.
        if re.match(r"^\d{4}-\d{2}-\d{2}T00:00:00$", value):
            value = value[:10]
        if value and not is_day(value):
            self.refuse(table, line, columns[name], "CT763", value=value)
            return ""
        return value

    def items(self, line: int, row: tuple[Any, ...]) -> dict[str, ItemAnswers]:
        found: dict[str, ItemAnswers] = {}
        for names in self.fields.items:
            given: dict[str, str] = {}
            reasons: dict[str, str] = {}
            for question, name in names.answers.items():
                value = self.choice(self.table, line, row, name, self.answers, self.columns)
                if value:
                    given[question] = value
                reason = self.cell(row, names.reasons[question], self.columns)
                if reason:
                    reasons[question] = reason
            action = self.cell(row, names.action, self.columns)
            if given or reasons or action:
                found[names.item] = ItemAnswers(
                    answers=given,
                    reasons=reasons,
                    action=action,
                    fingerprint=self.keys.fingerprints.get(names.item, ""),
                )
        return found

    def plan(
        self, table: Table, columns: Mapping[str, int], line: int, row: tuple[Any, ...]
    ) -> PlanRow | None:
        names = self.fields.plan_fields
        items = [entry.item for entry in self.fields.items]
        item = self.choice(table, line, row, names["item"], items, columns)
        status = self.choice(table, line, row, names["status"], STATUSES, columns)
        when = self.day(table, line, row, names["when"], columns)
        if item is None or status is None:
            return None
        return PlanRow(
            item=item,
            origin=item,
            what=self.cell(row, names["what"], columns),
            who=self.cell(row, names["who"], columns),
            when=when,
            monitoring=self.cell(row, names["monitoring"], columns),
            status=_STATUS[status or "planned"],
            # By alias: the name pyright and the pydantic plugin of mypy both accept.
            **{"whenDate": when},
        )

    def submission(
        self, line: int, row: tuple[Any, ...], plan: list[PlanRow]
    ) -> AnswersFile | None:
        table, columns, fields = self.table, self.columns, self.fields
        if len(row) != len(table.header) and not table.sheet:
            self.refuse(table, line, 0, "CT764", found=len(row), expected=len(table.header))
            return None
        before = len(self.findings)
        planning = self.choice(table, line, row, fields.planning, (fields.yes, fields.no), columns)
        day = self.day(table, line, row, fields.date, columns)
        items = self.items(line, row)
        if len(self.findings) > before:
            return None
        submitted = next((self.cell(row, n, columns) for n in SUBMITTED if n in columns), "")
        version = self.cell(row, FORM_VERSION, columns) or self.toolkit.version
        try:
            return AnswersFile(
                format=FORMAT,
                format_version=FORMAT_VERSION,
                toolkit=self.toolkit.id,
                content_version=version,
                locale=self.toolkit.source_locale,
                saved_at=submitted,
                state=State(
                    meta=Meta(
                        service=self.cell(row, fields.service, columns),
                        date=day,
                        participants=self.cell(row, fields.participants, columns),
                    ),
                    planning=planning == fields.yes,
                    items=items,
                    plan=plan,
                ),
            )
        except ValueError as error:  # a text over the page's limits, or more than 1,000 rows
            reason = str(error).splitlines()[-1].strip()
            self.refuse(table, line, 0, "CT765", reason=reason)
            return None


def _links(main: Table, plan: Table) -> tuple[int | None, int | None]:
    """The columns tying the plan's rows to their submissions (the main table's key, the
    plan's pointer to it); None when the export has no such pair."""
    main_headers, plan_headers = list(main.header), list(plan.header)
    for key, parent in LINKS:
        if key in main_headers and parent in plan_headers:
            return main_headers.index(key), plan_headers.index(parent)
    return None, None


def _plans(
    reader: _Reader, main: Table, plan: Table | None, several: bool
) -> dict[str, list[PlanRow]]:
    """The plan rows per submission's key ("" when the export has no key: then it must hold
    one submission, to which every row belongs)."""
    found: dict[str, list[PlanRow]] = {}
    if plan is None:
        return found
    key_col, parent_col = _links(main, plan)
    if key_col is None and several:
        for line, row in plan.rows:
            if any(_text(value) for value in row):
                reader.refuse(plan, line, 0, "CT766", "unlinked")
        return found
    keys = (
        {_text(row[key_col]) for _line, row in main.rows if key_col < len(row)}
        if key_col is not None
        else {""}
    )
    columns = plan.columns()
    for line, row in plan.rows:
        if not any(_text(value) for value in row):
            continue
        parent = _text(row[parent_col]) if parent_col is not None and parent_col < len(row) else ""
        if parent not in keys:
            reader.refuse(plan, line, parent_col or 0, "CT766", parent=parent)
            continue
        entry = reader.plan(plan, columns, line, row)
        if entry is not None:
            found.setdefault(parent, []).append(entry)
    return found


def read_submissions(path: Path, content: Toolkit | Path | str | None = None) -> SubmissionsReport:
    """The submissions in the export at ``path`` (CSV or XLSX, as KoboToolbox or ODK Central
    export them) as answers files of ``content`` (a toolkit in its source language, or a
    content folder; default the bundled content), one per submission in the file's order;
    findings name the line and column, or the sheet and cell, of what does not fit."""
    file = str(path)
    toolkit = source_toolkit(content)
    fields = form_fields(toolkit)
    main, plan, refusal = _tables(path, fields)
    if refusal is not None or main is None:
        finding = refusal or _finding("CT760", Place(file), reason="the workbook has no sheet")
        return SubmissionsReport(file, (finding,), ())
    if not is_submissions_header(main.header, fields):
        names = {field_name(cell) for cell in main.header}
        first = [next(iter(item.answers.values())) for item in fields.items[:1]]
        wanted = [fields.service, fields.planning, *first]
        missing = ", ".join(name for name in wanted if name not in names)
        place = Place(file, 1, 1, f"{main.sheet}!A1" if main.sheet else "")
        return SubmissionsReport(file, (_finding("CT761", place, missing=missing),), ())
    rows = [(line, row) for line, row in main.rows if any(_text(value) for value in row)]
    if not rows:
        return SubmissionsReport(file, (_finding("CT767", Place(file, 1, 1)),), ())
    reader = _Reader(main, fields, toolkit, ContentKeys.of(toolkit))
    plans = _plans(reader, main, plan, several=len(rows) > 1)
    key_col = _links(main, plan)[0] if plan is not None else None
    answers: list[AnswersFile] = []
    for line, row in rows:
        key = _text(row[key_col]) if key_col is not None and key_col < len(row) else ""
        entry = reader.submission(line, row, plans.get(key, []))
        if entry is not None:
            answers.append(entry)
    if reader.findings:
        from chemsex_toolkit.validation.limits import capped

        return SubmissionsReport(file, tuple(capped(reader.findings)), ())
    return SubmissionsReport(file, (), tuple(answers))


def source_toolkit(content: Toolkit | Path | str | None) -> Toolkit:
    """The toolkit whose form the submissions answer: ``content`` itself when loaded, else the
    content folder's (default the bundled content) in its source language."""
    if isinstance(content, Toolkit):
        return content
    import chemsex_toolkit
    from chemsex_toolkit.paths import bundled_content

    return chemsex_toolkit.load(content if content is not None else bundled_content())


# --- naming the files ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def file_names(answers: Sequence[AnswersFile]) -> Iterator[str]:
    """A file name per answers file, from its service and date (``checkpoint-sud-2026-03-01
    .json``); a name given already gets a number (``-2``), so none is lost."""
    taken: set[str] = set()
    for entry in answers:
        meta = entry.state.meta
        stem = "-".join(part for part in (_slug(meta.service), meta.date) if part) or "submission"
        name, number = f"{stem}.json", 2
        while name in taken:
            name, number = f"{stem}-{number}.json", number + 1
        taken.add(name)
        yield name
