"""Translation findings in validate, and builds in other locales: fallback, RTL, pseudo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.validation import validate


def _init(content: Path, locale: str) -> Path:
    assert (
        CliRunner().invoke(main, ["i18n", "init", locale, "--content", str(content)]).exit_code == 0
    )
    return content / "locales" / locale / "topics" / "sample-topic.yaml"


def _set(path: Path, message_id: str, text_line: str) -> None:
    lines = path.read_text("utf-8").splitlines()
    start = lines.index(f"  {message_id}:")
    index = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    text:"))
    lines[index] = f"    text: {text_line}"
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _codes(content: Path) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    for finding in validate(content).findings:
        found.setdefault(finding.code, []).append((finding.file, finding.line))
    return found


def test_translation_structure_checks(minimal_content: Path) -> None:
    topic = _init(minimal_content, "de")
    # A reference dropped, a list entry lost, raw HTML, an unsafe link.
    _set(topic, "item.first-item.guidance", "'Lesen Sie den Leitfaden.'")
    _set(topic, "item.first-item.adaptation", "'Fragen:\n\n- Wer braucht das?'")
    _set(topic, "item.first-item.description", "'Was <b>fett</b> ist.'")
    _set(topic, "item.second-item.guidance", "'Siehe [hier](javascript:alert(1)).'")
    codes = _codes(minimal_content)
    rel = "locales/de/topics/sample-topic.yaml"
    assert [f for f, _ in codes["CT504"]] == [rel, rel]
    assert codes["CT308"][0][0] == rel
    assert codes["CT305"][0][0] == rel
    lines = {line for _, line in codes["CT504"]}
    text = topic.read_text("utf-8").splitlines()
    assert all(text[line - 1].lstrip().startswith("text:") for line in lines)


def test_unknown_id_wrong_file_and_bad_locale(minimal_content: Path) -> None:
    topic = _init(minimal_content, "de")
    topic.write_text(
        topic.read_text("utf-8").replace("item.first-item.title:", "item.first-itme.title:"),
        "utf-8",
    )
    common = minimal_content / "locales/de/common.yaml"
    common.write_text(common.read_text("utf-8").replace("locale: de", "locale: fr"), "utf-8")
    (minimal_content / "locales" / "De_de").mkdir()
    codes = _codes(minimal_content)
    assert codes["CT502"] == [("locales/de/topics/sample-topic.yaml", 17)]
    assert codes["CT507"] == [("locales/de/common.yaml", 5)]
    assert codes["CT501"] == [("locales/De_de", 0)]


@pytest.mark.slow
def test_stale_translation_is_a_warning_and_shipped_gaps_too(minimal_content: Path) -> None:
    topic = _init(minimal_content, "de")
    _set(topic, "item.first-item.title", "Der erste Punkt")
    runner = CliRunner()
    runner.invoke(main, ["i18n", "update", "de", "--content", str(minimal_content)])
    item = minimal_content / "topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8").replace("The first item", "The opening item"), "utf-8")
    toolkit = minimal_content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("locales: []", "locales: [de]"), "utf-8")
    report = validate(minimal_content)
    assert not report.failed()
    codes = {f.code for f in report.findings}
    assert {"CT505", "CT506"} <= codes
    assert report.failed(strict=True)


def test_empty_locale_falls_back_with_lang_marks(minimal_content: Path, tmp_path: Path) -> None:
    _init(minimal_content, "sv")
    build(minimal_content, tmp_path / "out", ["html", "json"], ["sv"])
    html = (tmp_path / "out/html/sv/sample-topic.html").read_text("utf-8")
    assert '<html lang="sv" dir="ltr">' in html
    assert '<span lang="en">The first item</span>' in html
    assert "Some text is not translated yet" in html
    import json

    document = json.loads((tmp_path / "out/json/sv.json").read_text("utf-8"))
    assert document["strings"]["item.first-item.title"] == {
        "lang": "en",
        "state": "missing",
        "review": None,
    }
    assert document["topics"][0]["items"][0]["sections"]["description"]["lang"] == "en"


def test_arabic_build_is_right_to_left(minimal_content: Path, tmp_path: Path) -> None:
    topic = _init(minimal_content, "ar")
    _set(topic, "item.first-item.title", "البند الأول")
    build(minimal_content, tmp_path / "out", ["html"], ["ar"])
    html = (tmp_path / "out/html/ar/sample-topic.html").read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert "البند الأول" in html


def test_pseudo_locale_leaves_no_plain_english_in_the_interface(
    minimal_content: Path, tmp_path: Path
) -> None:
    build(minimal_content, tmp_path / "out", ["html"], ["en-XA"])
    html = (tmp_path / "out/html/en-XA/sample-topic.html").read_text("utf-8")
    body = html.split("<body>", 1)[1].split('<script type="application/json"')[0]
    # Names of authors and organisations are not translated.
    body = re.sub(r'<p class="meta">.*?</p>', " ", body, flags=re.DOTALL)
    visible = re.sub(r"<[^>]+>", " ", body)
    visible = re.sub(r"\{\w+\}", " ", visible)  # fields the page fills in stay as they are
    # Every word from content is accented; a hard-coded template word would stay plain ASCII.
    plain_words = [w for w in re.findall(r"[A-Za-z]{4,}", visible) if w not in {"https", "http"}]
    assert plain_words == [], plain_words[:20]


def test_a_translation_must_keep_its_sources_placeholders(minimal_content: Path) -> None:
    _init(minimal_content, "es")
    common = minimal_content / "locales" / "es" / "common.yaml"
    _set(common, "ui.progress-item", "'{respondidas} de {total}'")
    _set(common, "ui.progress-overall", "'{total} preguntas, {answered} respondidas'")  # reordered
    findings = [f for f in validate(minimal_content).findings if f.code == "CT515"]
    assert len(findings) == 1
    (finding,) = findings
    assert finding.file == "locales/es/common.yaml"
    lines = common.read_text("utf-8").splitlines()
    assert lines[finding.line - 1].strip() == "text: '{respondidas} de {total}'"
    assert "missing: {answered}; extra: {respondidas}" in finding.message
    assert finding.severity.value == "error"


def test_the_pseudo_locale_keeps_placeholders() -> None:
    from chemsex_toolkit.i18n.pseudo import pseudo

    assert pseudo("{answered} of {total} answered").startswith("{answered} öƒ {total} ")
