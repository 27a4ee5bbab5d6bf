"""The package works where POSIX-only modules and Linux's renameat2 do not exist (Windows,
macOS): nothing imports them at module level, builds lock and swap folders without them."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import chemsex_toolkit
from chemsex_toolkit import _atomic
from chemsex_toolkit._locking import locked, process_alive
from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.exporting.build import build

ROOT = Path(__file__).parents[1]
# Modules that exist only on POSIX systems; None in sys.modules makes importing them fail.
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource", "tty", "pty")
BLOCK = f"import sys\nfor name in {POSIX_ONLY!r}: sys.modules[name] = None\n"


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-c", BLOCK + code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_module_imports_without_posix_only_modules(tmp_path: Path) -> None:
    modules = [
        info.name
        for info in pkgutil.walk_packages(chemsex_toolkit.__path__, "chemsex_toolkit.")
        if not info.name.endswith("__main__")
    ]
    assert "chemsex_toolkit.exporting.build" in modules
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    result = _run(code + "print('imported', len(sys.modules) > 0)", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "imported True" in result.stdout


@pytest.mark.slow
def test_build_works_without_fcntl(minimal_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = (
        "from pathlib import Path\n"
        "from chemsex_toolkit.exporting.build import build\n"
        f"for _ in range(2): r = build(Path({str(minimal_content)!r}), Path({str(out)!r}),"
        " ['markdown', 'json'])\n"
        "print('fcntl' , sys.modules.get('fcntl'))\n"
        "print('wrote', len(r.written))\n"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "fcntl None" in result.stdout
    assert "wrote" in result.stdout and "wrote 0" not in result.stdout
    assert (out / "markdown").is_dir() and (out / "json").is_dir()
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".build.lock"]


def test_folder_swap_without_renameat2(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_atomic, "_exchange", None)
    out = tmp_path / "out"
    first = build(minimal_content, out, ["json"])
    (out / "json" / "left-by-hand.txt").write_text("x")
    second = build(minimal_content, out, ["json"])
    assert sorted(p.name for p in first.written) == sorted(p.name for p in second.written)
    assert not (out / "json" / "left-by-hand.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["json"]  # no lock file left behind


def test_renameat2_swaps_in_one_step_on_linux(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux's")
    assert _atomic._exchange is not None
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "new").write_text("new")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "old").write_text("old")
    _atomic.swap_folder(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["new"]
    assert not (tmp_path / "a").exists()


def test_a_planted_link_as_lock_file_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".build.lock").symlink_to(victim)
    with pytest.raises(UsageError, match="symbolic link"), locked(out):
        pass
    assert victim.read_text() == "keep me"


def test_process_alive() -> None:
    assert process_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=60)
    assert not process_alive(child.pid)


def test_the_source_tree_holds_no_symbolic_link() -> None:
    """A clone on Windows turns a symbolic link into a small text file, and the package it
    stood for would be gone."""
    links = [
        path.relative_to(ROOT).as_posix()
        for top in ROOT.iterdir()
        if not top.name.startswith(".")
        for path in ([top, *top.rglob("*")] if top.is_dir() and not top.is_symlink() else [top])
        if path.is_symlink()
    ]
    assert links == []


def test_the_built_in_exporters_run_from_the_checkout() -> None:
    """In a checkout the package ``chemsex_toolkit_exporters`` is the ``exporters/`` folder
    itself, so an edit to an exporter takes effect without reinstalling."""
    import chemsex_toolkit_exporters.html

    assert Path(chemsex_toolkit_exporters.html.__file__).resolve().parent == ROOT / "exporters/html"
