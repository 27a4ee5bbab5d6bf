"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from chemsex_toolkit.paths import (
    ContentLocation,
    Origin,
    find_content,
    given_content,
    named_bundled,
)

F = TypeVar("F", bound=Callable[..., Any])


#: Where ``--bundled`` is kept for ``locate_content``: in the context, not in every command's
#: parameters, since no command does anything with it but pass it on.
_BUNDLED = "chemsex_toolkit.bundled"


def _remember_bundled(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_BUNDLED] = True


def content_option(function: F) -> F:
    """``--content DIR`` and ``--bundled``, defaulting to the content of the project the command
    runs in."""
    with_bundled = click.option(
        "--bundled",
        is_flag=True,
        expose_value=False,
        callback=_remember_bundled,
        help="Work on the content bundled with the package, even inside a project.",
    )(function)
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Content folder (default: the content/ folder of the project you are in, or the"
        " one [tool.chemsex-toolkit] content names in its pyproject.toml).",
    )(with_bundled)


def format_option(formats: list[str], help: str | None = None) -> Callable[[F], F]:
    """``--format`` choosing one of the reporters of ``formats``; text unless told."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(formats),
        default="text",
        show_default=True,
        help=help,
    )


def templates_option(help: str) -> Callable[[F], F]:
    """``--templates DIR``: templates overriding the exporters' own by name."""
    return click.option(
        "--templates",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=None,
        help=help,
    )


def locate_content(content_dir: Path | None) -> ContentLocation:
    """Where the content is: ``--content`` or ``--bundled`` if given, else found from the working
    folder."""
    from chemsex_toolkit.errors import UsageError

    context = click.get_current_context(silent=True)
    if context is not None and context.meta.get(_BUNDLED):
        if content_dir is not None:
            raise click.UsageError("Give --content DIR or --bundled, not both.")
        return named_bundled()
    try:
        return find_content() if content_dir is None else given_content(content_dir)
    except UsageError as error:
        raise click.BadParameter(str(error), param_hint="--content") from error


def resolve_content(content_dir: Path | None, *, writes: bool = False) -> Path:
    """The content folder to work on; says on stderr which one unless the user named it.

    A command that ``writes`` into the content is refused the bundled copy: it lives inside the
    installed package, which an upgrade replaces and other projects share."""
    from chemsex_toolkit.cli._output import note

    location = locate_content(content_dir)
    if writes and location.bundled:
        raise click.BadParameter(
            "this command writes into the content, and the only content here is the copy"
            " bundled with the package, which is never written into. Run it inside your project"
            " or pass --content DIR.",
            param_hint="--content",
        )
    if location.origin is not Origin.OPTION:
        note(content_notice(location))
    return location.path


def content_notice(location: ContentLocation) -> str:
    """One line saying which content a command used and why."""
    if location.origin is Origin.BUNDLED_OPTION:
        return "Content: the copy bundled with the package (given with --bundled)."
    if location.origin is Origin.BUNDLED:
        return (
            "Content: the copy bundled with the package (no content/toolkit.yaml in this folder"
            " or above); pass --content DIR for yours."
        )
    return f"Content: {display_root(location.path)} ({location.origin.value})"


def display_root(content_dir: Path) -> str:
    """How to show the content folder in messages: relative to the working folder if inside it."""
    resolved = content_dir.resolve()
    try:
        return os.path.relpath(resolved) if resolved.is_relative_to(Path.cwd()) else str(resolved)
    except ValueError:
        return str(resolved)


def content_version_line(content_dir: Path | None = None) -> str:
    """The ID, version and place of the content in use, read without the YAML machinery."""
    try:
        location = locate_content(content_dir)
    except click.BadParameter as error:
        return f"content: {error.message}"
    path = location.path / "toolkit.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return f"content: not found at {display_root(location.path)}"
    ident = re.search(r"^id:\s*(\S+)", text, re.MULTILINE)
    version = re.search(r"^version:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    where = (
        "bundled with the package"
        if location.bundled
        else f"{display_root(location.path)}, {location.origin.value}"
    )
    from chemsex_toolkit.reporting.text import printable

    # Read from the file as it is, before any validation: escaped like every other output.
    return printable(
        f"content {ident.group(1) if ident else '?'} {version.group(1) if version else '?'}"
        f" ({where})"
    )


def on_terminal() -> bool:
    """True when progress output helps: asked for with -v, or an interactive terminal (not CI)
    unless -q."""
    from chemsex_toolkit.cli._output import current

    level = current().level
    return level > 0 or (level == 0 and sys.stderr.isatty() and not os.environ.get("CI"))


def json_error(error: Exception) -> str:
    """The JSON document a command prints when it fails before it has a result, for a tool
    that asked for ``--format json``: what went wrong, never nothing."""
    import json

    message = error.format_message() if isinstance(error, click.ClickException) else str(error)
    code = getattr(error, "exit_code", 1)  # the package's errors and click's both carry one
    return json.dumps({"error": {"message": message, "exit_code": code}}, indent=2)


def json_failure(error: Exception) -> None:
    """Print, for a tool that asked for JSON, what stopped a command: the findings of a
    ``ContentError`` as the findings report, else the error."""
    from chemsex_toolkit.errors import ContentError
    from chemsex_toolkit.reporting import reporter

    if isinstance(error, ContentError):
        root = display_root(error.root) if isinstance(error.root, Path) else error.root or "."
        click.echo(reporter("json").findings(error.findings, root), nl=False)
    else:
        click.echo(json_error(error))
