"""The toolkit in one locale as a FHIR R4 Questionnaire resource (plain JSON data).

The linkIds, from the content's IDs (an ID is lower-case letters, digits and single hyphens,
so it never holds ``.``, ``/`` or ``:`` and no two of these can be the same):

- ``toolkit:assessment``, a group of ``toolkit:service``, ``toolkit:date``,
  ``toolkit:participants`` and ``toolkit:planning`` (the page's "Name this assessment" and its
  planning mode);
- ``topic:<topic-id>``, a group per topic, opening with ``topic:<topic-id>/introduction``;
- ``<item-id>``, a group per item, holding per question ``<item-id>.<question-id>`` (a choice
  of the checklist's answers, coded by their IDs), the reason ``<item-id>.<question-id>/reason``
  and the help text ``<item-id>.<question-id>/help``, and the item's ``<item-id>/action``.

``chemsex_toolkit.answers.fhir`` reads a response by the same scheme; the tests hold the two
in step by importing a response made from this very Questionnaire.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chemsex_toolkit import Item, Toolkit
from chemsex_toolkit.exporting import References, plain_text, standard_markdown

# The official extension and code system of FHIR for how an item is shown.
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
# The answers format's own limits (chemsex_toolkit/answers/model.py), so a form refuses what an
# answers file could not hold.
LONG_TEXT = 20_000
NAME = 300
PARTICIPANTS = 2_000
PLANNING = "toolkit:planning"
VALUE_SET = "answers"

Resource = dict[str, Any]


def questionnaire_url(toolkit_id: str, locale: str) -> str:
    """The Questionnaire's canonical URL: a URN, since the toolkit has no web address of its
    own; one per locale, so that url and version name exactly one resource on a server."""
    return f"urn:chemsex-toolkit:questionnaire:{toolkit_id}:{locale}"


def answer_system(toolkit_id: str) -> str:
    """The code system of the checklist's answers, whose codes are the answer IDs."""
    return f"urn:chemsex-toolkit:answer:{toolkit_id}"


def _control(code: str, display: str) -> list[Resource]:
    coding = {"system": ITEM_CONTROL_SYSTEM, "code": code, "display": display}
    return [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [coding]}}]


def _name(toolkit_id: str) -> str:
    """A computable name as FHIR asks for one (``[A-Z][A-Za-z0-9_]*``)."""
    return "".join(part[:1].upper() + part[1:] for part in toolkit_id.split("-"))


class _Texts:
    """Content Markdown as the plain text a form shows: a cited web page keeps its address in
    brackets (a form has no links), any other reference is its words."""

    def __init__(self, toolkit: Toolkit) -> None:
        self._references = References(toolkit, resources="url", note=True)

    def plain(self, markdown: str) -> str:
        def unlinked(ref: Any) -> str:
            target = self._references.target(ref)
            if target is not None and target.startswith(("https://", "http://")):
                # An autolink keeps every character of the address through the Markdown.
                return f"{self._references.plain(ref)} (<{target}>)"
            return self._references.plain(ref)

        return plain_text(standard_markdown(markdown, lambda _ref: None, unlinked))


def _value_set(toolkit: Toolkit, day: str) -> Resource:
    """The checklist's answers, contained so that a renderer needs no terminology server: the
    codes in ``compose`` and, ready to show, in ``expansion``."""
    system = answer_system(toolkit.id)
    concepts = [{"code": a.id, "display": a.label} for a in toolkit.checklist.answers]
    return {
        "resourceType": "ValueSet",
        "id": VALUE_SET,
        "language": toolkit.locale,
        "status": "active",
        "compose": {"include": [{"system": system, "concept": concepts}]},
        "expansion": {
            "timestamp": day,
            "contains": [{"system": system, **concept} for concept in concepts],
        },
    }


def _assessment(toolkit: Toolkit, texts: _Texts) -> Resource:
    t = toolkit.text
    return {
        "linkId": "toolkit:assessment",
        "type": "group",
        "text": t("overview-heading"),
        "item": [
            {
                "linkId": "toolkit:service",
                "type": "string",
                "text": t("service-label"),
                "maxLength": NAME,
            },
            {"linkId": "toolkit:date", "type": "date", "text": t("date-label")},
            {
                "linkId": "toolkit:participants",
                "type": "text",
                "text": t("participants-label"),
                "maxLength": PARTICIPANTS,
            },
            {
                "linkId": PLANNING,
                "type": "boolean",
                "text": t("planning-label"),
                # Answered from the start: a renderer then never has to judge an unanswered
                # box in the skipped questions' conditions.
                "initial": [{"valueBoolean": False}],
                "item": [
                    _help(f"{PLANNING}/help", texts.plain(toolkit.checklist.urgency.planning_note))
                ],
            },
        ],
    }


def _help(link_id: str, text: str) -> Resource:
    return {
        "linkId": link_id,
        "type": "display",
        "text": text,
        "extension": _control("help", "Help-Button"),
    }


def _item(toolkit: Toolkit, item: Item, texts: _Texts) -> Resource:
    checklist = toolkit.checklist
    system = answer_system(toolkit.id)
    titles = {section.id: section.title for section in checklist.sections}
    with_reason = [answer.id for answer in checklist.answers if answer.requires_reason]
    children: list[Resource] = []
    for question in checklist.questions:
        link_id = f"{item.id}.{question.id}"
        section = getattr(item.sections, question.section)
        entry: Resource = {
            "linkId": link_id,
            "type": "choice",
            "text": texts.plain(question.text),
            "answerValueSet": f"#{VALUE_SET}",
            "extension": _control("radio-button", "Radio Button"),
            # Each question opens the item's section of the same place: that section helps
            # answer it.
            "item": [
                _help(f"{link_id}/help", f"{titles[question.section]}\n\n{texts.plain(section)}")
            ],
        }
        if question.skippable_when_planning:
            # A service still being planned may leave this question open (the page hides it).
            entry["enableWhen"] = [{"question": PLANNING, "operator": "!=", "answerBoolean": True}]
            entry["enableBehavior"] = "all"
        children.append(entry)
        if with_reason:
            children.append(
                {
                    "linkId": f"{link_id}/reason",
                    "type": "text",
                    "text": toolkit.text("reason-label"),
                    "required": True,
                    "maxLength": LONG_TEXT,
                    "enableWhen": [
                        {
                            "question": link_id,
                            "operator": "=",
                            "answerCoding": {"system": system, "code": code},
                        }
                        for code in with_reason
                    ],
                    "enableBehavior": "any",
                }
            )
    children.append(
        {
            "linkId": f"{item.id}/action",
            "type": "text",
            "text": toolkit.text("action-label"),
            "maxLength": LONG_TEXT,
        }
    )
    return {"linkId": item.id, "type": "group", "text": item.title, "item": children}


def questionnaire(toolkit: Toolkit, day: date, notice: str = "") -> Resource:
    """The Questionnaire of ``toolkit`` in its locale; ``day`` is the date it states (the
    content's, for a build that is the same every time) and ``notice`` says that it is a
    machine translation, when it is one."""
    texts = _Texts(toolkit)
    stamp = day.isoformat()
    topics = [
        {
            "linkId": f"topic:{topic.id}",
            "type": "group",
            "text": topic.title,
            "item": [
                {
                    "linkId": f"topic:{topic.id}/introduction",
                    "type": "display",
                    "text": texts.plain(topic.introduction),
                },
                *(_item(toolkit, item, texts) for item in topic.items),
            ],
        }
        for topic in toolkit.topics
    ]
    resource: Resource = {
        "resourceType": "Questionnaire",
        "language": toolkit.locale,
        "contained": [_value_set(toolkit, stamp)],
        "url": questionnaire_url(toolkit.id, toolkit.locale),
        "version": toolkit.version,
        "name": _name(toolkit.id),
        "title": toolkit.title,
        "status": "active",
        # A self-assessment is about a service, not a patient.
        "subjectType": ["Organization"],
        "date": stamp,
    }
    if notice:
        resource["description"] = notice
    resource["copyright"] = toolkit.licence
    resource["item"] = [_assessment(toolkit, texts), *topics]
    return resource
