"""The built-in exporters are built as a third party's would be: they import only the public API
(``chemsex_toolkit`` and the engine ``chemsex_toolkit.exporting``), and every helper the engine
offers is documented for plugin authors."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import chemsex_toolkit
import chemsex_toolkit.exporting

ROOT = Path(__file__).parents[2]
PUBLIC = {
    "chemsex_toolkit": set(chemsex_toolkit.__all__),
    "chemsex_toolkit.exporting": set(chemsex_toolkit.exporting.__all__),
}


def _package_imports() -> Iterator[tuple[str, str, str]]:
    """Every import of the package by the built-in exporters: (place, module, name)."""
    for path in sorted((ROOT / "exporters").rglob("*.py")):
        place = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] == "chemsex_toolkit":
                    for alias in node.names:
                        yield f"{place}:{node.lineno}", node.module, alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "chemsex_toolkit":
                        yield f"{place}:{node.lineno}", alias.name, "*"


def test_the_built_in_exporters_import_only_the_public_api() -> None:
    found = list(_package_imports())
    assert {module for _place, module, _name in found} >= set(PUBLIC)  # the scan sees them
    private = [
        f"{place}: {module}.{name}"
        for place, module, name in found
        if name not in PUBLIC.get(module, set())
    ]
    assert private == []


def test_every_helper_of_the_engine_is_documented_for_exporter_authors() -> None:
    docs = (ROOT / "docs" / "exporters.md").read_text("utf-8")
    table = docs.partition("### What the engine offers exporters")[2].partition("\n### ")[0]
    missing = [name for name in chemsex_toolkit.exporting.__all__ if f"`{name}" not in table]
    assert missing == []
