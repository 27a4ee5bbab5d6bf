"""The round-trip reader: ruamel.yaml nodes that keep comments and formatting, for the commands
that change content and write it back (see ``yamlio.py`` for the reader checks use)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from chemsex_toolkit.findings import Place, Problem, pointer, problem
from chemsex_toolkit.loading import events
from chemsex_toolkit.loading.yamlio import MAX_DEPTH, Document, empty, marked


def parse(text: str, path: Path, relpath: str) -> tuple[Document | None, list[Problem]]:
    """Parse ``text`` (decoded, newlines normalised) into round-trip nodes."""
    try:
        data = _yaml().load(io.StringIO(text))
    except DuplicateKeyError as error:
        return None, [marked("CT103", "parser", relpath, error)]
    except MarkedYAMLError as error:
        tagged = "tag" in str(error.problem or "")
        return None, [marked(*(("CT105", "parser") if tagged else ("CT102", "")), relpath, error)]
    except YAMLError as error:
        return None, [problem("CT102", Place(relpath), "unknown", problem=error)]
    except RecursionError:
        return None, [problem("CT109", Place(relpath), "recursion")]
    if data is None:
        return None, [empty(relpath)]
    document = Document(path=path, relpath=relpath, data=data, text=text)
    return document, list(_structure_problems(document))


def locate(data: Any, parts: Sequence[str | int]) -> tuple[int, int]:
    node = data
    found = (1, 1)
    for part in parts:
        if isinstance(node, CommentedMap) and part in node:
            line, col = node.lc.value(part)
            found = (line + 1, col + 1)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            found = (line + 1, col + 1)
            node = node[part]
        else:
            break
    return found


def locate_key(parent: Any, key: str | int) -> tuple[int, int] | None:
    """1-based line and column of ``key`` in the mapping ``parent``, if it is one of ruamel's."""
    if isinstance(parent, CommentedMap) and key in parent:
        line, col = parent.lc.key(key)
        return line + 1, col + 1
    return None


_CORE_TAGS = {
    type(None): "tag:yaml.org,2002:null",
    bool: "tag:yaml.org,2002:bool",
    int: "tag:yaml.org,2002:int",
    float: "tag:yaml.org,2002:float",
    dt.date: "tag:yaml.org,2002:timestamp",
    dt.datetime: "tag:yaml.org,2002:timestamp",
    str: "tag:yaml.org,2002:str",
}


class _CoreResolver(VersionedResolver):
    """Plain scalars resolved exactly as the fast reader resolves them (``events.resolve``), so
    the two readers agree on every value: ruamel's own rules read ``=`` as a value tag and
    ``1_000``, ``0b101`` as numbers, which YAML 1.2's core schema does not."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return Tag(suffix=_CORE_TAGS[type(events.resolve(value))])
        return super().resolve(kind, value, implicit)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _CoreResolver
    yaml.allow_duplicate_keys = False
    # Keeps quote styles, so that columns inside quoted strings can be computed exactly.
    yaml.preserve_quotes = True
    return yaml


def _structure_problems(document: Document) -> Iterator[Problem]:
    """Tags, aliases and nesting depth: things ruamel accepts but content must not use."""
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document.data, ())]
    while stack:
        node, parts = stack.pop()
        if len(parts) > MAX_DEPTH:
            at = Place(document.relpath, *document.locate(parts), pointer(parts))
            yield problem("CT109", at, limit=MAX_DEPTH)
            continue
        if isinstance(node, (CommentedMap, CommentedSeq)):
            if id(node) in seen:
                yield from _alias_problems(document)
                return
            seen.add(id(node))
            tag = getattr(node, "tag", None)
            if tag is not None and getattr(tag, "value", None):
                yield _tag_problem(document, parts, str(tag.value))
            children = node.items() if isinstance(node, CommentedMap) else enumerate(node)
            for key, value in reversed(list(children)):
                stack.append((value, (*parts, key)))
        elif isinstance(node, TaggedScalar):
            yield _tag_problem(document, parts, str(node.tag.value))


def _alias_problems(document: Document) -> Iterator[Problem]:
    """One finding per alias. The loaded data cannot tell where an alias stood (it is the very
    object it refers to), so the positions come from the parser's events."""
    for event in _yaml().parse(io.StringIO(document.text)):
        if isinstance(event, AliasEvent) and event.start_mark is not None:
            mark = event.start_mark
            at = Place(document.relpath, mark.line + 1, mark.column + 1)
            yield problem("CT108", at, anchor=event.anchor, more="")


def _tag_problem(document: Document, parts: tuple[str | int, ...], tag: str) -> Problem:
    at = Place(document.relpath, *document.locate(parts), pointer(parts))
    return problem("CT105", at, tag=tag)


def to_plain(node: Any) -> Any:
    """ruamel nodes to plain dicts, lists and scalars (what pydantic and jsonschema expect)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node
