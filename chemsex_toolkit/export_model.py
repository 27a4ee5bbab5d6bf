"""The JSON export's document model: the contract with other toolkits.

``schemas/export.schema.json`` is generated from these models. A change that removes or renames a
field, or changes its meaning, is a new major ``SCHEMA_VERSION`` with a new ``$id``; the previous
schema stays published next to it (see the README, "Versions").
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "urn:chemsex-toolkit:schema:export:v1"


class ExportModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(ExportModel):
    """A text in two forms: standard Markdown (links resolved to URLs or anchors) and plain."""

    markdown: str
    text: str
    lang: str = Field(description="BCP 47 tag of the language this text is actually in.")


class ExportSection(ExportModel):
    id: str
    title: str


class ExportQuestion(ExportModel):
    id: str
    text: str
    short: str
    section: str = Field(description="ID of the item section this question opens.")
    position: int = Field(description="1 = leftmost; the further left, the more urgent.")
    skippable_when_planning: bool


class ExportAnswer(ExportModel):
    id: str
    label: str
    colour: Literal["green", "yellow", "red", "none"]
    needs_improvement: bool
    requires_reason: bool


class ExportColumn(ExportModel):
    id: str
    label: str


class ExportChecklist(ExportModel):
    sections: list[ExportSection]
    questions: list[ExportQuestion]
    answers: list[ExportAnswer]
    urgency_rule: str
    planning_note: str
    not_applicable_note: str
    action_plan_columns: list[ExportColumn]


class ExportGap(ExportModel):
    id: str
    section: str
    kind: str
    note: str


class ExportItem(ExportModel):
    id: str
    title: str
    sections: dict[str, Text] = Field(
        description="description, guidance, adaptation, quality_improvement."
    )
    resources: list[str]
    open_gaps: list[ExportGap]


class ExportLink(ExportModel):
    id: str
    title: str
    url: str
    cited_by: list[str] = Field(description="IDs of the items, topics or resources citing it.")


class ExportTopic(ExportModel):
    id: str
    title: str
    introduction: Text
    items: list[ExportItem]
    links: list[ExportLink]


class ExportResource(ExportModel):
    id: str
    kind: str
    title: str
    authors: list[str]
    organisation: str | None
    publisher: str | None
    published: str | None
    language: str | None
    url: str | None
    summary: Text


class ExportSource(ExportModel):
    id: str
    title: str
    url: str


class ExportExternalTopic(ExportModel):
    id: str
    title: str


class StringStatus(ExportModel):
    """Translation status of one message."""

    lang: str = Field(description="Language of the text shown.")
    state: Literal["source", "translated", "stale", "missing"]
    review: Literal["machine", "draft", "reviewed"] | None


class LocaleExport(ExportModel):
    """The whole toolkit in one locale."""

    schema_: str = Field(alias="$schema", default=SCHEMA_ID)
    kind: Literal["locale"] = "locale"
    schema_version: str = SCHEMA_VERSION
    toolkit_id: str
    toolkit_title: str
    content_version: str
    licence: str
    locale: str
    locale_name: str
    direction: Literal["ltr", "rtl"]
    source_locale: str
    credits: Text | None
    sources: list[ExportSource]
    checklist: ExportChecklist
    ui: dict[str, str]
    topics: list[ExportTopic]
    external_topics: list[ExportExternalTopic]
    resources: list[ExportResource]
    strings: dict[str, StringStatus] = Field(description="Translation status per message ID.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BundleExport(ExportModel):
    """Every locale in one file."""

    schema_: str = Field(alias="$schema", default=SCHEMA_ID)
    kind: Literal["bundle"] = "bundle"
    schema_version: str = SCHEMA_VERSION
    toolkit_id: str
    content_version: str
    locales: list[LocaleExport]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
