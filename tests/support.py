"""Helpers shared by tests (fixtures live in conftest.py files)."""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit._atomic import write_atomic


@dataclass(frozen=True)
class Golden:
    """Reviewed golden files: output is compared with them, or with ``update`` (pytest
    ``--update-golden``, ``nox -s golden``) written into them for review with ``git diff``."""

    update: bool

    def check(self, path: Path, produced: str) -> None:
        if self.update:
            write_atomic(path, produced)
            return
        assert path.is_file(), f"no golden file {path.name}: run `nox -s golden` and review it"
        expected = path.read_text(encoding="utf-8")
        assert produced == expected, f"{path.name} differs: run `nox -s golden` and review"


@dataclass(frozen=True)
class Venv:
    """A fresh virtual environment with the project's wheel installed (not editable)."""

    path: Path
    wheel: Path

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.path / "bin" / name

    def run(self, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        return subprocess.run(
            [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
        )


def takes_ctrl_c() -> None:
    """``preexec_fn`` for a child that a test stops with Ctrl-C (SIGINT): the child takes it as
    from a terminal. A shell starts a background job (``pytest ... &``, a CI step) with SIGINT
    ignored; a child inherits that, Python then leaves SIGINT ignored too, and the test would
    wait in vain for the child to stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
