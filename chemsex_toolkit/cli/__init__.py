"""The ``chemsex-toolkit`` command line.

Commands live in their own modules and are imported only when they run, so that ``--help`` and
``--version`` start fast. This module is the only place that knows every command's name, and the
one place where errors become messages and exit codes: a command raises the package's exceptions
(or lets an ``OSError`` through) and ``LazyGroup.invoke`` reports them.
"""

from __future__ import annotations

import errno
import importlib
import importlib.util
from typing import Any, cast

import click

from chemsex_toolkit.__about__ import __version__

# name -> "module:attribute" of a click.Command
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "chemsex_toolkit.cli.validate_cmd:validate",
        "Check the content and report findings.",
    ),
    "build": (
        "chemsex_toolkit.cli.build_cmd:build",
        "Export the content: HTML, Markdown, JSON, PDF, XLSX and more.",
    ),
    "exporters": ("chemsex_toolkit.cli.build_cmd:exporters", "List the installed exporters."),
    "i18n": (
        "chemsex_toolkit.cli.i18n_cmd:i18n",
        "Start, check, update and exchange translations.",
    ),
    "check-links": (
        "chemsex_toolkit.cli.check_links:check_links",
        "Check every URL the content cites.",
    ),
    "diff": ("chemsex_toolkit.cli.diff_cmd:diff", "Compare two versions of the content."),
    "serve": (
        "chemsex_toolkit.cli.serve_cmd:serve",
        "Preview the pages live while editing the content.",
    ),
    "schema": (
        "chemsex_toolkit.cli.schema_cmd:schema",
        "Print or write the published JSON Schemas.",
    ),
    "answers": (
        "chemsex_toolkit.cli.answers_cmd:answers",
        "Check, merge, compare and import self-assessment answers files.",
    ),
    "report": (
        "chemsex_toolkit.cli.report_cmd:report",
        "Report on many services' answers files: HTML, workbook and JSON.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not _available(cmd_name):
            return None
        module_name, attribute = target[0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        from chemsex_toolkit.cli._exit_codes import document
        from chemsex_toolkit.cli._output import add_level_options

        document(command, cmd_name)
        add_level_options(command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; the error boundary of the command line."""
        from chemsex_toolkit.errors import ChemsexToolkitError

        try:
            return super().invoke(ctx)
        except ChemsexToolkitError as error:
            from chemsex_toolkit.cli._errors import report_error

            report_error(error)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            # 130 (128 + SIGINT), as shells report it: not 1, which means a check failed.
            click.echo("\nInterrupted.", err=True)
            ctx.exit(130)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # click ends quietly when the reader of the output went away
            from chemsex_toolkit.cli._errors import describe_os_error

            click.echo(f"Error: {describe_os_error(error)}", err=True)
            ctx.exit(1)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help comes from the table above, so --help imports no command module.
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _available(name: str) -> bool:
    module_name = COMMANDS[name][0].split(":")[0]
    return importlib.util.find_spec(module_name) is not None


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from chemsex_toolkit.cli._common import content_version_line

    click.echo(f"chemsex-toolkit {__version__}")
    click.echo(content_version_line())
    ctx.exit(0)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the package and content versions and exit.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text output; auto means on a terminal or when FORCE_COLOR is set, unless"
    " NO_COLOR is set.",
)
@click.option("-q", "--quiet", is_flag=True, help="Say only results and errors.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Say more: each file written, progress as it goes."
)
@click.pass_context
def main(ctx: click.Context, color: str, quiet: bool, verbose: bool) -> None:
    """Keep, check, translate and publish the CBVCT quality toolkit's content.

    Global options go before the command: chemsex-toolkit -q --color never validate (-q and -v
    after it too).

    \b
    Exit codes (each command's --help says what they mean for it):
      0  success
      1  the check failed, the content has errors, or a file could not be read or written
      2  usage error
      3  no network (check-links)
      130  interrupted (Ctrl-C)
    """
    from chemsex_toolkit.cli._output import Color, Output

    if quiet and verbose:
        raise click.UsageError("Give -q or -v, not both.")
    ctx.obj = Output(color=cast("Color", color), level=-1 if quiet else 1 if verbose else 0)
