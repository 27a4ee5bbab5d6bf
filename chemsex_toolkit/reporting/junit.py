"""JUnit XML, for CI systems that show test reports: one test case per checked URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from chemsex_toolkit.reporting.base import Reporter, Subject
from chemsex_toolkit.reporting.subjects import link_rows
from chemsex_toolkit.reporting.text import printable

if TYPE_CHECKING:
    from chemsex_toolkit.links.run import Report


def text(value: object) -> str:
    """The one escaping rule of XML output, for element text: printable (which leaves no
    character XML cannot carry), then markup characters escaped."""
    return xml_escape(printable(value))


def attribute(value: object) -> str:
    """The same rule for an attribute value, quotes included."""
    return quoteattr(printable(value))


class JunitReporter(Reporter):
    name: ClassVar[str] = "junit"
    subjects: ClassVar[frozenset[Subject]] = frozenset({"links"})

    def links(self, report: Report, root: str) -> str:
        rows = link_rows(report, root)
        failures = sum(1 for r in rows if r["outcome"] == "broken")
        skipped = sum(1 for r in rows if r["outcome"] == "skipped")
        cases = []
        for row in rows:
            body = ""
            if row["outcome"] == "broken":
                body = f"<failure message={attribute(row['detail'])}>{text(row['url'])}</failure>"
            elif row["outcome"] == "skipped":
                body = f"<skipped message={attribute(row['detail'])}/>"
            elif row["outcome"] in ("redirected", "unverifiable"):
                shown = text(f"{row['outcome']}: {row['detail']}")
                body = f"<system-out>{shown}</system-out>"
            name = attribute(row["url"])
            cases.append(f'  <testcase classname="links" name={name}>{body}</testcase>')
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuite name="check-links" tests="{len(rows)}" failures="{failures}" '
            f'skipped="{skipped}">\n' + "\n".join(cases) + "\n</testsuite>\n"
        )
