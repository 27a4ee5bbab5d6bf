"""``chemsex-toolkit report``: a network's view of many services' answers files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chemsex_toolkit.cli._common import content_option, format_option, resolve_content


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the reports into (one folder per report).",
)
@click.option(
    "--report",
    "reports",
    default="html,xlsx,json",
    show_default=True,
    help="The reports to write, comma-separated (a network may install its own).",
)
@click.option(
    "--anonymise",
    is_flag=True,
    help="Name services by a code (a keyed hash of the name) and leave out file names.",
)
@click.option(
    "--salt",
    envvar="CHEMSEX_TOOLKIT_REPORT_SALT",
    default="",
    help="The secret the codes of --anonymise are keyed with; the same salt gives the same"
    " codes in every round. Also read from CHEMSEX_TOOLKIT_REPORT_SALT.",
)
@click.option("--locale", default=None, help="Word the reports in this language of the content.")
@click.option("--strict", is_flag=True, help="Write nothing when any file cannot be used.")
@content_option
@format_option(["text", "json"], help="How to show the findings on the files.")
def report(
    inputs: tuple[Path, ...],
    out: Path,
    reports: str,
    anonymise: bool,
    salt: str,
    locale: str | None,
    strict: bool,
    content_dir: Path | None,
    output_format: str,
) -> None:
    """Count the answers files INPUTS (files, or folders of .json files) of many services into
    an offline HTML report, a workbook and a JSON summary. A file that cannot be used is left
    out and named with its place (with --strict nothing is written)."""
    import chemsex_toolkit
    from chemsex_toolkit.cli._output import current, note
    from chemsex_toolkit.reporting import reporter

    names = [name.strip() for name in reports.split(",") if name.strip()]
    result = chemsex_toolkit.build_report(
        list(inputs),
        out,
        content=resolve_content(content_dir),
        reports=names,
        anonymise=anonymise,
        salt=salt,
        strict=strict,
        locale=locale,
    )
    if result.findings:
        color = output_format == "text" and current().use_color(sys.stderr)
        shown = reporter(output_format).findings(list(result.findings), ".", color=color)
        click.echo(shown, nl=False, err=True, color=color)
    services = len(result.figures.services)
    note(f"Wrote the report of {services} service(s) from {result.figures.files} file(s) to {out}.")
