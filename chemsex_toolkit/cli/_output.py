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
        """Colour for ``stream``: asked for with --color, else off when NO_COLOR is set
        (https://no-color.org: any non-empty value), on when FORCE_COLOR is
        (https://force-color.org: any non-empty value; CI logs that show colour set it), else
        on a terminal. Whoever writes coloured text must echo it with ``color=True``: click
        strips colour codes from anything but a terminal."""
        if self.color != "auto":
            return self.color == "always"
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return bool(getattr(stream, "isatty", lambda: False)())


def current() -> Output:
    """The settings of the running command (defaults outside the command group)."""
    context = click.get_current_context(silent=True)
    while context is not None:
        if isinstance(context.obj, Output):
            return context.obj
        context = context.parent
    return Output()


def _set_level(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    settings = current()
    level = -1 if param.name == "quiet" else 1
    if settings.level not in (0, level):
        raise click.UsageError("Give -q or -v, not both.", ctx)
    settings.level = level


def add_level_options(command: click.Command) -> None:
    """``-q`` and ``-v`` after the command's name too (``validate -q``), and after each of a
    group's subcommands: people type them where they think of them."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_level_options(sub)
        return
    if any(p.name in ("quiet", "verbose") for p in command.params):
        return
    for flags, name, help_text in (
        (("-q", "--quiet"), "quiet", "Say only results and errors (as before the command)."),
        (("-v", "--verbose"), "verbose", "Say more (as before the command)."),
    ):
        command.params.append(
            click.Option(
                [*flags, name],
                is_flag=True,
                expose_value=False,
                callback=_set_level,
                help=help_text,
            )
        )


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
