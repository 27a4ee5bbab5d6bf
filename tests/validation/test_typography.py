"""Locale typography: the pure rules, their fix, and where they are silent on purpose."""

from __future__ import annotations

from chemsex_toolkit.validation import typography
from chemsex_toolkit.validation.typography import NBSP, NNBSP


def _marks(locale: str, text: str) -> list[str]:
    return [text[p.offset] for p in typography.check(locale, text)]


def test_french_wants_a_no_break_space_before_high_punctuation() -> None:
    assert _marks("fr", "Efficace ? Oui; non !") == [" ", ";", " "]
    assert typography.check("fr", f"Efficace{NNBSP}? Oui{NNBSP}; non{NNBSP}!") == []
    assert typography.check("fr", f"Trois piliers{NBSP}: les pairs") == []


def test_french_colon_after_a_reference_counts_but_the_reference_syntax_does_not() -> None:
    text = "voir [le site][link:quality-action]: les outils"
    (problem,) = typography.check("fr", text)
    assert text[problem.offset] == ":" and problem.offset == text.index("]:") + 1
    assert "U+00A0" in problem.hint


def test_french_rules_skip_urls_code_and_times() -> None:
    assert typography.check("fr", "https://exemple.org/a?b=c et `a:b` à 10:30") == []


def test_french_guillemets_need_no_break_spaces_inside() -> None:
    assert len(typography.check("fr", "la méthode « Circles »")) == 2
    assert len(typography.check("fr", "la méthode «Circles»")) == 2
    assert typography.check("fr", f"la méthode «{NBSP}Circles{NBSP}»") == []
    (problem,) = typography.check("fr", 'la méthode "Circles')
    assert "«" in problem.hint


def test_fix_mends_every_spacing_fault() -> None:
    text = "Efficace ? Oui; voir [site][link:x]: « citation » et «x»!"
    fixed = typography.fix("fr", text)
    assert typography.check("fr", fixed) == []
    assert fixed == (
        f"Efficace{NNBSP}? Oui{NNBSP}; voir [site][link:x]{NBSP}: "
        f"«{NBSP}citation{NBSP}» et «{NBSP}x{NBSP}»{NNBSP}!"
    )
    assert typography.fix("de", text) == text


def test_german_quotation_marks() -> None:
    assert typography.check("de", "die Methode „Circles of Influence“ nutzen") == []
    problems = typography.check("de", 'die Methode "Circles" und “English”')
    assert [p.hint[-9:-1] for p in problems] == ["(U+201E)", "(U+201C)", "(U+201E)", "(U+201C)"]


def test_rules_by_locale_tag_then_language() -> None:
    assert typography.rules_for("fr-BE") == typography.RULES["fr"]
    assert typography.rules_for("es") == ()
    assert typography.check("en", "What? No; yes!") == []


def test_a_line_break_before_a_mark_is_a_breaking_space() -> None:
    text = "Efficace\n? Oui\n; non"
    assert [p.offset for p in typography.check("fr", text)] == [8, 14]
    assert all("line break" in p.message for p in typography.check("fr", text))
    assert typography.fix("fr", text) == f"Efficace{NNBSP}? Oui{NNBSP}; non"
    # An indented continuation line that starts with the right no-break space still breaks.
    indented = f"voir [la fiche][item:x]\n {NNBSP};\n- suite"
    (problem,) = typography.check("fr", indented)
    assert indented[problem.offset] == "\n"
    assert typography.fix("fr", indented) == f"voir [la fiche][item:x]{NNBSP};\n- suite"
    # A mark that opens a paragraph, or the text, is not joined to a word.
    assert typography.check("fr", f"?{NNBSP}Non\n\n!{NNBSP}") == []
    assert [p.offset for p in typography.check("de", "ein Wort\n. Und\nnoch")] == [8]
    assert typography.check("en", "a word\n, and more") != []


def test_quoted_titles_keep_their_own_typography() -> None:
    title = "Chemsex, PnP: What does it look like?"
    text = f"Lire «{NBSP}{title}{NBSP}» et «{title}»."
    assert len(typography.check("fr", text)) == 5  # the title's ':' and '?', and the marks
    problems = typography.check("fr", text, names=[title])
    assert [text[p.offset] for p in problems] == ["«", "»"]
    fixed = typography.fix("fr", text, names=[title])
    assert title in fixed and typography.check("fr", fixed, names=[title]) == []


def test_punctuation_templates_join_gets_the_locale_space() -> None:
    assert typography.punctuation("fr", ":") == f"{NBSP}:"
    assert typography.punctuation("fr-CH", "?") == f"{NNBSP}?"
    assert typography.punctuation("de", ":") == ":"
    assert typography.punctuation("fr", "·") == "·"
