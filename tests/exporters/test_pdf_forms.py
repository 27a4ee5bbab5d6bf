"""The booklet's form fields, read back with pypdf as a PDF reader finds them: named by the
content's IDs in every locale, one form across the joined parts, drawn by the reader."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import chemsex_toolkit
from chemsex_toolkit import Toolkit
from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit_exporters.pdf import booklet

# WeasyPrint lays out whole booklets: a few seconds each.
pytestmark = pytest.mark.slow

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
LOCALES = ["en", *chemsex_toolkit.load(MULTI).locales]


@pytest.fixture(scope="module")
def booklets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    build(MULTI, out, ["pdf"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(booklet, "ITEMS_PER_PART", 1)
        build(MULTI, out / "fine", ["pdf"], locales=["en"])
    return out


def _names(toolkit: Toolkit) -> set[str]:
    """The whole name of every field the booklet of ``toolkit`` should have."""
    questions = [q.id for q in toolkit.checklist.questions]
    names = {f"ct.meta.{name}" for name in ("service", "date", "participants", "planning")}
    for topic in toolkit.topics:
        for item in topic.items:
            names.add(f"ct.item.{item.id}.action")
            for question in questions:
                names.add(f"ct.item.{item.id}.{question}.answer")
                names.add(f"ct.item.{item.id}.{question}.reason")
    columns = ["item", "priority", *(c.id for c in toolkit.checklist.action_plan.columns[1:])]
    for row in range(1, booklet.PLAN_ROWS + 1):
        names.update(f"ct.plan.{row}.{column}" for column in [*columns, "status"])
    return names


def _terminal(reader: PdfReader) -> dict[str, Any]:
    """The fields that hold a value (the others only group names), by whole name."""
    return {
        name: value
        for name, value in (reader.get_fields() or {}).items()
        if "/FT" in value or "/V" in value
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_every_answer_reason_action_and_plan_cell_is_a_field_named_by_ids(
    booklets: Path, locale: str
) -> None:
    toolkit = chemsex_toolkit.load(MULTI, locale=locale)
    reader = PdfReader(booklets / f"pdf/{locale}.pdf")
    fields = _terminal(reader)
    assert set(fields) == _names(toolkit)
    answers = {f"/{a.id}" for a in toolkit.checklist.answers}
    for number, question in enumerate(toolkit.checklist.questions, 1):
        group = fields[f"ct.item.{toolkit.topics[0].items[0].id}.{question.id}.answer"]
        assert group["/FT"] == "/Btn"
        assert set(group["/_States_"]) - {"/Off"} == answers  # its states are the answer IDs
        assert group["/TU"] == f"{number}. {question.text}"  # in the booklet's language
    assert fields["ct.plan.1.what"]["/FT"] == "/Tx"
    # The item and status of a plan row are lists: each choice an ID, shown in the language.
    root = reader.trailer["/Root"]
    choices = {
        str(widget["/Parent"]["/T"]) + "." + str(widget["/T"]): widget
        for page in reader.pages
        for a in page.get("/Annots", [])
        if (widget := a.get_object()).get("/FT") == "/Ch"
        and "/Parent" in widget
        and widget["/Parent"]["/T"] == "1"
    }
    items = [(str(v), str(t)) for v, t in choices["1.item"]["/Opt"]]
    assert items[0] == ("", "")
    assert items[1:] == [(i.id, i.title) for topic in toolkit.topics for i in topic.items]
    statuses = [(str(v), str(t)) for v, t in choices["1.status"]["/Opt"]][1:]
    assert statuses == [
        (s, toolkit.text(f"status-{s}")) for s in ("planned", "in-progress", "done")
    ]
    # The reader draws what is typed, with a font the form names and the file embeds.
    form = root["/AcroForm"]
    assert form["/NeedAppearances"] == True  # noqa: E712  (a PDF boolean)
    fonts = form["/DR"]["/Font"]
    for widget in choices.values():
        appearance = str(widget["/DA"])
        assert "gs" not in appearance.split()  # a default appearance sets font and colour only
        match = re.search(r"(/\S+) [\d.]+ Tf", appearance)
        assert match, appearance
        font = match.group(1)
        assert "/FontFile2" in fonts[font]["/DescendantFonts"][0]["/FontDescriptor"]


def test_an_items_fields_are_on_its_page_and_the_plans_on_the_plan(booklets: Path) -> None:
    toolkit = chemsex_toolkit.load(MULTI)
    reader = PdfReader(booklets / "pdf/en.pdf")
    pages = {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
    }
    on_page: dict[str, int] = {}
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            node: DictionaryObject | None = annotation.get_object()
            if node is None or node.get("/Subtype") != "/Widget":
                continue
            parts = []
            while node is not None:
                if "/T" in node:
                    parts.append(str(node["/T"]))
                node = node["/Parent"].get_object() if "/Parent" in node else None
            on_page[".".join(reversed(parts))] = number
    assert set(on_page) == _names(toolkit)  # every field has its widgets on a page
    for topic in toolkit.topics:
        for item in topic.items:
            assert on_page[f"ct.item.{item.id}.action"] == pages[f"item-{item.id}"]
    assert on_page["ct.plan.8.status"] == on_page["ct.meta.service"] == pages["action-plan"]


def test_a_booklet_cut_into_parts_has_one_form_with_every_field_once(booklets: Path) -> None:
    whole = PdfReader(booklets / "pdf/en.pdf")
    fine = PdfReader(booklets / "fine/pdf/en.pdf")
    assert set(_terminal(fine)) == set(_terminal(whole)) == _names(chemsex_toolkit.load(MULTI))
    # One tree of names: the form holds one field, ``ct``, and each name is found once.
    form = fine.trailer["/Root"]["/AcroForm"]
    assert [str(f.get_object()["/T"]) for f in form["/Fields"]] == ["ct"]
    widgets = [
        a.get_object()
        for page in fine.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Widget"
    ]
    # A radio button is a widget of its group only, not a field of its own beneath it.
    assert all("/T" not in w for w in widgets if w.get("/Parent", {}).get("/T") == "answer")
    assert len(widgets) == sum(
        len(g["/Kids"]) if "/Kids" in g else 1
        for g in (
            fine.get_fields() or {}  # a field's widgets are its kids, or the field itself
        ).values()
        if "/FT" in g
    )


def test_a_template_that_names_two_fields_alike_is_refused(
    minimal_content: Path, tmp_path: Path
) -> None:
    """Two fields of one name share one value: each part's copy would overwrite the other's."""
    templates = tmp_path / "templates" / "pdf"
    templates.mkdir(parents=True)
    (templates / "booklet.html.j2").write_text(
        '<html lang="{{ toolkit.locale }}"><body>'
        "{% if part.front %}<h1>Cover</h1>{% endif %}"
        "{% for topic, items, first in part.groups %}{% for item in items %}"
        '<h2 id="item-{{ item.id }}">{{ item.title }}</h2>'
        '<input type="text" name="notes" title="Notes">'
        "{% endfor %}{% endfor %}</body></html>",
        "utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(booklet, "ITEMS_PER_PART", 1)
        with pytest.raises(ExportError, match="two form fields named 'notes'"):
            build(minimal_content, tmp_path / "out", ["pdf"], templates=tmp_path / "templates")


def _font_programs(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        return [
            obj.read_raw_bytes()
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and "/Length1" in obj.stream_dict
        ]


def test_the_fields_font_is_embedded_once_however_many_parts(booklets: Path) -> None:
    """Each part with fields embeds the fields' font whole; the joined file keeps one copy."""
    fine = _font_programs(booklets / "fine/pdf/en.pdf")
    assert len(fine) == len(set(fine))  # no font program twice
    whole = _font_programs(booklets / "pdf/en.pdf")
    assert max(map(len, fine)) == max(map(len, whole))  # the whole font, in both
