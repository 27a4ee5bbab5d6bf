"""``chemsex-toolkit build`` and ``chemsex-toolkit exporters``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from chemsex_toolkit.cli._common import (
    content_option,
    display_root,
    json_failure,
    on_terminal,
    resolve_content,
    templates_option,
)

# What `build` exports without --format: the formats its help names.
DEFAULT_FORMATS = ("html", "markdown", "json")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@click.command()
@content_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Output folder; each format gets a subfolder.",
)
@click.option(
    "--format",
    "formats",
    default=",".join(DEFAULT_FORMATS),
    show_default=True,
    help="Comma-separated exporter names (see `exporters`), or all for every installed one.",
)
@click.option(
    "--locale",
    "locales",
    default="all",
    show_default=True,
    help="Comma-separated locale codes, or all (the source and every shipped translation).",
)
@templates_option("Folder of templates overriding built-in ones by name (per exporter subfolder).")
@click.option(
    "--clean",
    is_flag=True,
    help="Replace format folders in --out that a build did not make (their files are deleted).",
)
@click.option(
    "--report",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: print what was built (or the findings that stopped it) as JSON on stdout.",
)
def build(
    content_dir: Path | None,
    out: Path,
    formats: str,
    locales: str,
    templates: Path | None,
    clean: bool,
    report: str,
) -> None:
    """Validate the content, then export it (HTML, Markdown, JSON by default).

    With --format all, formats whose extra is not installed are left out and named."""
    import chemsex_toolkit
    from chemsex_toolkit.cli._output import detail, note
    from chemsex_toolkit.errors import ChemsexToolkitError
    from chemsex_toolkit.exporting import registry

    try:
        root = resolve_content(content_dir)
        from chemsex_toolkit.reporting.text import printable

        # Progress names exporters, which may be anyone's distribution: escaped like all output.
        progress = (
            (lambda message: click.echo(printable(message), err=True)) if on_terminal() else None
        )
        names = registry.resolve(formats)
        # "all" means all that can run here; a format named outright must run or fail.
        skipped = registry.unavailable(names) if formats.strip() == "all" else {}
        for name, why in skipped.items():
            note(f"Not built: {name} ({why}).")
        names = [name for name in names if name not in skipped]
        result = chemsex_toolkit.build(
            root,
            out,
            formats=names,
            locales=None if locales == "all" else _split(locales),
            templates=templates,
            progress=progress,
            clean=clean,
        )
    except (ChemsexToolkitError, click.ClickException) as error:
        if report == "json":
            json_failure(error)
        raise
    if report == "json":
        summary = {
            "out": str(result.out),
            "formats": names,
            "skipped": skipped,
            "locales": result.locales,
            "written": [path.relative_to(result.out).as_posix() for path in result.written],
        }
        click.echo(json.dumps(summary, indent=2))
    if locales != "all":
        from chemsex_toolkit.i18n.locales import negotiate

        for code in _split(locales):
            negotiated = negotiate(code, result.locales)
            if negotiated.changed:
                note(negotiated.note())
    shown = display_root(result.out)
    for path in result.written:
        detail(os.path.join(shown, path.relative_to(result.out)))
    # One line by default (-v lists every file; -q says nothing when all went well).
    note(
        f"Wrote {len(result.written)} file(s) for {', '.join(result.locales)} "
        f"in {', '.join(names)} to {shown}."
    )


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def exporters(output_format: str) -> None:
    """List the installed exporters (built-in and third-party), and those that cannot run here
    (an extra not installed)."""
    from chemsex_toolkit.exporting import registry
    from chemsex_toolkit.reporting.text import printable

    found = registry.installed()
    if output_format == "json":
        rows = [
            {
                "name": info.name,
                "distribution": info.distribution,
                "target": info.target,
                "description": info.description,
                "available": not (info.error or info.missing),
                "missing": info.missing,
                "error": info.error,
            }
            for info in found
        ]
        click.echo(json.dumps({"exporters": rows}, indent=2))
        return
    for info in found:
        if info.error:
            status = f"ERROR: {info.error}"
        elif info.missing:
            status = f"unavailable: {info.missing}"
        else:
            status = info.description
        click.echo(printable(f"{info.name:<12} {info.distribution:<22} {status}"))
