"""Every user-visible string of a toolkit, keyed by a stable message ID.

This module is the one place that knows the message-ID scheme: ``source_messages`` reads the
strings out of a toolkit, ``apply`` writes (translated) strings back into a copy of it, and
``domain`` says which translation file a message belongs in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chemsex_toolkit.models import SECTION_IDS, Toolkit


def source_messages(toolkit: Toolkit) -> dict[str, str]:
    """``{message_id: text}`` for every translatable string, in a stable order."""
    messages: dict[str, str] = {"toolkit.title": toolkit.title}
    if toolkit.credits:
        messages["toolkit.credits"] = toolkit.credits
    for source in toolkit.sources:
        messages[f"source.{source.id}.title"] = source.title
        if source.note:
            messages[f"source.{source.id}.note"] = source.note
    for external in toolkit.external_topics:
        messages[f"external-topic.{external.id}.title"] = external.title
    checklist = toolkit.checklist
    for section in checklist.sections:
        messages[f"section.{section.id}.title"] = section.title
    for question in checklist.questions:
        messages[f"question.{question.id}.text"] = question.text
        messages[f"question.{question.id}.short"] = question.short
    for answer in checklist.answers:
        messages[f"answer.{answer.id}.label"] = answer.label
    for column in checklist.action_plan.columns:
        messages[f"column.{column.id}.label"] = column.label
    messages["urgency.rule"] = checklist.urgency.rule
    messages["urgency.planning_note"] = checklist.urgency.planning_note
    messages["urgency.not_applicable_note"] = checklist.urgency.not_applicable_note
    for key, value in toolkit.ui.items():
        messages[f"ui.{key}"] = value.text
    for resource in toolkit.resources:
        messages[f"resource.{resource.id}.title"] = resource.title
        messages[f"resource.{resource.id}.summary"] = resource.summary
    for topic in toolkit.topics:
        messages[f"topic.{topic.id}.title"] = topic.title
        messages[f"topic.{topic.id}.introduction"] = topic.introduction
        for item in topic.items:
            messages[f"item.{item.id}.title"] = item.title
            for name in SECTION_IDS:
                messages[f"item.{item.id}.{name}"] = getattr(item.sections, name)
        for link in topic.links:
            messages[f"link.{link.id}.title"] = link.title
    return messages


def domains(toolkit: Toolkit) -> dict[str, str]:
    """``{message_id: domain}``: ``common`` or ``topics/<topic-id>`` (the translation file)."""
    owner: dict[str, str] = {}
    for topic in toolkit.topics:
        owner[f"topic.{topic.id}."] = topic.id
        for item in topic.items:
            owner[f"item.{item.id}."] = topic.id
        for link in topic.links:
            owner[f"link.{link.id}."] = topic.id
    result: dict[str, str] = {}
    for message_id in source_messages(toolkit):
        prefix = message_id[: message_id.rfind(".") + 1]
        result[message_id] = f"topics/{owner[prefix]}" if prefix in owner else "common"
    return result


def describe(message_id: str) -> str:
    """A short note for translators: what the string is."""
    kind, _, rest = message_id.partition(".")
    ident, _, part = rest.rpartition(".")
    if kind == "item" and part in SECTION_IDS:
        return f"item {ident}, section {part.replace('_', ' ')}"
    if kind == "ui":
        return "interface text"
    return f"{kind.replace('-', ' ')} {ident or rest}, {part}".rstrip(", ")


def apply(toolkit: Toolkit, texts: Mapping[str, str], locale: str) -> Toolkit:
    """A copy of ``toolkit`` in ``locale`` with every string found in ``texts`` replaced."""

    def get(message_id: str, default: str) -> str:
        return texts.get(message_id, default)

    checklist = toolkit.checklist
    new_checklist = checklist.model_copy(
        update={
            "sections": [
                s.model_copy(update={"title": get(f"section.{s.id}.title", s.title)})
                for s in checklist.sections
            ],
            "questions": [
                q.model_copy(
                    update={
                        "text": get(f"question.{q.id}.text", q.text),
                        "short": get(f"question.{q.id}.short", q.short),
                    }
                )
                for q in checklist.questions
            ],
            "answers": [
                a.model_copy(update={"label": get(f"answer.{a.id}.label", a.label)})
                for a in checklist.answers
            ],
            "urgency": checklist.urgency.model_copy(
                update={
                    "rule": get("urgency.rule", checklist.urgency.rule),
                    "planning_note": get("urgency.planning_note", checklist.urgency.planning_note),
                    "not_applicable_note": get(
                        "urgency.not_applicable_note", checklist.urgency.not_applicable_note
                    ),
                }
            ),
            "action_plan": checklist.action_plan.model_copy(
                update={
                    "columns": [
                        c.model_copy(update={"label": get(f"column.{c.id}.label", c.label)})
                        for c in checklist.action_plan.columns
                    ]
                }
            ),
        }
    )
    topics = []
    for topic in toolkit.topics:
        items = []
        for item in topic.items:
            sections: dict[str, Any] = {
                name: get(f"item.{item.id}.{name}", getattr(item.sections, name))
                for name in SECTION_IDS
            }
            items.append(
                item.model_copy(
                    update={
                        "title": get(f"item.{item.id}.title", item.title),
                        "sections": item.sections.model_copy(update=sections),
                    }
                )
            )
        topics.append(
            topic.model_copy(
                update={
                    "title": get(f"topic.{topic.id}.title", topic.title),
                    "introduction": get(f"topic.{topic.id}.introduction", topic.introduction),
                    "items": items,
                    "links": [
                        link.model_copy(update={"title": get(f"link.{link.id}.title", link.title)})
                        for link in topic.links
                    ],
                }
            )
        )
    return toolkit.model_copy(
        update={
            "locale": locale,
            "title": get("toolkit.title", toolkit.title),
            "credits": get("toolkit.credits", toolkit.credits) if toolkit.credits else None,
            "sources": [
                s.model_copy(
                    update={
                        "title": get(f"source.{s.id}.title", s.title),
                        "note": get(f"source.{s.id}.note", s.note) if s.note else None,
                    }
                )
                for s in toolkit.sources
            ],
            "external_topics": [
                e.model_copy(update={"title": get(f"external-topic.{e.id}.title", e.title)})
                for e in toolkit.external_topics
            ],
            "checklist": new_checklist,
            "ui": {
                key: value.model_copy(update={"text": get(f"ui.{key}", value.text)})
                for key, value in toolkit.ui.items()
            },
            "resources": [
                r.model_copy(
                    update={
                        "title": get(f"resource.{r.id}.title", r.title),
                        "summary": get(f"resource.{r.id}.summary", r.summary),
                    }
                )
                for r in toolkit.resources
            ],
            "topics": topics,
        }
    )
