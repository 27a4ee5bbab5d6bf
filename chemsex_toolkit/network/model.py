"""The network report's figures as typed models: the source of ``schemas/report.schema.json``
and what every report (built-in or a network's own) is given to render.

Nothing here holds free text from an answers file: no reasons, actions, plan rows or team
names, only the service's name (or its code with ``--anonymise``), dates and counts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

#: An item's priority as the page computes it: "1"-"4" (leftmost Partly or No), "none" (fully
#: answered, nothing to improve) or "open" (not fully answered and nothing to improve yet).
Priority = Literal["1", "2", "3", "4", "none", "open"]
PRIORITIES: tuple[Priority, ...] = ("1", "2", "3", "4", "none", "open")


class ReportModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerInfo(ReportModel):
    id: str
    label: str
    colour: Literal["green", "yellow", "red", "none"]


class QuestionInfo(ReportModel):
    id: str
    short: str


class QuestionCounts(ReportModel):
    """How many services gave each answer to one question of one item (their latest
    assessment), and how many gave none."""

    question: str
    counts: dict[str, Annotated[int, Field(ge=0)]]
    not_answered: Annotated[int, Field(ge=0)]


class ItemFigures(ReportModel):
    id: str
    topic: str
    title: str
    questions: list[QuestionCounts]
    priorities: dict[Priority, Annotated[int, Field(ge=0)]] = Field(
        description="How many services' latest assessment gives the item each priority."
    )


class Assessment(ReportModel):
    """One service's assessment on one date (one answers file)."""

    date: str = Field(description="The assessment's date (ISO), or empty when the file has none.")
    priorities: dict[str, Priority | None] = Field(
        description="Each item's priority, by item ID (null: the page could not tell)."
    )
    totals: dict[Priority, Annotated[int, Field(ge=0)]] = Field(
        description="How many items have each priority."
    )


class ServiceFigures(ReportModel):
    service: str = Field(description="The service's name, or its code in an anonymised report.")
    assessments: list[Assessment] = Field(min_length=1, description="Oldest first.")


class Skipped(ReportModel):
    """A file left out of the report, and why (the first finding on it)."""

    file: str
    line: int
    column: int
    code: str
    message: str


class NetworkFigures(ReportModel):
    """The JSON summary of a network report (``chemsex-toolkit report``)."""

    model_config = ConfigDict(
        title="Network report",
        json_schema_extra={
            "description": "The figures of a network report over many services' answers files."
        },
    )

    format: Literal["chemsex-toolkit-report"] = "chemsex-toolkit-report"
    format_version: Literal[1] = 1
    toolkit: str
    content_version: str
    anonymised: bool
    files: Annotated[int, Field(ge=0, description="Answers files used.")]
    answers: list[AnswerInfo]
    questions: list[QuestionInfo]
    items: list[ItemFigures]
    most_urgent: list[str] = Field(
        description="Item IDs most often of priority 1 (then 2), most often first; at most ten."
    )
    services: list[ServiceFigures]
    skipped: list[Skipped]
