"""``chemsex-toolkit validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chemsex_toolkit.cli._common import (
    content_option,
    display_root,
    format_option,
    resolve_content,
)

# The reporters that render findings (``reporting.formats("findings")``), written out so that
# --help needs no import of the reporters.
FORMATS = ["text", "json", "github"]


@click.command()
@content_option
@format_option(FORMATS, "text for people, json for tools, github for workflow annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(content_dir: Path | None, output_format: str, strict: bool) -> None:
    """Check the content against its schemas and rules.

    Exit 0 when there is no error (warnings allowed unless --strict), 1 when there are findings
    that fail, 2 for usage errors.
    """
    from chemsex_toolkit.cli._output import current
    from chemsex_toolkit.errors import CheckFailed
    from chemsex_toolkit.reporting import reporter
    from chemsex_toolkit.validation import validate as run

    root = resolve_content(content_dir)
    report = run(root)
    shown = display_root(root)
    color = output_format == "text" and current().use_color(sys.stdout)
    output = reporter(output_format).findings(report.findings, shown, color=color)
    click.echo(output, nl=False)
    if report.failed(strict=strict):
        raise CheckFailed()
