"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from chemsex_toolkit.paths import ContentLocation, Origin, find_content, given_content

F = TypeVar("F", bound=Callable[..., Any])


def content_option(function: F) -> F:
    """``--content DIR``, defaulting to the content of the project the command runs in."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Content folder (default: the content/ folder of the project you are in, or the"
        " one [tool.chemsex-toolkit] content names in its pyproject.toml).",
    )(function)


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
    """Where the content is: ``--content`` if given, else found from the working folder."""
    from chemsex_toolkit.errors import UsageError

    try:
        return find_content() if content_dir is None else given_content(content_dir)
    except UsageError as error:
        raise click.BadParameter(str(error), param_hint="--content") from error


def resolve_content(content_dir: Path | None) -> Path:
    """The content folder to work on; says on stderr which one unless the user named it."""
    from chemsex_toolkit.cli._output import note

    location = locate_content(content_dir)
    if location.origin is not Origin.OPTION:
        note(content_notice(location))
    return location.path


def content_notice(location: ContentLocation) -> str:
    """One line saying which content a command used and why."""
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
        if location.origin is Origin.BUNDLED
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
