"""JSON for tools. Its one escaping rule is JSON's own string escaping (``json.dumps``); the
findings report's shape is published as ``schemas/findings.schema.json``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from chemsex_toolkit.findings import Finding
from chemsex_toolkit.reporting.base import Reporter, Subject
from chemsex_toolkit.reporting.subjects import findings_summary, link_counts, link_rows, where

if TYPE_CHECKING:
    from chemsex_toolkit.links.run import Report
    from chemsex_toolkit.versioning import Diff

FINDINGS_SCHEMA_ID = "urn:chemsex-toolkit:schema:findings:v1"


class JsonReporter(Reporter):
    name: ClassVar[str] = "json"
    subjects: ClassVar[frozenset[Subject]] = frozenset({"findings", "links", "diff"})

    def findings(self, findings: Sequence[Finding], root: str, *, color: bool = False) -> str:
        document = {
            "$schema": FINDINGS_SCHEMA_ID,
            "content": root,
            "summary": findings_summary(findings),
            # Files as every other format shows them: under the content folder as given.
            "findings": [{**f.as_dict(), "file": where(root, f.file)} for f in findings],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def links(self, report: Report, root: str) -> str:
        data = {
            "content": root,
            # True: nothing could be reached, so the results say nothing about the links.
            "no_network": report.no_network,
            "summary": link_counts(report),
            "notes": report.notes,
            "results": link_rows(report, root),
        }
        return json.dumps(data, indent=2) + "\n"

    def diff(self, diff: Diff) -> str:
        from chemsex_toolkit.versioning import as_dict

        return json.dumps(as_dict(diff), indent=2, ensure_ascii=False) + "\n"
