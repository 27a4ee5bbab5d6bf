"""The JSON export's document model: the contract with other toolkits.

``schemas/export.schema.json`` is generated from these models. A change that removes or renames a
field, or changes its meaning, is a new major ``SCHEMA_VERSION`` with a new ``$id``; the previous
schema stays published next to it (see the README, "Versions").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from chemsex_toolkit import textscan
from chemsex_toolkit.mdtext import plain_text, standard_markdown
from chemsex_toolkit.messages import message_ids
from chemsex_toolkit.models import Review, Toolkit, TranslationState
from chemsex_toolkit.references import References

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
    state: TranslationState
    review: Review | None


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


class TextState(Protocol):
    """What the export needs to know of a message's translation (``i18n.TextStatus`` fits)."""

    @property
    def lang(self) -> str: ...
    @property
    def state(self) -> TranslationState: ...
    @property
    def review(self) -> Review | None: ...


def citations(toolkit: Toolkit) -> dict[str, list[str]]:
    """Link ID -> IDs of the things citing it (items, topics, resources, sources), in order."""
    cited: dict[str, list[str]] = {}

    def note(link_id: str, owner: str) -> None:
        owners = cited.setdefault(link_id, [])
        if owner not in owners:
            owners.append(owner)

    for topic in toolkit.topics:
        for ref in textscan.references(topic.introduction):
            if ref.kind == "link":
                note(ref.target, topic.id)
        for item in topic.items:
            for _name, text in item.sections:
                for ref in textscan.references(text):
                    if ref.kind == "link":
                        note(ref.target, item.id)
    for resource in toolkit.resources:
        if resource.link:
            note(resource.link, resource.id)
        for ref in textscan.references(resource.summary):
            if ref.kind == "link":
                note(ref.target, resource.id)
    for source in toolkit.sources:
        note(source.link, source.id)
    return cited


def build_locale_export(
    toolkit: Toolkit,
    status: Mapping[str, TextState],
    locale_name: str,
    direction: Literal["ltr", "rtl"],
) -> LocaleExport:
    """The export document of ``toolkit`` (already in its locale).

    ``status`` gives each message's translation state; messages it does not name are taken to be
    in the toolkit's own locale (the source, when building the source locale).
    """
    ids = message_ids(toolkit)
    # A JSON reader has no page with resources on it: a resource points to its link's URL.
    references = References(toolkit, resources="url", note=False)
    resource_urls = {
        r.id: toolkit.link(r.link).url for r in toolkit.resources if r.link is not None
    }

    def lang(message_id: str) -> str:
        known = status.get(message_id)
        return known.lang if known is not None else toolkit.locale

    def text(value: str, message_id: str) -> Text:
        markdown = standard_markdown(value, references.target)
        return Text(markdown=markdown, text=plain_text(markdown), lang=lang(message_id))

    checklist = toolkit.checklist
    cited = citations(toolkit)
    strings = {
        message_id: StringStatus(
            lang=state.lang,
            state=state.state,
            review=state.review,
        )
        for message_id, state in sorted(status.items())
    }
    return LocaleExport(
        toolkit_id=toolkit.id,
        toolkit_title=toolkit.title,
        content_version=toolkit.version,
        licence=toolkit.licence,
        locale=toolkit.locale,
        locale_name=locale_name,
        direction=direction,
        source_locale=toolkit.source_locale,
        credits=text(toolkit.credits, ids[id(toolkit), "credits"]) if toolkit.credits else None,
        sources=[
            ExportSource(id=s.id, title=s.title, url=toolkit.link(s.link).url)
            for s in toolkit.sources
        ],
        checklist=ExportChecklist(
            sections=[ExportSection(id=s.id, title=s.title) for s in checklist.sections],
            questions=[
                ExportQuestion(
                    id=q.id,
                    text=q.text,
                    short=q.short,
                    section=q.section,
                    position=index,
                    skippable_when_planning=q.skippable_when_planning,
                )
                for index, q in enumerate(checklist.questions, start=1)
            ],
            answers=[
                ExportAnswer(
                    id=a.id,
                    label=a.label,
                    colour=a.colour,
                    needs_improvement=a.needs_improvement,
                    requires_reason=a.requires_reason,
                )
                for a in checklist.answers
            ],
            urgency_rule=checklist.urgency.rule,
            planning_note=checklist.urgency.planning_note,
            not_applicable_note=checklist.urgency.not_applicable_note,
            action_plan_columns=[
                ExportColumn(id=c.id, label=c.label) for c in checklist.action_plan.columns
            ],
        ),
        ui={key: value.text for key, value in sorted(toolkit.ui.items())},
        topics=[
            ExportTopic(
                id=topic.id,
                title=topic.title,
                introduction=text(topic.introduction, ids[id(topic), "introduction"]),
                items=[
                    ExportItem(
                        id=item.id,
                        title=item.title,
                        sections={
                            name: text(value, ids[id(item.sections), name])
                            for name, value in item.sections
                        },
                        resources=list(item.resources),
                        open_gaps=[
                            ExportGap(id=g.id, section=g.section, kind=g.kind, note=g.note)
                            for g in item.gaps
                        ],
                    )
                    for item in topic.items
                ],
                links=[
                    ExportLink(
                        id=link.id, title=link.title, url=link.url, cited_by=cited.get(link.id, [])
                    )
                    for link in topic.links
                ],
            )
            for topic in toolkit.topics
        ],
        external_topics=[
            ExportExternalTopic(id=e.id, title=e.title) for e in toolkit.external_topics
        ],
        resources=[
            ExportResource(
                id=r.id,
                kind=r.kind,
                title=r.title,
                authors=list(r.authors),
                organisation=r.organisation,
                publisher=r.publisher,
                published=r.published,
                language=r.language,
                url=resource_urls.get(r.id),
                summary=text(r.summary, ids[id(r), "summary"]),
            )
            for r in toolkit.resources
        ],
        strings=strings,
    )


def export_schema() -> dict[str, Any]:
    """The published JSON Schema of export files (per locale, or a bundle of all locales)."""
    from pydantic import TypeAdapter

    body = TypeAdapter(LocaleExport | BundleExport).json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "chemsex-toolkit JSON export",
        "description": (
            "One locale of a toolkit (kind: locale) or every locale in one file (kind: bundle). "
            f"Schema version {SCHEMA_VERSION}."
        ),
        **body,
    }
