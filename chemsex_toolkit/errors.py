"""Exceptions of the public API, rooted in one base class.

Problems in content are findings, not exceptions; ``ContentError`` carries them when a caller
asked for a toolkit and the content cannot give one.
"""

from __future__ import annotations

from collections.abc import Sequence

from chemsex_toolkit.findings import Finding, Severity


class ChemsexToolkitError(Exception):
    """Base class of every exception this package raises on purpose."""


class ContentError(ChemsexToolkitError):
    """The content has errors; ``findings`` says where and what."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        first = errors[0] if errors else None
        where = f" First: {first.file}:{first.line}:{first.column} {first.message}" if first else ""
        super().__init__(f"The content has {len(errors)} error(s).{where}")


class UsageError(ChemsexToolkitError):
    """A caller asked for something that cannot be done (an unknown locale or format, say)."""


class ExportError(ChemsexToolkitError):
    """An exporter could not produce its output (a template needs a string the content lacks,
    a third-party exporter failed, ...)."""
