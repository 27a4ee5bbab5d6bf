"""The private parts of dependencies that the package uses, each held to what the code calls:
cmarkgfm's compiled ``_cmark`` (through ctypes) and watchfiles' native ``_rust_notify``. Each of
these dependencies is bounded above in ``pyproject.toml``, so that a release that changes them
is taken only once these tests pass with it."""

from __future__ import annotations

import ctypes
import threading
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from chemsex_toolkit import cmark
from chemsex_toolkit.preview import watch

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"
#: Distribution -> the private module of it that the package imports.
PRIVATE = {"cmarkgfm": "cmarkgfm._cmark", "watchfiles": "watchfiles._rust_notify"}
# Milliseconds the native watcher may wait for a change before the test fails instead of
# hanging: a change comes within milliseconds, but the machine may be busy.
PATIENCE_MS = 30_000


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    found = (Requirement(line) for line in project["dependencies"])
    return {requirement.name.lower(): requirement for requirement in found}


@pytest.mark.parametrize("distribution", sorted(PRIVATE))
def test_a_dependency_used_privately_is_bounded_above_and_installed_within(
    distribution: str,
) -> None:
    requirement = _requirements()[distribution]
    assert any(spec.operator in ("<", "<=", "~=", "==") for spec in requirement.specifier), (
        f"{distribution} is used through {PRIVATE[distribution]}: bound it above"
    )
    assert version(distribution) in requirement.specifier


def test_cmark_library_exports_every_function_called() -> None:
    library = ctypes.CDLL(cmark.library_path())
    missing = [name for name in [*cmark.SIGNATURES, cmark.ALLOCATOR] if not hasattr(library, name)]
    assert missing == []


def test_rust_notify_reports_a_change_and_stops_as_the_watcher_calls_it(tmp_path: Path) -> None:
    from watchfiles._rust_notify import RustNotify

    stop = threading.Event()
    # The same positional arguments as ``preview.watch.Watcher``: paths, debug, force polling,
    # poll delay, recursive, ignore permission denied.
    with RustNotify([str(tmp_path)], False, False, 300, True, False) as notify:
        (tmp_path / "item.yaml").write_text("id: a\n", encoding="utf-8")
        changes = notify.watch(watch.DEBOUNCE, watch.STEP, PATIENCE_MS, stop)
        assert isinstance(changes, set)
        assert {Path(path).name for change, path in changes if isinstance(change, int)} == {
            "item.yaml"
        }
        stop.set()
        assert notify.watch(watch.DEBOUNCE, watch.STEP, PATIENCE_MS, stop) == "stop"
