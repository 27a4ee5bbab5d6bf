"""The answers file: what the self-assessment page saves, as typed models.

These models are the single source of truth of ``schemas/answers.schema.json``; the page's own
checks (``readAnswersFile`` in ``exporters/html/app.js``) follow them. The limits are the page's:
a text of at most 20,000 characters (300 for a name), ISO dates, at most 1,000 plan rows and 50
team members. What depends on the content (which items, questions and answers exist) is checked
by ``validate_answers`` against a toolkit, not by the schema.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

FORMAT = "chemsex-toolkit-answers"
# The page's FORMAT_VERSION: version 1 files (no meta, no plan status) load with the defaults.
FORMAT_VERSION = 2
MAX_FILE = 2_000_000  # bytes; the page refuses a larger file
MAX_DEPTH = 64  # arrays and objects within each other; a saved file nests five deep

LongText = Annotated[str, StringConstraints(max_length=20_000)]
Name = Annotated[str, StringConstraints(max_length=300)]
Reference = Annotated[str, StringConstraints(max_length=100)]
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_day(text: str) -> bool:
    """Whether ``text`` is a day of the calendar written ``YYYY-MM-DD`` (2026-02-30 is not)."""
    if not _DAY.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _a_day(text: str) -> str:
    # After the pattern, which the schema states; that a day exists is not a pattern's to say.
    if text and not is_day(text):
        raise PydanticCustomError("day", "{text} is not a day of the calendar", {"text": text})
    return text


# Empty, or a day: the page leaves a date it was not given empty.
Day = Annotated[
    str,
    StringConstraints(pattern=r"^(\d{4}-\d{2}-\d{2})?$", max_length=10),
    AfterValidator(_a_day),
]
AnswerId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=64)]
Status = Literal["planned", "in-progress", "done"]
Sort = Literal["priority", "item", "when", "status"]


class AnswersModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Meta(AnswersModel):
    """Who assessed which service when (the page's "Name this assessment")."""

    service: Name = ""
    date: Day = ""
    participants: Annotated[str, StringConstraints(max_length=2_000)] = ""


class ItemAnswers(AnswersModel):
    """One item: an answer ID per question ID, reasons per question, the action, and the
    fingerprint of the item's text the answers were given to."""

    answers: dict[str, AnswerId] = Field(default_factory=dict)
    reasons: dict[str, LongText] = Field(default_factory=dict)
    action: LongText = ""
    fingerprint: Annotated[str, StringConstraints(max_length=200)] = ""


class SnapshotItem(AnswersModel):
    answers: dict[str, AnswerId] = Field(default_factory=dict)


class Snapshot(AnswersModel):
    """An earlier assessment (the baseline) or a team member's: answers only."""

    name: Name = ""
    date: Day = ""
    items: dict[str, SnapshotItem] = Field(default_factory=dict)


class PlanRow(AnswersModel):
    """One row of the action plan; ``item`` and ``origin`` are item IDs or empty."""

    item: Reference = ""
    origin: Reference = ""
    what: LongText = ""
    who: LongText = ""
    when: LongText = Field("", description="The date as the page showed it, in its locale.")
    when_date: Day = Field("", alias="whenDate")
    monitoring: LongText = ""
    status: Status = "planned"


class State(AnswersModel):
    """Everything the page keeps, as in its browser storage."""

    meta: Meta = Field(default_factory=Meta)
    planning: bool = Field(default=False, description="Our service is still being planned.")
    items: dict[str, ItemAnswers] = Field(default_factory=dict)
    plan: Annotated[list[PlanRow], Field(max_length=1_000)]
    sort: Sort = "priority"
    baseline: Snapshot | None = None
    team: Annotated[list[Snapshot], Field(max_length=50)] = Field(default_factory=list)
    settled: dict[str, bool] = Field(
        default_factory=dict,
        description="'ITEM--QUESTION': true where the team settled a disagreement.",
    )


class AnswersFile(AnswersModel):
    """A file of answers, as the page's "Save answers to a file" writes it."""

    model_config = ConfigDict(
        title="Answers file",
        json_schema_extra={
            "description": "The answers of a self-assessment, as the page saves them (format"
            " version 2; version 1 files meet it too)."
        },
    )

    format: Literal["chemsex-toolkit-answers"]
    format_version: Annotated[int, Field(ge=1, le=FORMAT_VERSION, alias="formatVersion")]
    toolkit: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    content_version: Annotated[str, Field(alias="contentVersion", max_length=64)] = ""
    locale: Annotated[str, StringConstraints(max_length=35)] = ""
    saved_at: Annotated[str, Field(alias="savedAt", max_length=64)] = ""
    state: State

    def dump(self) -> dict[str, object]:
        """The file's JSON document, in the current format version and the page's names."""
        document: dict[str, object] = self.model_dump(mode="json", by_alias=True)
        document["formatVersion"] = FORMAT_VERSION
        return document
