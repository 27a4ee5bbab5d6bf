"""``chemsex-toolkit answers``: a team's answers files checked, merged, compared and brought
into the current format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from chemsex_toolkit.cli._common import content_option, format_option, resolve_content

FORMATS = ["text", "json"]
_FILE = click.Path(dir_okay=False, path_type=Path)


@click.group()
def answers() -> None:
    """Check, merge, compare and import the answers files the self-assessment page saves."""


@answers.command()
@click.argument("files", nargs=-1, required=True, type=_FILE)
@content_option
@format_option(FORMATS)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(
    files: tuple[Path, ...], content_dir: Path | None, output_format: str, strict: bool
) -> None:
    """Check answers FILES against the published schema and the content: unknown items and
    answers, answers given to text that changed since, with line and column."""
    from chemsex_toolkit.answers import validate_answers
    from chemsex_toolkit.cli._output import current
    from chemsex_toolkit.errors import CheckFailed
    from chemsex_toolkit.findings import has_errors
    from chemsex_toolkit.reporting import reporter
    from chemsex_toolkit.validation.limits import capped

    root = resolve_content(content_dir)
    import chemsex_toolkit

    toolkit = chemsex_toolkit.load(root)
    findings = capped(f for file in files for f in validate_answers(file, toolkit).findings)
    color = output_format == "text" and current().use_color(sys.stdout)
    if output_format == "text" and not findings:
        # The text reporter's words for no findings are about content, not answers files.
        click.echo(f"No findings: {len(files)} answers file(s) checked, ready to use.")
        return
    click.echo(reporter(output_format).findings(findings, ".", color=color), nl=False, color=color)
    if has_errors(findings, strict=strict):
        raise CheckFailed()


@answers.command()
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("-o", "--out", required=True, type=_FILE, help="The merged answers file to write.")
@format_option(FORMATS)
def merge(files: tuple[Path, ...], out: Path, output_format: str) -> None:
    """Merge a team's answers FILES into one: what all agree on is kept, each disagreement is
    listed and left open, and every member's answers go into the team for the page to settle."""
    from chemsex_toolkit.answers import merge_answers, save_answers
    from chemsex_toolkit.reporting.answers_report import merge_json, merge_text

    result = merge_answers(files)
    save_answers(result.answers, out)
    render = merge_json if output_format == "json" else merge_text
    click.echo(render(result, str(out)), nl=False)


@answers.command()
@click.argument("old", type=_FILE)
@click.argument("new", type=_FILE)
@content_option
@format_option(FORMATS)
def compare(old: Path, new: Path, content_dir: Path | None, output_format: str) -> None:
    """Compare an earlier assessment OLD with NEW per item and question: better, worse or the
    same, as the page's comparison with an earlier assessment."""
    import chemsex_toolkit
    from chemsex_toolkit.answers import compare_answers
    from chemsex_toolkit.reporting.answers_report import comparison_json, comparison_text

    comparison = compare_answers(old, new, chemsex_toolkit.load(resolve_content(content_dir)))
    render = comparison_json if output_format == "json" else comparison_text
    click.echo(render(comparison), nl=False)


@answers.command(name="import")
@click.argument("file", type=_FILE)
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The answers file to write (with --each: the folder).",
)
@click.option(
    "--each",
    is_flag=True,
    help="FILE is an export of the XLSForm's submissions: write one answers file per"
    " submission into the folder OUT, named from its service and date (never replacing one).",
)
@content_option
def import_(file: Path, out: Path, each: bool, content_dir: Path | None) -> None:
    """Bring FILE into the current answers format: an answers file the page saved (any format
    version), checked against the content; the page's action plan CSV (FILE.csv, in any
    language of the content) into the plan; a filled workbook of the xlsx export (FILE.xlsx,
    in any language of the content), whole; or the submissions of the xlsform export as
    KoboToolbox or ODK Central export them (FILE.csv or FILE.xlsx): one submission into OUT,
    several with --each into the folder OUT. Nothing is written when FILE cannot be used."""
    from chemsex_toolkit.answers import (
        AnswersError,
        import_answers,
        import_submissions,
        save_answers,
        save_submissions,
    )
    from chemsex_toolkit.cli._output import note

    content = resolve_content(content_dir)
    try:
        if each:
            written = save_submissions(import_submissions(file, content), out)
            for path in written:
                note(f"Wrote {path}.")
            return
        answers = import_answers(file, content)
    except AnswersError as error:
        error.consequence = "nothing was written"
        raise
    save_answers(answers, out)
    note(f"Wrote {out}.")
