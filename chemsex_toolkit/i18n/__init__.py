"""Translations: locales, message IDs, fingerprints, status, the translator's workflow, PO."""

from chemsex_toolkit.i18n.core import (
    LocaleStatus,
    Localized,
    TextStatus,
    locale_status,
    localize,
    resolve_locale,
    translated_ids,
)
from chemsex_toolkit.i18n.workflow import init_locale, pseudo_translate_locale, update_locale

__all__ = [
    "LocaleStatus",
    "Localized",
    "TextStatus",
    "init_locale",
    "locale_status",
    "localize",
    "pseudo_translate_locale",
    "resolve_locale",
    "translated_ids",
    "update_locale",
]
