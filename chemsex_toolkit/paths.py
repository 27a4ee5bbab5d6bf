"""Where things are: the user's content folder, and the bundled content and schemas.

The bundled data live in ``chemsex_toolkit/_bundled/`` in an installed wheel; in a source checkout
(or an editable install) they are the top-level folders of the repository.

The content a command works on is found the way mkdocs finds ``mkdocs.yml`` and pre-commit its
configuration: from the working folder upwards, so that a command run anywhere inside a project
acts on that project's files, never on the copy inside the installed package.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from chemsex_toolkit.errors import UsageError

_PACKAGE = Path(__file__).resolve().parent

#: The table in ``pyproject.toml`` that may name a project's content folder.
PYPROJECT_TABLE = "chemsex-toolkit"
#: The folder name looked for when no ``pyproject.toml`` names one.
CONTENT_FOLDER = "content"
#: The file that makes a folder a content folder.
MARKER = "toolkit.yaml"


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def bundled_content() -> Path:
    """The content shipped with the package, used outside any project."""
    return _data_dir("content")


def schemas_dir() -> Path:
    """The folder of the published JSON Schemas."""
    return _data_dir("schemas")


class Origin(Enum):
    """How a command came to its content folder."""

    OPTION = "given with --content"
    PYPROJECT = "named in pyproject.toml"
    PROJECT = "found in the project"
    BUNDLED = "bundled with the package"


@dataclass(frozen=True)
class ContentLocation:
    path: Path
    origin: Origin
    #: The file or folder that decided it (pyproject.toml, or the project folder).
    source: Path | None = None


def _from_pyproject(folder: Path) -> ContentLocation | None:
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(
            f"{pyproject}: cannot read it ({error}); fix it or pass --content DIR."
        ) from error
    table = data.get("tool", {}).get(PYPROJECT_TABLE)
    if not isinstance(table, dict) or "content" not in table:
        return None
    named = table["content"]
    if not isinstance(named, str) or not named:
        raise UsageError(
            f"{pyproject}: [tool.{PYPROJECT_TABLE}] content must be a folder name, such as"
            ' content = "content".'
        )
    path = folder / named
    if not (path / MARKER).is_file():
        raise UsageError(
            f"{pyproject}: [tool.{PYPROJECT_TABLE}] content = {named!r} names no content folder"
            f" (no {MARKER} in {path}); correct it or pass --content DIR."
        )
    return ContentLocation(path, Origin.PYPROJECT, pyproject)


def find_content(start: Path | None = None) -> ContentLocation:
    """The content of the project that ``start`` (default: the working folder) lies in.

    Walks up from ``start``; in each folder, a ``[tool.chemsex-toolkit]`` table in
    ``pyproject.toml`` naming ``content`` wins, else a ``content/`` folder holding
    ``toolkit.yaml``. Outside any project, the bundled content. Raises ``UsageError`` when a
    ``pyproject.toml`` names a folder that is not content.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        found = _from_pyproject(folder)
        if found is not None:
            return found
        candidate = folder / CONTENT_FOLDER
        if (candidate / MARKER).is_file():
            return ContentLocation(candidate, Origin.PROJECT, folder)
    return ContentLocation(bundled_content(), Origin.BUNDLED)


def given_content(path: Path) -> ContentLocation:
    """The folder given with ``--content``, checked."""
    if not path.is_dir():
        raise UsageError(f"--content {path}: no such folder.")
    return ContentLocation(path, Origin.OPTION)
