"""``chemsex-toolkit schema``: the published JSON Schemas, for editors and validators of a
content repository that has no clone of this one."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("names", nargs=-1)
@click.option("--list", "listing", is_flag=True, help="List each schema's name and $id.")
@click.option("--all", "every", is_flag=True, help="Every schema (with --out).")
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write NAME.schema.json files into this folder instead of printing.",
)
def schema(names: tuple[str, ...], listing: bool, every: bool, out: Path | None) -> None:
    """Print or write the published schemas: NAME is a schema's name (catalog, item, export,
    findings, ...) or its $id (urn:chemsex-toolkit:schema:NAME:v1).

    One NAME prints it; --out DIR writes the NAMEs (or --all) into DIR, where each file's $id
    names it, for an editor's schema mapping or ajv -r.
    """
    from chemsex_toolkit._atomic import write_atomic
    from chemsex_toolkit.schema import published, published_schema

    if listing:
        if names or every or out:
            raise click.UsageError("--list takes no NAME, --all or --out.")
        for name, path in published().items():
            ident = json.loads(path.read_text(encoding="utf-8")).get("$id", "")
            click.echo(f"{name:<10} {ident}")
        return
    if every == bool(names):
        raise click.UsageError("Name one or more schemas, or give --all (see --list).")
    chosen = list(published().items()) if every else [published_schema(n) for n in names]
    if out is None:
        if len(chosen) > 1:
            raise click.UsageError("Print one schema at a time, or write several with --out DIR.")
        click.echo(chosen[0][1].read_text(encoding="utf-8"), nl=False)
        return
    for name, path in chosen:
        target = out / f"{name}.schema.json"
        write_atomic(target, path.read_text(encoding="utf-8"))
        click.echo(f"wrote {target}", err=True)
