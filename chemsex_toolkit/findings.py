"""Findings: what loaders and validators report, as values with locations.

A finding is produced once, where the problem is detected, and rendered once, by the CLI.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
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


def pointer(parts: Sequence[str | int]) -> str:
    """A JSON Pointer (RFC 6901) for a path into a document."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "".join("/" + p for p in escaped)


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """True when the findings should fail a run: errors, or warnings too when ``strict``."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)
