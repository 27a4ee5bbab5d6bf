"""The XLSForm exporter, converted to an XForm by pyxform (the converter KoboToolbox and ODK
Central run on an uploaded form) and read back as XML."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from chemsex_toolkit import Toolkit
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.form_fields import form_fields
from chemsex_toolkit.loading import load_content
from chemsex_toolkit_exporters.xlsform import XlsformExporter
from chemsex_toolkit_exporters.xlsform.form import HINT_LIMIT, hint_text

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
XF = "{http://www.w3.org/2002/xforms}"
H = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsform")
    build(MULTI, out, ["xlsform"])
    (path,) = (out / "xlsform").glob("*.xlsx")
    return path


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    loaded = load_content(MULTI).toolkit
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def xform(form: Path) -> tuple[ET.Element, list[str]]:
    warnings: list[str] = []
    result = convert(str(form), warnings=warnings)
    return ET.fromstring(result.xform), warnings


def _languages() -> list[str]:
    return [f"{view.name} ({view.locale})" for view in locale_views(load_content(MULTI), None)]


def _sheet(form: Path, name: str) -> list[dict[str, str]]:
    rows = list(openpyxl.load_workbook(form)[name].iter_rows(values_only=True))
    header = [str(cell) for cell in rows[0]]
    return [
        {key: str(value) for key, value in zip(header, row, strict=True) if value is not None}
        for row in rows[1:]
    ]


def test_the_form_converts_to_an_xform_without_warnings(
    form: Path, xform: tuple[ET.Element, list[str]], toolkit: Toolkit
) -> None:
    root, warnings = xform
    assert warnings == []
    assert form.name == f"{toolkit.id}.xlsx"
    assert root.findtext(f"{H}head/{H}title") == toolkit.title
    # The main instance comes first; the choice lists follow as secondary instances.
    (data,) = list(next(root.iter(f"{XF}instance")))
    assert data.get("id") == form_fields(toolkit).form_id == "multi_toolkit"
    assert data.get("version") == toolkit.version
    settings = _sheet(form, "settings")[0]
    assert settings["default_language"] == _languages()[0] == "English (en)"


def test_every_locale_is_a_translation_in_its_own_words(
    xform: tuple[ET.Element, list[str]],
) -> None:
    root, _warnings = xform
    translations = {str(t.get("lang")): t for t in root.iter(f"{XF}translation")}
    assert sorted(translations) == sorted(_languages())
    assert translations["English (en)"].get("default") == "true()"
    for view in locale_views(load_content(MULTI), None):
        values = {v.text for v in translations[f"{view.name} ({view.locale})"].iter(f"{XF}value")}
        toolkit = view.toolkit
        assert {q.text for q in toolkit.checklist.questions} <= values
        assert {a.label for a in toolkit.checklist.answers} <= values
        assert {i.title for t in toolkit.topics for i in t.items} <= values
        assert {toolkit.text(f"status-{s}") for s in ("planned", "in-progress", "done")} <= values


def test_names_are_unique_and_the_ones_import_reads(form: Path, toolkit: Toolkit) -> None:
    names = [row["name"] for row in _sheet(form, "survey") if row.get("name")]
    assert len({name.casefold() for name in names}) == len(names)
    fields = form_fields(toolkit)
    expected = {
        *fields.fixed(),
        *fields.topics.values(),
        *(n for item in fields.items for n in (item.group, item.action, item.priority)),
        *(n for item in fields.items for n in (*item.answers.values(), *item.reasons.values())),
    }
    assert set(names) == expected
    assert all("-" not in name for name in names)  # ODK Central joins group paths with "-"


def test_reasons_are_asked_and_required_only_for_not_applicable(
    xform: tuple[ET.Element, list[str]], toolkit: Toolkit
) -> None:
    root, _warnings = xform
    binds = {b.get("nodeset", "").rsplit("/", 1)[-1]: b for b in root.iter(f"{XF}bind")}
    reasons = [a.id for a in toolkit.checklist.answers if a.requires_reason]
    assert reasons == ["not-applicable"]
    fields = form_fields(toolkit)
    for item in fields.items:
        for question in toolkit.checklist.questions:
            bind = binds[item.reasons[question.id]]
            answer = item.answers[question.id]
            assert bind.get("required") == "true()"
            relevant = " ".join(bind.get("relevant", "").split())
            assert f"/{answer} = 'not-applicable'" in relevant
            # The question a planned service may skip is asked only outside planning mode.
            skip = f"/{fields.planning} != 'yes'"
            assert (skip in relevant) is question.skippable_when_planning
            asked = " ".join((binds[answer].get("relevant") or "").split())
            assert (skip in asked) is (question.skippable_when_planning)


def test_answers_and_statuses_are_the_answers_formats_codes(
    form: Path, toolkit: Toolkit, xform: tuple[ET.Element, list[str]]
) -> None:
    choices = _sheet(form, "choices")
    lists: dict[str, list[str]] = {}
    for row in choices:
        lists.setdefault(row["list_name"], []).append(row["name"])
    assert lists["answers"] == [a.id for a in toolkit.checklist.answers]
    assert lists["statuses"] == ["planned", "in-progress", "done"]
    assert lists["items"] == [i.id for t in toolkit.topics for i in t.items]
    survey = {row["name"]: row for row in _sheet(form, "survey") if row.get("name")}
    assert survey["action_plan"]["type"] == "begin_repeat"
    assert survey["plan_item"]["type"] == "select_one items"
    assert survey["plan_status"]["type"] == "select_one statuses"
    root, _warnings = xform
    repeat = next(r for r in root.iter(f"{XF}repeat"))
    assert repeat.get("nodeset") == "/data/action_plan"


def test_hints_are_plain_short_text(form: Path) -> None:
    hints = [v for row in _sheet(form, "survey") for k, v in row.items() if k.startswith("hint::")]
    assert hints
    assert all(len(hint) <= HINT_LIMIT + 2 for hint in hints)
    assert not [hint for hint in hints if "](" in hint or "[" in hint or "**" in hint]
    # The fixture's guidance cites a resource and a topic by reference: their words remain.
    assert "Read the sample guide and the Counselling topic." in hints


def test_the_same_content_gives_the_same_bytes(form: Path, tmp_path: Path) -> None:
    build(MULTI, tmp_path, ["xlsform"])
    assert (tmp_path / "xlsform" / form.name).read_bytes() == form.read_bytes()
    assert XlsformExporter.missing() == ""


@pytest.mark.slow
def test_odk_validate_accepts_the_form(form: Path) -> None:
    """ODK Validate (JavaRosa, the engine of ODK Collect, shipped inside pyxform) parses every
    relevant, required and calculation expression and refuses a cycle between them. It runs on
    Java, which scripts/test installs where it is missing."""
    assert shutil.which("java"), "ODK Validate needs Java (scripts/test installs it)"
    warnings: list[str] = []
    convert(str(form), warnings=warnings, validate=True)
    assert warnings == []


def test_a_long_hint_is_cut_at_a_word_and_a_reference_to_a_field_is_broken() -> None:
    words = " ".join(f"word{n}" for n in range(200))
    hint = hint_text(f"**Bold** {words}")
    assert len(hint) <= HINT_LIMIT + 2 and hint.endswith(" …")
    assert hint.startswith("Bold word0 ") and hint[:-2].split()[-1].startswith("word")
    assert "${" not in hint_text("Pay ${service} now")


def test_titles_that_look_like_formulas_or_references_stay_text(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI, content)
    item = content / "topics" / "sample-topic" / "items" / "first-item.yaml"
    title = '=HYPERLINK("x") costs ${service}'
    item.write_text(
        item.read_text("utf-8").replace("title: The first item", f"title: '{title}'"), "utf-8"
    )
    build(content, tmp_path / "out", ["xlsform"], locales=["en"])
    (path,) = (tmp_path / "out" / "xlsform").glob("*.xlsx")
    warnings: list[str] = []
    root = ET.fromstring(convert(str(path), warnings=warnings).xform)
    assert warnings == []
    values = {v.text for v in root.iter(f"{XF}value")}
    assert title.replace("${", "$\u200b{") in values
