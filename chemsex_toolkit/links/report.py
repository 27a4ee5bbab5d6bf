"""Rendering a link-check report: text, JSON, Markdown, GitHub annotations, JUnit XML."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from chemsex_toolkit.links.result import Outcome
from chemsex_toolkit.links.run import Report

ORDER = [Outcome.BROKEN, Outcome.REDIRECTED, Outcome.UNVERIFIABLE, Outcome.SKIPPED, Outcome.OK]


def _rows(report: Report) -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = []
    for target in report.targets:
        result = report.results.get(target.url)
        if result is None:
            continue
        rows.append(
            (
                target.url,
                {
                    "url": target.url,
                    "outcome": result.outcome.value,
                    "status": result.status,
                    "final_url": result.final_url,
                    "detail": result.detail,
                    "uses": [
                        {"file": u.file, "line": u.line, "column": u.column, "id": u.id}
                        for u in target.uses
                    ],
                },
            )
        )
    rows.sort(key=lambda r: (ORDER.index(Outcome(str(r[1]["outcome"]))), r[0]))
    return rows


def summary(report: Report) -> str:
    counts = ", ".join(f"{report.count(o)} {o.value}" for o in ORDER)
    return f"{len(report.results)} URL(s): {counts}."


def render_text(report: Report, root: str) -> str:
    lines = [f"note: {note}" for note in report.notes]
    for _url, row in _rows(report):
        outcome = str(row["outcome"])
        if outcome == "ok":
            continue
        status = f" {row['status']}" if row["status"] else ""
        lines.append(f"{outcome.upper():<13}{status} {row['url']}  {row['detail']}")
        if row["final_url"] and outcome == "redirected":
            lines.append(f"{'':<13} -> {row['final_url']}")
        for use in row["uses"]:
            lines.append(
                f"{'':<13} {root}/{use['file']}:{use['line']}:{use['column']} ({use['id']})"
            )
    lines.append(summary(report))
    return "\n".join(lines)


def render_json(report: Report) -> str:
    data = {
        "summary": {o.value: report.count(o) for o in ORDER},
        "notes": report.notes,
        "results": [row for _url, row in _rows(report)],
    }
    return json.dumps(data, indent=2)


def render_markdown(report: Report) -> str:
    lines = ["| Result | URL | Used in |", "| --- | --- | --- |"]
    for _url, row in _rows(report):
        uses = "<br>".join(f"`{u['file']}:{u['line']}`" for u in row["uses"])
        result = str(row["outcome"]) + (f" {row['status']}" if row["status"] else "")
        lines.append(f"| {result} | <{row['url']}> | {uses} |")
    return "\n".join(lines) + "\n\n" + summary(report) + "\n"


def render_github(report: Report, root: str) -> str:
    lines = []
    for _url, row in _rows(report):
        outcome = str(row["outcome"])
        if outcome in ("ok", "skipped"):
            continue
        kind = "error" if outcome == "broken" else "warning"
        message = f"{outcome}: {row['url']} {row['detail']}".strip()
        if row["final_url"] and outcome == "redirected":
            message += f" -> {row['final_url']}"
        for use in row["uses"]:
            lines.append(
                f"::{kind} file={root}/{use['file']},line={use['line']},col={use['column']},"
                f"title=link {outcome}::{message}"
            )
    return "\n".join(lines)


def render_junit(report: Report) -> str:
    rows = _rows(report)
    failures = sum(1 for _u, r in rows if r["outcome"] == "broken")
    skipped = sum(1 for _u, r in rows if r["outcome"] == "skipped")
    cases = []
    for url, row in rows:
        body = ""
        if row["outcome"] == "broken":
            body = f"<failure message={quoteattr(str(row['detail']))}>{escape(url)}</failure>"
        elif row["outcome"] == "skipped":
            body = f"<skipped message={quoteattr(str(row['detail']))}/>"
        elif row["outcome"] in ("redirected", "unverifiable"):
            text = escape(f"{row['outcome']}: {row['detail']}")
            body = f"<system-out>{text}</system-out>"
        cases.append(f'  <testcase classname="links" name={quoteattr(url)}>{body}</testcase>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="check-links" tests="{len(rows)}" failures="{failures}" '
        f'skipped="{skipped}">\n' + "\n".join(cases) + "\n</testsuite>\n"
    )
