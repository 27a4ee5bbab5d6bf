"""References to topics outside the toolkit: the note that says so, once per row of names."""

from __future__ import annotations

from pathlib import Path

import pytest

import chemsex_toolkit
from chemsex_toolkit.references import References

NOTE = "(not yet part of this toolkit)"


@pytest.fixture(scope="module")
def references() -> References:
    minimal = Path(__file__).parents[1] / "fixtures" / "minimal"
    return References(chemsex_toolkit.load(minimal))


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ("See [Counselling][topic:counselling].", 1),
        # One row of names, joined by a short word or a comma, in any language: one note.
        ("See [A][topic:counselling] and [B][topic:counselling].", 1),
        ("Voir [A][topic:counselling], [B][topic:counselling] et [C][topic:counselling].", 1),
        ("Siehe [A][topic:counselling] und [B][topic:counselling]:", 1),
        ("sur le [A][topic:counselling] et l\u2019[B][topic:counselling].", 1),
        # Apart, each name keeps its own note.
        ("[A][topic:counselling]. Later, [B][topic:counselling] again.", 2),
        ("the [A][topic:counselling] topic and also the [B][topic:counselling] one", 2),
    ],
)
def test_a_row_of_outside_topics_shares_one_note(
    references: References, text: str, notes: int
) -> None:
    rendered = references.markdown(text)
    assert rendered.count(NOTE) == notes


def test_the_note_follows_the_last_name_of_the_row(references: References) -> None:
    rendered = references.markdown("See [A][topic:counselling] and [B][topic:counselling].")
    assert rendered == f"See A and B {NOTE}."
    # A topic of the toolkit is a link, and ends no row of outside topics.
    linked = references.markdown("[A][topic:counselling] and [S][topic:sample-topic]")
    assert linked == f"A {NOTE} and [S](#topic-sample-topic)"
