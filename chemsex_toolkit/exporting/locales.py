"""The locale views a build exports: the source locale, and translations when asked."""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale, UnknownLocaleError

from chemsex_toolkit.exporting.base import LocaleView
from chemsex_toolkit.loading import Content


def _source_view(content: Content) -> LocaleView:
    toolkit = content.toolkit
    assert toolkit is not None
    try:
        locale = Locale.parse(toolkit.locale.replace("-", "_"))
        name = locale.get_display_name(locale) or toolkit.locale
        direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    except (ValueError, UnknownLocaleError):
        name, direction = toolkit.locale, "ltr"
    from chemsex_toolkit.i18n import localize

    return LocaleView(
        toolkit=toolkit,
        status=localize(content, toolkit.locale).status,
        name=name,
        direction="rtl" if direction == "rtl" else "ltr",
        source=True,
    )


def locale_views(content: Content, requested: Sequence[str] | None) -> list[LocaleView]:
    """Views for ``requested`` locales (None: source + shipped; ["all"]: the same).

    A requested locale is negotiated (``de-DE`` gives ``de``); ``UsageError`` for one the
    content does not have."""
    toolkit = content.toolkit
    assert toolkit is not None
    source = toolkit.source_locale
    if requested is None or list(requested) == ["all"]:
        codes = [source, *toolkit.locales]
    else:
        from chemsex_toolkit.i18n import resolve_locale

        codes = list(dict.fromkeys(resolve_locale(content, code).code for code in requested))
    views: list[LocaleView] = []
    for code in codes:
        if code == source:
            views.append(_source_view(content))
        else:
            views.append(_translated_view(content, code))
    return views


def _translated_view(content: Content, code: str) -> LocaleView:
    from chemsex_toolkit.i18n import localize
    from chemsex_toolkit.i18n.locales import locale_info

    info = locale_info(code)
    localized = localize(content, code)
    total = len(localized.status) or 1
    translated = [s for s in localized.status.values() if s.state == "translated"]
    reviewed = sum(1 for s in translated if s.review == "reviewed")
    return LocaleView(
        toolkit=localized.toolkit,
        status=localized.status,
        name=info.name,
        direction=info.direction,
        percent=100 * len(translated) // total,
        reviewed=100 * reviewed // total,
    )
