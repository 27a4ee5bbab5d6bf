"""Every URL the content cites, with every place it is used (file, line, column, ID).

URLs are taken from the documents validation read, and from nothing else: the files of the
layout and the translation catalogs, never a file that a link leads to outside the folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chemsex_toolkit.loading.yamlio import Document

if TYPE_CHECKING:
    from chemsex_toolkit.loading.content import Content

_INLINE = re.compile(r"\]\(\s*<?((?:https?|mailto):[^)\s>]+)|<((?:https?|mailto):[^>\s]+)>")


@dataclass(frozen=True)
class Use:
    """One place that cites a URL: the file (relative to the content folder), line and column,
    and the ID of the link or thing that holds it."""

    file: str
    line: int
    column: int
    id: str


@dataclass
class Target:
    """A URL the content cites, with every place that cites it."""

    url: str
    uses: list[Use] = field(default_factory=list)


def collect(content: Content) -> list[Target]:
    """Targets in first-use order."""
    from chemsex_toolkit.i18n.catalog import read_cached

    documents = list(content.documents.values())
    for path in content.catalog_files():
        catalog, _problems = read_cached(content, path)
        if catalog is not None:
            documents.append(catalog.document)
    targets: dict[str, Target] = {}
    for document in sorted(documents, key=lambda d: d.relpath):
        for url, use in _uses(document):
            targets.setdefault(url, Target(url)).uses.append(use)
    return list(targets.values())


def _uses(document: Document) -> Iterator[tuple[str, Use]]:
    stack: list[tuple[Any, tuple[str | int, ...], str]] = [(document.data, (), "")]
    while stack:
        node, parts, owner = stack.pop()
        if isinstance(node, dict):
            ident = node.get("id")
            owner = str(ident) if isinstance(ident, str) else owner
            if len(parts) == 2 and parts[0] == "messages":
                owner = str(parts[1])
            for key, value in reversed(list(node.items())):
                if key == "url" and isinstance(value, str):
                    line, col = document.locate([*parts, key])
                    yield value, Use(document.relpath, line, col, owner)
                elif key != "source_text":
                    stack.append((value, (*parts, key), owner))
        elif isinstance(node, list):
            for index in reversed(range(len(node))):
                stack.append((node[index], (*parts, index), owner))
        elif isinstance(node, str):
            for match in _INLINE.finditer(node):
                group = 1 if match.group(1) else 2
                line, col = document.locate_text(list(parts), match.start(group))
                yield match.group(group), Use(document.relpath, line, col, owner)
