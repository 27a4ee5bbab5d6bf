"""Counting many services' answers: each item's priority as the page computes it, each
question's answers over the services' latest assessments, and each service's change over time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chemsex_toolkit.answers.model import AnswersFile
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.network.model import (
    PRIORITIES,
    AnswerInfo,
    Assessment,
    ItemFigures,
    NetworkFigures,
    Priority,
    QuestionCounts,
    QuestionInfo,
    ServiceFigures,
    Skipped,
)

MOST_URGENT = 10


@dataclass(frozen=True)
class Dated:
    """One answers file of a service, as the report uses it."""

    service: str
    date: str
    answers: AnswersFile


def priority(toolkit: Toolkit, answers: AnswersFile, item: str) -> Priority:
    """The item's priority, by the page's rule (``assess`` in ``exporters/html/app.js``): the
    position of the leftmost question answered Partly or No; "none" when every question counted
    is answered and none needs improvement; "open" otherwise. A service still being planned
    leaves out the questions that may be skipped while planning."""
    checklist = toolkit.checklist
    improve = {answer.id: answer.needs_improvement for answer in checklist.answers}
    given = answers.state.items.get(item)
    chosen = given.answers if given is not None else {}
    planning = answers.state.planning
    questions = [q for q in checklist.questions if not (planning and q.skippable_when_planning)]
    answered = 0
    for question in questions:
        answer = chosen.get(question.id)
        if answer not in improve:
            continue
        answered += 1
        if improve[answer]:
            position = checklist.questions.index(question) + 1
            return str(min(position, 4))  # type: ignore[return-value]
    return "none" if answered == len(questions) else "open"


def _assessment(toolkit: Toolkit, dated: Dated, items: Sequence[str]) -> Assessment:
    priorities: dict[str, Priority | None] = {
        item: priority(toolkit, dated.answers, item) for item in items
    }
    totals = Counter(priorities.values())
    return Assessment(
        date=dated.date,
        priorities=dict(priorities),
        totals={p: totals.get(p, 0) for p in PRIORITIES},
    )


def figures(
    toolkit: Toolkit,
    services: Mapping[str, Sequence[Dated]],
    skipped: Sequence[Skipped],
    *,
    anonymised: bool,
) -> NetworkFigures:
    """The report's figures over ``services`` (each service's files, oldest first)."""
    checklist = toolkit.checklist
    items = [(topic, item) for topic in toolkit.topics for item in topic.items]
    ids = [item.id for _topic, item in items]
    per_service = [
        ServiceFigures(
            service=name, assessments=[_assessment(toolkit, dated, ids) for dated in files]
        )
        for name, files in sorted(services.items())
    ]
    latest = [files[-1] for _name, files in sorted(services.items())]
    known = [answer.id for answer in checklist.answers]
    item_figures: list[ItemFigures] = []
    for topic, item in items:
        questions = []
        for question in checklist.questions:
            given = Counter(
                answer
                for dated in latest
                if (entry := dated.answers.state.items.get(item.id)) is not None
                and (answer := entry.answers.get(question.id)) in known
            )
            questions.append(
                QuestionCounts(
                    question=question.id,
                    counts={answer: given.get(answer, 0) for answer in known},
                    not_answered=len(latest) - sum(given.values()),
                )
            )
        ranked = Counter(service.assessments[-1].priorities[item.id] for service in per_service)
        item_figures.append(
            ItemFigures(
                id=item.id,
                topic=topic.id,
                title=item.title,
                questions=questions,
                priorities={p: ranked.get(p, 0) for p in PRIORITIES},
            )
        )
    urgent = sorted(
        (f for f in item_figures if f.priorities["1"] or f.priorities["2"]),
        key=lambda f: (-f.priorities["1"], -f.priorities["2"], ids.index(f.id)),
    )
    return NetworkFigures(
        toolkit=toolkit.id,
        content_version=toolkit.version,
        anonymised=anonymised,
        files=sum(len(files) for files in services.values()),
        answers=[AnswerInfo(id=a.id, label=a.label, colour=a.colour) for a in checklist.answers],
        questions=[QuestionInfo(id=q.id, short=q.short) for q in checklist.questions],
        items=item_figures,
        most_urgent=[f.id for f in urgent[:MOST_URGENT]],
        services=per_service,
        skipped=list(skipped),
    )
