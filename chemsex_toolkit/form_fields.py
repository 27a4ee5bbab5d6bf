"""The field names of the toolkit's XLSForm, written once for the exporter that makes the form
and the import that reads its submissions back.

Every name is an XML name without a hyphen and is unique in the whole form, not only among its
siblings: KoboToolbox joins group paths with ``/`` and ODK Central with ``-`` in the column
headers of an export, so a column is known by its last segment whichever tool made it, and a
name with a hyphen would make ODK Central's paths ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from chemsex_toolkit.models import Toolkit

SERVICE, DATE, PARTICIPANTS, PLANNING = "service", "assessment_date", "participants", "planning"
PLAN = "action_plan"
# The action plan's fields in the page's order (item, priority, what, who, when, monitoring,
# status), by the answers format's names.
PLAN_FIELDS: Mapping[str, str] = {
    "item": "plan_item",
    "priority": "plan_priority",
    "what": "plan_what",
    "who": "plan_who",
    "when": "plan_when",
    "monitoring": "plan_monitoring",
    "status": "plan_status",
}
# The planning question's choices, as the answers format's boolean reads them.
YES, NO = "yes", "no"
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


@dataclass(frozen=True)
class ItemFields:
    """The names of one item's group and fields."""

    item: str
    group: str
    answers: Mapping[str, str]  # question ID -> field name
    reasons: Mapping[str, str]  # question ID -> field name of its reason
    action: str
    priority: str


@dataclass(frozen=True)
class FormFields:
    """Every name of the toolkit's XLSForm: the form's ID, a group per topic, the fields of
    each item and the fixed fields (the assessment, the planning mode, the plan)."""

    service: ClassVar[str] = SERVICE
    date: ClassVar[str] = DATE
    participants: ClassVar[str] = PARTICIPANTS
    planning: ClassVar[str] = PLANNING
    plan: ClassVar[str] = PLAN
    plan_fields: ClassVar[Mapping[str, str]] = PLAN_FIELDS
    yes: ClassVar[str] = YES
    no: ClassVar[str] = NO

    form_id: str
    topics: Mapping[str, str]  # topic ID -> group name
    items: tuple[ItemFields, ...]

    @staticmethod
    def fixed() -> tuple[str, ...]:
        """The names every form has, whatever its content."""
        return (SERVICE, DATE, PARTICIPANTS, PLANNING, PLAN, *PLAN_FIELDS.values())


def xml_name(text: str) -> str:
    """``text`` as an XML name of letters, digits and underscores, starting with a letter or
    an underscore (a hyphen, which ODK Central uses between a path's groups, becomes ``_``)."""
    name = _UNSAFE.sub("_", text) or "_"
    return name if not name[0].isdigit() else f"_{name}"


def form_fields(toolkit: Toolkit) -> FormFields:
    """The names of ``toolkit``'s form, in its order: the fixed fields first, then per topic
    its group and per item its group, answers, reasons, action and priority. A name the form
    already uses (compared ignoring case, as pyxform does) gets a number, so the same content
    always gives the same names."""
    taken = {name.casefold() for name in FormFields.fixed()}

    def unique(wanted: str) -> str:
        name, number = xml_name(wanted), 2
        candidate = name
        while candidate.casefold() in taken:
            candidate, number = f"{name}_{number}", number + 1
        taken.add(candidate.casefold())
        return candidate

    topics: dict[str, str] = {}
    items: list[ItemFields] = []
    questions = [question.id for question in toolkit.checklist.questions]
    for topic in toolkit.topics:
        topics[topic.id] = unique(topic.id)
        for item in topic.items:
            base = xml_name(item.id)
            group = unique(base)
            answers = {q: unique(f"{base}__{xml_name(q)}") for q in questions}
            reasons = {q: unique(f"{answers[q]}__reason") for q in questions}
            items.append(
                ItemFields(
                    item.id,
                    group,
                    answers,
                    reasons,
                    unique(f"{base}__action"),
                    unique(f"{base}__priority"),
                )
            )
    return FormFields(xml_name(toolkit.id), topics, tuple(items))
