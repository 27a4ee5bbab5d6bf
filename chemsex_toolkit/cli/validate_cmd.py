"""``chemsex-toolkit validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chemsex_toolkit.cli._common import content_option, display_root, resolve_content


@click.command()
@content_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(content_dir: Path | None, output_format: str, strict: bool) -> None:
    """Check the content against its schemas and rules.

    Exit 0 when there is no error (warnings allowed unless --strict), 1 when there are findings
    that fail, 2 for usage errors.
    """
    from chemsex_toolkit import reporting
    from chemsex_toolkit.validation import validate as run

    root = resolve_content(content_dir)
    report = run(root)
    shown = display_root(root)
    if output_format == "json":
        click.echo(reporting.render_json(report.findings, shown))
    elif output_format == "github":
        text = reporting.render_github(report.findings, shown)
        if text:
            click.echo(text)
    else:
        click.echo(reporting.render_text(report.findings, shown, color=sys.stdout.isatty()))
    raise SystemExit(1 if report.failed(strict=strict) else 0)
