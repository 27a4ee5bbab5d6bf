"""Glossaries: matching terms, the validate warning, PO translator notes, located errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from chemsex_toolkit import validate
from chemsex_toolkit.i18n.glossary import (
    Glossary,
    misses,
    notes,
    read_glossary,
    stray_avoided,
    terms_in,
)
from chemsex_toolkit.i18n.po import export_po
from chemsex_toolkit.loading import load_content
from chemsex_toolkit.models import GlossaryFile, GlossarySense, GlossaryTerm


def _glossary(*terms: GlossaryTerm, names: tuple[str, ...] = ()) -> Glossary:
    return GlossaryFile(locale="fr", names=list(names), terms=list(terms))


HARM = GlossaryTerm(
    term="harm reduction", translation="réduction des risques", avoid=["réduction des méfaits"]
)
COUNSELLING = GlossaryTerm(term="counselling", translation="counseling")
FINANCIAL = GlossaryTerm(term="financial counselling", translation="conseil budgétaire")


def test_terms_match_whole_words_any_case_plural_allowed() -> None:
    glossary = _glossary(HARM, GlossaryTerm(term="condom", translation="préservatif"))
    assert [t.term for _i, t in terms_in(glossary, "Harm Reduction and condoms")] == [
        "harm reduction",
        "condom",
    ]
    assert terms_in(glossary, "harmless reductions; condominium") == []
    # the target of a reference is syntax, not prose
    assert terms_in(glossary, "[the site][link:condom-guide]") == []


def test_a_translation_missing_the_term_or_using_one_to_avoid_is_a_miss() -> None:
    glossary = _glossary(HARM)
    assert misses(glossary, "Targeted harm reduction", "La réduction des risques ciblée") == []
    (missing,) = misses(glossary, "Targeted harm reduction", "La prévention ciblée")
    assert missing.avoided is None
    (avoided,) = misses(
        glossary, "harm reduction", "réduction des risques, ou réduction des méfaits"
    )
    assert avoided.avoided == "réduction des méfaits"


def test_a_sense_of_the_term_has_its_own_accepted_translation() -> None:
    advocacy = GlossaryTerm(
        term="advocacy",
        translation="plaidoyer",
        senses=[GlossarySense(translation="sensibilisation", sense="aimed at services")],
    )
    glossary = _glossary(advocacy)
    assert misses(glossary, "advocacy with services", "la sensibilisation des services") == []
    assert misses(glossary, "advocacy for clients", "le plaidoyer pour les clients") == []
    assert len(misses(glossary, "advocacy", "le soutien")) == 1
    (note,) = notes(glossary, "advocacy")
    assert "aimed at services: sensibilisation" in note


def test_an_avoided_form_counts_where_the_source_lacks_the_term() -> None:
    email = GlossaryTerm(term="email group", translation="liste de discussion", avoid=["courriel"])
    glossary = _glossary(email, names=("Le courriel du jour",))
    (stray,) = stray_avoided(glossary, "Write to us", "Écrivez-nous par courriel.")
    assert stray.avoided == "courriel" and stray.term is email
    # Where the source holds the term, CT508 reports it: not twice.
    assert stray_avoided(glossary, "the email group", "le courriel") == []
    # A name that stays as it is, and a word that only contains the form, are not uses.
    assert stray_avoided(glossary, "See it", "Voir Le courriel du jour et courrielleurs.") == []


def test_longer_terms_and_names_take_precedence() -> None:
    glossary = _glossary(COUNSELLING, FINANCIAL, names=("Counselling Today",))
    found = terms_in(glossary, "financial counselling, as in Counselling Today")
    assert [t.term for _i, t in found] == ["financial counselling"]
    assert misses(glossary, "financial counselling", "le conseil budgétaire") == []


def test_notes_for_translators_name_the_term_and_why() -> None:
    glossary = _glossary(HARM)
    assert notes(glossary, "harm reduction") == [
        "Glossary: harm reduction → réduction des risques; not: réduction des méfaits"
    ]
    assert notes(None, "harm reduction") == []


MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
# A German glossary for the three-topic fixture: its complete, reviewed German translation says
# "quarter" in the second topic without the glossary's word.
GERMAN_GLOSSARY = """locale: de
terms:
  - term: quarter
    translation: Quartal
    note: The word German services plan by.
  - term: peer support
    translation: Peer-Unterstützung
"""


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """The three-topic fixture with a German glossary."""
    target = tmp_path / "content"
    shutil.copytree(MULTI, target)
    (target / "locales" / "de" / "glossary.yaml").write_text(GERMAN_GLOSSARY, "utf-8")
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_validate_reports_a_glossary_miss_until_it_is_fixed(content_copy: Path) -> None:
    report = validate(content_copy)
    (finding,) = [f for f in report.findings if f.code == "CT508"]
    topic = content_copy / "locales" / "de" / "topics" / "prep-topic.yaml"
    assert finding.file == "locales/de/topics/prep-topic.yaml"
    assert finding.path == "/messages/item.prep-access.quality_improvement/text"
    line = next(
        n
        for n, text in enumerate(topic.read_text("utf-8").splitlines(), start=1)
        if "item.prep-access.quality_improvement:" in text
    )
    assert finding.line == line + 1  # the text under the message's key
    assert "Quartal" in finding.message and "plan by" in finding.hint
    assert not report.failed() and report.failed(strict=True)
    _replace(topic, "DE Review uptake each quarter", "DE Review uptake each Quartal")
    assert [f for f in validate(content_copy).findings if f.code == "CT508"] == []


def test_validate_reports_a_planted_french_punctuation_fault(content_copy: Path) -> None:
    common = content_copy / "locales" / "fr" / "common.yaml"
    text = common.read_text("utf-8")
    fixed = "FR What could be improved\u202f?"
    assert fixed in text
    common.write_text(text.replace(fixed, "FR What could be improved ?"), "utf-8")
    line = next(
        n
        for n, content in enumerate(common.read_text("utf-8").splitlines(), start=1)
        if "FR What could be improved ?" in content
    )
    report = validate(content_copy)
    (finding,) = [f for f in report.findings if f.code == "CT403"]
    assert (finding.file, finding.line) == ("locales/fr/common.yaml", line)
    assert "ui.action-placeholder" in finding.message
    assert "U+202F" in finding.hint


def test_a_broken_glossary_is_a_located_error(content_copy: Path) -> None:
    glossary = content_copy / "locales" / "de" / "glossary.yaml"
    _replace(glossary, "    translation: Peer-", "    translaton: Peer-")  # a misspelt key
    report = validate(content_copy)
    codes = {(f.code, f.file) for f in report.findings if f.severity.value == "error"}
    assert ("CT202", "locales/de/glossary.yaml") in codes or (
        "CT201",
        "locales/de/glossary.yaml",
    ) in codes
    assert read_glossary(content_copy, "de")[0] is None


def test_po_export_carries_the_glossary_as_translator_notes(
    content_copy: Path, tmp_path: Path
) -> None:
    content = load_content(content_copy)
    path = tmp_path / "de.po"
    export_po(content, "de").save(str(path))
    po = polib.pofile(str(path))
    entry = po.find("item.prep-access.quality_improvement", by="msgctxt")
    assert entry is not None
    assert "Glossary: quarter → Quartal" in entry.comment
    untouched = po.find("ui.print-checklist", by="msgctxt")
    assert untouched is not None and "Glossary" not in untouched.comment
