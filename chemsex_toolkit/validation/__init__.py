"""Validation: every finding for a content folder, as values (nothing here prints)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit.findings import Finding, Severity, has_errors
from chemsex_toolkit.loading import Content, load_content
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.paths import bundled_content
from chemsex_toolkit.validation import semantic


@dataclass(frozen=True)
class Report:
    """The result of validating one content folder."""

    root: Path
    findings: tuple[Finding, ...]
    content: Content

    @property
    def toolkit(self) -> Toolkit | None:
        return self.content.toolkit

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        return has_errors(self.findings, strict=strict)


def validate(path: Path | str | None = None) -> Report:
    """Load and check the content folder at ``path`` (default: the bundled content)."""
    root = Path(path) if path is not None else bundled_content()
    content = load_content(root)
    from chemsex_toolkit.i18n import checks as translation_checks

    findings = [*content.findings, *semantic.check(content), *translation_checks.check(content)]
    return Report(root=content.root, findings=tuple(sorted(set(findings))), content=content)
