"""The rules that need the whole content: references, IDs, links, text hygiene, open gaps.

Each ``check_*`` function is the detector of the rules that name it (see ``rules.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from chemsex_toolkit import shape, textscan
from chemsex_toolkit.findings import Finding, Place, pointer
from chemsex_toolkit.loading import Content, Document
from chemsex_toolkit.loading.content import classify
from chemsex_toolkit.models import FILE_MODELS, SECTION_IDS, Toolkit
from chemsex_toolkit.urls import url_problem
from chemsex_toolkit.validation.rules import RULES

_DUPLICATE, _DANGLING, _UNUSED, _UNSAFE_URL = (
    RULES["CT301"],
    RULES["CT302"],
    RULES["CT304"],
    RULES["CT305"],
)
_RAW_HTML, _INLINE_URL, _SAME_URL, _UNSAFE_TEXT = (
    RULES["CT308"],
    RULES["CT309"],
    RULES["CT310"],
    RULES["CT311"],
)
_LOOP, _GAP, _PLACEHOLDER, _INVALID = RULES["CT312"], RULES["CT401"], RULES["CT402"], RULES["CT204"]
_MULTILINE = RULES["CT313"]

# Fields whose value is an ID or a URL, not prose: text rules do not apply to them.
_NON_TEXT_FIELDS = {
    "id",
    "url",
    "link",
    "section",
    "kind",
    "colour",
    "version",
    "licence",
    # Translation files: copies of the source text, now and before it changed (checked in the
    # source when it was the source), a fingerprint, a state.
    "source_text",
    "previous_source_text",
    "source",
    "status",
    # A translator's note is for translators: it is never shown to readers.
    "translator_note",
    "locale",
    "toolkit",
}


def check(content: Content) -> list[Finding]:
    """All semantic findings for loaded content."""
    findings: list[Finding] = []
    cited: set[str] = set()
    # A reference that is wrong in the source is one finding there, not one more in each
    # translation that copied it.
    dangling: set[tuple[str, str]] = set()
    for document in content.documents.values():
        findings.extend(check_text(content, document, cited, dangling))
    for document in _catalog_documents(content):
        findings.extend(check_text(content, document, cited, dangling, translation=True))
    toolkit = content.toolkit
    if toolkit is not None:
        findings.extend(check_links(content, toolkit, cited))
        findings.extend(check_checklist(content))
        findings.extend(check_gaps(content, toolkit))
    elif content.partial is not None:
        # A file did not load: what does not depend on it is still worth knowing. Unused links
        # and resources are left out, since the broken file may be what cites them.
        findings.extend(check_checklist(content))
        findings.extend(check_gaps(content, content.partial))
    return findings


def _catalog_documents(content: Content) -> list[Document]:
    """Translation files that parse: their text gets the same hygiene checks as the source."""
    from chemsex_toolkit.i18n.catalog import read_cached

    documents = []
    for path in content.catalog_files():
        catalog, _problems = read_cached(content, path)
        if catalog is not None:
            documents.append(catalog.document)
    return documents


def _strings(
    node: Any, parts: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _NON_TEXT_FIELDS and isinstance(value, str):
                continue
            yield from _strings(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*parts, index))
    elif isinstance(node, str):
        yield parts, node


def _one_line(document: Document, parts: tuple[str | int, ...]) -> bool:
    """Whether the text at ``parts`` is declared one line: by the field of the file's model in a
    source file, by the field its message ID names in a translation."""
    kind = classify(document.relpath)
    if kind == "catalog":
        return (
            len(parts) == 3
            and parts[0] == "messages"
            and parts[2] == "text"
            and shape.one_line_message(str(parts[1]))
        )
    return kind in FILE_MODELS and shape.one_line(FILE_MODELS[kind], parts)


def check_text(
    content: Content,
    document: Document,
    cited: set[str],
    dangling: set[tuple[str, str]] | None = None,
    translation: bool = False,
) -> Iterator[Finding]:
    """Text hygiene and references in every text of ``document``; records the cited links, and
    in ``dangling`` the wrong references of source texts, which a ``translation`` that copied
    them does not report again."""
    dangling = set() if dangling is None else dangling
    for parts, text in _strings(document.data):
        where = pointer(parts)

        def at(offset: int) -> Place:
            return Place(document.relpath, *document.locate_text(parts, offset), where)  # noqa: B023

        yield from text_findings(
            content,
            text,
            at,
            cited,
            dangling,
            one_line=_one_line(document, parts),
            here=_owner(document, parts),
            translation=translation,
            # An obsolete translation is kept for translators, never published: what it cites
            # may be gone with its string, and it cites no link for the unused-link rule.
            references=not (translation and parts[:1] == ("obsolete",)),
        )


def text_findings(
    content: Content,
    text: str,
    at: Callable[[int], Place],
    cited: set[str],
    dangling: set[tuple[str, str]],
    *,
    one_line: bool,
    here: set[tuple[str, str]] | None,
    translation: bool,
    references: bool = True,
) -> Iterator[Finding]:
    """The hygiene and reference findings of one text, placed by ``at(offset)``: what
    ``check_text`` finds in each text of a file, and importing a PO file in each translation
    before it is written. ``here`` is the item and section the text belongs to (a reference to
    them is a loop)."""
    if one_line and textscan.line_breaks(text):
        yield _MULTILINE.at(at(textscan.line_breaks(text)[0]))
    for hit in textscan.unsafe_characters(text):
        yield _UNSAFE_TEXT.at(at(hit.offset), character=hit.value)
    for hit in textscan.raw_html(text):
        yield _RAW_HTML.at(at(hit.offset), html=hit.value[:40])
    for hit in textscan.inline_urls(text):
        scheme = hit.value.split(":", 1)[0].lower()
        safe = scheme in ("http", "https", "mailto") or hit.value.lower().startswith("www.")
        rule = _INLINE_URL if safe else _UNSAFE_URL
        yield rule.at(at(hit.offset), url=hit.value[:60])
    for hit in textscan.placeholders(text):
        yield _PLACEHOLDER.at(at(hit.offset), text=hit.value)
    if references:
        yield from _reference_findings(content, here, text, cited, at, dangling, translation)


def _reference_findings(
    content: Content,
    here: set[tuple[str, str]] | None,
    text: str,
    cited: set[str],
    at: Callable[[int], Place],
    dangling: set[tuple[str, str]],
    translation: bool,
) -> Iterator[Finding]:
    for ref in textscan.references(text):
        if ref.kind == "link":
            cited.add(ref.target)
        label = f"[{ref.text}][{ref.kind}:{ref.target}]"
        problem = _unresolved(content, ref)
        if problem is not None and not translation:
            dangling.add((ref.kind, ref.target))
        if problem is not None and not (translation and (ref.kind, ref.target) in dangling):
            variant, values = problem
            yield _DANGLING.at(at(ref.start), variant, label=label, **values)
        elif here is not None and (ref.kind, ref.target) in here:
            yield _LOOP.at(at(ref.start), label=label)


def _owner(document: Document, parts: tuple[str | int, ...]) -> set[tuple[str, str]] | None:
    """The item and section a text belongs to, as references to them would name them."""
    if len(parts) == 2 and parts[0] == "sections" and isinstance(document.data, dict):
        item_id, section = document.data.get("id"), parts[1]
        if isinstance(item_id, str) and isinstance(section, str):
            return {("item", item_id), ("section", f"{item_id}/{section}")}
    elif len(parts) == 3 and parts[0] == "messages" and isinstance(parts[1], str):
        return message_owner(parts[1])
    return None


def message_owner(message_id: str) -> set[tuple[str, str]] | None:
    """The item and section the string ``message_id`` belongs to, as references to them would
    name them (None for a string of no item's section)."""
    kind, _, rest = message_id.partition(".")
    item_id, _, section = rest.rpartition(".")
    if kind != "item":
        return None
    return {("item", item_id), ("section", f"{item_id}/{section}")}


def _unresolved(content: Content, ref: textscan.Reference) -> tuple[str, dict[str, str]] | None:
    """How ``ref`` fails to resolve (the CT302 variant and its values), or None."""
    origins = content.origins
    target_kind = {"section": "item", "topic": "topic"}.get(ref.kind, ref.kind)
    if (
        "toolkit" in content.incomplete
        or target_kind in content.incomplete
        or (target_kind == "link" and "links" in content.incomplete)
    ):
        return None
    if ref.kind not in textscan.REFERENCE_KINDS:
        return "kind", {"kind": ref.kind, "kinds": ", ".join(textscan.REFERENCE_KINDS)}
    if ref.kind == "section":
        item_id, _, section = ref.target.partition("/")
        if ("item", item_id) in origins and section in SECTION_IDS:
            return None
        return "section", {"sections": ", ".join(SECTION_IDS)}
    if (ref.kind, ref.target) in origins:
        return None
    return "", {"kind": ref.kind, "target": ref.target}


def _cites_missing_link(content: Content, link: str | None) -> bool:
    return (
        bool(link) and ("link", link) not in content.origins and ("links" not in content.incomplete)
    )


def check_links(content: Content, toolkit: Toolkit, cited: set[str]) -> Iterator[Finding]:
    """Links and resources that cite nothing, are never cited, or repeat a URL."""
    for kind, things in (("source", toolkit.sources), ("resource", toolkit.resources)):
        for thing in things:
            if thing.link:
                cited.add(thing.link)
            if _cites_missing_link(content, thing.link):
                place = content.where(kind, thing.id, "link")
                yield _DANGLING.at(
                    place, "cited", Kind=kind.capitalize(), id=thing.id, link=thing.link
                )
    for topic in toolkit.topics:
        for item in topic.items:
            for index, resource_id in enumerate(item.resources):
                if ("resource", resource_id) not in content.origins and (
                    "resource" not in content.incomplete
                ):
                    place = content.where("item", item.id, "resources", index)
                    yield _DANGLING.at(place, "resource", item=item.id, resource=resource_id)
    by_url: dict[str, str] = {}
    for topic in toolkit.topics:
        for link in topic.links:
            problem = url_problem(link.url)
            if problem is not None:
                place = content.where("link", link.id, "url")
                yield _UNSAFE_URL.at(place, "link", id=link.id, problem=problem)
            place = content.where("link", link.id)
            if link.id not in cited and not content.incomplete:
                yield _UNUSED.at(place, id=link.id)
            first = by_url.setdefault(link.url, link.id)
            if first != link.id:
                yield _SAME_URL.at(place, id=link.id, first=first)


def check_gaps(content: Content, toolkit: Toolkit) -> Iterator[Finding]:
    """Every open gap, and gap IDs used twice in one item."""
    for topic in toolkit.topics:
        for item in topic.items:
            seen: set[str] = set()
            for index, gap in enumerate(item.gaps):
                place = content.where("item", item.id, "gaps", index)
                if gap.id in seen:
                    yield _DUPLICATE.at(place, "gap", id=gap.id, item=item.id)
                seen.add(gap.id)
                if gap.notice is not None and f"gap-notice-{gap.notice}" not in toolkit.ui:
                    at = content.where("item", item.id, "gaps", index, "notice")
                    yield _DANGLING.at(at, "notice", id=gap.id, notice=gap.notice)
                yield _GAP.at(
                    place,
                    id=gap.id,
                    kind=gap.kind,
                    item=item.id,
                    section=gap.section,
                    note=gap.note,
                )


def check_checklist(content: Content) -> Iterator[Finding]:
    """The checklist's IDs, its four sections and the questions that open them."""
    document = content.documents.get("checklist.yaml")
    if document is None:
        return
    data = document.data
    for key in ("sections", "questions", "answers"):
        yield from _unique_ids(document, data.get(key) or [], (key,))
    columns = (data.get("action_plan") or {}).get("columns") or []
    yield from _unique_ids(document, columns, ("action_plan", "columns"))
    sections = [s.get("id") for s in data.get("sections") or []]
    if sections != list(SECTION_IDS):
        place = Place(document.relpath, *document.locate(["sections"]), "/sections")
        yield _INVALID.at(place, "sections", sections=", ".join(SECTION_IDS))
    opened = [q.get("section") for q in data.get("questions") or []]
    for index, section in enumerate(opened):
        if opened.index(section) != index:
            parts: list[str | int] = ["questions", index, "section"]
            place = Place(document.relpath, *document.locate(parts), pointer(parts))
            yield _DUPLICATE.at(place, "section", section=section)


def _unique_ids(document: Document, entries: Any, parts: tuple[str, ...]) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if ident in seen:
            path: list[str | int] = [*parts, index, "id"]
            place = Place(document.relpath, *document.locate(path), pointer(path))
            yield _DUPLICATE.at(place, "entry", id=ident, where=".".join(parts))
        seen.add(str(ident))
