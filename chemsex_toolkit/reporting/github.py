"""GitHub Actions workflow commands: one annotation per finding or failing link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from chemsex_toolkit.findings import Finding, Severity
from chemsex_toolkit.reporting.base import Reporter, Subject
from chemsex_toolkit.reporting.subjects import link_rows, where
from chemsex_toolkit.reporting.text import printable

if TYPE_CHECKING:
    from chemsex_toolkit.links.run import Report


def escape_data(value: object) -> str:
    """A workflow command's message: printable (see ``text.printable``), then ``%``, CR and LF
    encoded as GitHub does, so that no value can start a line, and with it a command, of its
    own."""
    return printable(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: object) -> str:
    """A workflow command's property value: as a message, and ``:`` and ``,`` encoded too."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(kind: str, file: str, line: int, column: int, title: str, message: str) -> str:
    """One annotation, every value passed through the one escaping rule of this format."""
    props = [f"file={escape_property(file)}"]
    if line:
        props += [f"line={line}", f"col={column}"]
    props.append(f"title={escape_property(title)}")
    return f"::{kind} {','.join(props)}::{escape_data(message)}"


_KINDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


class GithubReporter(Reporter):
    name: ClassVar[str] = "github"
    subjects: ClassVar[frozenset[Subject]] = frozenset({"findings", "links"})

    def findings(self, findings: Sequence[Finding], root: str, *, color: bool = False) -> str:
        lines = [
            annotation(
                _KINDS[f.severity],
                where(root, f.file),
                f.line,
                f.column,
                f"{f.code} {f.rule}",
                f.message + (f" Hint: {f.hint}" if f.hint else ""),
            )
            for f in findings
        ]
        return "".join(line + "\n" for line in lines)

    def links(self, report: Report, root: str) -> str:
        lines = []
        for row in link_rows(report, root):
            outcome = str(row["outcome"])
            if outcome in ("ok", "skipped"):
                continue
            kind = "error" if outcome == "broken" else "warning"
            message = f"{outcome}: {row['url']} {row['detail']}".strip()
            if row["final_url"] and outcome == "redirected":
                message += f" -> {row['final_url']}"
            for use in row["uses"]:
                lines.append(
                    annotation(
                        kind,
                        use["file"],
                        use["line"],
                        use["column"],
                        f"link {outcome}",
                        message,
                    )
                )
        return "".join(line + "\n" for line in lines)
