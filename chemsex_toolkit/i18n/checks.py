"""Translation checks for ``validate``: files, locale codes, IDs, structure, staleness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from chemsex_toolkit import textscan
from chemsex_toolkit.findings import Finding, Severity, pointer
from chemsex_toolkit.i18n.catalog import (
    Catalog,
    fingerprint,
    locale_catalog_paths,
    present_locales,
    read_cached,
)
from chemsex_toolkit.i18n.glossary import Glossary, read_glossary
from chemsex_toolkit.i18n.glossary import misses as glossary_misses
from chemsex_toolkit.i18n.locales import is_valid
from chemsex_toolkit.i18n.messages import domains, source_messages
from chemsex_toolkit.loading import Content
from chemsex_toolkit.rules import make
from chemsex_toolkit.validation import typography


def check(content: Content) -> list[Finding]:
    toolkit = content.toolkit
    findings: list[Finding] = []
    for locale in present_locales(content.root):
        if not is_valid(locale):
            findings.append(
                make(
                    "CT501",
                    f"locales/{locale}",
                    0,
                    0,
                    f"'{locale}' is not a valid BCP 47 locale code.",
                    "Rename the folder to a tag such as de, fr or pt-BR.",
                )
            )
            continue
        glossary, problems = read_glossary(content.root, locale)
        findings += problems
        if glossary is not None and glossary.locale != locale:
            findings.append(
                make(
                    "CT507",
                    f"locales/{locale}/glossary.yaml",
                    1,
                    1,
                    f"This glossary says locale: {glossary.locale}, but it lies in "
                    f"locales/{locale}/.",
                    "Move the file to its own locale's folder, or correct the field.",
                    "/locale",
                )
            )
            glossary = None
        for path in locale_catalog_paths(content.root, locale):
            catalog, problems = read_cached(content, path)
            findings += problems
            if catalog is None or catalog.model is None or toolkit is None:
                continue
            findings += _catalog_findings(content, catalog, locale)
            findings += _editorial_findings(content, catalog, locale, glossary)
        if toolkit is not None and locale in toolkit.locales:
            findings += _missing(content, locale)
    if toolkit is not None:
        for index, locale in enumerate(toolkit.locales):
            if locale not in present_locales(content.root):
                line, col = content.documents["toolkit.yaml"].locate(["locales", index])
                findings.append(
                    make(
                        "CT302",
                        "toolkit.yaml",
                        line,
                        col,
                        f"Locale '{locale}' is listed but locales/{locale}/ does not exist.",
                        f"Run `chemsex-toolkit i18n init {locale}`, or remove it from locales.",
                        pointer(["locales", index]),
                    )
                )
    return findings


def _source_tables(content: Content) -> tuple[dict[str, str], dict[str, str]]:
    """The source strings and the file each belongs in, worked out once per validate run."""
    key = ("source-tables",)
    if key not in content.cache:
        assert content.toolkit is not None
        content.cache[key] = (source_messages(content.toolkit), domains(content.toolkit))
    tables: tuple[dict[str, str], dict[str, str]] = content.cache[key]
    return tables


def _catalog_findings(content: Content, catalog: Catalog, locale: str) -> Iterator[Finding]:
    toolkit = content.toolkit
    model = catalog.model
    assert toolkit is not None and model is not None
    document = catalog.document
    rel = document.relpath
    expected_domain = catalog.domain
    if model.locale != locale or model.toolkit != toolkit.id:
        field = "locale" if model.locale != locale else "toolkit"
        line, col = document.locate([field])
        yield make(
            "CT507",
            rel,
            line,
            col,
            f"This file says {field}: {getattr(model, field)}, but it lies in locales/{locale}/ "
            f"of toolkit {toolkit.id}.",
            "Move the file to its own locale's folder, or correct the field.",
            pointer([field]),
        )
    sources, owner = _source_tables(content)
    for message_id, translation in model.messages.items():
        parts: list[str | int] = ["messages", message_id]
        where = pointer([*parts, "text"])
        if message_id not in sources:
            line, col = document.locate_key(parts)
            yield make(
                "CT502",
                rel,
                line,
                col,
                f"No source string has the ID '{message_id}'.",
                "Run `chemsex-toolkit i18n update` to move it to obsolete, or fix the ID.",
                pointer(parts),
            )
            continue
        if owner[message_id] != expected_domain:
            line, col = document.locate_key(parts)
            yield make(
                "CT502",
                rel,
                line,
                col,
                f"'{message_id}' belongs in {owner[message_id]}.yaml, not here.",
                "Move the entry to that file.",
                pointer(parts),
            )
        text = translation.text
        line, col = document.locate([*parts, "text"])
        if text and not text.strip():
            yield make(
                "CT503",
                rel,
                line,
                col,
                f"The translation of '{message_id}' is only blank space.",
                "Translate it, or leave it empty ('') to fall back to the source.",
                where,
            )
            continue
        if not text.strip():
            continue
        source = sources[message_id]
        source_refs = Counter((r.kind, r.target) for r in textscan.references(source))
        refs = Counter((r.kind, r.target) for r in textscan.references(text))
        if refs != source_refs:
            missing = sorted(f"{k}:{t}" for k, t in (source_refs - refs))
            extra = sorted(f"{k}:{t}" for k, t in (refs - source_refs))
            yield make(
                "CT504",
                rel,
                line,
                col,
                f"The references of '{message_id}' differ from the source "
                f"(missing: {', '.join(missing) or 'none'}; extra: {', '.join(extra) or 'none'}).",
                "Keep every [text][kind:id] of the source; translate only the text in brackets.",
                where,
            )
        if textscan.list_shape(text) != textscan.list_shape(source):
            yield make(
                "CT504",
                rel,
                line,
                col,
                f"The lists of '{message_id}' differ from the source "
                f"({textscan.list_shape(text)} entries instead of {textscan.list_shape(source)}).",
                "Keep one '- ' line per list entry of the source.",
                where,
            )
        if translation.source is not None and translation.source != fingerprint(source):
            yield make(
                "CT505",
                rel,
                line,
                col,
                f"The source of '{message_id}' changed since it was translated.",
                "Update the translation, then run `chemsex-toolkit i18n update` to stamp it.",
                where,
            )


def _editorial_findings(
    content: Content, catalog: Catalog, locale: str, glossary: Glossary | None
) -> Iterator[Finding]:
    """The locale's typography and glossary, for every translated string."""
    model = catalog.model
    assert model is not None
    sources, _owner = _source_tables(content)
    document = catalog.document
    for message_id, translation in model.messages.items():
        text = translation.text
        if message_id not in sources or not text.strip():
            continue
        parts: list[str | int] = ["messages", message_id, "text"]
        for problem in typography.check(locale, text):
            line, col = document.locate_text(parts, problem.offset)
            yield make(
                "CT403",
                document.relpath,
                line,
                col,
                f"'{message_id}': {problem.message}",
                problem.hint,
                pointer(parts),
            )
        if glossary is None:
            continue
        for miss in glossary_misses(glossary, sources[message_id], text):
            term = miss.term
            line, col = document.locate(parts)
            if miss.avoided is not None:
                message = (
                    f"'{message_id}' translates '{term.term}' as '{miss.avoided}', which the "
                    f"{locale} glossary says to avoid."
                )
            else:
                message = (
                    f"The source of '{message_id}' holds '{term.term}', but the translation lacks "
                    f"the glossary's '{term.translation}'."
                )
            yield make(
                "CT508",
                document.relpath,
                line,
                col,
                message,
                f"Use '{term.translation}'"
                + (f" ({term.note})" if term.note else "")
                + f", or change the term in locales/{locale}/glossary.yaml.",
                pointer(parts),
            )


def _missing(content: Content, locale: str) -> Iterator[Finding]:
    from chemsex_toolkit.i18n.core import translations

    toolkit = content.toolkit
    assert toolkit is not None
    found = translations(content, locale)
    owner = domains(toolkit)
    missing = [m for m in source_messages(toolkit) if not (m in found and found[m].text.strip())]
    by_domain = Counter(owner[m] for m in missing)
    for domain, count in sorted(by_domain.items()):
        yield make(
            "CT506",
            f"locales/{locale}/{domain}.yaml",
            0,
            0,
            f"{count} string(s) of the shipped locale '{locale}' are not translated.",
            "Translate them, or see `chemsex-toolkit i18n status`.",
            severity=Severity.WARNING,
        )
