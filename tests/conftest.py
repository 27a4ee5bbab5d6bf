"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import Golden, Venv

FIXTURES = Path(__file__).parent / "fixtures"
BROWSER_FIXTURES = {"browser", "page"}
WHEEL_FIXTURES = {"built_wheel", "wheel_venv"}
#: The fixtures of real HTTP servers whose deadlines the tests wait out (tests/links/), and the
#: folder of the preview's server and watcher.
SERVER_FIXTURES = {"servers", "serve", "preview"}
SERVER_FOLDERS = {"preview"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write what the golden tests produce into their golden files (and the docs'"
        " included examples from their files), for review with git diff",
    )


def xdist_group(folder: str, fixtures: set[str], browser: bool, module: str = "") -> str | None:
    """The group whose tests one worker runs one after another under ``--dist loadgroup``, so
    that they do not fight: one wheel built per run (its fixtures are per worker), servers whose
    deadlines a busy machine would miss; a browser test file's tests together, so that its
    sites are built once. None: any worker."""
    if browser:
        # A group per file, not one for every browser test: they are most of the suite's time,
        # and one group would keep its worker busy long after the other is done.
        return f"browser:{module}"
    if fixtures & WHEEL_FIXTURES:
        return "wheel"
    if fixtures & SERVER_FIXTURES or folder in SERVER_FOLDERS:
        return "servers"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium as ``browser`` (``-m "not browser"`` leaves them out),
    whether it lives under tests/browser/ or uses the browser fixtures elsewhere; every test
    under tests/bundled/ as ``bundled``: those check the shipped content, the rest use fixtures;
    and give the tests that must not run side by side their ``xdist_group``."""
    for item in items:
        folder = Path(str(item.path)).relative_to(ROOT).parts[1]
        fixtures = set(getattr(item, "fixturenames", ()))
        if folder == "browser" or BROWSER_FIXTURES & fixtures:
            item.add_marker(pytest.mark.browser)
        if folder == "bundled":
            item.add_marker(pytest.mark.bundled)
        browser = item.get_closest_marker("browser") is not None
        group = xdist_group(folder, fixtures, browser, Path(str(item.path)).name)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compares output with its reviewed golden file, or writes it there with --update-golden."""
    return Golden(update=bool(request.config.getoption("--update-golden")))


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
