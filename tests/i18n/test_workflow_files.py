"""The translators' workflow through the library, in milliseconds: starting a locale, bringing
it in line with a changed source (stamped, stale, obsolete, restored, added), the refusals, and
a machine translation. The whole round trip through the command line and a PO file is in
test_workflow.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.i18n.catalog import fingerprint
from chemsex_toolkit.i18n.workflow import (
    _text,
    init_locale,
    pseudo_translate_locale,
    update_locale,
)
from chemsex_toolkit.loading import Content, load_content
from chemsex_toolkit.messages import domains, source_messages

TITLE = "item.first-item.title"
ITEM = Path("topics/sample-topic/items/first-item.yaml")
TOPIC_FILE = Path("locales/de/topics/sample-topic.yaml")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096
    return yaml


def _read(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        _yaml().dump(data, handle)


def _catalogs(root: Path, locale: str) -> dict[str, Any]:
    """Every message entry of ``locale``'s files, by message ID."""
    found: dict[str, Any] = {}
    for path in sorted((root / "locales" / locale).rglob("*.yaml")):
        messages = _read(path)["messages"]
        assert not set(messages) & set(found), path
        found.update(messages)
    return found


def _started(root: Path) -> Content:
    content = load_content(root)
    init_locale(content, "de")
    return load_content(root)


def _set_title(root: Path, title: str) -> None:
    data = _read(root / ITEM)
    data["title"] = title
    _write(root / ITEM, data)


def test_init_writes_every_source_string_once_waiting_for_a_translation(
    minimal_content: Path,
) -> None:
    content = load_content(minimal_content)
    toolkit = content.toolkit
    assert toolkit is not None
    written = init_locale(content, "de")

    assert sorted(written) == sorted(
        minimal_content / "locales" / "de" / f"{domain}.yaml"
        for domain in set(domains(toolkit).values())
    )
    entries = _catalogs(minimal_content, "de")
    assert set(entries) == set(source_messages(toolkit))
    for message_id, text in source_messages(toolkit).items():
        assert entries[message_id]["text"] == ""
        assert entries[message_id]["source_text"] == text
        assert entries[message_id]["status"] == "draft"
        assert "source" not in entries[message_id]


def test_init_refuses_the_source_locale_an_existing_one_and_a_bad_code(
    minimal_content: Path,
) -> None:
    content = _started(minimal_content)
    with pytest.raises(UsageError, match="source language"):
        init_locale(content, "en")
    with pytest.raises(UsageError, match="already exists"):
        init_locale(content, "de")
    with pytest.raises(UsageError):
        init_locale(content, "../evil")
    assert sorted(p.name for p in (minimal_content / "locales").iterdir()) == ["de"]


def test_content_with_errors_is_refused(minimal_content: Path) -> None:
    (minimal_content / "ui.yaml").write_text("strings: [\n", encoding="utf-8")
    content = load_content(minimal_content)
    for action in (init_locale, update_locale):
        with pytest.raises(UsageError, match="validate"):
            action(content, "de")


def test_update_of_a_locale_not_started_is_refused(minimal_content: Path) -> None:
    with pytest.raises(UsageError, match="i18n init de"):
        update_locale(load_content(minimal_content), "de")


def test_update_of_a_translation_file_with_errors_is_refused(minimal_content: Path) -> None:
    content = _started(minimal_content)
    (minimal_content / TOPIC_FILE).write_text("messages: [\n", encoding="utf-8")
    with pytest.raises(UsageError, match="has errors"):
        update_locale(content, "de")


def test_update_stamps_a_new_translation_then_marks_it_stale_when_the_source_changes(
    minimal_content: Path,
) -> None:
    content = _started(minimal_content)
    catalog = _read(minimal_content / TOPIC_FILE)
    catalog["messages"][TITLE]["text"] = "Der erste Punkt"
    _write(minimal_content / TOPIC_FILE, catalog)

    stamped = update_locale(content, "de")
    assert stamped.stamped == [TITLE] and stamped.stale == []
    assert stamped.written == [minimal_content / TOPIC_FILE]
    entry = _catalogs(minimal_content, "de")[TITLE]
    assert entry["source"] == fingerprint("The first item")
    assert list(entry) == ["text", "source_text", "source", "status"]

    _set_title(minimal_content, "The first item, renamed")
    changed = update_locale(load_content(minimal_content), "de")
    assert changed.stale == [TITLE] and changed.stamped == []
    entry = _catalogs(minimal_content, "de")[TITLE]
    assert entry["text"] == "Der erste Punkt"
    assert entry["source_text"] == "The first item, renamed"
    assert entry["source"] == fingerprint("The first item")

    again = update_locale(load_content(minimal_content), "de")
    assert again.written == [] and again.stale == [TITLE]


def test_update_moves_unknown_ids_to_obsolete_and_brings_them_back(
    minimal_content: Path,
) -> None:
    content = _started(minimal_content)
    catalog = _read(minimal_content / TOPIC_FILE)
    kept = catalog["messages"].pop(TITLE)
    kept["text"] = "Der erste Punkt"
    catalog["messages"]["item.gone.title"] = {"text": "Weg", "source_text": "Gone"}
    catalog["obsolete"] = {TITLE: kept}
    _write(minimal_content / TOPIC_FILE, catalog)

    report = update_locale(content, "de")
    assert report.obsoleted == ["item.gone.title"]
    assert report.restored == [TITLE]
    data = _read(minimal_content / TOPIC_FILE)
    assert data["messages"][TITLE]["text"] == "Der erste Punkt"
    assert dict(data["obsolete"]) == {"item.gone.title": {"text": "Weg", "source_text": "Gone"}}

    # The obsolete string is kept, never deleted; once nothing is obsolete the key goes.
    data["obsolete"].pop("item.gone.title")
    _write(minimal_content / TOPIC_FILE, data)
    update_locale(load_content(minimal_content), "de")
    assert "obsolete" not in _read(minimal_content / TOPIC_FILE)


def test_update_writes_a_missing_file_afresh(minimal_content: Path) -> None:
    content = _started(minimal_content)
    before = _catalogs(minimal_content, "de")
    (minimal_content / TOPIC_FILE).unlink()

    report = update_locale(content, "de")
    assert report.written == [minimal_content / TOPIC_FILE]
    assert TITLE in report.added
    assert _catalogs(minimal_content, "de") == before


def test_pseudo_translation_fills_every_string_as_machine_made(minimal_content: Path) -> None:
    toolkit = load_content(minimal_content).toolkit
    assert toolkit is not None
    written = pseudo_translate_locale(minimal_content, "de", lambda text: f"[{text}]")
    assert written
    entries = _catalogs(minimal_content, "de")
    for message_id, text in source_messages(toolkit).items():
        assert entries[message_id]["text"] == f"[{text}]"
        assert entries[message_id]["source"] == fingerprint(text)
        assert entries[message_id]["status"] == "machine"
    assert update_locale(load_content(minimal_content), "de").stale == []


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("one line", "SingleQuotedScalarString"),
        ("Yes", "SingleQuotedScalarString"),
        ("", "str"),
        ("two\nlines\n", "LiteralScalarString"),
        ("ends in a blank \nline\n", "str"),
    ],
)
def test_texts_are_written_in_a_style_every_reader_reads_the_same(text: str, style: str) -> None:
    written = _text(text)
    assert type(written).__name__ == style
    assert written == text
