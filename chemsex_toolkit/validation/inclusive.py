"""Gender signs the style guide leaves out, per language: pure functions from a text to its
problems, like the typography rules.

German writes gender-neutral words or both forms in full, never a gender star, colon or
underscore (``Klient*innen``, ``Klient:innen``, ``Klient_innen``); French writes epicene words
or both forms, never a *point médian* (``participant·e·s``) or its full-stop stand-in
(``participant.e.s``). Screen readers read these signs aloud, and one convention kept
throughout reads better than a mixture (docs/content-style.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from chemsex_toolkit.validation.typography import Problem, mask

_GERMAN = re.compile(r"(?<=\w)[*:_]in(?:nen)?\b")
# A middle dot (or a bullet, or a full stop standing in for one) between a word and a French
# feminine or plural ending.
_FRENCH_DOT = "·•∙⋅"
_FRENCH = re.compile(
    rf"(?<=\w)[{_FRENCH_DOT}.](?:e|es|s|ne|nes|rice|rices|euse|euses|ère|ères)\b"
    rf"(?:[{_FRENCH_DOT}.]s\b)?"
)


def gender_signs(locale: str, text: str) -> Iterator[Problem]:
    """The gender signs of ``text`` under ``locale``'s language."""
    language = locale.split("-", 1)[0]
    masked = mask(text)
    if language == "de" and any(sign in masked for sign in "*:_"):
        for match in _GERMAN.finditer(masked):
            yield Problem(
                match.start(),
                f"Gender sign '{match.group(0)[0]}' in '{_word(masked, match.start())}'.",
                "Use a gender-neutral word (Mitarbeitende, Fachkräfte) or both forms in full "
                "(Klientinnen und Klienten).",
            )
    elif language == "fr":
        for match in _FRENCH.finditer(masked):
            sign = match.group(0)[0]
            if sign == "." and not _dotted_word(masked, match.start(), match.end()):
                continue
            yield Problem(
                match.start(),
                f"Point médian in '{_word(masked, match.start())}'.",
                "Use an epicene word (personnes, équipe, membres) or both forms in full "
                "(intervenantes et intervenants).",
            )


def _word(text: str, index: int) -> str:
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = index + 1
    while end < len(text) and (text[end].isalpha() or text[end] in _FRENCH_DOT + ".*:_"):
        end += 1
    return text[start:end].rstrip(".:")


def _dotted_word(text: str, start: int, end: int) -> bool:
    """A full stop counts as a gender sign only inside a word (``participant.e.s``, or
    ``participant.es`` followed by a space and a lower-case word), not at a sentence end."""
    if "." in text[start + 1 : end]:
        return True
    rest = text[end : end + 2]
    return len(rest) == 2 and rest[0] == " " and rest[1].islower()
