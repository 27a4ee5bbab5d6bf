"""How an error that ends a command is shown: one place, for every command."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from chemsex_toolkit.errors import ChemsexToolkitError, ContentError


def report_error(error: ChemsexToolkitError) -> None:
    """Write ``error`` to stderr as a user reads it: the findings first for content errors."""
    if isinstance(error, ContentError):
        from chemsex_toolkit.cli._common import display_root
        from chemsex_toolkit.reporting import reporter

        root = display_root(error.root) if isinstance(error.root, Path) else error.root or "."
        click.echo(reporter("text").findings(error.findings, root), err=True, nl=False)
        click.echo(error.headline(), err=True)
        return
    from chemsex_toolkit.reporting.text import printable_lines

    # A message may quote what the input says (a PO file's header, a git ref, a file name).
    message = printable_lines(error)
    if message:
        click.echo(f"{error.prefix}{message}", err=True)


# The temporary file ``write_atomic`` writes before its rename: ``.NAME.<random>.tmp`` beside
# NAME. An error on it is an error on NAME, the path the user asked for.
_ATOMIC_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp")


def _asked_for(name: str) -> str:
    path = Path(name)
    match = _ATOMIC_TEMPORARY.fullmatch(path.name)
    return str(path.with_name(match["name"])) if match else name


def describe_os_error(error: OSError) -> str:
    """One line for a failed file operation: what, where (the path asked for, never the
    temporary file written on the way), and the system's reason."""
    reason = error.strerror or type(error).__name__
    names = [n for n in (error.filename, error.filename2) if n is not None]
    shown = dict.fromkeys(
        _asked_for(os.fsdecode(n) if isinstance(n, bytes) else str(n)) for n in names
    )
    where = " -> ".join(shown)
    from chemsex_toolkit.reporting.text import printable

    return printable(f"{where}: {reason}." if where else f"{reason}.")
