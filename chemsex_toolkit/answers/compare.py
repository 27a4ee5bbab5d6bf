"""Two assessments of one service compared per item and question, as the page's baseline
comparison does: an answer that moved towards green is better, towards red worse."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from chemsex_toolkit.answers.files import Source, content_keys, resolve
from chemsex_toolkit.models import Toolkit

Direction = Literal["better", "worse", "same"]
# The page's RANK: answers of other colours (not applicable) are not compared.
_RANK = {"green": 0, "yellow": 1, "red": 2}


@dataclass(frozen=True)
class AnswerChange:
    """One question of one item answered in both assessments."""

    item: str
    question: str
    before: str
    after: str
    direction: Direction


@dataclass(frozen=True)
class Comparison:
    """Every question answered in both files (items matched by ID), in the checklist's order
    of questions within the newer file's order of items."""

    old: str
    new: str
    changes: tuple[AnswerChange, ...]

    def count(self, direction: Direction) -> int:
        return sum(change.direction == direction for change in self.changes)


def _direction(before: str, after: str, colours: Mapping[str, str]) -> Direction | None:
    old, new = _RANK.get(colours.get(before, "")), _RANK.get(colours.get(after, ""))
    if old is None or new is None:
        return None
    return "better" if new < old else "worse" if new > old else "same"


def compare_answers(
    old: Source, new: Source, content: Toolkit | Path | str | None = None
) -> Comparison:
    """Compare the answers of ``old`` with those of ``new`` (paths or loaded answers).

    Items are matched by ID, so files of different content versions compare on what they
    share; ``content`` (a toolkit or content folder, default: the bundled content) gives each
    answer's colour and the order of questions. Raises ``AnswersError`` for a file that cannot
    be used, ``UsageError`` for files of different toolkits."""
    from chemsex_toolkit.errors import UsageError
    from chemsex_toolkit.paths import bundled_content

    keys = content_keys(content if content is not None else bundled_content())
    assert keys is not None
    old_name, before = resolve(old)
    new_name, after = resolve(new)
    if before.toolkit != after.toolkit:
        raise UsageError(
            f"{old_name} holds answers for {before.toolkit!r}, {new_name} for {after.toolkit!r}."
        )
    order = {question: index for index, question in enumerate(keys.questions)}
    changes = []
    for item_id, entry in after.state.items.items():
        earlier = before.state.items.get(item_id)
        if earlier is None:
            continue
        shared = sorted(
            set(entry.answers) & set(earlier.answers), key=lambda q: (order.get(q, len(order)), q)
        )
        for question in shared:
            was, now = earlier.answers[question], entry.answers[question]
            direction = _direction(was, now, keys.colours)
            if direction is not None:
                changes.append(AnswerChange(item_id, question, was, now, direction))
    return Comparison(old_name, new_name, tuple(changes))
