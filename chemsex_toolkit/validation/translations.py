"""The translation rules (CT5xx, and CT403 typography): locale codes, files, IDs, structure,
staleness, and each locale's typography and glossary."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from chemsex_toolkit import shape, textscan
from chemsex_toolkit.findings import Finding, Place, Severity, pointer
from chemsex_toolkit.i18n.catalog import (
    Catalog,
    fingerprint,
    locale_catalog_paths,
    present_locales,
    read_cached,
)
from chemsex_toolkit.i18n.glossary import Glossary, glossary_path, read_glossary, stray_avoided
from chemsex_toolkit.i18n.glossary import misses as glossary_misses
from chemsex_toolkit.i18n.locales import is_valid
from chemsex_toolkit.loading import Content, read_yaml
from chemsex_toolkit.messages import domains, source_messages
from chemsex_toolkit.validation import inclusive, semantic, typography
from chemsex_toolkit.validation.rules import RULES, word_all
from chemsex_toolkit.validation.schema_rules import explain

_BAD_LOCALE, _DANGLING, _UNKNOWN = RULES["CT501"], RULES["CT302"], RULES["CT502"]
_BLANK, _STRUCTURE, _STALE = RULES["CT503"], RULES["CT504"], RULES["CT505"]
_MISSING, _MISMATCH = RULES["CT506"], RULES["CT507"]
_TYPOGRAPHY, _GLOSSARY = RULES["CT403"], RULES["CT508"]
_FIELDS = RULES["CT515"]
_GENDER_SIGN, _AVOIDED, _APOSTROPHES = RULES["CT404"], RULES["CT509"], RULES["CT510"]


def check(content: Content) -> list[Finding]:
    # With a broken source file, the translations are still checked against the rest.
    toolkit = content.toolkit or content.partial
    findings: list[Finding] = []
    for locale in present_locales(content.root):
        if not is_valid(locale):
            findings.append(_BAD_LOCALE.at(Place(f"locales/{locale}"), locale=locale))
            continue
        glossary, glossary_findings = _glossary(content, locale)
        findings += glossary_findings
        sound: list[Catalog] = []
        for path in locale_catalog_paths(content.root, locale):
            catalog, problems = read_cached(content, path)
            if catalog is not None and catalog.model is None:
                findings += explain(catalog.document, "catalog")
            else:
                findings += word_all(problems)
            if catalog is None or catalog.model is None or toolkit is None:
                continue
            findings += _catalog_findings(content, catalog, locale)
            findings += _editorial_findings(content, catalog, locale, glossary)
            sound.append(catalog)
        findings += _apostrophe_findings(content, sound)
        if toolkit is not None and locale in toolkit.locales:
            findings += _missing(content, locale)
    if toolkit is not None:
        for index, locale in enumerate(toolkit.locales):
            if locale not in present_locales(content.root):
                place = content.place("toolkit.yaml", "locales", index)
                findings.append(_DANGLING.at(place, "locale", locale=locale))
    return findings


def _glossary(content: Content, locale: str) -> tuple[Glossary | None, list[Finding]]:
    """The locale's glossary when it is sound, and the findings that say why not."""
    glossary, problems = read_glossary(content.root, locale)
    if any(found.variant == "refused" for found in problems):
        document, _ = read_yaml(glossary_path(content.root, locale), content.root)
        assert document is not None
        return None, explain(document, "glossary")
    if glossary is not None and glossary.locale != locale:
        place = Place(f"locales/{locale}/glossary.yaml", 1, 1, "/locale")
        return None, [_MISMATCH.at(place, "glossary", value=glossary.locale, locale=locale)]
    return glossary, word_all(problems)


def _source_tables(content: Content) -> tuple[dict[str, str], dict[str, str]]:
    """The source strings and the file each belongs in, worked out once per validate run."""
    key = ("source-tables",)
    if key not in content.cache:
        toolkit = content.toolkit or content.partial
        assert toolkit is not None
        content.cache[key] = (source_messages(toolkit), domains(toolkit))
    tables: tuple[dict[str, str], dict[str, str]] = content.cache[key]
    return tables


def _catalog_findings(content: Content, catalog: Catalog, locale: str) -> Iterator[Finding]:
    toolkit = content.toolkit or content.partial
    model = catalog.model
    assert toolkit is not None and model is not None
    document = catalog.document
    rel = document.relpath
    if model.locale != locale or model.toolkit != toolkit.id:
        field = "locale" if model.locale != locale else "toolkit"
        place = Place(rel, *document.locate([field]), pointer([field]))
        value = getattr(model, field)
        yield _MISMATCH.at(place, field=field, value=value, locale=locale, toolkit=toolkit.id)
    sources, owner = _source_tables(content)
    for message_id, translation in model.messages.items():
        parts: list[str | int] = ["messages", message_id]
        if message_id not in sources or owner[message_id] != catalog.domain:
            place = Place(rel, *document.locate_key(parts), pointer(parts))
            if message_id not in sources:
                if content.toolkit is not None:  # else it may live in the file that failed
                    yield _UNKNOWN.at(place, id=message_id)
                continue
            yield _UNKNOWN.at(place, "domain", id=message_id, domain=owner[message_id])
        place = Place(rel, *document.locate([*parts, "text"]), pointer([*parts, "text"]))
        yield from _translation_findings(
            place, message_id, translation.text, sources[message_id], translation.source
        )


def _translation_findings(
    place: Place, message_id: str, text: str, source: str, stamp: str | None
) -> Iterator[Finding]:
    if text and not text.strip():
        yield _BLANK.at(place, id=message_id)
        return
    if not text.strip():
        return
    if stamp is not None and stamp != fingerprint(source):
        # Stale: made from another source text, so it may differ from today's. CT505 asks for
        # the update; one changed source gives no error per translation.
        yield _STALE.at(place, id=message_id)
        return
    source_refs = Counter((r.kind, r.target) for r in textscan.references(source))
    refs = Counter((r.kind, r.target) for r in textscan.references(text))
    if refs != source_refs:
        missing = sorted(f"{k}:{t}" for k, t in (source_refs - refs))
        extra = sorted(f"{k}:{t}" for k, t in (refs - source_refs))
        yield _STRUCTURE.at(
            place,
            id=message_id,
            missing=", ".join(missing) or "none",
            extra=", ".join(extra) or "none",
        )
    found, expected = textscan.list_shape(text), textscan.list_shape(source)
    if found != expected:
        yield _STRUCTURE.at(place, "lists", id=message_id, found=found, expected=expected)
    lacking, added = textscan.field_mismatch(source, text)
    if lacking or added:  # a page shows a field it cannot fill raw
        yield _FIELDS.at(
            place,
            id=message_id,
            missing=textscan.listed_fields(lacking),
            extra=textscan.listed_fields(added),
        )


def translation_errors(
    content: Content, message_id: str, text: str, made_from: str, place: Place
) -> list[Finding]:
    """The errors ``validate`` would report in ``text`` as the translation of ``message_id``
    made from the source text ``made_from``, each at ``place``: its references, lists and
    placeholders against the source (CT504, CT515; none for a stale one, as validate), and the
    hygiene of every text (raw HTML, URLs, dangling references, ...). Importing a PO file
    refuses a translation with any of them before writing it."""
    sources, _owner = _source_tables(content)
    source = sources[message_id]
    # A wrong reference the source holds is reported there, not again in a translation that
    # copied it, as validate does.
    dangling: set[tuple[str, str]] = set()

    def at(_offset: int) -> Place:
        return place

    # Run for what it records in ``dangling``; the source's own findings are validate's.
    list(
        semantic.text_findings(
            content, source, at, set(), dangling, one_line=False, here=None, translation=False
        )
    )
    found = [
        *_translation_findings(place, message_id, text, source, fingerprint(made_from)),
        *semantic.text_findings(
            content,
            text,
            at,
            set(),
            dangling,
            one_line=shape.one_line_message(message_id),
            here=semantic.message_owner(message_id),
            translation=True,
        ),
    ]
    return [finding for finding in found if finding.severity is Severity.ERROR]


def _editorial_findings(
    content: Content, catalog: Catalog, locale: str, glossary: Glossary | None
) -> Iterator[Finding]:
    """The locale's typography, gender signs and glossary, for every translated string."""
    model = catalog.model
    assert model is not None
    sources, _owner = _source_tables(content)
    document = catalog.document
    # Titles quoted in their own language keep their own typography.
    names = glossary.names if glossary is not None else ()
    for message_id, translation in model.messages.items():
        text = translation.text
        if message_id not in sources or not text.strip():
            continue
        parts: list[str | int] = ["messages", message_id, "text"]

        def at(offset: int) -> Place:
            return Place(document.relpath, *document.locate_text(parts, offset), pointer(parts))  # noqa: B023

        for found in typography.check(locale, text, names):
            yield _TYPOGRAPHY.at(
                at(found.offset), id=message_id, problem=found.message, hint=found.hint
            )
        for found in inclusive.gender_signs(locale, text):
            yield _GENDER_SIGN.at(
                at(found.offset), id=message_id, problem=found.message, hint=found.hint
            )
        if glossary is None:
            continue
        for miss in stray_avoided(glossary, sources[message_id], text):
            yield _AVOIDED.at(
                Place(document.relpath, *document.locate(parts), pointer(parts)),
                id=message_id,
                avoided=miss.avoided,
                translation=miss.term.translation,
                note=f" ({miss.term.note})" if miss.term.note else "",
                locale=locale,
            )
        place = Place(document.relpath, *document.locate(parts), pointer(parts))
        for miss in glossary_misses(glossary, sources[message_id], text):
            term = miss.term
            yield _GLOSSARY.at(
                place,
                "avoided" if miss.avoided is not None else "",
                id=message_id,
                term=term.term,
                avoided=miss.avoided,
                translation=term.translation,
                note=f" ({term.note})" if term.note else "",
                locale=locale,
            )


# Between letters, or before the text of a reference ("l'[Orientation][topic:…]").
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['\u2019](?=[^\W\d_]|\[)")


def _apostrophe_findings(content: Content, catalogs: list[Catalog]) -> Iterator[Finding]:
    """One apostrophe per locale: where its strings mix the straight and the typographic one,
    each use of the rarer (the straight one on a tie) is reported."""
    sources, _owner = _source_tables(content)
    uses: list[tuple[Catalog, str, int, str]] = []
    for catalog in catalogs:
        assert catalog.model is not None
        for message_id, translation in catalog.model.messages.items():
            if message_id in sources and ("'" in translation.text or "\u2019" in translation.text):
                masked = typography.mask(translation.text)
                uses += [
                    (catalog, message_id, m.start(), m.group(0))
                    for m in _APOSTROPHE.finditer(masked)
                ]
    counts = Counter(mark for *_rest, mark in uses)
    if len(counts) < 2:
        return
    usual = "\u2019" if counts["\u2019"] >= counts["'"] else "'"
    for catalog, message_id, offset, mark in uses:
        if mark == usual:
            continue
        document = catalog.document
        parts: list[str | int] = ["messages", message_id, "text"]
        place = Place(document.relpath, *document.locate_text(parts, offset), pointer(parts))
        yield _APOSTROPHES.at(place, id=message_id, found=mark, usual=usual, count=counts[usual])


def _missing(content: Content, locale: str) -> Iterator[Finding]:
    from chemsex_toolkit.i18n.core import translations

    toolkit = content.toolkit or content.partial
    assert toolkit is not None
    found = translations(content, locale)
    owner = domains(toolkit)
    missing = [m for m in source_messages(toolkit) if not (m in found and found[m].text.strip())]
    by_domain = Counter(owner[m] for m in missing)
    for domain, count in sorted(by_domain.items()):
        yield _MISSING.at(Place(f"locales/{locale}/{domain}.yaml"), count=count, locale=locale)
