"""The XLSForm workbook: the survey, choices and settings sheets.

Each locale of the build is a translation of one form (``label::Deutsch (de)``), so a team
picks its language in the data collection app and every submission has the same fields. The
names come from ``form_fields``, which the import of submissions reads back: an item's answers
are ``<item>__<question>``, their reasons ``<item>__<question>__reason``, its action
``<item>__action``; a choice's name is the answers format's own code (the checklist's answer
IDs, the plan's statuses, item IDs), so a submission holds the same values an answers file does.

Texts from the content go into cells as strings, never as formulas; ``${`` in them, which
XLSForm would read as a reference to a field, is broken up.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from chemsex_toolkit import Toolkit
from chemsex_toolkit.exporting import (
    FormFields,
    LocaleView,
    form_fields,
    plain_text,
    standard_markdown,
)

from ..xlsx import content_date

# A hint is read on a phone: the first words of a long section, not the whole of it.
HINT_LIMIT = 500
STATUSES = ("planned", "in-progress", "done")
ANSWERS, YES_NO, ITEMS, STATUS_LIST = "answers", "yes_no", "items", "statuses"
SURVEY_COLUMNS = ("type", "name", "required", "relevant", "calculation", "appearance", "default")


def language(view: LocaleView) -> str:
    """The column suffix of a locale, its name and code as XLSForm asks: ``Deutsch (de)``."""
    return f"{view.name} ({view.locale})"


def form_text(text: str) -> str:
    """A text as a form shows it: ``${`` would make it a reference to a field."""
    return text.replace("${", "$\u200b{")


def hint_text(markdown: str) -> str:
    """A content text as a hint: plain text, references as their words, at most
    ``HINT_LIMIT`` characters, cut at a word."""
    text = plain_text(standard_markdown(markdown, lambda _ref: None))
    if len(text) > HINT_LIMIT:
        text = text[:HINT_LIMIT].rsplit(maxsplit=1)[0].rstrip(",;:") + " …"
    return form_text(text)


@dataclass
class _Row:
    """One row of the survey or choices sheet: its plain cells and its texts per locale."""

    cells: dict[str, str]
    label: list[str] = field(default_factory=list)  # per locale, in the build's order
    hint: list[str] = field(default_factory=list)


def _row(
    kind: str, name: str, label: Sequence[str] = (), hint: Sequence[str] = (), **cells: str
) -> _Row:
    """A survey row; ``label`` and ``hint`` hold the text in every locale."""
    return _Row(
        {"type": kind, "name": name, **cells},
        [form_text(text) for text in label],
        [form_text(text) for text in hint],
    )


def _reason_condition(field_name: str, toolkit: Toolkit) -> str:
    needing = [a.id for a in toolkit.checklist.answers if a.requires_reason]
    return " or ".join(f"${{{field_name}}} = '{answer}'" for answer in needing)


def _priority(fields: FormFields, item: int, toolkit: Toolkit) -> str:
    """The page's priority of an item as an XPath expression: ``1`` to ``4`` for the position
    of its leftmost Partly or No (any question past the fourth gives 4), ``none`` when every
    question is answered without one, empty while it is not assessed. In planning mode the
    questions a planned service may skip count as answered and do not decide."""
    improving = [a.id for a in toolkit.checklist.answers if a.needs_improvement]
    names = fields.items[item].answers
    planned = f"${{{fields.planning}}} = '{fields.yes}'"
    tests: list[tuple[str, str]] = []
    given: list[str] = []
    for question in toolkit.checklist.questions:
        ref = f"${{{names[question.id]}}}"
        test = "(" + " or ".join(f"{ref} = '{answer}'" for answer in improving) + ")"
        if question.skippable_when_planning:
            test = f"(not({planned}) and {test})"
            given.append(f"({planned} or {ref} != '')")
        else:
            given.append(f"{ref} != ''")
        tests.append((test, str(min(len(tests) + 1, 4))))
    formula = f"if({' and '.join(given)}, 'none', '')"
    if improving:
        for test, word in reversed(tests):
            formula = f"if({test}, '{word}', {formula})"
    return formula


def survey_rows(views: Sequence[LocaleView], fields: FormFields) -> list[_Row]:
    """The survey sheet's rows, in the form's order."""
    toolkits = [view.toolkit for view in views]
    source = toolkits[0]

    def ui(key: str) -> list[str]:
        return [t.text(key) for t in toolkits]

    rows = [
        _row("text", fields.service, ui("service-label"), required="yes"),
        _row("date", fields.date, ui("date-label"), required="yes"),
        _row("text", fields.participants, ui("participants-label"), appearance="multiline"),
        _row(
            f"select_one {YES_NO}",
            fields.planning,
            ui("planning-label"),
            [hint_text(t.checklist.urgency.planning_note) for t in toolkits],
            required="yes",
            default=fields.no,
        ),
    ]
    reason_hint = [hint_text(t.checklist.urgency.not_applicable_note) for t in toolkits]
    not_planning = f"${{{fields.planning}}} != '{fields.yes}'"
    position = 0
    for i, topic in enumerate(source.topics):
        if not topic.items:
            continue
        rows.append(
            _row("begin_group", fields.topics[topic.id], [t.topics[i].title for t in toolkits])
        )
        for j, _item in enumerate(topic.items):
            names = fields.items[position]
            items = [t.topics[i].items[j] for t in toolkits]
            title = [item.title for item in items]
            rows.append(_row("begin_group", names.group, title, appearance="field-list"))
            for k, question in enumerate(source.checklist.questions):
                answer = names.answers[question.id]
                relevant = not_planning if question.skippable_when_planning else ""
                texts = [t.checklist.questions[k] for t in toolkits]
                # The hint is the item's section this question opens, as on the page.
                hint = [
                    hint_text(dict(item.sections)[q.section])
                    for t, item, q in zip(toolkits, items, texts, strict=True)
                ]
                rows.append(
                    _row(
                        f"select_one {ANSWERS}",
                        answer,
                        [q.text for q in texts],
                        hint,
                        **({"relevant": relevant} if relevant else {}),
                    )
                )
                condition = _reason_condition(answer, source)
                if condition:
                    if relevant:
                        condition = f"{relevant} and ({condition})"
                    rows.append(
                        _row(
                            "text",
                            names.reasons[question.id],
                            ui("reason-label"),
                            reason_hint,
                            required="yes",
                            relevant=condition,
                            appearance="multiline",
                        )
                    )
            rows.append(
                _row("calculate", names.priority, calculation=_priority(fields, position, source))
            )
            rows.append(_row("text", names.action, ui("action-label"), appearance="multiline"))
            rows.append(_row("end_group", ""))
            position += 1
        rows.append(_row("end_group", ""))
    rows.extend(_plan_rows(toolkits, fields))
    return rows


def _plan_rows(toolkits: Sequence[Toolkit], fields: FormFields) -> list[_Row]:
    """The action plan as a repeat: one entry per action, in the page's columns; its priority
    is the chosen item's, looked up as the page shows it."""
    plan = fields.plan_fields

    def column(column_id: str) -> list[str]:
        return [
            next(c.label for c in t.checklist.action_plan.columns if c.id == column_id)
            for t in toolkits
        ]

    # Exactly one item matches, so the concatenation is its priority; a flat list rather than
    # nested if()s keeps the expression shallow however many items there are.
    lookup = ", ".join(
        f"if(${{{plan['item']}}} = '{names.item}', ${{{names.priority}}}, '')"
        for names in fields.items
    )
    heading = [t.text("action-plan-heading") for t in toolkits]
    rows: list[_Row] = [_row("begin_repeat", fields.plan, heading)]
    if fields.items:
        rows.append(_row(f"select_one {ITEMS}", plan["item"], column("item")))
        rows.append(_row("calculate", plan["priority"], calculation=f"concat({lookup})"))
    rows.append(_row("text", plan["what"], column("what"), appearance="multiline"))
    rows.append(_row("text", plan["who"], column("who")))
    rows.append(_row("date", plan["when"], column("when")))
    rows.append(_row("text", plan["monitoring"], column("monitoring"), appearance="multiline"))
    rows.append(
        _row(
            f"select_one {STATUS_LIST}",
            plan["status"],
            [t.text("status-label") for t in toolkits],
            default=STATUSES[0],
        )
    )
    rows.append(_row("end_repeat", ""))
    return rows


def choice_rows(views: Sequence[LocaleView], fields: FormFields) -> list[_Row]:
    """The choices sheet: the answers, yes and no, the items and the statuses."""
    toolkits = [view.toolkit for view in views]
    rows: list[_Row] = []
    for index, answer in enumerate(toolkits[0].checklist.answers):
        label = [t.checklist.answers[index].label for t in toolkits]
        rows.append(_Row({"list_name": ANSWERS, "name": answer.id}, label))
    # Yes and no in the checklist's own words where its answers have them.
    for name in (fields.yes, fields.no):
        label = [
            next((a.label for a in t.checklist.answers if a.id == name), name) for t in toolkits
        ]
        rows.append(_Row({"list_name": YES_NO, "name": name}, label))
    for topic_index, topic in enumerate(toolkits[0].topics):
        for item_index, item in enumerate(topic.items):
            label = [t.topics[topic_index].items[item_index].title for t in toolkits]
            rows.append(_Row({"list_name": ITEMS, "name": item.id}, label))
    for status in STATUSES:
        label = [t.text(f"status-{status}") for t in toolkits]
        rows.append(_Row({"list_name": STATUS_LIST, "name": status}, label))
    for entry in rows:
        entry.label = [form_text(text) for text in entry.label]
    return rows


def _write_sheet(
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Sequence[_Row],
    languages: Sequence[str],
    hints: bool,
) -> None:
    header = [
        *columns[:2],
        *(f"label::{lang}" for lang in languages),
        *((f"hint::{lang}" for lang in languages) if hints else ()),
        *columns[2:],
    ]
    for col, text in enumerate(header):
        sheet.write_string(0, col, text)
    for number, entry in enumerate(rows, start=1):
        values = [
            *(entry.cells.get(name, "") for name in columns[:2]),
            *(entry.label or [""] * len(languages)),
            *((entry.hint or [""] * len(languages)) if hints else ()),
            *(entry.cells.get(name, "") for name in columns[2:]),
        ]
        for col, value in enumerate(values):
            if value:
                sheet.write_string(number, col, value)


def form_bytes(views: Sequence[LocaleView]) -> bytes:
    """The XLSForm of the toolkit, with a translation per view (the first one the default)."""
    source = views[0].toolkit
    fields = form_fields(source)
    languages = [language(view) for view in views]
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
    # A fixed date, so the same content gives the same bytes.
    book.set_properties({"title": source.title, "created": content_date(source)})
    _write_sheet(
        book.add_worksheet("survey"), SURVEY_COLUMNS, survey_rows(views, fields), languages, True
    )
    _write_sheet(
        book.add_worksheet("choices"),
        ("list_name", "name"),
        choice_rows(views, fields),
        languages,
        False,
    )
    settings = book.add_worksheet("settings")
    values = {
        "form_title": source.title,
        "form_id": fields.form_id,
        "version": source.version,
        "default_language": languages[0],
        "instance_name": f"concat(${{{fields.service}}}, ' ', ${{{fields.date}}})",
    }
    for col, (key, value) in enumerate(values.items()):
        settings.write_string(0, col, key)
        settings.write_string(1, col, value)
    book.close()
    return buffer.getvalue()
