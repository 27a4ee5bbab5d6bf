"""``chemsex-toolkit diff``: what changed between two versions of the content."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from chemsex_toolkit.findings import Problem

# The reporters that render a diff (``reporting.formats("diff")``), written out so that --help
# needs no import of the reporters.
FORMATS = ["text", "json", "markdown"]


def _resolve(spec: str, subdir: str, workdir: Path) -> tuple[Path, list[Problem]]:
    """A content folder: ``spec`` itself if it is a folder, else ``subdir`` at git ref ``spec``
    (with problems for what the archive held that could not be extracted)."""
    from chemsex_toolkit.versioning import checkout

    candidate = Path(spec)
    if candidate.is_dir():
        return candidate, []
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30
    )
    if top.returncode != 0:
        raise click.BadParameter(f"{spec} is neither a folder nor a git ref (not in a git repo).")
    try:
        into = Path(tempfile.mkdtemp(dir=workdir))  # never a path built from the ref
        return checkout(spec, Path(top.stdout.strip()), subdir, into)
    except ValueError as error:
        raise click.BadParameter(f"{spec} is neither a folder nor a git ref: {error}") from error


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--path",
    "subdir",
    default="content",
    show_default=True,
    help="The content folder inside the repository, for git refs.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
)
@click.option(
    "--check-version",
    is_flag=True,
    help="Exit 1 when NEW's version is lower than its changes require.",
)
def diff(old: str, new: str, subdir: str, output_format: str, check_version: bool) -> None:
    """Compare content OLD with NEW (folders or git refs): added, removed and renamed IDs,
    changed text, stale translations, and the smallest version bump the changes need."""
    from chemsex_toolkit.errors import CheckFailed, ContentError
    from chemsex_toolkit.i18n import translated_ids
    from chemsex_toolkit.i18n.messages import source_messages
    from chemsex_toolkit.reporting import reporter
    from chemsex_toolkit.validation import validate
    from chemsex_toolkit.validation.rules import word_all
    from chemsex_toolkit.versioning import compare

    with tempfile.TemporaryDirectory(prefix="chemsex-toolkit-diff-") as tmp:
        reports = []
        for spec in (old, new):
            folder, skipped = _resolve(spec, subdir, Path(tmp))
            report = validate(folder)
            if report.toolkit is None or report.failed() or skipped:
                findings = sorted([*word_all(skipped), *report.findings])
                raise ContentError(findings, spec, "cannot compare it")
            reports.append(report)
        before, after = reports
        assert before.toolkit is not None and after.toolkit is not None
        result = compare(
            before.toolkit,
            after.toolkit,
            source_messages(before.toolkit),
            source_messages(after.toolkit),
            translated_ids(after.content),
        )
    click.echo(reporter(output_format).diff(result), nl=False)
    if check_version and not result.version_ok():
        raise CheckFailed(
            f"Version {result.new_version} is too low: these changes need a "
            f"{result.required.label} release."
        )
