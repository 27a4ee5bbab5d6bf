"""The test suite's own machinery: the groups that keep tests apart under ``--dist loadgroup``,
and golden files that are compared or, with ``--update-golden``, rewritten for review."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import xdist_group
from tests.support import Golden


@pytest.mark.parametrize(
    ("folder", "fixtures", "browser", "group"),
    [
        ("browser", {"page"}, True, "browser"),
        ("exporting", {"browser", "tmp_path"}, True, "browser"),
        ("packaging", {"wheel_venv", "tmp_path"}, False, "wheel"),
        ("conftest-free", {"built_wheel"}, False, "wheel"),
        ("links", {"server"}, False, "servers"),
        ("preview", set(), False, "servers"),
        ("i18n", {"tmp_path"}, False, None),
        ("validation", set(), False, None),
    ],
)
def test_tests_that_would_fight_share_a_group(
    folder: str, fixtures: set[str], browser: bool, group: str | None
) -> None:
    assert xdist_group(folder, fixtures, browser) == group


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
