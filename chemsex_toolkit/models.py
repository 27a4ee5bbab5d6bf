"""The typed content model: the single source of truth for the shape of the content.

Two layers live here. The ``*File`` models describe one YAML file each; the JSON Schemas in
``schemas/`` are generated from them. ``Toolkit``, ``Topic`` and ``Item`` are the assembled view
that the library hands to its users and exporters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
SEMVER_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"
LOCALE_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
URL_PATTERN = r"^(https?://[^\s/?#]+[^\s]*|mailto:[^\s@]+@[^\s@]+)$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Markdown = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2048)]
LocaleCode = Annotated[str, StringConstraints(pattern=LOCALE_PATTERN)]


@dataclass(frozen=True)
class OneLine:
    """The mark of a text that must be one line (a title, a label): exports set it in headings,
    table headers and buttons, where a line break would break the layout. The text checks,
    in source and translation files, read it off the field's type (``chemsex_toolkit.shape``).
    A mark rather than a pattern, so that a break is a located finding with a hint, not a
    refused file."""


ONE_LINE = OneLine()
#: A text that must be one line.
Line = Annotated[Text, ONE_LINE]
# What a reader sees for a message, and how sure a translation is.
TranslationState = Literal["source", "translated", "stale", "missing"]
Review = Literal["machine", "draft", "reviewed"]

SectionId = Literal["description", "guidance", "adaptation", "quality_improvement"]

SECTION_IDS: tuple[SectionId, ...] = (
    "description",
    "guidance",
    "adaptation",
    "quality_improvement",
)


@dataclass(frozen=True)
class Messages:
    """Which fields of a model are translatable, declared once: message IDs, translation files,
    the PO export and the translation checks all follow from it (``chemsex_toolkit.messages``).

    ``fields`` lists, in the order of their messages, the model's translatable text fields and
    the fields holding further models (one, a list, or a mapping whose keys stand for IDs).
    ``kind`` starts the IDs of the model's messages (``item.<id>.title``); without one the
    model's text belongs to the model holding it (an item's sections: ``item.<id>.guidance``).
    ``keyed`` False: there is one of its kind (``toolkit.title``, ``urgency.rule``). ``whole``:
    the model's one text is the message (``ui.<key>``). ``domain``: its messages, and those
    below it, go to the translation file ``topics/<id>``.
    """

    kind: str | None = None
    fields: tuple[str, ...] = ()
    keyed: bool = True
    whole: bool = False
    domain: bool = False


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Nothing translatable unless a model says so.
    translatable: ClassVar[Messages] = Messages()


# --- toolkit.yaml ---------------------------------------------------------------------------


class ExternalTopic(Model):
    """A topic of the wider toolkit that this content refers to but does not contain."""

    translatable: ClassVar[Messages] = Messages("external-topic", ("title",))

    id: Id
    title: Line


class Source(Model):
    """A work this content is based on."""

    translatable: ClassVar[Messages] = Messages("source", ("title", "note"))

    id: Id
    title: Line
    link: Id = Field(description="ID of the link to the source.")
    note: Markdown | None = None


class ToolkitFile(Model):
    """``toolkit.yaml``: the toolkit's metadata."""

    id: Id
    title: Line
    version: Annotated[str, StringConstraints(pattern=SEMVER_PATTERN)]
    source_locale: LocaleCode
    locales: list[LocaleCode] = Field(default_factory=list, description="Shipped translations.")
    licence: Text
    topics: list[Id] = Field(min_length=1, description="Order of the topics in exports.")
    external_topics: list[ExternalTopic] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    credits: Markdown | None = None


# --- checklist.yaml -------------------------------------------------------------------------


class SectionInfo(Model):
    translatable: ClassVar[Messages] = Messages("section", ("title",))

    id: SectionId
    title: Line


class Question(Model):
    translatable: ClassVar[Messages] = Messages("question", ("text", "short"))

    id: Id
    text: Text
    short: Line = Field(description="A short label for narrow table headers.")
    section: SectionId = Field(description="The item section this question opens.")
    skippable_when_planning: bool = False


class Answer(Model):
    translatable: ClassVar[Messages] = Messages("answer", ("label",))

    id: Id
    label: Line
    colour: Literal["green", "yellow", "red", "none"]
    needs_improvement: bool
    requires_reason: bool = False


class Urgency(Model):
    translatable: ClassVar[Messages] = Messages(
        "urgency", ("rule", "planning_note", "not_applicable_note"), keyed=False
    )

    rule: Text
    planning_note: Text
    not_applicable_note: Text


class Column(Model):
    translatable: ClassVar[Messages] = Messages("column", ("label",))

    id: Id
    label: Line


class ActionPlan(Model):
    translatable: ClassVar[Messages] = Messages(None, ("columns",))

    columns: list[Column] = Field(min_length=1)


class Checklist(Model):
    """``checklist.yaml``: how every item is assessed and how actions are planned."""

    translatable: ClassVar[Messages] = Messages(
        None, ("sections", "questions", "answers", "action_plan", "urgency")
    )

    sections: list[SectionInfo] = Field(min_length=4, max_length=4)
    questions: list[Question] = Field(min_length=1)
    answers: list[Answer] = Field(min_length=1)
    urgency: Urgency
    action_plan: ActionPlan


# --- ui.yaml --------------------------------------------------------------------------------


class UiString(Model):
    translatable: ClassVar[Messages] = Messages("ui", ("text",), whole=True)

    text: Text
    note: str | None = Field(default=None, description="Context for translators.")


class UiFile(Model):
    """``ui.yaml``: every interface string the exports show."""

    strings: dict[Id, UiString]


# --- links, resources -----------------------------------------------------------------------


class Link(Model):
    """A web page the content cites, by its ID (``[text][link:id]``)."""

    translatable: ClassVar[Messages] = Messages("link", ("title",))

    id: Id
    title: Line
    url: Url


class LinksFile(Model):
    """``topics/<topic>/links.yaml``: the links a topic cites."""

    links: list[Link]


class Resource(Model):
    """``resources/<id>.yaml``: a cited work, such as a case study."""

    translatable: ClassVar[Messages] = Messages("resource", ("title", "summary"))

    id: Id
    kind: Literal["case-study", "guide", "tool", "report", "website"]
    title: Line
    authors: list[Text] = Field(default_factory=list)
    organisation: Text | None = None
    publisher: Text | None = None
    published: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = None
    language: LocaleCode | None = None
    link: Id | None = None
    summary: Markdown


# --- topics and items -----------------------------------------------------------------------


class Sections(Model):
    """The four sections every item has, in the order the questions open them."""

    translatable: ClassVar[Messages] = Messages(None, SECTION_IDS)

    description: Markdown
    guidance: Markdown
    adaptation: Markdown
    quality_improvement: Markdown


class Gap(Model):
    """An open editorial gap: something the source names but does not give yet."""

    id: Id
    section: SectionId
    kind: Literal["missing-link", "missing-example", "editor-note"]
    note: Text
    notice: Literal["examples", "links"] | None = Field(
        default=None,
        description=(
            "Set when the text promises readers what is missing: the exports then show the "
            "interface string `gap-notice-<notice>` (for example, that examples will be added in "
            "a later version) at the end of the section."
        ),
    )


class Item(Model):
    """``topics/<topic>/items/<id>.yaml``: one checklist item."""

    translatable: ClassVar[Messages] = Messages("item", ("title", "sections"))

    id: Id
    title: Line
    sections: Sections
    resources: list[Id] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)


class TopicFile(Model):
    """``topics/<id>/topic.yaml``: a topic and the order of its items."""

    id: Id
    title: Line
    introduction: Markdown
    items: list[Id] = Field(min_length=1)


# --- the assembled toolkit ------------------------------------------------------------------


class Topic(Model):
    """One topic of the toolkit, assembled: its items in order and the links it cites."""

    translatable: ClassVar[Messages] = Messages(
        "topic", ("title", "introduction", "items", "links"), domain=True
    )

    id: Id
    title: Annotated[str, ONE_LINE]
    introduction: str
    items: list[Item]
    links: list[Link]


class Toolkit(Model):
    """The whole toolkit in one locale, as exporters and downstream code see it."""

    translatable: ClassVar[Messages] = Messages(
        "toolkit",
        (
            "title",
            "credits",
            "sources",
            "external_topics",
            "checklist",
            "ui",
            "resources",
            "topics",
        ),
        keyed=False,
    )
    # The lookups templates use; none of the model's other methods (see exporting.sandbox).
    template_attributes: ClassVar[frozenset[str]] = frozenset({"item", "link", "resource", "text"})

    id: Id
    title: Annotated[str, ONE_LINE]
    version: str
    locale: str = Field(description="The locale of the text in this view.")
    source_locale: str
    locales: list[str]
    licence: str
    sources: list[Source]
    credits: str | None
    external_topics: list[ExternalTopic]
    checklist: Checklist
    ui: dict[str, UiString]
    resources: list[Resource]
    topics: list[Topic]

    def item(self, item_id: str) -> Item:
        """The item with this ID; ``KeyError`` if there is none."""
        for topic in self.topics:
            for item in topic.items:
                if item.id == item_id:
                    return item
        raise KeyError(item_id)

    def link(self, link_id: str) -> Link:
        """The link with this ID; ``KeyError`` if there is none."""
        for topic in self.topics:
            for link in topic.links:
                if link.id == link_id:
                    return link
        raise KeyError(link_id)

    def resource(self, resource_id: str) -> Resource:
        """The resource with this ID; ``KeyError`` if there is none."""
        for resource in self.resources:
            if resource.id == resource_id:
                return resource
        raise KeyError(resource_id)

    def text(self, ui_id: str) -> str:
        """The interface string with this ID; ``KeyError`` if there is none."""
        return self.ui[ui_id].text


# --- translations: locales/<locale>/common.yaml and locales/<locale>/topics/<topic>.yaml -------

MessageId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]*\.[a-z0-9_.-]+$")]
Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]


class Translation(Model):
    """One translated string."""

    text: str = Field(description="The translation; empty while not translated yet.")
    source_text: str = Field(
        default="", description="The source text now, for reference; `i18n update` refreshes it."
    )
    source: Fingerprint | None = Field(
        default=None,
        description=(
            "Fingerprint of the source text this was translated from. When it differs from the "
            "source text's fingerprint now, the translation is stale. Leave it out after "
            "translating: `i18n update` stamps it."
        ),
    )
    status: Review = Field(
        default="draft", description="machine: made without a human; reviewed: checked by one."
    )
    previous_source_text: str = Field(
        default="",
        description=(
            "While the translation is stale: the source text it was made from, kept by"
            " `i18n update` so that a PO export can show what changed (`#| msgid`)."
        ),
    )
    translator_note: str = Field(
        default="",
        description=(
            "The translator's note on this string, for the next translator or reviewer; a PO"
            " export gives it as the translator comment (`# ...`), and importing one keeps it."
        ),
    )


class CatalogFile(Model):
    """A translation file: the strings of one domain (common, or one topic) in one locale."""

    locale: LocaleCode
    toolkit: Id
    messages: dict[MessageId, Translation]
    obsolete: dict[MessageId, Translation] = Field(
        default_factory=dict, description="Translations whose source string no longer exists."
    )


# --- glossaries: locales/<locale>/glossary.yaml ----------------------------------------------


class GlossarySense(Model):
    """Another translation of a term, right where the source means the term in one sense."""

    translation: Text = Field(description="The translation for this sense.")
    sense: Text = Field(
        description='When it applies, for translators ("advocacy aimed at services").'
    )


class GlossaryTerm(Model):
    """A source term and the translation every string holding it must use."""

    term: Text = Field(description="The source term, matched as whole words, ignoring case.")
    translation: Text = Field(
        description="The required translation; a string passes when it contains it (any case)."
    )
    variants: list[Text] = Field(
        default_factory=list,
        description="Other accepted forms, such as plurals or inflections the text may need.",
    )
    avoid: list[Text] = Field(
        default_factory=list,
        description="Translations not to use (regional or wrong terms), reported when present.",
    )
    note: Text | None = Field(default=None, description="Why, for translators.")
    senses: list[GlossarySense] = Field(
        default_factory=list,
        description=(
            "Translations for a particular sense of the term, accepted as well; each says when "
            "it applies, and PO exports show it to translators."
        ),
    )


class GlossaryFile(Model):
    """``locales/<locale>/glossary.yaml``: the terms translators of one locale must use."""

    locale: LocaleCode
    names: list[Text] = Field(
        default_factory=list,
        description=(
            "Names and titles that stay in the source language (MSM Checkpoints, an article's "
            "title): a term inside them needs no translation."
        ),
    )
    terms: list[GlossaryTerm]


# Each kind of content file, by the schema name it is published under.
FILE_MODELS: dict[str, type[Model]] = {
    "toolkit": ToolkitFile,
    "checklist": Checklist,
    "ui": UiFile,
    "links": LinksFile,
    "resource": Resource,
    "topic": TopicFile,
    "item": Item,
    "catalog": CatalogFile,
    "glossary": GlossaryFile,
}
