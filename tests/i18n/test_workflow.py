"""The translator's whole workflow on real files, with a real PO library."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from chemsex_toolkit.cli import main
from chemsex_toolkit.i18n import locale_status, localize
from chemsex_toolkit.loading import load_content

TITLE = "item.first-item.title"


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def _topic_file(content: Path, locale: str = "de") -> Path:
    return content / "locales" / locale / "topics" / "sample-topic.yaml"


def _translate(path: Path, message_id: str, text: str) -> None:
    """Edit a translation the way a person would: replace the empty text under the ID."""
    lines = path.read_text("utf-8").splitlines()
    start = lines.index(f"  {message_id}:")
    for index in range(start + 1, len(lines)):
        if lines[index].startswith("    text:"):
            lines[index] = f"    text: {text}"
            break
    path.write_text("\n".join(lines) + "\n", "utf-8")


@pytest.mark.slow
def test_init_translate_update_po_roundtrip(minimal_content: Path, tmp_path: Path) -> None:
    root = str(minimal_content)
    # init
    assert _run("i18n", "init", "de", "--content", root).exit_code == 0
    topic = _topic_file(minimal_content)
    assert topic.exists() and (minimal_content / "locales/de/common.yaml").exists()
    again = _run("i18n", "init", "de", "--content", root)
    assert again.exit_code == 2 and "already exists" in again.output

    # translate by hand, with a comment of the translator's own
    _translate(topic, TITLE, "Der erste Punkt  # Titel geprüft von Anna")
    _translate(topic, "item.second-item.description", "Der zweite Punkt, in einer Zeile.")
    status = _run("i18n", "status", "--format", "json", "--content", root)
    row = __import__("json").loads(status.output)["locales"][0]
    assert row["locale"] == "de" and row["translated"] == 2 and row["stale"] == 0

    # update stamps the fresh translations with the source fingerprint; comment survives
    assert _run("i18n", "update", "de", "--content", root).exit_code == 0
    text = topic.read_text("utf-8")
    assert "# Titel geprüft von Anna" in text
    assert "source: " in text

    # the source changes: the translation becomes stale, not lost
    item = minimal_content / "topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8").replace("The first item", "The opening item"), "utf-8")
    content = load_content(minimal_content)
    localized = localize(content, "de")
    assert localized.toolkit.item("first-item").title == "Der erste Punkt"
    assert localized.status[TITLE].state == "stale"
    assert locale_status(content, "de").stale == 1
    updated = _run("i18n", "update", "de", "--content", root)
    assert f"stale: {TITLE}" in updated.output
    # one-line texts are written quoted: every YAML reader reads them as strings
    assert "source_text: 'The opening item'" in topic.read_text("utf-8")
    assert "# Titel geprüft von Anna" in topic.read_text("utf-8")

    # export PO: stale string is fuzzy, ID is the context
    po_path = tmp_path / "de.po"
    assert _run("i18n", "export", "de", "-o", str(po_path), "--content", root).exit_code == 0
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgctxt == TITLE)
    assert entry.msgid == "The opening item" and "fuzzy" in entry.flags
    assert entry.msgstr == "Der erste Punkt"
    assert entry.occurrences and entry.occurrences[0][0].endswith("first-item.yaml")

    # a translator fixes it in their PO tool and translates one more string
    entry.msgstr = "Der einleitende Punkt"
    entry.flags.remove("fuzzy")
    other = next(e for e in po if e.msgctxt == "item.second-item.title")
    other.msgstr = "Der zweite Punkt"
    po.save(str(po_path))
    before_common = (minimal_content / "locales/de/common.yaml").read_bytes()
    imported = _run("i18n", "import", str(po_path), "--content", root)
    assert imported.exit_code == 0, imported.output
    assert "2 updated" in imported.output
    # only the file that changed was written
    assert (minimal_content / "locales/de/common.yaml").read_bytes() == before_common

    content = load_content(minimal_content)
    localized = localize(content, "de")
    assert localized.status[TITLE].state == "translated"
    assert localized.toolkit.item("first-item").title == "Der einleitende Punkt"
    assert localized.toolkit.item("second-item").sections.description == (
        "Der zweite Punkt, in einer Zeile."
    )
    assert locale_status(content, "de").translated == 3
    assert "# Titel geprüft von Anna" in topic.read_text("utf-8")

    # importing the same file again changes nothing
    topic_bytes = topic.read_bytes()
    assert "0 updated" in _run("i18n", "import", str(po_path), "--content", root).output
    assert topic.read_bytes() == topic_bytes


@pytest.mark.slow
def test_removed_source_string_moves_to_obsolete_and_back(minimal_content: Path) -> None:
    root = str(minimal_content)
    _run("i18n", "init", "fr", "--content", root)
    topic = _topic_file(minimal_content, "fr")
    _translate(topic, "item.second-item.title", "Le deuxième point")
    topic_yaml = minimal_content / "topics/sample-topic/topic.yaml"
    item = minimal_content / "topics/sample-topic/items/second-item.yaml"
    saved = item.read_text("utf-8")
    item.unlink()
    topic_yaml.write_text(topic_yaml.read_text("utf-8").replace(", second-item]", "]"), "utf-8")
    _run("i18n", "update", "fr", "--content", root)
    text = topic.read_text("utf-8")
    assert "obsolete:" in text and "Le deuxième point" in text

    item.write_text(saved, "utf-8")
    topic_yaml.write_text(
        topic_yaml.read_text("utf-8").replace("[first-item]", "[first-item, second-item]"), "utf-8"
    )
    _run("i18n", "update", "fr", "--content", root)
    text = topic.read_text("utf-8")
    assert "obsolete:" not in text
    localized = localize(load_content(minimal_content), "fr")
    assert localized.toolkit.item("second-item").title == "Le deuxième point"


@pytest.mark.slow
def test_update_is_idempotent(minimal_content: Path) -> None:
    root = str(minimal_content)
    _run("i18n", "init", "de", "--content", root)
    _translate(_topic_file(minimal_content), TITLE, "Der erste Punkt")
    _run("i18n", "update", "de", "--content", root)
    snapshot = {p: p.read_bytes() for p in (minimal_content / "locales").rglob("*.yaml")}
    second = _run("i18n", "update", "de", "--content", root)
    assert "0 file(s) written" in second.output
    assert snapshot == {p: p.read_bytes() for p in (minimal_content / "locales").rglob("*.yaml")}


def test_import_refuses_another_toolkit(minimal_content: Path, tmp_path: Path) -> None:
    root = str(minimal_content)
    _run("i18n", "init", "de", "--content", root)
    po_path = tmp_path / "de.po"
    _run("i18n", "export", "de", "-o", str(po_path), "--content", root)
    po = polib.pofile(str(po_path))
    po.metadata["X-Toolkit-Id"] = "someone-else"
    po.save(str(po_path))
    result = _run("i18n", "import", str(po_path), "--content", root)
    assert result.exit_code == 2 and "is for toolkit 'someone-else'" in result.output


def test_status_gate_and_bad_locale_codes(minimal_content: Path) -> None:
    root = str(minimal_content)
    _run("i18n", "init", "de", "--content", root)
    toolkit = minimal_content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("locales: []", "locales: [de]"), "utf-8")
    gate = _run("i18n", "status", "--min-percent", "50", "--content", root)
    assert gate.exit_code == 1 and "de (0%)" in gate.output
    for bad in ("../evil", "/tmp/x", "de_DE", "x\0y", "EN"):
        result = _run("i18n", "init", bad, "--content", root)
        assert result.exit_code == 2, bad
    assert sorted(p.name for p in (minimal_content / "locales").iterdir()) == ["de"]


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("de", "ltr")])
def test_direction_comes_from_locale_data(code: str, direction: str) -> None:
    from chemsex_toolkit.i18n.locales import locale_info

    assert locale_info(code).direction == direction
