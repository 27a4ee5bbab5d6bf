"""Findings: what loaders and validators report, as values with locations.

A finding is produced once, where the problem is detected, and rendered once, by the CLI.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.StrEnum):
    """How much a finding matters: errors fail a run, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the content, with where it is and how to fix it.

    ``file`` is relative to the content folder (POSIX separators); ``line`` and ``column`` are
    1-based, 0 when unknown; ``path`` is a JSON Pointer into the YAML document.
    """

    file: str
    line: int
    column: int
    code: str
    rule: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)
    path: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }


class Place(NamedTuple):
    """Where a finding is: a file relative to the content folder (POSIX separators), 1-based
    line and column (0 when unknown), and the JSON Pointer into the YAML document."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""


@dataclass(frozen=True)
class Problem:
    """What reading or assembling the content noticed, before a rule words it as a finding
    (``chemsex_toolkit.validation.rules``): the rule's code, which of its messages, where, and
    the values that message names."""

    code: str
    place: Place
    variant: str = ""
    values: tuple[tuple[str, object], ...] = ()


def problem(code: str, place: Place, variant: str = "", **values: object) -> Problem:
    return Problem(code, place, variant, tuple(values.items()))


def pointer(parts: Sequence[str | int]) -> str:
    """A JSON Pointer (RFC 6901) for a path into a document."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "".join("/" + p for p in escaped)


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """True when the findings should fail a run: errors, or warnings too when ``strict``."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)
