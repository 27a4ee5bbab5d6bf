"""Rendering findings as text for people, JSON for tools, or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from chemsex_toolkit.findings import Finding, Severity

FINDINGS_SCHEMA_ID = "urn:chemsex-toolkit:schema:findings:v1"
FORMATS = ("text", "json", "github")


def _where(root: str, finding: Finding) -> str:
    return f"{root}/{finding.file}" if root not in ("", ".") else finding.file


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    return {
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "infos": sum(f.severity is Severity.INFO for f in findings),
        "files": len({f.file for f in findings}),
    }


def render_text(findings: Sequence[Finding], root: str, *, color: bool = False) -> str:
    """Findings grouped by file, one line each with its hint below, then a summary."""
    colours = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
    lines: list[str] = []
    for _file, group in groupby(findings, key=lambda f: f.file):
        entries = list(group)
        heading = _where(root, entries[0])
        lines.append(f"\033[1m{heading}\033[0m" if color else heading)
        for finding in entries:
            position = f"{finding.line}:{finding.column}" if finding.line else "-"
            severity = finding.severity.value
            if color:
                severity = f"{colours[finding.severity]}{severity:<7}\033[0m"
            lines.append(f"  {position:<8} {severity:<7} {finding.code} {finding.message}")
            if finding.hint:
                lines.append(f"  {'':<8} {'':<7} hint: {finding.hint}")
        lines.append("")
    counts = summary(findings)
    if findings:
        lines.append(
            f"{counts['errors']} error(s), {counts['warnings']} warning(s) "
            f"in {counts['files']} file(s)."
        )
    else:
        lines.append("No findings: the content is valid.")
    return "\n".join(lines)


def render_json(findings: Sequence[Finding], root: str) -> str:
    """The JSON report; its shape is published as ``schemas/findings.schema.json``."""
    document = {
        "$schema": FINDINGS_SCHEMA_ID,
        "content": root,
        "summary": summary(findings),
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], root: str) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for finding in findings:
        props = [f"file={_escape_property(_where(root, finding))}"]
        if finding.line:
            props += [f"line={finding.line}", f"col={finding.column}"]
        props.append(f"title={_escape_property(f'{finding.code} {finding.rule}')}")
        message = finding.message + (f" Hint: {finding.hint}" if finding.hint else "")
        lines.append(f"::{kinds[finding.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)
