"""What the reporters report, shaped once for every format: findings counts and the rows of a
link-check report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from chemsex_toolkit.findings import Finding, Severity

if TYPE_CHECKING:  # the link checker's modules are imported only by commands that check links
    from chemsex_toolkit.links.run import Report

# Link outcomes, worst first: the order of every link report.
ORDER = ["broken", "redirected", "unverifiable", "skipped", "ok"]


def where(root: str, file: str) -> str:
    """A content file as the user sees it: under the content folder as they know it."""
    return f"{root}/{file}" if root not in ("", ".") else file


def findings_summary(findings: Sequence[Finding]) -> dict[str, int]:
    return {
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "infos": sum(f.severity is Severity.INFO for f in findings),
        "files": len({f.file for f in findings}),
    }


def link_rows(report: Report, root: str) -> list[dict[str, Any]]:
    """One row per checked URL, worst outcome first, with every place that uses it (its file
    under the content folder as the user knows it, ``root``)."""
    rows: list[dict[str, Any]] = []
    for target in report.targets:
        result = report.results.get(target.url)
        if result is None:
            continue
        rows.append(
            {
                "url": target.url,
                "outcome": result.outcome.value,
                "status": result.status,
                "final_url": result.final_url,
                "detail": result.detail,
                "uses": [
                    {"file": where(root, u.file), "line": u.line, "column": u.column, "id": u.id}
                    for u in target.uses
                ],
            }
        )
    rows.sort(key=lambda r: (ORDER.index(str(r["outcome"])), r["url"]))
    return rows


def link_counts(report: Report) -> dict[str, int]:
    """How many URLs had each outcome, worst first."""
    outcomes = [r.outcome.value for r in report.results.values()]
    return {outcome: outcomes.count(outcome) for outcome in ORDER}


def links_summary(report: Report) -> str:
    counts = ", ".join(f"{n} {outcome}" for outcome, n in link_counts(report).items())
    return f"{len(report.results)} URL(s): {counts}."
