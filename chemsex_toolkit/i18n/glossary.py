"""Glossaries: per locale, the source terms and the translation every string must use for them.

``locales/<locale>/glossary.yaml`` lists terms; ``validate`` warns when a translated string whose
source holds a term lacks its required translation, or uses a translation the glossary says to
avoid; PO exports carry the terms of each string as notes for translators. Matching is plain
and predictable: whole words of the source (a plural ``s`` allowed), ignoring case, with the
targets of ``[text][kind:id]`` references left out; the translation passes when it contains the
required form or one of its variants anywhere, ignoring case (so German compounds count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chemsex_toolkit.findings import Place, Problem, problem
from chemsex_toolkit.loading.yamlio import read_yaml
from chemsex_toolkit.models import GlossaryFile, GlossaryTerm

FILE_NAME = "glossary.yaml"

_REFERENCE_TARGET = re.compile(r"\]\[[a-z]+:[^\]\s]*\]")


Glossary = GlossaryFile


@dataclass(frozen=True)
class Miss:
    """A glossary term handled wrongly by one translated string."""

    term: GlossaryTerm
    index: int  # position of the term in the glossary
    avoided: str | None = None  # the avoided form found, if that is the fault


def glossary_path(root: Path, locale: str) -> Path:
    return root / "locales" / locale / FILE_NAME


def read_glossary(root: Path, locale: str) -> tuple[Glossary | None, list[Problem]]:
    """The locale's glossary (None when it has none, or when it is broken: problems then; a
    file that the glossary model refuses is the problem variant ``refused``)."""
    from chemsex_toolkit.loading.content import to_model

    path = glossary_path(root, locale)
    if not path.is_file():
        return None, []
    document, problems = read_yaml(path, root)
    if document is None or problems:
        return None, problems
    model = to_model(document, "glossary")
    if model is None:
        return None, [problem("CT204", Place(document.relpath), "refused", kind="glossary")]
    assert isinstance(model, GlossaryFile)
    return model, []


def _prose(text: str) -> str:
    return _REFERENCE_TARGET.sub("]", text)


@cache
def _word_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?:e?s)?(?!\w)", re.IGNORECASE)


def holds(text: str, term: str) -> bool:
    """Whether ``text`` holds ``term`` as whole words (a plural allowed), ignoring case."""
    if term.casefold() not in text.casefold():
        return False
    return bool(_word_pattern(term).search(_prose(text)))


def terms_in(glossary: Glossary, source: str) -> list[tuple[int, GlossaryTerm]]:
    """The glossary's terms that the source text holds, with their positions in the glossary.

    Names that stay untranslated are taken out first; then the longest terms are matched
    first and taken out in turn, so "financial counselling" is not also "counselling"."""
    text = _prose(source)
    lowered = text.casefold()
    # Quick substring tests first: most strings hold few of the terms, and no name.
    present = [
        (index, term)
        for index, term in enumerate(glossary.terms)
        if term.term.casefold() in lowered
    ]
    if not present:
        return []
    for name in sorted(glossary.names, key=len, reverse=True):
        if name.casefold() in lowered:
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    found: list[tuple[int, GlossaryTerm]] = []
    for index, term in sorted(present, key=lambda pair: -len(pair[1].term)):
        text, count = _word_pattern(term.term).subn(" ", text)
        if count:
            found.append((index, term))
    return sorted(found, key=lambda pair: pair[0])


def misses(glossary: Glossary, source: str, translation: str) -> list[Miss]:
    """The terms of ``source`` that ``translation`` does not render as the glossary requires."""
    found: list[Miss] = []
    prose = _prose(translation).casefold()
    for index, term in terms_in(glossary, source):
        wanted = [term.translation, *term.variants, *(sense.translation for sense in term.senses)]
        if not any(form.casefold() in prose for form in wanted):
            found.append(Miss(term, index))
            continue
        for form in term.avoid:
            if holds(translation, form):
                found.append(Miss(term, index, avoided=form))
                break
    return found


def stray_avoided(glossary: Glossary, source: str, translation: str) -> list[Miss]:
    """Forms to avoid that ``translation`` uses for a term its ``source`` does not hold: the
    translator chose the avoided word on their own ("courriel" where the English says
    "write to us"). Names that stay untranslated are left out first."""
    prose = _prose(translation)
    lowered = prose.casefold()
    held = {index for index, _term in terms_in(glossary, source)}
    found: list[Miss] = []
    for index, term in enumerate(glossary.terms):
        if index in held or not any(form.casefold() in lowered for form in term.avoid):
            continue
        for name in glossary.names:
            prose = re.sub(re.escape(name), " ", prose, flags=re.IGNORECASE)
        for form in term.avoid:
            if holds(prose, form):
                found.append(Miss(term, index, avoided=form))
                break
    return found


def note(term: GlossaryTerm) -> str:
    """One line for translators: the term, its required translation, and why."""
    line = f"Glossary: {term.term} → {term.translation}"
    if term.variants:
        line += f" (also: {', '.join(term.variants)})"
    for sense in term.senses:
        line += f"; {sense.sense}: {sense.translation}"
    if term.avoid:
        line += f"; not: {', '.join(term.avoid)}"
    if term.note:
        line += f". {term.note}"
    return line


def notes(glossary: Glossary | None, source: str) -> list[str]:
    """Translator notes for every glossary term the source text holds."""
    if glossary is None:
        return []
    return [note(term) for _index, term in terms_in(glossary, source)]
