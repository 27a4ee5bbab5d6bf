"""The reading-ease figure per locale: the formulas on counted text, and `i18n status` showing
it for the source and each translation with a formula."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.i18n.readability import FORMULAS, reading_ease

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


def test_counts_words_sentences_and_syllables_of_the_visible_text() -> None:
    figure = reading_ease("en", ["The cat sat on [the mat][link:mat-page].\n\n- A dog ran"])
    assert figure is not None
    # The reference's target is not a word; a list entry is a sentence of its own.
    assert (figure.words, figure.sentences, figure.syllables) == (9, 2, 9)
    base, per_word, per_syllable = FORMULAS["en"]
    assert figure.ease == pytest.approx(base - per_word * 9 / 2 - per_syllable * 1)


def test_each_language_has_its_own_dictionary_and_constants() -> None:
    german = reading_ease("de", ["Die Beratungsstelle hilft."])
    assert german is not None and german.syllables == 1 + 5 + 1  # Be-ra-tungs-stel-le
    assert german.ease == pytest.approx(180 - 3 - 58.5 * 7 / 3)
    assert german.grade is None
    french = reading_ease("fr-CH", ["La réduction des risques."])
    assert french is not None and french.syllables == 1 + 3 + 1 + 1  # ré-duc-tion
    assert reading_ease("es", ["Hola."]) is None
    assert reading_ease("en", ["42 - 7", ""]) is None  # no words


def test_short_plain_sentences_read_more_easily_than_long_technical_ones() -> None:
    plain = reading_ease("en", ["We test. You get the result. It is free."])
    dense = reading_ease(
        "en",
        [
            "Comprehensive organisational prerequisites necessitate interdisciplinary "
            "collaboration between institutional stakeholders and community organisations."
        ],
    )
    assert plain is not None and dense is not None
    assert plain.ease > 60 > dense.ease
    assert plain.grade is not None and dense.grade is not None and plain.grade < 8 < dense.grade


def test_i18n_status_shows_the_figure_per_locale(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI, content)
    runner = CliRunner()
    text = runner.invoke(main, ["i18n", "status", "--content", str(content)])
    assert text.exit_code == 0, text.output
    lines = text.output.split("Reading ease", 1)[1].splitlines()[1:]
    assert [line.split()[0] for line in lines] == ["en", "de", "fr"]  # es has no formula
    assert "school grade" in lines[0] and "school grade" not in lines[1]
    as_json = ["i18n", "status", "--format", "json", "--content", str(content)]
    data = json.loads(runner.invoke(main, as_json).output)
    figures = {row["locale"]: row for row in data["readability"]}
    assert set(figures) == {"en", "de", "fr"}
    assert figures["en"]["words"] > 0 and isinstance(figures["en"]["ease"], float)
