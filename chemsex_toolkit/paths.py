"""Where the bundled content, schemas and exporter templates are.

In an installed wheel they live in ``chemsex_toolkit/_bundled/``; in a source checkout (or an
editable install) they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def bundled_content() -> Path:
    """The content folder that every command uses when it is given none."""
    return _data_dir("content")


def schemas_dir() -> Path:
    """The folder of the published JSON Schemas."""
    return _data_dir("schemas")


def exporters_dir() -> Path:
    """The folder holding each built-in exporter's templates and assets."""
    return _data_dir("exporters")
