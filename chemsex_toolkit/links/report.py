"""Rendering a link-check report: text, JSON, Markdown, GitHub annotations, JUnit XML.

URLs, details and final addresses come from content and from servers: every format escapes them
by its own rule, so nothing printed can start a new line, a workflow command, a table cell, an
HTML tag or an XML element of its own."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from chemsex_toolkit.links.result import Outcome
from chemsex_toolkit.links.run import Report
from chemsex_toolkit.urls import url_problem

ORDER = [Outcome.BROKEN, Outcome.REDIRECTED, Outcome.UNVERIFIABLE, Outcome.SKIPPED, Outcome.OK]


def printable(text: str) -> str:
    """``text`` with every character that is not printable (line breaks, controls, format and
    separator characters) written as an escape: one line, nothing hidden, no terminal codes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


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
    p = printable
    lines = [f"note: {p(note)}" for note in report.notes]
    for _url, row in _rows(report):
        outcome = str(row["outcome"])
        if outcome == "ok":
            continue
        status = f" {row['status']}" if row["status"] else ""
        lines.append(f"{outcome.upper():<13}{status} {p(row['url'])}  {p(row['detail'])}")
        if row["final_url"] and outcome == "redirected":
            lines.append(f"{'':<13} -> {p(row['final_url'])}")
        for use in row["uses"]:
            lines.append(
                f"{'':<13} {p(root)}/{p(use['file'])}:{use['line']}:{use['column']} "
                f"({p(use['id'])})"
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


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def _md(text: str) -> str:
    """Literal text in a Markdown table cell: no emphasis, link, HTML or cell break."""
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_url(url: str) -> str:
    """A URL as a link when it is one by the content's rule and cannot leave the autolink."""
    if url_problem(url) is None and not any(c in url for c in "<>|\\`"):
        return f"<{url}>"
    return _md(url)


def render_markdown(report: Report) -> str:
    lines = ["| Result | URL | Used in |", "| --- | --- | --- |"]
    for _url, row in _rows(report):
        uses = "<br>".join(_md(f"{u['file']}:{u['line']}") for u in row["uses"])
        result = str(row["outcome"]) + (f" {row['status']}" if row["status"] else "")
        lines.append(f"| {result} | {_md_url(row['url'])} | {uses} |")
    return "\n".join(lines) + "\n\n" + summary(report) + "\n"


def _escape_data(value: str) -> str:
    # GitHub's own escaping for workflow command data; with it no line can begin in the value.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


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
        data = _escape_data(printable(message))
        for use in row["uses"]:
            where = _escape_property(printable(f"{root}/{use['file']}"))
            lines.append(
                f"::{kind} file={where},line={use['line']},col={use['column']},"
                f"title=link {outcome}::{data}"
            )
    return "\n".join(lines)


def _xml(text: str) -> str:
    return escape(printable(text))


def _xml_attr(text: str) -> str:
    return quoteattr(printable(text))


def render_junit(report: Report) -> str:
    rows = _rows(report)
    failures = sum(1 for _u, r in rows if r["outcome"] == "broken")
    skipped = sum(1 for _u, r in rows if r["outcome"] == "skipped")
    cases = []
    for url, row in rows:
        body = ""
        if row["outcome"] == "broken":
            body = f"<failure message={_xml_attr(str(row['detail']))}>{_xml(url)}</failure>"
        elif row["outcome"] == "skipped":
            body = f"<skipped message={_xml_attr(str(row['detail']))}/>"
        elif row["outcome"] in ("redirected", "unverifiable"):
            text = _xml(f"{row['outcome']}: {row['detail']}")
            body = f"<system-out>{text}</system-out>"
        cases.append(f'  <testcase classname="links" name={_xml_attr(url)}>{body}</testcase>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="check-links" tests="{len(rows)}" failures="{failures}" '
        f'skipped="{skipped}">\n' + "\n".join(cases) + "\n</testsuite>\n"
    )
