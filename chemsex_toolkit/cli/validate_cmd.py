"""``chemsex-toolkit validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chemsex_toolkit.cli._common import (
    content_option,
    display_root,
    format_option,
    json_failure,
    resolve_content,
)

# The reporters that render findings (``reporting.formats("findings")``), written out so that
# --help needs no import of the reporters.
FORMATS = ["text", "json", "github"]


@click.command()
@content_option
@format_option(FORMATS, "text for people, json for tools, github for workflow annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--severity",
    type=click.Choice(["error", "warning", "info"]),
    default="info",
    show_default=True,
    help="Report only findings at least this severe (error: errors only).",
)
def validate(content_dir: Path | None, output_format: str, strict: bool, severity: str) -> None:
    """Check the content against its schemas and rules.

    Exit 0 when there is no error (warnings allowed unless --strict), 1 when there are findings
    that fail, 2 for usage errors. Findings that --severity leaves out, or that
    [tool.chemsex-toolkit] ignore in pyproject.toml lists, are not reported and do not fail.
    """
    from chemsex_toolkit.cli._output import current, note
    from chemsex_toolkit.errors import CheckFailed, ChemsexToolkitError
    from chemsex_toolkit.findings import has_errors
    from chemsex_toolkit.paths import project_table
    from chemsex_toolkit.reporting import reporter
    from chemsex_toolkit.validation import ignore
    from chemsex_toolkit.validation import validate as run

    try:
        root = resolve_content(content_dir)
        project = project_table()
        ignored = ignore.parse(project[1].get("ignore", []), project[0]) if project else []
    except (ChemsexToolkitError, click.ClickException) as error:
        if output_format == "json":  # a tool that asked for JSON gets JSON whatever happens
            json_failure(error)
        raise
    report = run(root)
    findings, hidden = ignore.split(report.findings, ignored)
    order = ["error", "warning", "info"]
    shown_levels = set(order[: order.index(severity) + 1])
    findings = [f for f in findings if f.severity.value in shown_levels]
    if hidden and project is not None:
        note(
            f"{len(hidden)} finding(s) not shown: listed in {project[0]}"
            " [tool.chemsex-toolkit] ignore."
        )
    shown = display_root(root)
    color = output_format == "text" and current().use_color(sys.stdout)
    output = reporter(output_format).findings(findings, shown, color=color)
    click.echo(output, nl=False, color=color)
    if has_errors(findings, strict=strict):
        raise CheckFailed()
