"""Every URL the content cites, with every place it is used (file, line, column, ID)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chemsex_toolkit.loading.yamlio import Document, read_yaml

_INLINE = re.compile(r"\]\(\s*<?((?:https?|mailto):[^)\s>]+)|<((?:https?|mailto):[^>\s]+)>")


@dataclass(frozen=True)
class Use:
    file: str
    line: int
    column: int
    id: str


@dataclass
class Target:
    url: str
    uses: list[Use] = field(default_factory=list)


def collect(root: Path) -> tuple[list[Target], list[str]]:
    """Targets in first-use order, and notes on files that could not be read."""
    targets: dict[str, Target] = {}
    notes: list[str] = []
    for path in sorted(root.rglob("*.yaml")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        document, problems = read_yaml(path, root)
        if document is None or problems:
            notes.append(f"{path.relative_to(root).as_posix()}: skipped, it has YAML errors")
            continue
        for url, use in _uses(document):
            targets.setdefault(url, Target(url)).uses.append(use)
    return list(targets.values()), notes


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
