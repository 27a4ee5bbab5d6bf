"""Known findings a project chose to stop seeing: ``ignore`` in ``[tool.chemsex-toolkit]``.

Each entry is a rule code (``"CT401"``), or a code and a file pattern relative to the content
folder (``"CT401:topics/chemsex/items/*.yaml"``). Only warnings and notes can be ignored: an
error means the content is broken, and hiding it would let a check pass on broken content.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.findings import Finding, Severity
from chemsex_toolkit.validation.rules import RULES


@dataclass(frozen=True)
class Ignored:
    code: str
    #: A pattern of files (``fnmatch``, relative to the content folder); empty: every file.
    files: str = ""

    def matches(self, finding: Finding) -> bool:
        return finding.code == self.code and (
            not self.files or fnmatch.fnmatchcase(finding.file, self.files)
        )


def parse(entries: object, source: Path) -> list[Ignored]:
    """The ignore list of ``source`` (a pyproject.toml), checked; ``UsageError`` naming the
    entry that is not a known warning's code."""
    where = f"{source}: [tool.chemsex-toolkit] ignore"
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise UsageError(f'{where} must be a list of rule codes, such as ignore = ["CT401"].')
    rules = []
    for entry in entries:
        code, _, files = entry.partition(":")
        rule = RULES.get(code.strip())
        if rule is None:
            raise UsageError(f"{where}: {entry!r} names no rule; codes look like CT401.")
        if rule.severity is Severity.ERROR:
            raise UsageError(
                f"{where}: {code} is an error, which cannot be ignored: fix the content."
            )
        rules.append(Ignored(rule.code, files.strip()))
    return rules


def split(
    findings: Iterable[Finding], ignored: Sequence[Ignored]
) -> tuple[list[Finding], list[Finding]]:
    """The findings to report, and those the ignore list hides."""
    kept: list[Finding] = []
    hidden: list[Finding] = []
    for finding in findings:
        (hidden if any(i.matches(finding) for i in ignored) else kept).append(finding)
    return kept, hidden
