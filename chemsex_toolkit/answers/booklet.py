"""A filled PDF booklet (the pdf export) read back into an answers file.

The booklet says what it is in its document information (``chemsextoolkitbooklet``: the format
of its fields; ``toolkit``, ``contentversion``, ``locale``), and each form field is named by the
content's IDs (``exporters/pdf/fields.py`` makes the names): ``ct.item.<item>.<question>.answer``
is a radio group whose value is the answer ID, ``...reason`` and ``ct.item.<item>.action`` texts,
``ct.meta.<service|date|participants|planning>``, ``ct.plan.<row>.<column>``. Nothing is matched
by position or language, so a booklet in any locale reads the same way.

A PDF is untrusted: the file's size is checked before it is parsed, and the form is walked
with a cap on pages, fields and depth (a loop of fields ends the walk). Every finding names the
field and its page; when there is one, nothing is imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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

# The export's marker (``fields.MARKER`` in the pdf exporter) and the format of its fields.
MARKER = "/chemsextoolkitbooklet"
BOOKLET_FORMAT = 1
ROOT = "ct"
# A booklet of the bundled content is 0.5 MB, 16 pages and 140 fields; one of a hundred times the
# content stays far below these, which bound what a hostile file can make the reader do.
MAX_FILE = 100_000_000
MAX_PAGES = 10_000
MAX_FIELDS = 100_000
MAX_DEPTH = 16
STATUSES: tuple[Status, ...] = ("planned", "in-progress", "done")
_STATUS_OF: dict[str, Status] = {status: status for status in STATUSES}
META_TEXTS = ("service", "date", "participants")
# The plan's columns: the content's (``action_plan.columns``) and the page's own two. The page
# works out a row's priority from its item's answers, so the booklet's is not read.
PLAN_TEXTS = ("what", "who", "when", "monitoring")
PLAN_COLUMNS = ("item", "priority", *PLAN_TEXTS, "status")
CHECKED = "on"


def _finding(code: str, place: Place, variant: str = "", **values: object) -> Finding:
    from chemsex_toolkit.validation.rules import RULES

    return RULES[code].at(place, variant, **values)


@dataclass(frozen=True)
class FormField:
    """A field of the form: its whole name, kind (``/Tx``, ``/Btn``, ``/Ch``), value as text
    (a name without its slash, "" for none or ``Off``), and where its first widget is: the
    1-based page and place among the page's annotations (0 when unknown), a finding's line
    and column."""

    name: str
    kind: str
    value: str
    page: int = 0
    place: int = 0


def _text(value: Any) -> str:
    """A field value as text: a name without its slash, a string as it is, a list (of a
    multiple choice) joined; ``Off`` and nothing are ""."""
    from pypdf.generic import ArrayObject, NameObject

    if value is None:
        return ""
    if isinstance(value, ArrayObject):
        return "\n".join(_text(item) for item in value)
    text = str(value)
    if isinstance(value, NameObject) or (text.startswith("/") and " " not in text):
        text = text[1:]  # a reader writes a state as a name; some tools as "/name" text
    return "" if text == "Off" else text


def _resolved(value: Any) -> Any:
    """The object an indirect reference points to; anything else as it is."""
    return value.get_object() if hasattr(value, "get_object") else value


class _Refused(Exception):
    """The walk of the form stopped: the finding says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class _Walk:
    """The form's terminal fields, walked from ``/AcroForm /Fields`` with the caps above."""

    file: str
    pages: dict[int, tuple[int, int]]  # object number of a widget -> page, place on it
    seen: set[int] = field(default_factory=set)
    count: int = 0

    def fields(self, roots: Any) -> Iterator[FormField]:
        stack: list[tuple[Any, str, str, Any, int]] = [
            (node, "", "", None, 1) for node in reversed(list(roots))
        ]
        while stack:
            reference, parent, kind, value, depth = stack.pop()
            number = getattr(reference, "idnum", None)
            if number is not None:
                if number in self.seen:
                    continue  # a field twice in the tree, or a loop
                self.seen.add(number)
            self.count += 1
            if self.count > MAX_FIELDS or depth > MAX_DEPTH:
                limit = f"{MAX_FIELDS:,} fields" if depth <= MAX_DEPTH else f"{MAX_DEPTH} levels"
                raise _Refused(_finding("CT730", Place(self.file), "too-many", limit=limit))
            node = reference.get_object()
            if not hasattr(node, "get"):
                continue
            own = node.get("/T")
            name = f"{parent}.{own}" if parent and own is not None else str(own or parent)
            kind = str(node.get("/FT", kind))
            value = node.get("/V", value)
            kids = node.get("/Kids")
            kids = list(kids.get_object()) if kids is not None else []
            fields = [k for k in kids if hasattr(k.get_object(), "get") and "/T" in k.get_object()]
            if fields:
                stack.extend((kid, name, kind, value, depth + 1) for kid in reversed(fields))
                continue
            widgets = [node, *(k.get_object() for k in kids)]
            page, place = self._page(reference, kids)
            yield FormField(name, kind, self._value(kind, value, widgets), page, place)

    def _value(self, kind: str, value: Any, widgets: list[Any]) -> str:
        text = _text(value)
        if kind == "/Btn" and not text:
            # The value is the state a reader shows: where a tool set a button's state only.
            for widget in widgets:
                state = _text(widget.get("/AS"))
                if state:
                    return state
        return text

    def _page(self, reference: Any, kids: list[Any]) -> tuple[int, int]:
        for candidate in (reference, *kids):
            where = self.pages.get(getattr(candidate, "idnum", -1))
            if where:
                return where
        return 0, 0


def read_fields(path: Path) -> tuple[dict[str, str], list[FormField]] | Finding:
    """The document information and terminal form fields of the PDF at ``path``, after the
    size checks; or the finding why it cannot be read."""
    file = str(path)
    try:
        from pypdf import PdfReader
    except ModuleNotFoundError as error:
        from chemsex_toolkit.errors import UsageError

        raise UsageError(
            "Importing a PDF booklet needs pypdf: pip install 'chemsex-toolkit[pdf]'"
        ) from error
    if path.stat().st_size > MAX_FILE:
        return _finding("CT730", Place(file), "too-large", limit=f"{MAX_FILE:,}")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return _finding("CT730", Place(file), reason="it is encrypted")
        count = len(reader.pages)
        if count > MAX_PAGES:
            return _finding("CT730", Place(file), "too-many", limit=f"{MAX_PAGES:,} pages")
        info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
        pages: dict[int, tuple[int, int]] = {}
        for number, page in enumerate(reader.pages, 1):
            annotations = _resolved(page.get("/Annots"))
            listed = annotations if isinstance(annotations, list) else ()
            for place, annotation in enumerate(listed, 1):
                idnum = getattr(annotation, "idnum", None)
                if idnum is not None:
                    pages.setdefault(idnum, (number, place))
        form = _resolved(_resolved(reader.trailer["/Root"]).get("/AcroForm"))
        roots = _resolved(form.get("/Fields")) if isinstance(form, dict) else None
        found = _Walk(file, pages).fields(roots if isinstance(roots, list) else [])
        return info, list(found)
    except _Refused as refused:
        return refused.finding
    except Exception as error:  # pypdf raises many kinds for a damaged file
        reason = f"not a PDF file that can be read ({type(error).__name__}: {error})"
        return _finding("CT730", Place(file), reason=reason)


@dataclass
class _Reader:
    """Maps the fields of one booklet to answers; ``findings`` collects what does not fit."""

    file: str
    keys: ContentKeys
    findings: list[Finding] = field(default_factory=list)
    given: dict[str, dict[str, str]] = field(default_factory=dict)
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    planning: bool = False
    rows: dict[int, dict[str, FormField]] = field(default_factory=dict)

    def refuse(self, code: str, found: FormField, variant: str = "", **values: object) -> None:
        place = Place(self.file, found.page, found.place, found.name)
        page = f"page {found.page}" if found.page else "a page"
        self.findings.append(_finding(code, place, variant, field=found.name, page=page, **values))

    def read(self, found: FormField) -> None:
        parts = found.name.split(".")
        if parts[0] != ROOT or len(parts) < 3:
            self.refuse("CT732", found)
        elif parts[1] == "item":
            self.item(found, parts[2:])
        elif parts[1] == "meta" and len(parts) == 3:
            self.meta_field(found, parts[2])
        elif parts[1] == "plan" and len(parts) == 4 and parts[2].isdigit():
            if parts[3] not in PLAN_COLUMNS:
                self.refuse("CT732", found)
            else:
                self.rows.setdefault(int(parts[2]), {})[parts[3]] = found
        else:
            self.refuse("CT732", found)

    def item(self, found: FormField, parts: list[str]) -> None:
        item = parts[0]
        if item not in self.keys.fingerprints:
            self.refuse("CT732", found, "item", id=item)
            return
        if parts[1:] == ["action"]:
            if found.value.strip():
                self.actions[item] = found.value.strip()
            return
        if len(parts) != 3 or parts[2] not in ("answer", "reason"):
            self.refuse("CT732", found)
            return
        question = parts[1]
        if question not in self.keys.questions:
            self.refuse("CT732", found, "question", id=question)
            return
        value = found.value.strip()
        if not value:
            return
        if parts[2] == "reason":
            self.reasons.setdefault(item, {})[question] = value
        elif value not in self.keys.colours:
            known = ", ".join(self.keys.colours)
            self.refuse("CT733", found, word=value, known=known)
        else:
            self.given.setdefault(item, {})[question] = value

    def meta_field(self, found: FormField, name: str) -> None:
        value = found.value.strip()
        if name == "planning":
            if value not in ("", CHECKED):
                self.refuse("CT733", found, "planning", word=value, known=CHECKED)
            self.planning = value == CHECKED
        elif name not in META_TEXTS:
            self.refuse("CT732", found)
        elif name == "date" and value and not is_day(value):
            self.refuse("CT733", found, "date", word=value)
        else:
            self.meta[name] = value

    def plan(self) -> list[PlanRow]:
        plan: list[PlanRow] = []
        for number in sorted(self.rows):
            cells = self.rows[number]
            value = {column: cells[column].value.strip() for column in cells}
            if not any(value.get(column) for column in ("item", *PLAN_TEXTS, "status")):
                continue
            item = value.get("item", "")
            if item and item not in self.keys.fingerprints:
                self.refuse("CT733", cells["item"], "item", word=item)
                continue
            word = value.get("status", "")
            if word and word not in STATUSES:
                self.refuse(
                    "CT733", cells["status"], "status", word=word, known=", ".join(STATUSES)
                )
                continue
            status = _STATUS_OF.get(word, "planned")
            when = value.get("when", "")
            plan.append(
                PlanRow(
                    item=item,
                    origin=item,
                    what=value.get("what", ""),
                    who=value.get("who", ""),
                    when=when,
                    # By alias: the name pyright and the pydantic plugin of mypy both accept.
                    **{"whenDate": when if is_day(when) else ""},
                    monitoring=value.get("monitoring", ""),
                    status=status,
                )
            )
        return plan

    def items(self) -> dict[str, ItemAnswers]:
        # In the content's order, as the page keeps them.
        return {
            item: ItemAnswers(
                answers=self.given.get(item, {}),
                reasons=self.reasons.get(item, {}),
                action=self.actions.get(item, ""),
                fingerprint=fingerprint,
            )
            for item, fingerprint in self.keys.fingerprints.items()
            if item in self.given or item in self.reasons or item in self.actions
        }


def _identity(file: str, info: dict[str, str], source: Toolkit, known: list[str]) -> Finding | None:
    """Why the document information does not make the PDF a booklet of ``source``, if so."""
    if MARKER not in info:
        return _finding("CT731", Place(file))
    version = info[MARKER]
    if not version.isdigit() or int(version) > BOOKLET_FORMAT:
        return _finding("CT731", Place(file), "newer", found=version, known=BOOKLET_FORMAT)
    found = info.get("/toolkit", "")
    if found != source.id:
        return _finding("CT731", Place(file), "toolkit", found=found, toolkit=source.id)
    locale = info.get("/locale", "")
    if locale not in known:
        return _finding("CT731", Place(file), "locale", locale=locale, known=", ".join(known))
    return None


def read_booklet(path: Path, content: Toolkit | Path | str | None = None) -> AnswersReport:
    """The answers in the filled booklet at ``path``, whatever its language, as an answers
    file of ``content`` (a toolkit in its source language, or a content folder; default the
    bundled content); findings name the field and page of what does not fit."""
    from chemsex_toolkit.answers.workbook import source_toolkit

    file = str(path)
    read = read_fields(path)
    if isinstance(read, Finding):
        return AnswersReport(file, (read,), None)
    info, fields = read
    source = source_toolkit(content)
    known = (
        [source.locale] if isinstance(content, Toolkit) else [source.source_locale, *source.locales]
    )
    refusal = _identity(file, info, source, known)
    if refusal is None and not fields:
        # Printed to PDF, or flattened: the booklet's pages without its form.
        refusal = _finding("CT731", Place(file), "no-form")
    if refusal is not None:
        return AnswersReport(file, (refusal,), None)
    reader = _Reader(file, ContentKeys.of(source))
    for found in fields:
        reader.read(found)
    plan = reader.plan()
    items = reader.items()
    if reader.findings:
        from chemsex_toolkit.validation.limits import capped

        return AnswersReport(file, tuple(capped(reader.findings)), None)
    meta = reader.meta
    try:
        answers = AnswersFile(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            toolkit=source.id,
            content_version=info.get("/contentversion", ""),
            locale=info.get("/locale", ""),
            state=State(
                meta=Meta(
                    service=meta.get("service", ""),
                    date=meta.get("date", ""),
                    participants=meta.get("participants", ""),
                ),
                planning=reader.planning,
                items=items,
                plan=plan,
            ),
        )
    except ValueError as error:  # a text over the page's limits
        reason = str(error).splitlines()[-1].strip()
        return AnswersReport(file, (_finding("CT734", Place(file), reason=reason),), None)
    return AnswersReport(file, (), answers)
