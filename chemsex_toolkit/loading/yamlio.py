"""Reading one YAML file safely, keeping where every value came from.

Two readers share one ``Document`` interface. Checking and exporting read plain data with positions
built from libyaml's events (``events.py``: fast, nothing constructed, aliases never expanded).
Commands that write YAML back (translation updates, imports) read with ruamel.yaml's round-trip
loader, which also keeps comments and formatting. Neither constructs Python objects from tags; what
they let through that content must not have (tags, aliases, absurd nesting) becomes findings.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from chemsex_toolkit.findings import Place, Problem, pointer, problem
from chemsex_toolkit.loading import events
from chemsex_toolkit.safefiles import OutsideFolder, read_capped

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_STRING_CHARS = 100_000


@dataclass
class Document:
    """A parsed YAML file and where it lives. ``data`` is plain dicts, lists and scalars with
    positions in ``marks`` (see ``events.py``), or, when ``marks`` is None, ruamel round-trip
    nodes that carry their own positions and comments."""

    path: Path
    relpath: str
    data: Any
    text: str
    marks: dict[int, Any] | None = None

    @property
    def round_trip(self) -> bool:
        return self.marks is None

    def plain(self) -> Any:
        """The data as plain dicts, lists and scalars (what pydantic and jsonschema expect)."""
        return to_plain(self.data) if self.marks is None else self.data

    def _position(self, parts: Sequence[str | int]) -> tuple[int, int, str | None]:
        if self.marks is None:
            line, col = locate(self.data, parts)
            value = _walk(self.data, parts)
            return line, col, getattr(value, "style", None)
        node = self.data
        found: tuple[int, int, str | None] = (1, 1, None)
        for part in parts:
            entries = self.marks.get(id(node))
            if isinstance(node, dict) and part in node and entries is not None:
                _kl, _kc, line, col, style = entries[part]
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                line, col, style = entries[part] if entries is not None else (*found[:2], None)
                node = node[part]
            else:
                break
            found = (line, col, style)
        return found

    def locate(self, parts: Sequence[str | int]) -> tuple[int, int]:
        """1-based line and column of the value at ``parts``, or of its nearest located parent."""
        line, col, _style = self._position(parts)
        return line, col

    def locate_key(self, parts: Sequence[str | int]) -> tuple[int, int]:
        """1-based line and column of the key (not the value) at ``parts``."""
        if not parts:
            return 1, 1
        parent = _walk(self.data, parts[:-1])
        last = parts[-1]
        if self.marks is not None and isinstance(parent, dict) and last in parent:
            entries = self.marks.get(id(parent))
            if entries is not None:
                key_line, key_col = entries[last][:2]
                return key_line, key_col
        if isinstance(parent, CommentedMap) and last in parent:
            line, col = parent.lc.key(last)
            return line + 1, col + 1
        return self.locate(parts)

    def locate_text(self, parts: Sequence[str | int], offset: int) -> tuple[int, int]:
        """Line and column of character ``offset`` inside the string value at ``parts``."""
        line, col, style = self._position(parts)
        value = _walk(self.data, parts)
        if not isinstance(value, str):
            return line, col
        before = value[:offset]
        row = before.count("\n")
        col_in_row = offset - (before.rfind("\n") + 1)
        if style in ("|", ">") or "\n" in value.rstrip("\n"):
            # A block scalar starts on the line after its indicator; find its indentation there.
            lines = self.text.splitlines()
            first = line  # 1-based line of the indicator, so index `line` is the first text line
            if style in ("|", ">") and first < len(lines):
                # The block's indentation, set by its first line that is not blank: a line
                # indented further keeps the extra spaces in its text.
                indent = next(
                    (len(text) - len(text.lstrip(" ")) for text in lines[first:] if text.strip()),
                    0,
                )
                return first + row + 1, indent + col_in_row + 1
            return line + row, (col if row == 0 else 1) + col_in_row
        quoted = 1 if style in ('"', "'") else 0
        return line, col + quoted + col_in_row


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


def _walk(data: Any, parts: Sequence[str | int]) -> Any:
    node = data
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


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


def read_yaml(
    path: Path, root: Path, *, round_trip: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Read and parse ``path``; on any problem return no document and located problems.

    ``round_trip`` reads with ruamel.yaml so that the data can be changed and written back with
    its comments; otherwise the data is plain and read by the fast parser."""
    relpath = path.relative_to(root).as_posix()
    try:
        raw = read_capped(path, MAX_FILE_BYTES, root)
    except OutsideFolder:
        return None, [problem("CT110", Place(relpath))]
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [problem("CT100", Place(relpath), "unreadable", reason=reason)]
    if len(raw) > MAX_FILE_BYTES:
        return None, [problem("CT106", Place(relpath), limit=MAX_FILE_BYTES)]
    return parse_yaml(raw, path, relpath, round_trip=round_trip)


def parse_yaml(
    raw: bytes, path: Path, relpath: str, *, round_trip: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Parse YAML bytes (UTF-8, an optional BOM, any line endings)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [problem("CT101", Place(relpath, line, column), byte=raw[error.start])]
    text = text.replace("\r\n", "\n")
    if not round_trip:
        return _parse_fast(text, path, relpath)
    try:
        data = _yaml().load(io.StringIO(text))
    except DuplicateKeyError as error:
        return None, [_marked("CT103", "parser", relpath, error)]
    except MarkedYAMLError as error:
        tagged = "tag" in str(error.problem or "")
        return None, [_marked(*(("CT105", "parser") if tagged else ("CT102", "")), relpath, error)]
    except YAMLError as error:
        return None, [problem("CT102", Place(relpath), "unknown", problem=error)]
    except RecursionError:
        return None, [problem("CT109", Place(relpath), "recursion")]
    if data is None:
        return None, [_empty(relpath)]
    document = Document(path=path, relpath=relpath, data=data, text=text)
    return document, list(_structure_problems(document))


def _parse_fast(text: str, path: Path, relpath: str) -> tuple[Document | None, list[Problem]]:
    try:
        composed = events.compose(text, relpath, MAX_DEPTH, MAX_STRING_CHARS)
    except events.ComposeError as error:
        at = Place(relpath, error.line, error.column)
        return None, [problem("CT102", at, "compose", problem=error.message)]
    except yaml.MarkedYAMLError as error:
        return None, [_marked("CT102", "", relpath, error)]
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        at = Place(relpath, line, column)
        return None, [problem("CT102", at, "character", codepoint=_codepoint(error.character))]
    except yaml.YAMLError as error:
        return None, [problem("CT102", Place(relpath), "unknown", problem=error)]
    if composed.data is None:
        return None, [*composed.problems, _empty(relpath)]
    document = Document(path, relpath, composed.data, text, composed.marks)
    return document, composed.problems


def _codepoint(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character[:1] or "\0")


def _empty(relpath: str) -> Problem:
    return problem("CT104", Place(relpath, 1, 1))


def _marked(
    code: str, variant: str, relpath: str, error: MarkedYAMLError | yaml.MarkedYAMLError
) -> Problem:
    """A problem at the place the parser marked, in the parser's words."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    said = (error.problem or str(error)).strip()
    if error.context and code != "CT103":
        said = f"{said} ({error.context.strip()})"
    if code != "CT103":
        said = said[0].upper() + said[1:]
    return problem(code, Place(relpath, line, column), variant, problem=said)


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
    from ruamel.yaml.events import AliasEvent

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
