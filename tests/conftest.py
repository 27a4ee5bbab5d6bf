"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import Venv

FIXTURES = Path(__file__).parent / "fixtures"
BROWSER_FIXTURES = {"browser", "page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium as ``browser`` (``-m "not browser"`` leaves them out),
    whether it lives under tests/browser/ or uses the browser fixtures elsewhere; and every test
    under tests/bundled/ as ``bundled``: those check the shipped content, the rest use fixtures."""
    for item in items:
        folders = Path(str(item.path)).relative_to(ROOT).parts[:2]
        if "browser" in folders or BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if "bundled" in folders:
            item.add_marker(pytest.mark.bundled)


@pytest.fixture
def minimal_content(tmp_path: Path) -> Path:
    """A private, writable copy of the minimal valid content folder."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per test session from this source tree."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = out.glob("chemsex_toolkit-*.whl")
    return wheel


@pytest.fixture(scope="session")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> Venv:
    """A fresh venv (no access to this checkout) with the built wheel installed."""
    path = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    venv = Venv(path=path, wheel=built_wheel)
    result = venv.run(
        venv.python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        built_wheel,
        cwd=path,
    )
    assert result.returncode == 0, result.stderr
    return venv
