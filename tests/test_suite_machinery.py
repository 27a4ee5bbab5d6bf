"""The test suite's own machinery: the groups that keep tests apart under ``--dist loadgroup``,
golden files that are compared or, with ``--update-golden``, rewritten for review, and coverage
that measures the exporters as they ship."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import xdist_group
from tests.support import Golden

ROOT = Path(__file__).parents[1]
# Coverage as configured in pyproject.toml, around importing an exporter by its package name.
MEASURE = """
import json, coverage
cov = coverage.Coverage(config_file="pyproject.toml", data_file=None)
cov.start()
import chemsex_toolkit_exporters.markdown
import tests.support
cov.stop()
print(json.dumps(sorted(cov.get_data().measured_files())))
"""


@pytest.mark.parametrize(
    ("folder", "fixtures", "browser", "group"),
    [
        ("browser", {"page"}, True, "browser:test_print.py"),
        ("exporting", {"browser", "tmp_path"}, True, "browser:test_print.py"),
        ("packaging", {"wheel_venv", "tmp_path"}, False, "wheel"),
        ("conftest-free", {"built_wheel"}, False, "wheel"),
        ("links", {"servers", "tmp_path"}, False, "servers"),
        ("links", {"serve"}, False, "servers"),
        ("cli", {"servers"}, False, "servers"),
        ("preview", set(), False, "servers"),
        ("links", {"tmp_path"}, False, None),
        ("i18n", {"tmp_path"}, False, None),
        ("validation", set(), False, None),
    ],
)
def test_tests_that_would_fight_share_a_group(
    folder: str, fixtures: set[str], browser: bool, group: str | None
) -> None:
    assert xdist_group(folder, fixtures, browser, "test_print.py") == group


def test_each_browser_test_file_is_a_group_of_its_own() -> None:
    """Browser tests are spread over the workers a file at a time, not kept on one."""
    first = xdist_group("browser", {"page"}, True, "test_print.py")
    second = xdist_group("browser", {"page"}, True, "test_serve.py")
    assert first is not None and second is not None and first != second


def test_golden_file_that_differs_fails_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("reviewed\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="nox -s golden"):
        Golden(update=False).check(path, "produced\n")
    Golden(update=False).check(path, "reviewed\n")
    assert path.read_text(encoding="utf-8") == "reviewed\n"


def test_golden_file_missing_fails(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="no golden file"):
        Golden(update=False).check(tmp_path / "new.md", "produced\n")


def test_update_writes_what_was_produced(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("reviewed\n", encoding="utf-8")
    Golden(update=True).check(path, "produced\n")
    Golden(update=True).check(tmp_path / "new.md", "new\n")
    assert path.read_text(encoding="utf-8") == "produced\n"
    assert (tmp_path / "new.md").read_text(encoding="utf-8") == "new\n"


def test_coverage_measures_the_package_and_the_exporters_as_imported_and_nothing_else() -> None:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    measured = [Path(path).resolve() for path in json.loads(result.stdout)]
    ours = [ROOT / "chemsex_toolkit", ROOT / "exporters", ROOT / "chemsex_toolkit_exporters"]
    mine = {p.relative_to(ROOT).as_posix() for p in measured if any(map(p.is_relative_to, ours))}
    assert "exporters/markdown/__init__.py" in mine
    assert "chemsex_toolkit/exporting/__init__.py" in mine
    # Neither the tests nor Jinja2, pydantic and the standard library, wherever installed.
    assert len(mine) == len(measured)
