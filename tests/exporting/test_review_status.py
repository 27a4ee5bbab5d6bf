"""The review status a reader meets in every export: two figures (translated, reviewed) in the
language chooser and on the badges, and a notice in the Markdown and the workbook, so that a
complete machine translation never reads as a finished, reviewed one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chemsex_toolkit.exporting.base import LocaleView
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.loading import load_content

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture
def multi(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MULTI, target)
    return target


def _views(content: Path) -> dict[str, LocaleView]:
    return {view.locale: view for view in locale_views(load_content(content), None)}


def test_figures_tell_reviewed_from_machine_translations(multi: Path) -> None:
    views = _views(multi)
    en, de, fr, es = (views[code] for code in ("en", "de", "fr", "es"))
    assert en.review_figures() == ["Original text"]
    # de: every string translated and reviewed.
    assert de.review_figures() == ["DE 100% translated", "DE 100% reviewed"]
    # es: all but one string current, none reviewed, machine-made: never a bare 99 or 100.
    assert es.reviewed == 0 and es.review_figures()[1] == "ES machine translation, not reviewed"
    assert es.review_figures()[0] == f"ES {es.percent}% translated"
    assert fr.percent < 100 and "not reviewed" in fr.review_figures()[1]


def test_figures_follow_the_strings_a_person_reviewed(multi: Path) -> None:
    catalog = multi / "locales" / "es" / "common.yaml"
    text = catalog.read_text("utf-8")
    machine = text.count("status: machine")
    catalog.write_text(text.replace("status: machine", "status: reviewed"), "utf-8")
    es = _views(multi)["es"]
    total = len(es.status)
    assert es.reviewed == 100 * machine // total
    assert es.review_figures()[1] == f"ES {es.reviewed}% reviewed"
