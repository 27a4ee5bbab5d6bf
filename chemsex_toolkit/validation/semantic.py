"""Rules that need the whole content: references, IDs, links, text hygiene, open gaps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chemsex_toolkit import textscan
from chemsex_toolkit.findings import Finding, pointer
from chemsex_toolkit.loading.content import Content
from chemsex_toolkit.loading.yamlio import Document
from chemsex_toolkit.models import SECTION_IDS, Toolkit
from chemsex_toolkit.rules import make
from chemsex_toolkit.urls import url_problem

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
    # Translation files: a copy of the source text (checked in the source), a fingerprint, a state.
    "source_text",
    "source",
    "status",
    "locale",
    "toolkit",
}


def check(content: Content) -> list[Finding]:
    """All semantic findings for loaded content (file-level findings come from loading)."""
    findings: list[Finding] = []
    cited: set[str] = set()
    for document in [*content.documents.values(), *_catalog_documents(content)]:
        findings.extend(_text_findings(content, document, cited))
    toolkit = content.toolkit
    if toolkit is not None:
        findings.extend(_link_findings(content, toolkit, cited))
        findings.extend(_checklist_findings(content))
        findings.extend(_gap_findings(content, toolkit))
        findings.extend(_resource_findings(content, toolkit))
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


_ONE_LINE_FIELDS = ("title", "label", "short")


def _one_line(parts: tuple[str | int, ...]) -> bool:
    """Whether the text at ``parts`` is a title or label: by its key in a source file, by its
    message ID (``item.x.title``) in a translation."""
    if not parts:
        return False
    if parts[-1] in _ONE_LINE_FIELDS:
        return True
    return (
        len(parts) == 3
        and parts[0] == "messages"
        and parts[2] == "text"
        and str(parts[1]).rsplit(".", 1)[-1] in _ONE_LINE_FIELDS
    )


def _text_findings(content: Content, document: Document, cited: set[str]) -> Iterator[Finding]:
    rel = document.relpath
    for parts, text in _strings(document.data):
        where = pointer(parts)

        def at(offset: int) -> tuple[int, int]:
            return document.locate_text(parts, offset)  # noqa: B023

        if _one_line(parts) and textscan.line_breaks(text):
            line, col = at(textscan.line_breaks(text)[0])
            yield make(
                "CT313",
                rel,
                line,
                col,
                "A title or label is one line: this one holds a line break.",
                "Join the lines; a break would start a new heading or paragraph in the exports.",
                where,
            )
        for hit in textscan.unsafe_characters(text):
            line, col = at(hit.offset)
            yield make(
                "CT311",
                rel,
                line,
                col,
                f"Invisible character {hit.value} in text.",
                "Delete it; control and direction-override characters can hide or reorder text.",
                where,
            )
        for hit in textscan.raw_html(text):
            line, col = at(hit.offset)
            yield make(
                "CT308",
                rel,
                line,
                col,
                f"Raw HTML {hit.value[:40]!r} is not allowed in content.",
                "Use Markdown instead (**bold**, *emphasis*, - lists); HTML is never rendered.",
                where,
            )
        for hit in textscan.inline_urls(text):
            line, col = at(hit.offset)
            scheme = hit.value.split(":", 1)[0].lower()
            if scheme not in ("http", "https", "mailto") and not hit.value.lower().startswith(
                "www."
            ):
                yield make(
                    "CT305",
                    rel,
                    line,
                    col,
                    f"Unsafe link target {hit.value[:60]!r} in text.",
                    "Only http, https and mailto links are allowed, and only through a link ID.",
                    where,
                )
                continue
            yield make(
                "CT309",
                rel,
                line,
                col,
                f"URL {hit.value[:60]!r} is written into the text.",
                "Add it to the topic's links.yaml and cite it as [text][link:its-id].",
                where,
            )
        for hit in textscan.placeholders(text):
            line, col = at(hit.offset)
            yield make(
                "CT402",
                rel,
                line,
                col,
                f"{hit.value!r} looks like placeholder text.",
                "Write the text, or record an open gap on the item (gaps:) instead.",
                where,
            )
        here = _owner(document, parts)
        for ref in textscan.references(text):
            if ref.kind == "link":
                cited.add(ref.target)
            problem = _unresolved(content, ref)
            if problem:
                line, col = at(ref.start)
                yield make("CT302", rel, line, col, problem[0], problem[1], where)
            elif here is not None and (ref.kind, ref.target) in here:
                line, col = at(ref.start)
                yield make(
                    "CT312",
                    rel,
                    line,
                    col,
                    f"[{ref.text}][{ref.kind}:{ref.target}] points to the text it stands in.",
                    "Point it at another item or section, or drop the reference.",
                    where,
                )


def _owner(document: Document, parts: tuple[str | int, ...]) -> set[tuple[str, str]] | None:
    """The item and section a text belongs to, as references to them would name them."""
    item_id: object = None
    section: object = None
    if len(parts) == 2 and parts[0] == "sections" and isinstance(document.data, dict):
        item_id, section = document.data.get("id"), parts[1]
    elif len(parts) == 3 and parts[0] == "messages" and isinstance(parts[1], str):
        kind, _, rest = parts[1].partition(".")
        item_id, _, section = rest.rpartition(".")
        if kind != "item":
            return None
    if not isinstance(item_id, str) or not isinstance(section, str):
        return None
    return {("item", item_id), ("section", f"{item_id}/{section}")}


def _unresolved(content: Content, ref: textscan.Reference) -> tuple[str, str] | None:
    origins = content.origins
    target_kind = {"section": "item", "topic": "topic"}.get(ref.kind, ref.kind)
    if (
        "toolkit" in content.incomplete
        or target_kind in content.incomplete
        or (target_kind == "link" and "links" in content.incomplete)
    ):
        return None
    label = f"[{ref.text}][{ref.kind}:{ref.target}]"
    if ref.kind not in textscan.REFERENCE_KINDS:
        kinds = ", ".join(textscan.REFERENCE_KINDS)
        return f"Unknown reference kind '{ref.kind}' in {label}.", f"Use one of: {kinds}."
    if ref.kind == "section":
        item_id, _, section = ref.target.partition("/")
        if ("item", item_id) in origins and section in SECTION_IDS:
            return None
        return (
            f"{label} does not point to a section.",
            "Write item-id/section, with section one of " + ", ".join(SECTION_IDS) + ".",
        )
    if (ref.kind, ref.target) in origins:
        return None
    return (
        f"{label} points to no {ref.kind} with the ID '{ref.target}'.",
        f"Check the ID, or define the {ref.kind}.",
    )


def _link_findings(content: Content, toolkit: Toolkit, cited: set[str]) -> Iterator[Finding]:
    for source in toolkit.sources:
        cited.add(source.link)
        if ("link", source.link) not in content.origins and "links" not in content.incomplete:
            file, line, col, where = content.where("source", source.id, "link")
            yield make(
                "CT302",
                file,
                line,
                col,
                f"Source '{source.id}' cites the unknown link '{source.link}'.",
                "Use the ID of a link defined in a links.yaml.",
                where,
            )
    for resource in toolkit.resources:
        if resource.link:
            cited.add(resource.link)
    by_url: dict[str, str] = {}
    for topic in toolkit.topics:
        for link in topic.links:
            file, line, col, where = content.where("link", link.id)
            if link.id not in cited and not content.incomplete:
                yield make(
                    "CT304",
                    file,
                    line,
                    col,
                    f"Link '{link.id}' is never cited.",
                    f"Cite it as [text][link:{link.id}] somewhere, or remove it.",
                    where,
                )
            problem = url_problem(link.url)
            if problem is not None:
                file, line, col, where = content.where("link", link.id, "url")
                yield make(
                    "CT305",
                    file,
                    line,
                    col,
                    f"The URL of link '{link.id}' is not allowed: {problem}.",
                    "Write a plain http(s) address without spaces, credentials or invisible "
                    "characters; percent-encode the characters a URL cannot hold.",
                    where,
                )
            first = by_url.setdefault(link.url, link.id)
            if first != link.id:
                yield make(
                    "CT310",
                    file,
                    line,
                    col,
                    f"Link '{link.id}' has the same URL as '{first}'.",
                    f"Cite '{first}' instead and remove this one.",
                    where,
                )


def _resource_findings(content: Content, toolkit: Toolkit) -> Iterator[Finding]:
    for resource in toolkit.resources:
        if (
            resource.link
            and ("link", resource.link) not in content.origins
            and "links" not in content.incomplete
        ):
            file, line, col, where = content.where("resource", resource.id, "link")
            yield make(
                "CT302",
                file,
                line,
                col,
                f"Resource '{resource.id}' cites the unknown link '{resource.link}'.",
                "Use the ID of a link defined in a links.yaml.",
                where,
            )
    for topic in toolkit.topics:
        for item in topic.items:
            for index, resource_id in enumerate(item.resources):
                if ("resource", resource_id) not in content.origins and (
                    "resource" not in content.incomplete
                ):
                    file, line, col, where = content.where("item", item.id, "resources", index)
                    yield make(
                        "CT302",
                        file,
                        line,
                        col,
                        f"Item '{item.id}' lists the unknown resource '{resource_id}'.",
                        "Use the ID of a file in resources/.",
                        where,
                    )


def _gap_findings(content: Content, toolkit: Toolkit) -> Iterator[Finding]:
    for topic in toolkit.topics:
        for item in topic.items:
            seen: set[str] = set()
            for index, gap in enumerate(item.gaps):
                file, line, col, where = content.where("item", item.id, "gaps", index)
                if gap.id in seen:
                    yield make(
                        "CT301",
                        file,
                        line,
                        col,
                        f"Gap ID '{gap.id}' is used twice in item '{item.id}'.",
                        "Give each gap its own ID.",
                        where,
                    )
                seen.add(gap.id)
                if gap.notice is not None and f"gap-notice-{gap.notice}" not in toolkit.ui:
                    file, line, col, where = content.where(
                        "item", item.id, "gaps", index, "notice"
                    )
                    yield make(
                        "CT302",
                        file,
                        line,
                        col,
                        f"Gap '{gap.id}' shows readers the notice 'gap-notice-{gap.notice}', "
                        "which ui.yaml does not define.",
                        f"Add 'gap-notice-{gap.notice}' to ui.yaml, or remove `notice`.",
                        where,
                    )
                    file, line, col, where = content.where("item", item.id, "gaps", index)
                yield make(
                    "CT401",
                    file,
                    line,
                    col,
                    f"Open gap '{gap.id}' ({gap.kind}) in {item.id}/{gap.section}: {gap.note}",
                    "Close it by adding what is missing, then remove the gap.",
                    where,
                )


def _checklist_findings(content: Content) -> Iterator[Finding]:
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
        line, col = document.locate(["sections"])
        yield make(
            "CT204",
            document.relpath,
            line,
            col,
            "The sections must be " + ", ".join(SECTION_IDS) + ", in this order.",
            "Keep the four sections of the original toolkit in their order.",
            "/sections",
        )
    opened = [q.get("section") for q in data.get("questions") or []]
    for index, section in enumerate(opened):
        if opened.index(section) != index:
            line, col = document.locate(["questions", index, "section"])
            yield make(
                "CT301",
                document.relpath,
                line,
                col,
                f"Two questions open the section '{section}'.",
                "Each question opens a section of its own.",
                pointer(["questions", index, "section"]),
            )


def _unique_ids(document: Document, entries: Any, parts: tuple[str, ...]) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if ident in seen:
            line, col = document.locate([*parts, index, "id"])
            yield make(
                "CT301",
                document.relpath,
                line,
                col,
                f"The ID '{ident}' is used twice in {'.'.join(parts)}.",
                "Give each entry its own ID.",
                pointer([*parts, index, "id"]),
            )
        seen.add(str(ident))
