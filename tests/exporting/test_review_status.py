"""The review status a reader meets in every export: two figures (translated, reviewed) in the
language chooser and on the badges, and a notice in the Markdown and the workbook, so that a
complete machine translation never reads as a finished, reviewed one."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from chemsex_toolkit.exporting.base import LocaleView
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.loading import load_content

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
SVG = "{http://www.w3.org/2000/svg}"
GREEN = "#2e7d32"


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


def test_chooser_and_badges_show_both_figures(multi: Path, tmp_path: Path) -> None:
    build(multi, tmp_path / "out", ["html"])
    html = tmp_path / "out" / "html"
    chooser = (html / "index.html").read_text("utf-8")
    assert "ES machine translation, not reviewed" in chooser
    assert "DE 100% translated, DE 100% reviewed" in chooser
    es = ElementTree.parse(html / "badges" / "es.svg").getroot()
    texts = [t.text for t in es.iter(f"{SVG}text")]
    assert texts[-1] == "ES machine translation, not reviewed"
    fills = [r.get("fill") for r in es.iter(f"{SVG}rect")]
    assert GREEN not in fills  # neither figure of an unreviewed translation is green
    de = ElementTree.parse(html / "badges" / "de.svg").getroot()
    assert [r.get("fill") for r in de.iter(f"{SVG}rect")][1:] == [GREEN, GREEN]
    # The badge is as wide as its words: every text fits inside the badge.
    width = float(es.get("width", "0"))
    assert all(float(t.get("x", "0")) < width for t in es.iter(f"{SVG}text"))


def test_markdown_says_when_nobody_reviewed_the_translation(multi: Path, tmp_path: Path) -> None:
    build(multi, tmp_path / "out", ["markdown"])
    md = tmp_path / "out" / "markdown"
    es = (md / "es" / "sample-topic.md").read_text("utf-8").splitlines()
    notice = next(line for line in es if line.startswith("> "))
    assert "machine translation, not reviewed" in notice and "translated" in notice
    assert es.index(notice) < next(i for i, line in enumerate(es) if line.startswith("## "))
    for reviewed_or_source in ("de", "en"):
        text = (md / reviewed_or_source / "sample-topic.md").read_text("utf-8")
        assert "not reviewed" not in text and "\n> " not in text


def test_workbook_heads_a_machine_translation_with_the_notice(multi: Path, tmp_path: Path) -> None:
    build(multi, tmp_path / "out", ["xlsx"])
    books = tmp_path / "out" / "xlsx"
    es = openpyxl.load_workbook(books / "es.xlsx").worksheets[1]
    assert "machine translation, not reviewed" in str(es["A5"].value)
    # The table header stays where it was.
    assert [es["A6"].value, es["B6"].value] == ["ES Topic", "ES Item"]
    for reviewed_or_source in ("de", "en"):
        sheet = openpyxl.load_workbook(books / f"{reviewed_or_source}.xlsx").worksheets[1]
        assert sheet["A5"].value is None
