"""``chemsex-toolkit diff``: what changed between two versions of the content."""

from __future__ import annotations

import click

from chemsex_toolkit.cli._common import format_option

# The reporters that render a diff (``reporting.formats("diff")``), written out so that --help
# needs no import of the reporters.
FORMATS = ["text", "json", "markdown"]


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--path",
    "subdir",
    default=None,
    help="The content folder inside the repository, for git refs (default: the one every"
    " command finds, [tool.chemsex-toolkit] content in pyproject.toml included).",
)
@format_option(FORMATS)
@click.option(
    "--check-version",
    is_flag=True,
    help="Exit 1 when NEW's version is lower than its changes require.",
)
def diff(old: str, new: str, subdir: str | None, output_format: str, check_version: bool) -> None:
    """Compare content OLD with NEW (folders or git refs): added, removed and renamed IDs,
    changed text, stale translations, and the smallest version bump the changes need.

    Findings in OLD are reported and do not stop the comparison; errors in NEW do."""
    import chemsex_toolkit
    from chemsex_toolkit.cli._common import json_error
    from chemsex_toolkit.errors import CheckFailed, ContentError, UsageError
    from chemsex_toolkit.findings import Severity
    from chemsex_toolkit.reporting import reporter

    try:
        result = chemsex_toolkit.diff(old, new, subdir=subdir)
    except ContentError as error:
        if output_format == "json":  # a tool that asked for JSON gets the findings as JSON
            root = str(error.root) if error.root is not None else "."
            click.echo(reporter("json").findings(error.findings, root), nl=False)
        raise
    except UsageError as error:
        if output_format == "json":
            click.echo(json_error(error))
        raise
    # The errors that once stopped a comparison; warnings of a release are no news. JSON carries
    # every finding in the document.
    errors = [f for f in result.old_findings if f.severity is Severity.ERROR]
    if errors and output_format != "json":
        from chemsex_toolkit.cli._output import note

        note(reporter("text").findings(errors, old).rstrip("\n"))
        note(f"{old}: compared in spite of these errors.")
    click.echo(reporter(output_format).diff(result), nl=False)
    if check_version and not result.version_ok():
        raise CheckFailed(
            f"Version {result.new_version} is too low: these changes need a "
            f"{result.required.label} release."
        )
