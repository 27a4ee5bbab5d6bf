"""The content's shape follows from the models alone: a field added to a fixture's item model
(a one-line ``summary``, translatable) reaches every output without a second description: the
schema, the one-line check in source and translation files, the translation files and the PO
export's source references."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import polib
import pytest

from chemsex_toolkit import schema, shape
from chemsex_toolkit.i18n.po import export_po
from chemsex_toolkit.i18n.workflow import init_locale
from chemsex_toolkit.loading import load_content
from chemsex_toolkit.models import FILE_MODELS, Item, Line, Messages, Text, Toolkit, Topic
from chemsex_toolkit.validation import validate

ITEM = Path("topics/sample-topic/items/first-item.yaml")
SUMMARY = "item.first-item.summary"


class SummaryItem(Item):
    translatable: ClassVar[Messages] = Messages("item", ("title", "summary", "sections"))

    summary: Line | None = None  # optional: the other items of the fixture have none


class SummaryTopic(Topic):
    items: list[SummaryItem]  # type: ignore[assignment]


class SummaryToolkit(Toolkit):
    topics: list[SummaryTopic]  # type: ignore[assignment]


@pytest.fixture
def with_summary(monkeypatch: pytest.MonkeyPatch, minimal_content: Path) -> Iterator[Path]:
    """The minimal content with a summary in its first item, read with the fixture's model."""
    monkeypatch.setitem(FILE_MODELS, "item", SummaryItem)
    original = shape.message_field

    def message_field(message_id: str, root: object = None) -> object:
        return original(message_id, SummaryToolkit)

    monkeypatch.setattr(shape, "message_field", message_field)
    path = minimal_content / ITEM
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("title:")
    lines.insert(2, "summary: The first item in short.\n")
    path.write_text("".join(lines), encoding="utf-8")
    yield minimal_content


def test_the_models_declare_which_texts_are_one_line() -> None:
    checklist = FILE_MODELS["checklist"]
    assert shape.one_line(checklist, ("questions", 0, "short"))
    assert not shape.one_line(checklist, ("questions", 0, "text"))
    assert shape.one_line(checklist, ("action_plan", "columns", 2, "label"))
    assert not shape.one_line(checklist, ("urgency", "rule"))
    assert not shape.one_line(FILE_MODELS["item"], ("sections", "guidance"))
    assert not shape.one_line(FILE_MODELS["item"], ("nothing", "here"))
    assert shape.one_line_message("item.first-item.title")
    assert shape.one_line_message("toolkit.title")
    assert not shape.one_line_message("item.first-item.guidance")
    assert not shape.one_line_message("ui.item-heading")
    assert not shape.one_line_message("nothing.at-all")


def test_a_one_line_field_is_told_by_its_type_not_its_name() -> None:
    class Note(Item):
        label: Text  # named like a label, but not declared one line
        caption: Line

    assert not shape.one_line(Note, ("label",))
    assert shape.one_line(Note, ("caption",))


def test_the_schema_has_the_new_field(with_summary: Path) -> None:
    generated = schema.generate("item")
    assert generated["properties"]["summary"]["anyOf"][0]["type"] == "string"
    assert "summary" not in generated["required"]


def test_a_line_break_in_the_new_one_line_field_is_a_finding(with_summary: Path) -> None:
    path = with_summary / ITEM
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: The first item in short.", 'summary: "Two\\nlines"'))
    findings = [f for f in validate(with_summary).findings if f.code == "CT313"]
    assert [(f.file, f.line) for f in findings] == [(ITEM.as_posix(), 3)]


def test_translation_files_and_the_po_export_carry_the_new_field(with_summary: Path) -> None:
    content = load_content(with_summary)
    init_locale(content, "de")
    catalog = (with_summary / "locales/de/topics/sample-topic.yaml").read_text(encoding="utf-8")
    assert f"  {SUMMARY}:\n" in catalog

    content = load_content(with_summary)
    po: polib.POFile = export_po(content, "de")
    (entry,) = [e for e in po if e.msgctxt == SUMMARY]
    assert entry.msgid == "The first item in short."
    assert entry.occurrences == [(f"content/{ITEM.as_posix()}", "3")]
    (title,) = [e for e in po if e.msgctxt == "item.first-item.title"]
    assert title.occurrences == [(f"content/{ITEM.as_posix()}", "2")]


def test_a_line_break_in_the_translation_of_the_new_field_is_a_finding(with_summary: Path) -> None:
    init_locale(load_content(with_summary), "de")
    path = with_summary / "locales/de/topics/sample-topic.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  {SUMMARY}:\n")
    assert lines[start + 1].startswith("    text:")
    lines[start + 1] = '    text: "Zwei\\nZeilen"\n'
    path.write_text("".join(lines), encoding="utf-8")
    findings = [f for f in validate(with_summary).findings if f.code == "CT313"]
    assert [(f.file, f.line) for f in findings] == [
        ("locales/de/topics/sample-topic.yaml", start + 2)
    ]
