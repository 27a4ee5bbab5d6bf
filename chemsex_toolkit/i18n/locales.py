"""Locale codes (BCP 47, validated before any path is built from them) and locale data from
Babel's CLDR tables: display names and text direction."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from babel import Locale, UnknownLocaleError, negotiate_locale

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.models import LOCALE_PATTERN

_BCP47 = re.compile(LOCALE_PATTERN)
PSEUDO_LOCALE = "en-XA"


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    name: str
    english_name: str
    direction: Literal["ltr", "rtl"]


def is_valid(code: str) -> bool:
    return bool(_BCP47.fullmatch(code))  # match() would accept a trailing newline


def check(code: str) -> str:
    """``code`` if it is a valid tag; ``UsageError`` with the expected form otherwise."""
    if not is_valid(code):
        raise UsageError(
            f"'{code}' is not a locale code this toolkit accepts: use a BCP 47 tag such as "
            "de, fr, pt-BR or sr-Latn."
        )
    return code


def locale_info(code: str) -> LocaleInfo:
    """Display names and direction of ``code``; unknown languages get their code as name."""
    check(code)
    if code == PSEUDO_LOCALE:
        return LocaleInfo(code, "Ƥşéûđö (en-XA)", "Pseudo-locale", "ltr")
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        try:
            locale = Locale.parse(code.split("-")[0])
        except (ValueError, UnknownLocaleError):
            return LocaleInfo(code, code, code, "ltr")
    name = locale.get_display_name(locale) or code
    english = locale.get_display_name("en") or code
    direction: Literal["ltr", "rtl"] = "rtl" if locale.character_order == "right-to-left" else "ltr"
    return LocaleInfo(code, name[:1].upper() + name[1:], english, direction)


@dataclass(frozen=True)
class Negotiated:
    """The locale used for a request: ``code`` is ``requested`` itself or its closest match."""

    requested: str
    code: str

    @property
    def changed(self) -> bool:
        return self.code != self.requested

    def note(self) -> str:
        return f"Locale {self.requested}: using {self.code}, the closest one this toolkit has."


def negotiate(
    requested: str, declared: Sequence[str], in_progress: Sequence[str] = ()
) -> Negotiated:
    """Match ``requested`` to a locale the toolkit has, as Babel negotiates (``de-DE`` → ``de``).

    ``declared`` are the source and shipped locales, ``in_progress`` translations with a folder
    but not yet listed under ``locales:``; the pseudo-locale is always there. Raises
    ``UsageError`` naming the locales there are and how to add one.
    """
    check(requested)
    known = [*declared, *in_progress, PSEUDO_LOCALE]
    if requested in known:
        return Negotiated(requested, requested)
    match = negotiate_locale([requested], known, sep="-")
    if match is not None:
        return Negotiated(requested, match)
    listed = ", ".join(declared) or "none"
    progress = f"; in progress: {', '.join(in_progress)}" if in_progress else ""
    raise UsageError(
        f"Locale {requested!r} is not one of this toolkit's: {listed}{progress}. To add it, run"
        f" `chemsex-toolkit i18n init {requested}`, translate, and list it under `locales:` in"
        " toolkit.yaml."
    )
