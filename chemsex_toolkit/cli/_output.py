"""How much the command line says, and whether in colour: set once by the command group's
``--color``, ``-q`` and ``-v`` (and the ``NO_COLOR`` convention), read by every command."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Literal

import click

Color = Literal["auto", "always", "never"]


@dataclass
class Output:
    color: Color = "auto"
    #: -1 quiet (results and errors only), 0 normal, 1 verbose.
    level: int = 0

    def use_color(self, stream: IO[str]) -> bool:
        """Colour for ``stream``: asked for, or on a terminal when NO_COLOR is not set
        (https://no-color.org: any non-empty value turns colour off)."""
        if self.color != "auto":
            return self.color == "always"
        if os.environ.get("NO_COLOR"):
            return False
        return bool(getattr(stream, "isatty", lambda: False)())


def current() -> Output:
    """The settings of the running command (defaults outside the command group)."""
    context = click.get_current_context(silent=True)
    while context is not None:
        if isinstance(context.obj, Output):
            return context.obj
        context = context.parent
    return Output()


def note(message: str) -> None:
    """A message about the run (which content, what was chosen): stderr, not with -q. It may
    quote the input, so no control character reaches the terminal as it is."""
    from chemsex_toolkit.reporting.text import printable_lines

    if current().level >= 0:
        click.echo(printable_lines(message), err=True)


def detail(message: str, *, err: bool = False) -> None:
    """What only -v shows (escaped as ``note`` is)."""
    from chemsex_toolkit.reporting.text import printable_lines

    if current().level > 0:
        click.echo(printable_lines(message), err=err)
