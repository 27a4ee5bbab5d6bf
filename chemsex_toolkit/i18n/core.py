"""Translations of a content folder: loading them, localising a toolkit, counting status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.findings import Problem
from chemsex_toolkit.i18n.catalog import (
    Catalog,
    catalog_path,
    fingerprint,
    locale_catalog_paths,
    present_locales,
    read_cached,
)
from chemsex_toolkit.i18n.locales import PSEUDO_LOCALE, Negotiated, check, is_valid, negotiate
from chemsex_toolkit.i18n.pseudo import pseudo
from chemsex_toolkit.loading import Content
from chemsex_toolkit.messages import apply, domains, source_messages
from chemsex_toolkit.models import Review, Toolkit, Translation, TranslationState

State = TranslationState


@dataclass(frozen=True)
class TextStatus:
    """What a reader sees for one message: in which language, and how sure we are of it."""

    lang: str
    state: State
    review: Review | None


@dataclass(frozen=True)
class Localized:
    toolkit: Toolkit
    status: dict[str, TextStatus]


@dataclass(frozen=True)
class LocaleStatus:
    """How far one locale's translation is: its strings, translated, stale, missing, reviewed."""

    locale: str
    total: int
    translated: int
    stale: int
    missing: int
    reviewed: int
    machine: int
    #: Listed under ``locales:`` in toolkit.yaml: shipped, so held to the release gate; a
    #: locale with only a folder is still in progress.
    declared: bool = True

    @property
    def percent(self) -> int:
        """Share of strings translated and current, rounded down (100 only when complete)."""
        return 100 * self.translated // self.total if self.total else 100

    def as_dict(self) -> dict[str, int | str]:
        return {
            "locale": self.locale,
            "strings": self.total,
            "translated": self.translated,
            "stale": self.stale,
            "missing": self.missing,
            "reviewed": self.reviewed,
            "machine": self.machine,
            "percent": self.percent,
            "declared": self.declared,
        }


def catalogs(content: Content, locale: str) -> tuple[list[Catalog], list[Problem]]:
    """Every translation file of ``locale`` (those that parse), and problems for the rest."""
    root = content.root
    folder = root / "locales" / check(locale)
    found: list[Catalog] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return found, problems
    for path in locale_catalog_paths(root, check(locale)):
        catalog, read = read_cached(content, path)
        problems += read
        if catalog is not None and catalog.model is not None:
            found.append(catalog)
    return found, problems


def translations(content: Content, locale: str) -> dict[str, Translation]:
    """``{message_id: Translation}`` of ``locale`` from its files that parse."""
    merged: dict[str, Translation] = {}
    for catalog in catalogs(content, locale)[0]:
        assert catalog.model is not None
        merged.update(catalog.model.messages)
    return merged


def _state(translation: Translation | None, source_text: str) -> State:
    if translation is None or not translation.text.strip():
        return "missing"
    if translation.source is not None and translation.source != fingerprint(source_text):
        return "stale"
    return "translated"


def resolve_locale(content: Content, requested: str) -> Negotiated:
    """The locale of ``content`` that serves ``requested``: itself, or its language (``de-DE`` →
    ``de``); ``UsageError`` with the locales there are when none does."""
    source = content.toolkit
    if source is None:
        raise UsageError("The content has errors; fix them before translating.")
    declared = [source.source_locale, *source.locales]
    in_progress = [
        code for code in present_locales(content.root) if is_valid(code) and code not in declared
    ]
    return negotiate(requested, declared, in_progress)


def localize(content: Content, locale: str) -> Localized:
    """The toolkit in ``locale``: translated text where there is any, source text elsewhere.

    Stale translations are shown (an older translation beats none) and marked stale.
    """
    source = content.toolkit
    if source is None:
        raise UsageError("The content has errors; fix them before translating.")
    check(locale)
    messages = source_messages(source)
    if locale == source.source_locale:
        status = {m: TextStatus(locale, "source", None) for m in messages}
        return Localized(source, status)
    if locale == PSEUDO_LOCALE:
        texts = {m: pseudo(text) for m, text in messages.items()}
        status = {m: TextStatus(locale, "translated", "machine") for m in messages}
        return Localized(apply(source, texts, locale), status)
    found = translations(content, locale)
    texts = {}
    status = {}
    for message_id, source_text in messages.items():
        translation = found.get(message_id)
        state = _state(translation, source_text)
        if translation is not None and state != "missing":
            texts[message_id] = translation.text
            status[message_id] = TextStatus(locale, state, translation.status)
        else:
            status[message_id] = TextStatus(source.source_locale, "missing", None)
    return Localized(apply(source, texts, locale), status)


def locale_status(content: Content, locale: str) -> LocaleStatus:
    source = content.toolkit
    assert source is not None
    messages = source_messages(source)
    found = translations(content, locale)
    states = {m: _state(found.get(m), text) for m, text in messages.items()}
    current = [found[m] for m, s in states.items() if s == "translated"]
    return LocaleStatus(
        locale=locale,
        total=len(messages),
        translated=len(current),
        stale=sum(s == "stale" for s in states.values()),
        missing=sum(s == "missing" for s in states.values()),
        reviewed=sum(t.status == "reviewed" for t in current),
        machine=sum(t.status == "machine" for t in current),
        declared=locale in source.locales,
    )


def translated_ids(content: Content) -> dict[str, set[str]]:
    """For each locale folder, the message IDs it has a (non-empty) translation for."""
    from chemsex_toolkit.i18n.catalog import present_locales
    from chemsex_toolkit.i18n.locales import is_valid

    result: dict[str, set[str]] = {}
    for locale in present_locales(content.root):
        if is_valid(locale):
            result[locale] = {m for m, t in translations(content, locale).items() if t.text.strip()}
    return result


def domain_files(toolkit: Toolkit, root: Path, locale: str) -> dict[str, Path]:
    """Every translation file ``locale`` should have, by domain."""
    return {d: catalog_path(root, locale, d) for d in sorted(set(domains(toolkit).values()))}
