"""PO files as translators' tools give them back: older versions, fuzzy and obsolete entries,
missing headers, references, review status, and refusals of what cannot be written faithfully.
Files are read and written by polib, as Poedit, Weblate and Crowdin would."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from chemsex_toolkit.cli import main
from chemsex_toolkit.i18n import locale_status
from chemsex_toolkit.loading import load_content

TITLE = "item.first-item.title"
GUIDANCE = "item.first-item.guidance"
TOPIC_TITLE = "topic.sample-topic.title"


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def exported(minimal_content: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A German locale started, and its PO file exported."""
    root = str(minimal_content)
    assert _run("i18n", "init", "de", "--content", root).exit_code == 0
    po_path = tmp_path / "de.po"
    assert _run("i18n", "export", "de", "-o", str(po_path), "--content", root).exit_code == 0
    return minimal_content, po_path


def _translate_all(po_path: Path) -> polib.POFile:
    """Every string 'translated' as validate takes it: marked with its ID, keeping the source's
    references, lists and placeholders."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if "\n" in entry.msgid.strip():
            entry.msgstr = f"DE {entry.msgctxt}\n\n{entry.msgid}"
        else:
            entry.msgstr = f"DE {entry.msgctxt} {entry.msgid}"
    po.save(str(po_path))
    return po


def _import(content: Path, po_path: Path, *options: str) -> Result:
    return _run("i18n", "import", str(po_path), "--content", str(content), *options)


def _catalog(content: Path) -> str:
    return (content / "locales/de/topics/sample-topic.yaml").read_text("utf-8")


def _locales(content: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted((content / "locales").rglob("*.yaml"))}


def _bump_and_edit_title(content: Path) -> None:
    item = content / "topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8").replace("The first item", "The 1st item"), "utf-8")
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("1.0.0", "1.0.1"), "utf-8")


def test_po_from_an_older_version_is_taken_changed_sources_come_in_stale(
    exported: tuple[Path, Path],
) -> None:
    content, po_path = exported
    _translate_all(po_path)
    _bump_and_edit_title(content)
    result = _import(content, po_path)
    assert result.exit_code == 0, result.output
    assert "exported from version 1.0.0; this content is 1.0.1" in result.stderr
    assert f"stale: {TITLE}" in result.stdout
    status = locale_status(load_content(content), "de")
    assert status.stale == 1
    assert status.translated == status.total - 1
    validate = _run("validate", "--content", str(content))
    assert "CT505" in validate.output and "first-item.title" in validate.output


def test_fuzzy_entries_never_become_current(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    po.find(TITLE, by="msgctxt").flags.append("fuzzy")
    guidance = po.find(GUIDANCE, by="msgctxt")
    guidance.flags.append("fuzzy")
    guidance.previous_msgid = "An older guidance text."
    po.save(str(po_path))
    result = _import(content, po_path)
    assert result.exit_code == 0, result.output
    assert f"fuzzy, left out: {TITLE}" in result.stdout
    assert f"stale: {GUIDANCE}" in result.stdout
    text = _catalog(content)
    assert f"DE {TITLE}" not in text
    assert f"DE {GUIDANCE}" in text
    assert locale_status(load_content(content), "de").stale == 1


def test_obsolete_entries_are_ignored(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    po.append(polib.POEntry(msgctxt=TITLE, msgid="The first item", msgstr="ALT", obsolete=True))
    po.save(str(po_path))
    assert "#~ msgctxt" in po_path.read_text("utf-8")
    result = _import(content, po_path)
    assert result.exit_code == 0, result.output
    assert "1 obsolete ignored" in result.stdout
    assert f"DE {TITLE}" in _catalog(content)
    assert "ALT" not in _catalog(content)


@pytest.mark.parametrize(
    ("header", "fix"),
    [("X-Toolkit-Id", '"X-Toolkit-Id: sample-toolkit\\n"'), ("Language", '"Language: de\\n"')],
)
def test_a_missing_header_is_named_with_the_fix(
    exported: tuple[Path, Path], header: str, fix: str
) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    del po.metadata[header]
    po.save(str(po_path))
    before = _locales(content)
    result = _import(content, po_path)
    assert result.exit_code == 2
    assert f"has no {header} header" in result.stderr
    assert fix in result.stderr
    assert "i18n export" in result.stderr
    assert _locales(content) == before


def test_references_carry_real_paths_and_lines(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = polib.pofile(str(po_path))
    lines_seen = set()
    for entry in po:
        assert entry.occurrences, entry.msgctxt
        ((path, line),) = entry.occurrences
        assert path.startswith("content/")
        lines = (content.parent / path).read_text("utf-8").splitlines()
        # The line of the field (or, for a block of text, the line of its key).
        near = "\n".join(lines[max(0, int(line) - 2) : int(line)])
        key = str(entry.msgctxt).rsplit(".", 1)[1]
        assert key in near or entry.msgid.split("\n")[0][:20] in near, (entry.msgctxt, near)
        lines_seen.add((path, line))
    assert len(lines_seen) == len(po)  # every string its own place, none at line 1
    title = po.find(TITLE, by="msgctxt")
    assert title.occurrences == [("content/topics/sample-topic/items/first-item.yaml", "2")]


@pytest.mark.slow
def test_reviewed_on_import(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    _translate_all(po_path)
    assert _import(content, po_path).exit_code == 0
    assert "status: reviewed" not in _catalog(content)
    result = _import(content, po_path, "--status", "reviewed")
    assert result.exit_code == 0, result.output
    status = locale_status(load_content(content), "de")
    assert status.reviewed == status.total


def test_written_yaml_has_no_trailing_blanks_and_reads_back(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = polib.pofile(str(po_path))
    guidance = po.find(GUIDANCE, by="msgctxt")
    guidance.msgstr = "Lies [den Leitfaden][link:sample-guide] und das  \n"
    guidance.msgstr += "[Beratungs][topic:counselling] Thema."
    po.find(TOPIC_TITLE, by="msgctxt").msgstr = "Ein Thema " + "mit vielen Wörtern " * 12
    po.save(str(po_path))
    assert _import(content, po_path).exit_code == 0
    for path in (content / "locales").rglob("*.yaml"):
        for line in path.read_text("utf-8").splitlines():
            assert line == line.rstrip(), (path, line)
    assert _run("validate", "--content", str(content)).exit_code == 0
    texts = {e.msgctxt: e.msgstr for e in polib.pofile(_run_export(content))}
    assert texts[GUIDANCE].startswith("Lies [den Leitfaden][link:sample-guide] und das  \n")


def _run_export(content: Path) -> str:
    result = _run("i18n", "export", "de", "--content", str(content))
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Punkt\x85eins", "U+0085"),
        ("Punkt\x00eins", "U+0000"),
        ("x" * 100_001, "100,001 characters"),
    ],
)
def test_what_cannot_be_written_faithfully_is_refused_before_writing(
    exported: tuple[Path, Path], text: str, message: str
) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    po.find(TITLE, by="msgctxt").msgstr = text
    po.save(str(po_path))
    before = _locales(content)
    result = _import(content, po_path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert f"({TITLE})" in result.stderr
    assert _locales(content) == before


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("messages: [\n", "Did not find expected node content"),
        ("locale: de\n", "Missing required field 'messages'"),
    ],
)
def test_a_file_that_would_not_read_back_is_refused_in_the_rules_words(
    exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, written: str, reason: str
) -> None:
    # No translation makes the writer produce a broken file (the text checks come first), so the
    # writer is made to: the read-back is the last guard before the locale's files are replaced,
    # and its reasons come from the validation rules the public API hands to the importer.
    content, po_path = exported
    _translate_all(po_path)
    monkeypatch.setattr("chemsex_toolkit.i18n.po.dump", lambda _data: written)
    before = _locales(content)
    result = _import(content, po_path)
    assert result.exit_code == 2
    assert "nothing was written" in result.stderr
    assert f"locales/de/topics/sample-topic.yaml would not read back: {reason}" in result.stderr
    assert _locales(content) == before


def test_a_charset_header_that_lies_is_refused(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    po.find(TITLE, by="msgctxt").msgstr = "Der erste Prüfpunkt"
    po.save(str(po_path))
    raw = po_path.read_text("utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    po_path.write_bytes(raw.encode("utf-8"))
    before = _locales(content)
    result = _import(content, po_path)
    assert result.exit_code == 2
    assert "says charset=ISO-8859-1, but the file is UTF-8" in result.stderr
    assert _locales(content) == before


def test_a_latin1_file_that_says_so_is_read_right(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = polib.pofile(str(po_path))
    title = po.find(TITLE, by="msgctxt")
    title.msgstr = "Der erste Prüfpunkt"
    # Only what Latin-1 can hold: the header and the one string.
    for entry in [e for e in po if e is not title]:
        po.remove(entry)
    po.save(str(po_path))
    raw = po_path.read_text("utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    po_path.write_bytes(raw.encode("iso-8859-1"))
    result = _import(content, po_path)
    assert result.exit_code == 0, result.output
    assert "Der erste Prüfpunkt" in _catalog(content)


PROGRESS = "ui.progress-item"


def test_placeholders_are_marked_for_translators_tools(exported: tuple[Path, Path]) -> None:
    _content, po_path = exported
    po = polib.pofile(str(po_path))
    assert "python-brace-format" in po.find(PROGRESS, by="msgctxt").flags
    assert "python-brace-format" not in po.find(TITLE, by="msgctxt").flags


def test_gettext_checks_the_marked_placeholders(exported: tuple[Path, Path]) -> None:
    """msgfmt's format check, as Poedit and Weblate run it, catches a lost placeholder thanks
    to the flag."""
    import subprocess

    _content, po_path = exported
    po = polib.pofile(str(po_path))
    po.find(PROGRESS, by="msgctxt").msgstr = "{answered} von {total}"
    po.save(str(po_path))
    command = ["msgfmt", "--check-format", "-o", "/dev/null", str(po_path)]
    assert subprocess.run(command).returncode == 0
    po.find(PROGRESS, by="msgctxt").msgstr = "{respondidas} de {total}"
    po.save(str(po_path))
    checked = subprocess.run(command, capture_output=True, text=True)
    assert checked.returncode != 0
    assert "argument 'answered' doesn't exist in 'msgstr'" in checked.stderr


def test_a_lost_placeholder_is_refused_naming_the_po_line(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    entry = po.find(PROGRESS, by="msgctxt")
    entry.msgstr = "{respondidas} de {total}"
    po.save(str(po_path))
    line = polib.pofile(str(po_path)).find(PROGRESS, by="msgctxt").linenum
    before = _locales(content)
    result = _import(content, po_path)
    assert result.exit_code == 2
    assert f"de.po:{line} ({PROGRESS}): the placeholders differ" in result.stderr
    assert "missing: {answered}; extra: {respondidas}" in result.stderr
    assert "nothing was written" in result.stderr
    assert _locales(content) == before


def test_a_plural_entry_is_refused_not_dropped(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    entry = po.find(TITLE, by="msgctxt")
    entry.msgid_plural = "The first items"
    entry.msgstr = ""
    entry.msgstr_plural = {0: "Der erste Punkt", 1: "Die ersten Punkte"}
    po.save(str(po_path))
    assert "msgstr[1]" in po_path.read_text("utf-8")
    before = _locales(content)
    result = _import(content, po_path)
    assert result.exit_code == 2
    assert f"({TITLE}): a plural entry (msgid_plural)" in result.stderr
    assert _locales(content) == before


def test_stale_entries_carry_the_previous_source_as_msgmerge_would(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    content, po_path = exported
    _translate_all(po_path)
    assert _import(content, po_path).exit_code == 0
    _bump_and_edit_title(content)
    root = str(content)
    for step in range(2):  # before `i18n update` refreshed source_text, and after
        again = tmp_path / f"again-{step}.po"
        assert _run("i18n", "export", "de", "-o", str(again), "--content", root).exit_code == 0
        entry = polib.pofile(str(again)).find(TITLE, by="msgctxt")
        assert "fuzzy" in entry.flags
        assert entry.msgid == "The 1st item"
        assert entry.previous_msgid == "The first item"
        assert '#| msgid "The first item"' in again.read_text("utf-8")
        assert _run("i18n", "update", "de", "--content", root).exit_code == 0
    # Fixed in the translator's tool: current again, and the previous English is dropped.
    po = polib.pofile(str(again))
    fixed = po.find(TITLE, by="msgctxt")
    fixed.flags.remove("fuzzy")
    fixed.previous_msgid = None
    fixed.msgstr = "Der 1. Punkt"
    po.save(str(again))
    assert _import(content, again).exit_code == 0
    _run("i18n", "update", "de", "--content", root)
    assert "previous_source_text" not in _catalog(content)
    assert locale_status(load_content(content), "de").stale == 0


def test_the_template_starts_a_language_in_gettext_and_comes_back(
    minimal_content: Path, tmp_path: Path
) -> None:
    """A POT as Weblate or Crowdin take it: msginit starts German from it, and the file comes
    back in."""
    import subprocess

    root = str(minimal_content)
    pot = tmp_path / "toolkit.pot"
    result = _run("i18n", "export", "--template", "-o", str(pot), "--content", root)
    assert result.exit_code == 0, result.output
    template = polib.pofile(str(pot))
    assert "Language" not in template.metadata
    assert template.metadata["X-Toolkit-Id"] == "sample-toolkit"
    assert all(entry.msgstr == "" and "fuzzy" not in entry.flags for entry in template)
    assert TITLE in {entry.msgctxt for entry in template}
    de = tmp_path / "de.po"
    subprocess.run(
        ["msginit", "--no-translator", "--locale=de", "-i", str(pot), "-o", str(de)],
        check=True,
        capture_output=True,
    )
    _translate_all(de)
    assert _run("i18n", "init", "de", "--content", root).exit_code == 0
    imported = _import(minimal_content, de)
    assert imported.exit_code == 0, imported.output
    assert f"DE {TITLE}" in _catalog(minimal_content)


def test_export_needs_a_locale_or_the_template(minimal_content: Path) -> None:
    root = str(minimal_content)
    assert _run("i18n", "export", "--content", root).exit_code == 2
    assert _run("i18n", "export", "de", "--template", "--content", root).exit_code == 2


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("pt_BR.po", "Language: pt_BR"),
        ("fr.po", "Language: fr"),
        ("translations.po", "Language: LOCALE"),
    ],
)
def test_a_missing_language_header_is_hinted_from_the_files_name(
    exported: tuple[Path, Path], name: str, line: str
) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    del po.metadata["Language"]
    renamed = po_path.with_name(name)
    po.save(str(renamed))
    result = _import(content, renamed)
    assert result.exit_code == 2
    assert f'"{line}' in result.stderr
    assert "Language: de" not in result.stderr


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        (
            "[pt] Read [the missing page][link:local-nope]",
            "CT504",
            "The references of 'item.first-item.guidance' differ from the source",
        ),
        (
            "[pt] Read [the missing page][link:local-nope]",
            "CT302",
            "[the missing page][link:local-nope] points to no link",
        ),
        ("Lies <b>x</b>", "CT308", "Raw HTML '<b>' is not allowed"),
        ("Lies [p](http://evil.example/x)", "CT309", "URL 'http://evil.example/x' is written"),
    ],
)
def test_a_translation_validate_would_reject_is_refused_in_the_rules_words(
    exported: tuple[Path, Path], text: str, rule: str, words: str
) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    po.find(GUIDANCE, by="msgctxt").msgstr = text
    po.save(str(po_path))
    line = polib.pofile(str(po_path)).find(GUIDANCE, by="msgctxt").linenum
    before = _locales(content)
    result = _import(content, po_path)
    assert result.exit_code == 2, result.output
    assert f"de.po:{line} ({GUIDANCE}): {rule} {words}" in result.stderr
    hints = {"CT504": "Keep every [text][kind:id]", "CT302": "Check the ID, or define the link"}
    hints |= {"CT308": "Use Markdown instead", "CT309": "cite it as [text][link:its-id]"}
    assert hints[rule] in result.stderr
    assert "nothing was written" in result.stderr
    assert _locales(content) == before


def test_a_good_translation_is_not_overwritten_by_one_validate_rejects(
    exported: tuple[Path, Path],
) -> None:
    content, po_path = exported
    _translate_all(po_path)
    assert _import(content, po_path).exit_code == 0
    assert _run("validate", "--content", str(content)).exit_code == 0
    po = polib.pofile(str(po_path))
    po.find(GUIDANCE, by="msgctxt").msgstr = "[pt] Read [the missing page][link:local-nope]"
    po.save(str(po_path))
    before = _locales(content)
    assert _import(content, po_path).exit_code == 2
    assert _locales(content) == before
    assert _run("validate", "--content", str(content)).exit_code == 0


def test_unknown_ids_skipped_are_named_with_their_line(exported: tuple[Path, Path]) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    po.find(GUIDANCE, by="msgctxt").msgctxt = "item.removed-item.guidance"
    po.save(str(po_path))
    line = polib.pofile(str(po_path)).find("item.removed-item.guidance", by="msgctxt").linenum
    result = _import(content, po_path)
    assert result.exit_code == 0, result.output
    assert "1 unknown ID(s) skipped" in result.stdout
    assert f"unknown ID, skipped: item.removed-item.guidance (de.po:{line};" in result.stdout


def test_a_fuzzy_entry_keeps_its_previous_source_for_the_next_export(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    guidance = po.find(GUIDANCE, by="msgctxt")
    guidance.flags.append("fuzzy")
    guidance.previous_msgid = "Giving the results"
    po.save(str(po_path))
    assert '#| msgid "Giving the results"' in po_path.read_text("utf-8")
    result = _import(content, po_path)
    assert result.exit_code == 0, result.output
    assert f"stale: {GUIDANCE}" in result.stdout
    assert "previous_source_text: 'Giving the results'" in _catalog(content)
    again = tmp_path / "again.po"
    root = str(content)
    assert _run("i18n", "export", "de", "-o", str(again), "--content", root).exit_code == 0
    entry = polib.pofile(str(again)).find(GUIDANCE, by="msgctxt")
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "Giving the results"
    # The tool's own export comes back whole: the stale entry stale again, not left out.
    before = _locales(content)
    result = _import(content, again)
    assert result.exit_code == 0, result.output
    assert "0 fuzzy left out" in result.stdout
    assert _locales(content) == before


def test_the_tools_own_export_comes_back_without_losing_an_entry(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    """Export, import, export: the same entries, stale ones with their previous source, and
    the translators' comments."""
    content, po_path = exported
    po = _translate_all(po_path)
    po.find(TOPIC_TITLE, by="msgctxt").tcomment = "Ana: conferir o termo"
    guidance = po.find(GUIDANCE, by="msgctxt")
    guidance.flags.append("fuzzy")
    guidance.previous_msgid = "Giving the results"
    po.save(str(po_path))
    assert _import(content, po_path).exit_code == 0
    _bump_and_edit_title(content)
    root = str(content)
    first, second = tmp_path / "first.po", tmp_path / "second.po"
    assert _run("i18n", "export", "de", "-o", str(first), "--content", root).exit_code == 0
    result = _import(content, first)
    assert result.exit_code == 0, result.output
    assert "0 fuzzy left out" in result.stdout
    assert _run("i18n", "export", "de", "-o", str(second), "--content", root).exit_code == 0

    def entries(path: Path) -> list[tuple[object, ...]]:
        return [
            (e.msgctxt, e.msgid, e.msgstr, e.previous_msgid, sorted(e.flags), e.tcomment)
            for e in polib.pofile(str(path))
        ]

    assert entries(second) == entries(first)
    previous = {e[0]: e[3] for e in entries(second) if e[3]}
    assert previous == {TITLE: "The first item", GUIDANCE: "Giving the results"}
    assert polib.pofile(str(second)).find(TOPIC_TITLE, by="msgctxt").tcomment == (
        "Ana: conferir o termo"
    )


def test_a_translators_comment_is_kept_and_exported_again(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    content, po_path = exported
    po = _translate_all(po_path)
    po.find(TITLE, by="msgctxt").tcomment = "Ana: conferir o termo"
    po.save(str(po_path))
    assert "# Ana: conferir o termo" in po_path.read_text("utf-8")
    assert _import(content, po_path).exit_code == 0
    assert "translator_note: 'Ana: conferir o termo'" in _catalog(content)
    assert _run("validate", "--content", str(content)).exit_code == 0
    again = tmp_path / "again.po"
    assert _run("i18n", "export", "de", "-o", str(again), "--content", str(content)).exit_code == 0
    entry = polib.pofile(str(again)).find(TITLE, by="msgctxt")
    assert entry.tcomment == "Ana: conferir o termo"
    assert entry.comment.startswith("item first-item, title")  # what the string is, as before
    # A tool that drops translator comments leaves the note alone.
    po_again = polib.pofile(str(again))
    po_again.find(TITLE, by="msgctxt").tcomment = ""
    po_again.save(str(again))
    before = _locales(content)
    assert _import(content, again).exit_code == 0
    assert _locales(content) == before
