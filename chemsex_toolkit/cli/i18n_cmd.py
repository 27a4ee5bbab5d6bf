"""``chemsex-toolkit i18n``: the translators' commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from chemsex_toolkit.cli._common import content_option, json_failure, resolve_content

if TYPE_CHECKING:
    from chemsex_toolkit import ImportReport


@click.group()
def i18n() -> None:
    """Start, check, update and exchange translations."""


@i18n.command()
@click.argument("locale")
@content_option
def init(locale: str, content_dir: Path | None) -> None:
    """Start a new LOCALE with every string waiting for a translation."""
    import chemsex_toolkit

    root = resolve_content(content_dir, writes=True).resolve()
    for path in chemsex_toolkit.init_locale(locale, root):
        click.echo(f"created {path.relative_to(root)}")
    click.echo("Translate the `text` fields, then run `chemsex-toolkit i18n status`.", err=True)


@i18n.command()
@content_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--min-percent",
    type=click.IntRange(0, 100),
    default=None,
    help="Exit 1 if a locale the toolkit declares (locales: in toolkit.yaml) is less complete"
    " than this; locales still in progress, with only a folder, are listed but not held to it.",
)
def status(content_dir: Path | None, output_format: str, min_percent: int | None) -> None:
    """Strings, translated, stale, missing and reviewed per locale."""
    import chemsex_toolkit
    from chemsex_toolkit.errors import CheckFailed, ChemsexToolkitError

    try:
        root = resolve_content(content_dir)
        rows = chemsex_toolkit.translation_status(root)
    except (ChemsexToolkitError, click.ClickException) as error:
        if output_format == "json":
            json_failure(error)
        raise
    ease = chemsex_toolkit.readability(root)
    if output_format == "json":
        data = {"locales": [r.as_dict() for r in rows], "readability": [e.as_dict() for e in ease]}
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(
            f"{'locale':<8} {'strings':>7} {'done':>6} {'stale':>6} {'missing':>8} "
            f"{'reviewed':>9} {'percent':>8}"
        )
        for r in rows:
            click.echo(
                f"{r.locale:<8} {r.total:>7} {r.translated:>6} {r.stale:>6} "
                f"{r.missing:>8} {r.reviewed:>9} {r.percent:>7}%"
                + ("" if r.declared else "  in progress (not in locales:)")
            )
        if not rows:
            click.echo("No translations yet: start one with `chemsex-toolkit i18n init LOCALE`.")
        if ease:
            click.echo("\nReading ease of the prose (Flesch; 60 or more reads easily):")
            for e in ease:
                grade = f", school grade {e.grade:.1f}" if e.grade is not None else ""
                click.echo(
                    f"{e.locale:<8} {e.ease:>5.0f}{grade} "
                    f"({e.words} words, {e.words / e.sentences:.1f} per sentence)"
                )
    below = [r for r in rows if r.declared and min_percent is not None and r.percent < min_percent]
    if below:
        listed = ", ".join(f"{r.locale} ({r.percent}%)" for r in below)
        raise CheckFailed(f"Below {min_percent}%: {listed}")


@i18n.command()
@click.argument("locale", required=False)
@click.option("--all", "all_locales", is_flag=True, help="Update every locale.")
@content_option
def update(locale: str | None, all_locales: bool, content_dir: Path | None) -> None:
    """Bring LOCALE (or --all) in line with the source; nothing is ever deleted."""
    import chemsex_toolkit

    if bool(locale) == all_locales:
        raise click.UsageError("Name one LOCALE or give --all.")
    root = resolve_content(content_dir, writes=True)
    for report in chemsex_toolkit.update_locales(None if all_locales else [str(locale)], root):
        click.echo(
            f"{report.locale}: {len(report.added)} added, {len(report.stale)} stale, "
            f"{len(report.obsoleted)} moved to obsolete, {len(report.restored)} restored, "
            f"{len(report.stamped)} stamped; {len(report.written)} file(s) written"
        )
        for message_id in report.stale:
            click.echo(f"  stale: {message_id}")


@i18n.command(name="export")
@click.argument("locale", required=False)
@click.option(
    "--format", "output_format", type=click.Choice(["po"]), default="po", show_default=True
)
@click.option(
    "--template",
    is_flag=True,
    help="Write the template (POT) instead: every source string, untranslated, no language.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@content_option
def export_cmd(
    locale: str | None,
    output_format: str,
    template: bool,
    output: Path | None,
    content_dir: Path | None,
) -> None:
    """Write LOCALE as a gettext PO file, or --template as a POT (to stdout, or -o FILE; -o - is
    stdout too)."""
    import chemsex_toolkit
    from chemsex_toolkit.i18n.locales import Negotiated

    if template == bool(locale):
        raise click.UsageError("Name one LOCALE, or give --template for the POT.")
    root = resolve_content(content_dir)
    file = None if output is None or str(output) == "-" else output
    if locale is None:
        po = chemsex_toolkit.export_pot(root, out=file)
    else:
        po = chemsex_toolkit.export_po(locale, root, out=file)
        negotiated = Negotiated(locale, po.locale)
        if negotiated.changed:
            from chemsex_toolkit.cli._output import note

            note(negotiated.note())
    if file is None:
        click.echo(po.text, nl=False)
    elif locale is None:
        click.echo(f"wrote {output} (template of {po.strings} strings)", err=True)
    else:
        click.echo(
            f"wrote {output} ({po.strings} strings, {po.percent_translated}% translated)",
            err=True,
        )


@i18n.command(name="import")
@click.argument("po_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--status",
    type=click.Choice(["draft", "reviewed", "machine"]),
    default="draft",
    show_default=True,
    help="Status of the imported strings made from the current source: reviewed for a file a"
    " reviewer checked (the same words are marked reviewed too), machine for machine"
    " translation. Strings that come in stale are always draft.",
)
@content_option
def import_cmd(po_file: Path, status: str, content_dir: Path | None) -> None:
    """Take the translations of a PO file into the locale's files.

    A PO file exported from an older version of the content is fine: entries whose source text
    is still the same are taken, those whose source changed come in as stale. Fuzzy entries
    never become current; obsolete (#~) entries are ignored. Nothing is written when any
    translation cannot be taken as it is.
    """
    import chemsex_toolkit
    from chemsex_toolkit.i18n.po import Status
    from chemsex_toolkit.reporting.text import printable

    root = resolve_content(content_dir, writes=True).resolve()
    report = chemsex_toolkit.import_po(po_file, root, status=cast(Status, status))
    if report.from_version and report.from_version != report.to_version:
        # The version is the PO file's header, as the translator's tools left it.
        click.echo(
            printable(
                f"{po_file} was exported from version {report.from_version}; this content is"
                f" {report.to_version}."
            ),
            err=True,
        )
    click.echo(
        printable(
            f"{report.locale}: {len(report.updated)} updated ({len(report.stale)} stale: made"
            f" from another source text), {report.unchanged} unchanged, {len(report.fuzzy)}"
            f" fuzzy left out, {report.obsolete} obsolete ignored, {len(report.skipped)} unknown"
            f" ID(s) skipped; {len(report.written)} file(s) written"
        )
    )
    for message_id in report.stale:
        click.echo(f"  stale: {message_id} ({_line(po_file, report, message_id)})")
    for message_id in report.fuzzy:
        click.echo(
            f"  fuzzy, left out: {message_id} ({_line(po_file, report, message_id)}; clear the"
            " fuzzy flag once it is checked)"
        )
    for message_id in report.skipped:
        # The ID is the PO file's msgctxt, as the translator's tool left it.
        click.echo(
            printable(
                f"  unknown ID, skipped: {message_id} ({_line(po_file, report, message_id)}; no"
                " string of the content has it: a renamed or removed msgctxt?)"
            )
        )
    for path in report.written:
        click.echo(f"  wrote {path.relative_to(root).as_posix()}")


def _line(po_file: Path, report: ImportReport, message_id: str) -> str:
    """Where an entry the import lists is in the PO file."""
    line = report.lines.get(message_id)
    return f"{po_file.name}:{line}" if line is not None else po_file.name
