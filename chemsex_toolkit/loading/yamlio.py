"""Reading one YAML file safely, keeping where every value came from.

Two readers share one ``Document`` interface. Checking and exporting read plain data with positions
built from libyaml's events (``events.py``: fast, nothing constructed, aliases never expanded).
Commands that write YAML back (translation updates, imports) read with ruamel.yaml's round-trip
loader, which also keeps comments and formatting. Neither constructs Python objects from tags; what
they let through that content must not have (tags, aliases, absurd nesting) becomes findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from chemsex_toolkit.findings import Place, Problem, problem
from chemsex_toolkit.loading import events
from chemsex_toolkit.safefiles import OutsideFolder, read_capped

if TYPE_CHECKING:
    from ruamel.yaml import error as ruamel_error

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
        if self.marks is not None:
            return self.data
        from chemsex_toolkit.loading.roundtrip import to_plain

        return to_plain(self.data)

    def _position(self, parts: Sequence[str | int]) -> tuple[int, int, str | None]:
        if self.marks is None:
            from chemsex_toolkit.loading.roundtrip import locate

            line, col = locate(self.data, parts)
            value = walk(self.data, parts)
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
        parent = walk(self.data, parts[:-1])
        last = parts[-1]
        if self.marks is not None and isinstance(parent, dict) and last in parent:
            entries = self.marks.get(id(parent))
            if entries is not None:
                key_line, key_col = entries[last][:2]
                return key_line, key_col
        if self.marks is None:
            from chemsex_toolkit.loading.roundtrip import locate_key

            if (found := locate_key(parent, last)) is not None:
                return found
        return self.locate(parts)

    def locate_text(self, parts: Sequence[str | int], offset: int) -> tuple[int, int]:
        """Line and column of character ``offset`` inside the string value at ``parts``."""
        line, col, style = self._position(parts)
        value = walk(self.data, parts)
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


def walk(data: Any, parts: Sequence[str | int]) -> Any:
    node = data
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


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
    # ruamel.yaml is imported only here: reading for checks and exports never needs it, and it
    # is a fifth of the time a command such as ``serve`` takes to show its first page.
    from chemsex_toolkit.loading import roundtrip

    return roundtrip.parse(text, path, relpath)


def _parse_fast(text: str, path: Path, relpath: str) -> tuple[Document | None, list[Problem]]:
    try:
        composed = events.compose(text, relpath, MAX_DEPTH, MAX_STRING_CHARS)
    except events.ComposeError as error:
        at = Place(relpath, error.line, error.column)
        return None, [problem("CT102", at, "compose", problem=error.message)]
    except yaml.MarkedYAMLError as error:
        if _tab_at(text, error):
            mark = error.problem_mark
            assert mark is not None
            return None, [problem("CT102", Place(relpath, mark.line + 1, mark.column + 1), "tab")]
        return None, [marked("CT102", "", relpath, error)]
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        at = Place(relpath, line, column)
        return None, [problem("CT102", at, "character", codepoint=_codepoint(error.character))]
    except yaml.YAMLError as error:
        return None, [problem("CT102", Place(relpath), "unknown", problem=error)]
    if composed.data is None:
        return None, [*composed.problems, empty(relpath)]
    document = Document(path, relpath, composed.data, text, composed.marks)
    return document, composed.problems


def _tab_at(text: str, error: yaml.MarkedYAMLError) -> bool:
    """Whether the parser stopped at a tab: YAML never indents with one, and the parser's own
    words for it ("cannot start any token") do not say so."""
    mark = error.problem_mark
    return mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"


def _codepoint(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character[:1] or "\0")


def empty(relpath: str) -> Problem:
    return problem("CT104", Place(relpath, 1, 1))


def marked(
    code: str,
    variant: str,
    relpath: str,
    error: ruamel_error.MarkedYAMLError | yaml.MarkedYAMLError,
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
