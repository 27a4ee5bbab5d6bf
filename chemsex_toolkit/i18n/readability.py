"""A readability figure per locale, so editors see whether the prose reads plainly.

Flesch's reading ease, with each language's own constants: Flesch (1948) for English, Amstad
(1978) for German, Kandel and Moles (1958) for French; 100 is very easy, 60 or more reads
easily, below 50 is hard. It counts only the prose of topics, items and resources (titles and
interface strings are not sentences). Syllables are counted from Pyphen's hyphenation
dictionaries (the LibreOffice ones) as readability tools commonly do: a vowel-group count is
right for English only, and silent French endings and German compounds need the dictionaries.
Hyphenation never splits off one letter and misses some breaks, so the count runs a little low
and the figure a little high: compare a locale with itself over time, not across languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyphen

from chemsex_toolkit.loading import Content
from chemsex_toolkit.mdtext import plain_text
from chemsex_toolkit.messages import source_messages
from chemsex_toolkit.textscan import references

# (base, per word in a sentence, per syllable in a word), by language.
FORMULAS: dict[str, tuple[float, float, float]] = {
    "en": (206.835, 1.015, 84.6),
    "de": (180.0, 1.0, 58.5),
    "fr": (207.0, 1.015, 73.6),
}
PROSE = ("topic.", "item.", "resource.")

_WORD = re.compile(r"[^\W\d_]+(?:[-\u2019'][^\W\d_]+)*")
# A sentence ends at . ! ? (with any closing quote or bracket), or at the end of a paragraph or
# list entry.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”»)\]]*(?=\s|$)|\n+")


@dataclass(frozen=True)
class Readability:
    """The reading ease of a locale's prose, and what it was counted from."""

    locale: str
    ease: float
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float | None:
        """The Flesch-Kincaid school grade, for English only (plain language asks 8 or below)."""
        if self.locale.split("-", 1)[0].lower() != "en":
            return None
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    def as_dict(self) -> dict[str, float | int | str | None]:
        grade = self.grade
        return {
            "locale": self.locale,
            "ease": round(self.ease, 1),
            "grade": None if grade is None else round(grade, 1),
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
        }


def is_prose(message_id: str) -> bool:
    return message_id.startswith(PROSE) and not message_id.endswith(".title")


@cache
def _dictionary(language: str) -> Any:
    return pyphen.Pyphen(lang=language)


def _syllables(dictionary: Any, word: str) -> int:
    positions: list[int] = dictionary.positions(word.lower())
    return len(positions) + 1


def reading_ease(locale: str, texts: Iterable[str]) -> Readability | None:
    """The reading ease of Markdown ``texts`` in ``locale``; None for a language without a
    formula here, or for text with no words."""
    language = locale.split("-", 1)[0].lower()
    if language not in FORMULAS:
        return None
    dictionary = _dictionary(language)
    words = sentences = syllables = 0
    for text in texts:
        # The words a reader sees: reference targets and markup left out.
        plain = plain_text(_unreferenced(text))
        for sentence in _SENTENCE_END.split(plain):
            found = _WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            syllables += sum(_syllables(dictionary, word) for word in found)
    if not words:
        return None
    base, per_word, per_syllable = FORMULAS[language]
    ease = base - per_word * words / sentences - per_syllable * syllables / words
    return Readability(locale, ease, words, sentences, syllables)


def of_content(content: Content, locale: str) -> Readability | None:
    """The reading ease of the content's prose in ``locale``: the source text for the source
    locale, else the translated strings (those not translated yet are left out)."""
    from chemsex_toolkit.i18n.core import translations

    toolkit = content.toolkit or content.partial
    if toolkit is None:
        return None
    sources = source_messages(toolkit)
    if locale == toolkit.source_locale:
        texts = [text for message_id, text in sources.items() if is_prose(message_id)]
    else:
        found = translations(content, locale)
        texts = [
            t.text for m, t in found.items() if is_prose(m) and m in sources and t.text.strip()
        ]
    return reading_ease(locale, texts)


def _unreferenced(text: str) -> str:
    out: list[str] = []
    position = 0
    for ref in references(text):
        out.append(text[position : ref.start])
        out.append(ref.text)
        position = ref.end
    out.append(text[position:])
    return "".join(out)
