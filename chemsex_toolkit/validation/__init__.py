"""Validation: every finding for a content folder, as values (nothing here prints).

The rules are objects in ``rules.py``; their detectors are the reader and the assembler in
``loading`` (which report problems that the rules word), ``schema_rules`` (the shape of each
file), ``semantic`` (what needs the whole content) and ``translations``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit.findings import Finding, Place, Problem, Severity, has_errors
from chemsex_toolkit.loading import Content, Document, load_content
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.paths import bundled_content
from chemsex_toolkit.validation import schema_rules, semantic
from chemsex_toolkit.validation.limits import capped
from chemsex_toolkit.validation.rules import RULES, Rule, word_all


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


def reading_findings(content: Content) -> list[Finding]:
    """The findings of reading and assembling ``content``: its problems, and why each file its
    model refused does not fit (no rule that needs the whole content)."""
    return [*word_all(content.problems), *schema_rules.check(content)]


def explain_file(
    document: Document | None, problems: Iterable[Problem], kind: str
) -> list[Finding]:
    """Why one file, read on its own, was refused as a file of ``kind``: the problems of reading
    it, worded by their rules, or, when it read cleanly, where it breaks the schema of ``kind``.

    Given to the layers below that read back a file they are about to write (importing a PO
    file), so that they tell what is wrong in the rules' words without importing the rules."""
    findings = word_all(problems)
    if findings or document is None:
        return findings
    return schema_rules.explain(document, kind)


def translation_errors(
    content: Content, message_id: str, text: str, made_from: str, place: Place
) -> list[Finding]:
    """The errors ``validate`` would report in ``text`` as the translation of ``message_id``
    made from the source text ``made_from``, each at ``place``.

    Given to the layer below that imports PO files, so that it refuses, before writing, a
    translation that validate would then reject, in the rules' words."""
    from chemsex_toolkit.validation import translations

    return translations.translation_errors(content, message_id, text, made_from, place)


def validate(path: Path | str | None = None) -> Report:
    """Load and check the content folder at ``path`` (default: the bundled content)."""
    root = Path(path) if path is not None else bundled_content()
    content = load_content(root)
    from chemsex_toolkit.validation import translations

    findings = [*reading_findings(content), *semantic.check(content), *translations.check(content)]
    return Report(root=content.root, findings=capped(findings), content=content)


__all__ = [
    "RULES",
    "Report",
    "Rule",
    "explain_file",
    "reading_findings",
    "translation_errors",
    "validate",
]
