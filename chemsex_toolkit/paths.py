"""Where things are: the user's content folder, and the bundled content and schemas.

The bundled data live in ``chemsex_toolkit/_bundled/`` in an installed wheel; in a source checkout
(or an editable install) they are the top-level folders of the repository.

The content a command works on is found the way mkdocs finds ``mkdocs.yml`` and pre-commit its
configuration: from the working folder upwards, so that a command run anywhere inside a project
acts on that project's files, never on the copy inside the installed package.

It never guesses: inside a project (a git repository, or a folder with a ``pyproject.toml``) that
has no content, finding fails and says what it looked for; only outside any project, or when asked
for by name, is the bundled copy used.
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
#: The keys ``[tool.chemsex-toolkit]`` may hold; any other is a mistake (``content_dir =``) that
#: would otherwise send a command to other content without a word.
PYPROJECT_KEYS = frozenset({"content", "ignore"})


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
    BUNDLED_OPTION = "bundled with the package, given with --bundled"


@dataclass(frozen=True)
class ContentLocation:
    path: Path
    origin: Origin
    #: The file or folder that decided it (pyproject.toml, or the project folder).
    source: Path | None = None

    @property
    def bundled(self) -> bool:
        """The copy inside the installed package, which no command may write into."""
        return self.origin in (Origin.BUNDLED, Origin.BUNDLED_OPTION)


def pyproject_table(pyproject: Path) -> dict[str, object] | None:
    """The ``[tool.chemsex-toolkit]`` table of ``pyproject``, checked (None: the file has none).

    Raises ``UsageError`` naming the file when it cannot be read or the table holds a key this
    version does not know."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(
            f"{pyproject}: cannot read it ({error}); fix it or pass --content DIR."
        ) from error
    tool = data.get("tool", {})
    table = tool.get(PYPROJECT_TABLE) if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UsageError(f"{pyproject}: tool.{PYPROJECT_TABLE} must be a table.")
    unknown = sorted(set(table) - PYPROJECT_KEYS)
    if unknown:
        known = ", ".join(sorted(PYPROJECT_KEYS))
        raise UsageError(
            f"{pyproject}: [tool.{PYPROJECT_TABLE}] has unknown key(s) {', '.join(unknown)};"
            f" the keys it may hold are: {known}."
        )
    return table


def _from_pyproject(pyproject: Path) -> ContentLocation | None:
    table = pyproject_table(pyproject)
    if table is None or "content" not in table:
        return None
    named = table["content"]
    if not isinstance(named, str) or not named:
        raise UsageError(
            f"{pyproject}: [tool.{PYPROJECT_TABLE}] content must be a folder name, such as"
            ' content = "content".'
        )
    path = pyproject.parent / named
    if not (path / MARKER).is_file():
        raise UsageError(
            f"{pyproject}: [tool.{PYPROJECT_TABLE}] content = {named!r} names no content folder"
            f" (no {MARKER} in {path}); correct it or pass --content DIR."
        )
    return ContentLocation(path, Origin.PYPROJECT, pyproject)


def find_content(start: Path | None = None) -> ContentLocation:
    """The content of the project that ``start`` (default: the working folder) lies in.

    Walks up from ``start``, no further than the root of a git repository; in each folder, a
    ``[tool.chemsex-toolkit]`` table in ``pyproject.toml`` naming ``content`` wins, else a
    ``content/`` folder holding ``toolkit.yaml``. Outside any project, the bundled content.
    Raises ``UsageError`` when a ``pyproject.toml`` names a folder that is not content or holds
    an unknown key, and when the walk passed a project (a git repository, a ``pyproject.toml``)
    without finding content: checking the bundled copy there would pass on the wrong content.
    """
    here = (start or Path.cwd()).resolve()
    project: Path | None = None
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            project = project or folder
            found = _from_pyproject(pyproject)
            if found is not None:
                return found
        candidate = folder / CONTENT_FOLDER
        if (candidate / MARKER).is_file():
            return ContentLocation(candidate, Origin.PROJECT, folder)
        if (folder / ".git").exists():  # a repository is a project of its own: stop at its root
            project = project or folder
            break
    if project is not None:
        raise UsageError(
            f"No content found for the project at {project}: looked for"
            f" {CONTENT_FOLDER}/{MARKER} in {here} and each folder up to the project's root, and"
            f" for [tool.{PYPROJECT_TABLE}] content in its pyproject.toml. Name your folder with"
            f' [tool.{PYPROJECT_TABLE}] content = "DIR" in pyproject.toml, or pass --content DIR'
            " (or --bundled to work on the copy bundled with the package)."
        )
    return ContentLocation(bundled_content(), Origin.BUNDLED)


def project_table(start: Path | None = None) -> tuple[Path, dict[str, object]] | None:
    """The ``pyproject.toml`` of the project ``start`` (default: the working folder) lies in
    that has a ``[tool.chemsex-toolkit]`` table, and the table; searched as ``find_content``
    searches, no further than a repository's root."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        table = pyproject_table(pyproject) if pyproject.is_file() else None
        if table is not None:
            return pyproject, table
        if (folder / ".git").exists():
            break
    return None


def named_bundled() -> ContentLocation:
    """The bundled content, asked for by name (``--bundled``)."""
    return ContentLocation(bundled_content(), Origin.BUNDLED_OPTION)


def given_content(path: Path) -> ContentLocation:
    """The folder given with ``--content``, checked."""
    if not path.is_dir():
        raise UsageError(f"--content {path}: no such folder.")
    return ContentLocation(path, Origin.OPTION)
