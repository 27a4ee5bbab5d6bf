"""Exceptions of the public API, rooted in one base class.

Problems in content are findings, not exceptions; ``ContentError`` carries them when a caller
asked for something the content cannot give. Each exception says what a user can do about it
(``str(error)``) and which exit code the command line ends with (``exit_code``): the command line
catches them in one place and turns them into that message and code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from chemsex_toolkit.findings import Finding, Severity


class ChemsexToolkitError(Exception):
    """Base class of every exception this package raises on purpose."""

    #: What the command line exits with when this error ends a command.
    exit_code: ClassVar[int] = 1
    #: What the command line writes before the message.
    prefix: ClassVar[str] = "Error: "


class ContentError(ChemsexToolkitError):
    """The content has errors; ``findings`` says where and what.

    ``root`` is the content folder the findings' files are relative to (None: unknown), and
    ``consequence`` what the caller could not do because of them ("nothing was exported").
    """

    exit_code: ClassVar[int] = 1

    def __init__(
        self,
        findings: Sequence[Finding],
        root: Path | str | None = None,
        consequence: str = "",
    ) -> None:
        self.findings = tuple(findings)
        self.root = root
        self.consequence = consequence
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        first = errors[0] if errors else None
        where = f" First: {first.file}:{first.line}:{first.column} {first.message}" if first else ""
        super().__init__(f"The content has {len(errors)} error(s).{where}")

    def headline(self) -> str:
        """One line closing a list of the findings: the content has errors, so what."""
        then = f"; {self.consequence}" if self.consequence else ""
        if isinstance(self.root, str):  # a name the user gave, such as a git ref
            return f"{self.root}: the content has errors{then}."
        return f"The content has errors{then}."


class ExportCheckError(ContentError):
    """The files a build wrote have errors (dead links between them, CT6xx); ``findings`` name
    files in the output folder ``root``, and the previous output stays in place."""

    def __init__(self, findings: Sequence[Finding], root: Path) -> None:
        super().__init__(findings, root, "the previous output was kept")
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        first = self.findings[0] if self.findings else None
        where = f" First: {first.file}:{first.line}:{first.column} {first.message}" if first else ""
        self.args = (f"The export has {errors} error(s).{where}",)

    def headline(self) -> str:
        return f"The export has errors; {self.consequence}."


class UsageError(ChemsexToolkitError):
    """A caller asked for something that cannot be done (an unknown locale or format, say)."""

    exit_code: ClassVar[int] = 2


class ExportError(ChemsexToolkitError):
    """An exporter could not produce its output (a template needs a string the content lacks,
    a third-party exporter failed, ...)."""

    exit_code: ClassVar[int] = 1


class CheckFailed(ChemsexToolkitError):
    """A check ran and its result fails (broken links, a version too low for its changes, a
    translation below the required percentage). The result itself has been reported; the
    message says why it fails, or is empty when the report says it all."""

    exit_code: ClassVar[int] = 1
    prefix: ClassVar[str] = ""


class NoNetworkError(ChemsexToolkitError):
    """Nothing could be reached at all: the machine is offline, which says nothing about the
    links themselves."""

    exit_code: ClassVar[int] = 3
    prefix: ClassVar[str] = ""
