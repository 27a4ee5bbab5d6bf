"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from chemsex_toolkit.paths import bundled_content

F = TypeVar("F", bound=Callable[..., Any])


def content_option(function: F) -> F:
    """``--content DIR``, defaulting to the bundled content."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Content folder (default: the bundled content).",
    )(function)


def resolve_content(content_dir: Path | None) -> Path:
    if content_dir is None:
        return bundled_content()
    if not content_dir.exists():
        raise click.BadParameter(f"{content_dir} does not exist.", param_hint="--content")
    return content_dir


def display_root(content_dir: Path) -> str:
    """How to show the content folder in messages: relative to the working folder if inside it."""
    resolved = content_dir.resolve()
    try:
        return os.path.relpath(resolved) if resolved.is_relative_to(Path.cwd()) else str(resolved)
    except ValueError:
        return str(resolved)


def content_version_line() -> str:
    """The bundled content's ID and version, read without loading the YAML machinery."""
    path = bundled_content() / "toolkit.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return "content: not found"
    ident = re.search(r"^id:\s*(\S+)", text, re.MULTILINE)
    version = re.search(r"^version:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    return f"content {ident.group(1) if ident else '?'} {version.group(1) if version else '?'}"


def on_terminal() -> bool:
    """True when progress output helps: an interactive terminal, not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")
