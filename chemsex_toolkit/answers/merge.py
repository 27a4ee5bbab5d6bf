"""A team's answers files into one: what the members agree on is kept, every disagreement is
listed and left open, never resolved by a rule; each member's answers go into the team, where
the page shows them side by side for the team to settle."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from chemsex_toolkit.answers.files import Source, resolve
from chemsex_toolkit.answers.model import (
    AnswersFile,
    ItemAnswers,
    Meta,
    PlanRow,
    Snapshot,
    SnapshotItem,
    State,
)
from chemsex_toolkit.errors import UsageError

MAX_MEMBERS = 50  # the page's limit on a team


@dataclass(frozen=True)
class Disagreement:
    """Values the files differ on, left open in the merged file.

    ``item`` is an item ID ("" for the assessment as a whole); ``field`` a question ID (its
    answer), ``reason:QUESTION``, ``action``, or ``service``, ``date``, ``planning``,
    ``baseline``; ``values`` each member's name and value, in the order the files were given."""

    item: str
    field: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MergeResult:
    """The merged answers, the members' names (one per file) and what they disagree on."""

    answers: AnswersFile
    members: tuple[str, ...]
    disagreements: tuple[Disagreement, ...]


def member_name(file: str, answers: AnswersFile) -> str:
    """A member's name as the page gives it: participants, else the service, else the file."""
    meta = answers.state.meta
    return meta.participants or meta.service or Path(file).name.removesuffix(".json")


class _Merger:
    def __init__(self, names: Sequence[str]) -> None:
        self.names = names
        self.disagreements: list[Disagreement] = []

    def one(self, item: str, field: str, values: Iterable[str], default: str = "") -> str:
        """The value every member who gave one gave, else ``default`` and a disagreement."""
        given = [(name, value) for name, value in zip(self.names, values, strict=True) if value]
        if len({value for _name, value in given}) <= 1:
            return given[0][1] if given else default
        self.disagreements.append(Disagreement(item, field, tuple(given)))
        return default


def merge_answers(files: Sequence[Source]) -> MergeResult:
    """Merge a team's answers files (paths or loaded answers) of one toolkit into one.

    Answers, reasons, actions and the assessment's name that all members who gave one agree on
    are kept; where they differ the merged file leaves the value open and ``disagreements``
    lists it. Plan rows are joined (a row twice is kept once), participants listed together,
    and every member's answers become the team of the merged file, so that the page shows the
    disagreements to settle. Raises ``UsageError`` for no files, more than 50, or files of
    different toolkits, and ``AnswersError`` for a file that cannot be used."""
    if not files:
        raise UsageError("Give at least one answers file to merge.")
    if len(files) > MAX_MEMBERS:
        raise UsageError(f"A team has at most {MAX_MEMBERS} members' files; {len(files)} given.")
    loaded = [resolve(source) for source in files]
    toolkits = sorted({answers.toolkit for _file, answers in loaded})
    if len(toolkits) > 1:
        raise UsageError(f"The files belong to different toolkits: {', '.join(toolkits)}.")
    names = [member_name(file, answers) for file, answers in loaded]
    states = [answers.state for _file, answers in loaded]
    merger = _Merger(names)

    item_ids = list(dict.fromkeys(item for state in states for item in state.items))
    items: dict[str, ItemAnswers] = {}
    for item_id in item_ids:
        entries = [state.items.get(item_id, ItemAnswers()) for state in states]
        questions = list(dict.fromkeys(q for entry in entries for q in entry.answers))
        answers = {
            question: merger.one(item_id, question, (e.answers.get(question, "") for e in entries))
            for question in questions
        }
        reasons = {
            question: merger.one(
                item_id, f"reason:{question}", (e.reasons.get(question, "") for e in entries)
            )
            for question in dict.fromkeys(q for entry in entries for q in entry.reasons)
        }
        action = merger.one(item_id, "action", (entry.action for entry in entries))
        # The text the answers were given to: the first member's who saved one.
        fingerprint = next((entry.fingerprint for entry in entries if entry.fingerprint), "")
        items[item_id] = ItemAnswers(
            answers={q: a for q, a in answers.items() if a},
            reasons=reasons,
            action=action,
            fingerprint=fingerprint,
        )

    meta = Meta(
        service=merger.one("", "service", (state.meta.service for state in states)),
        date=merger.one("", "date", (state.meta.date for state in states)),
        participants=", ".join(
            dict.fromkeys(state.meta.participants for state in states if state.meta.participants)
        )[:2_000],
    )
    planning = merger.one("", "planning", ("yes" if s.planning else "no" for s in states)) == "yes"
    plan = list(dict.fromkeys(row for state in states for row in state.plan))
    baselines = [s.baseline.model_dump_json() if s.baseline else "" for s in states]
    kept = merger.one("", "baseline", baselines)
    baseline = Snapshot.model_validate_json(kept) if kept else None
    team = [
        Snapshot(
            name=name[:300],
            date=answers.state.meta.date or answers.saved_at[:10],
            items={
                item_id: SnapshotItem(answers=entry.answers)
                for item_id, entry in answers.state.items.items()
            },
        )
        for name, (_file, answers) in zip(names, loaded, strict=True)
    ]
    newest = max((answers for _file, answers in loaded), key=lambda answers: answers.saved_at)
    merged = AnswersFile(
        format="chemsex-toolkit-answers",
        format_version=2,
        toolkit=toolkits[0],
        content_version=newest.content_version,
        locale=newest.locale,
        saved_at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        state=State(
            meta=meta,
            planning=planning,
            items=items,
            plan=_rows(plan),
            baseline=baseline,
            team=team,
        ),
    )
    return MergeResult(merged, tuple(names), tuple(merger.disagreements))


def _rows(rows: list[PlanRow]) -> list[PlanRow]:
    if len(rows) > 1_000:
        raise UsageError(f"The merged plan would have {len(rows)} rows; the page keeps 1,000.")
    return rows
