"""The reporter interface."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from chemsex_toolkit.findings import Finding

if TYPE_CHECKING:
    from chemsex_toolkit.links.run import Report
    from chemsex_toolkit.versioning import Diff

Subject = Literal["findings", "links", "diff"]


class Reporter:
    """Renders what a command found in one format. ``root`` is the content folder as the user
    should read it in file locations. A subject the format does not serve is not in
    ``subjects`` and raises ``NotImplementedError``."""

    name: ClassVar[str]
    subjects: ClassVar[frozenset[Subject]]

    def findings(self, findings: Sequence[Finding], root: str, *, color: bool = False) -> str:
        raise NotImplementedError

    def links(self, report: Report, root: str) -> str:
        raise NotImplementedError

    def diff(self, diff: Diff) -> str:
        raise NotImplementedError
