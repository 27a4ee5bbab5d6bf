"""Plain text for people at a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from chemsex_toolkit.findings import Finding, Severity
from chemsex_toolkit.reporting.base import Reporter, Subject
from chemsex_toolkit.reporting.subjects import findings_summary, link_rows, links_summary, where

if TYPE_CHECKING:
    from chemsex_toolkit.links.run import Report
    from chemsex_toolkit.versioning import Diff


def printable(value: object) -> str:
    """The one escaping rule of text output, and the first step of every other format's:
    every character that is not printable (line breaks, controls, format and separator
    characters) written as an escape. One line, nothing hidden, no terminal codes."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def printable_lines(value: object) -> str:
    """``printable`` for each line of a message of several lines: the line breaks stay, every
    other character that is not printable is written as an escape."""
    return "\n".join(printable(line) for line in str(value).split("\n"))


_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}


class TextReporter(Reporter):
    name: ClassVar[str] = "text"
    subjects: ClassVar[frozenset[Subject]] = frozenset({"findings", "links", "diff"})

    def findings(self, findings: Sequence[Finding], root: str, *, color: bool = False) -> str:
        """Findings grouped by file, one line each with its hint below, then a summary."""
        lines: list[str] = []
        for _file, group in groupby(findings, key=lambda f: f.file):
            entries = list(group)
            heading = printable(where(root, entries[0].file))
            lines.append(f"\033[1m{heading}\033[0m" if color else heading)
            for finding in entries:
                position = f"{finding.line}:{finding.column}" if finding.line else "-"
                severity = finding.severity.value
                if color:
                    severity = f"{_COLOURS[finding.severity]}{severity:<7}\033[0m"
                message = printable(finding.message)
                lines.append(f"  {position:<8} {severity:<7} {printable(finding.code)} {message}")
                if finding.hint:
                    lines.append(f"  {'':<8} {'':<7} hint: {printable(finding.hint)}")
            lines.append("")
        counts = findings_summary(findings)
        if findings:
            lines.append(
                f"{counts['errors']} error(s), {counts['warnings']} warning(s) "
                f"in {counts['files']} file(s)."
            )
        else:
            lines.append("No findings: the content is valid.")
        return "\n".join(lines) + "\n"

    def links(self, report: Report, root: str) -> str:
        lines = [f"note: {printable(note)}" for note in report.notes]
        for row in link_rows(report, root):
            outcome = str(row["outcome"])
            if outcome == "ok":
                continue
            status = f" {row['status']}" if row["status"] else ""
            url, detail = printable(row["url"]), printable(row["detail"])
            lines.append(f"{outcome.upper():<13}{status} {url}  {detail}")
            if row["final_url"] and outcome == "redirected":
                lines.append(f"{'':<13} -> {printable(row['final_url'])}")
            for use in row["uses"]:
                place = printable(f"{use['file']}:{use['line']}:{use['column']}")
                lines.append(f"{'':<13} {place} ({printable(use['id'])})")
        lines.append(links_summary(report))
        return "\n".join(lines) + "\n"

    def diff(self, diff: Diff) -> str:
        from chemsex_toolkit.versioning import bumped

        lines = [f"{printable(diff.old_version)} -> {printable(diff.new_version)}"]
        for title, entries in (("Added", diff.added), ("Removed", diff.removed)):
            if entries:
                lines.append(f"{title}:")
                lines += [f"  {kind} {printable(ident)}" for kind, ident in entries]
        if diff.renamed:
            lines.append("Renamed (looks like):")
            lines += [
                f"  {r.kind} {printable(r.old_id)} -> {printable(r.new_id)}" for r in diff.renamed
            ]
        if diff.changed:
            lines.append("Changed text:")
            lines += [
                f"  {printable(c.message_id)}: {printable(c.word_diff())}" for c in diff.changed
            ]
        if diff.values:
            # Whole, not as a word diff: a URL or a list of IDs is short and reads best entire.
            lines.append("Changed values:")
            for v in diff.values:
                old, new = printable(v.old or "(none)"), printable(v.new or "(none)")
                lines.append(f"  {printable(v.path)}: {old} -> {new}")
        if diff.locales_added or diff.locales_removed:
            lines.append(
                "Locales: added "
                + (", ".join(map(printable, diff.locales_added)) or "none")
                + "; removed "
                + (", ".join(map(printable, diff.locales_removed)) or "none")
            )
        for locale, ids in diff.stale.items():
            shown = ", ".join(map(printable, ids))
            lines.append(f"Stale in {printable(locale)}: {len(ids)} string(s): {shown}")
        verdict = "ok" if diff.version_ok() else "TOO LOW"
        lines.append(
            f"Required bump: {diff.required.label}; "
            f"new version {printable(diff.new_version)} is {verdict} "
            f"(at least {'.'.join(map(str, bumped(diff.old_version, diff.required)))})."
        )
        return "\n".join(lines) + "\n"
