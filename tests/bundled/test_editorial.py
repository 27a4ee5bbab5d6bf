"""Editorial promises of the bundled content, checked on the content and on its exports."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest

import chemsex_toolkit
from chemsex_toolkit import validate
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.messages import source_messages
from chemsex_toolkit.paths import bundled_content
from chemsex_toolkit.textscan import references
from chemsex_toolkit.validation import typography

ARTICLE_TITLE = "Chemsex, PnP, crystal meth: What does harm reduction really look like?"


def test_strict_validation_reports_only_the_open_gaps() -> None:
    report = validate()
    assert report.findings, "the open gaps are expected"
    assert {f.code for f in report.findings} == {"CT401"}


def _english_prose() -> dict[str, str]:
    """Source strings with what may keep the source's names taken out: titles of the topic and
    items, the text of references naming an item, and the article's own title."""
    toolkit = chemsex_toolkit.load()
    titles = {item.id: item.title for topic in toolkit.topics for item in topic.items}
    prose: dict[str, str] = {}
    for message_id, text in source_messages(toolkit).items():
        if message_id.startswith(("topic.", "item.")) and message_id.endswith(".title"):
            continue
        for ref in reversed(references(text)):
            name = titles.get(ref.target, "")
            if ref.kind == "item" and name.startswith(ref.text):
                text = text[: ref.start] + text[ref.end :]
        for name in (toolkit.topics[0].title, ARTICLE_TITLE):
            text = text.replace(name, "")
        prose[message_id] = text
    return prose


def test_english_prose_is_person_first() -> None:
    labelled = {k for k, text in _english_prose().items() if re.search(r"ChemSex users?", text)}
    assert labelled == set()


def test_english_spells_chemsex_one_way() -> None:
    spellings = {
        match.group(0)
        for text in _english_prose().values()
        for match in re.finditer(r"(?<![\w:-])chemsex(?![\w-])", text, re.IGNORECASE)
    }
    assert spellings == {"ChemSex"}


def test_words_the_review_asked_for() -> None:
    prose = " ".join(" ".join(_english_prose().values()).split())
    assert "sterile injecting equipment" in prose and "clean injecting" not in prose
    assert "very useful to involve people who engage in ChemSex" in prose
    assert "How discreet people need to be" in prose


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(bundled_content(), out, ["markdown"], ["en", "de", "fr"])
    return out / "markdown"


NOTES = {
    "en": (
        "in MSM Checkpoints, not yet in this toolkit",
        "Examples will be added in a later version.",
        "and",
    ),
    "de": (
        "in MSM Checkpoints enthalten, noch nicht in diesem Toolkit",
        "Beispiele werden in einer späteren Version",
        "und",
    ),
    "fr": (
        "dans MSM Checkpoints, pas encore dans cette boîte à outils",
        "Des exemples seront ajoutés",
        "et",
    ),
}


@pytest.mark.parametrize("locale", sorted(NOTES))
def test_outside_topics_read_as_one_phrase(markdown: Path, locale: str) -> None:
    note, _gap, conjunction = NOTES[locale]
    text = " ".join((markdown / locale / "chemsex-support.md").read_text("utf-8").split())
    after = re.findall(rf"\({re.escape(note)}\)(.{{0,12}})", text)
    # Once after "Counselling and Linkage to care", once after Communications.
    assert len(after) == 2
    for rest in after:
        # French puts a (no-break, here joined) space before the colon.
        mark = rest.lstrip()[:1] if locale == "fr" else rest[:1]
        assert mark in ".,;:" or rest.startswith(f" {conjunction} "), rest
    assert not re.search(rf"\({re.escape(note)}\) {conjunction} ", text)


@pytest.mark.parametrize("locale", sorted(NOTES))
def test_the_promised_examples_are_announced_to_readers(markdown: Path, locale: str) -> None:
    _note, gap, _conjunction = NOTES[locale]
    text = (markdown / locale / "chemsex-support.md").read_text("utf-8")
    assert text.count(gap) == 1
    participation = text.index('<a id="section-chemsex-participation-guidance"></a>')
    adaptation = text.index('<a id="section-chemsex-participation-adaptation"></a>')
    assert participation < text.index(gap) < adaptation


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(bundled_content(), out, ["html"], ["en", "de", "fr"])
    return out / "html"


@pytest.mark.parametrize("locale", sorted(NOTES))
def test_the_html_page_announces_the_promised_examples_in_their_section(
    html: Path, locale: str
) -> None:
    _note, gap, _conjunction = NOTES[locale]
    page = (html / locale / "chemsex-support.html").read_text("utf-8")
    start = page.index('<details id="section-chemsex-participation-guidance"')
    end = page.index("</details>", start)
    assert re.search(rf'<p class="gap-notice">{re.escape(gap)}', page[start:end])
    assert page.count('<p class="gap-notice">') == 1


def _visible_markdown(text: str) -> str:
    """Markdown prose without its syntax: table rules, anchors and link destinations."""
    text = re.sub(r"^\|[ :|-]+\|$", "", text, flags=re.M)
    text = re.sub(r'<a id="[^"]*"></a>', "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def _visible_html(page: str) -> str:
    body = re.sub(r"<script.*?</script>", "", page[page.index("<body") :], flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.mark.parametrize("locale", ["de", "fr"])
def test_exports_follow_the_locale_typography(markdown: Path, html: Path, locale: str) -> None:
    md = (markdown / locale / "chemsex-support.md").read_text("utf-8")
    assert typography.check(locale, _visible_markdown(md)) == []
    page = (html / locale / "chemsex-support.html").read_text("utf-8")
    assert typography.check(locale, _visible_html(page)) == []
    if locale == "fr":  # text the templates join: "Licence : CC-BY-4.0"
        assert f"Licence{typography.NBSP}: CC-BY-4.0" in md
        assert f"Lire les conseils{typography.NBSP}: Description" in _visible_html(page)
