"""`build --out` into folders it did not make, and a lock file that is not a file, through the
CLI: nothing the build did not write is deleted, nothing outside is truncated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chemsex_toolkit.exporting.build import MARKER


def _build(content: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["build", "--content", str(content), "--out", str(out), "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "chemsex_toolkit", *command, *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.slow
def test_a_format_folder_it_did_not_make_is_not_replaced(
    minimal_content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    (out / "json").mkdir(parents=True)
    (out / "json/precious.txt").write_text("the user's own file", "utf-8")
    refused = _build(minimal_content, out)
    assert refused.returncode == 2
    assert "was not made by chemsex-toolkit build" in refused.stderr and "--clean" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) <= 3
    assert (out / "json/precious.txt").read_text("utf-8") == "the user's own file"

    taken = _build(minimal_content, out, "--clean")
    assert taken.returncode == 0, taken.stderr
    assert not (out / "json/precious.txt").exists()
    assert (out / "json" / MARKER).is_file()
    again = _build(minimal_content, out)  # now it is the build's own folder
    assert again.returncode == 0, again.stderr


def test_a_format_folder_that_is_a_link_is_not_replaced(
    minimal_content: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / MARKER).write_text("planted", "utf-8")
    (elsewhere / "keep.txt").write_text("keep", "utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "json").symlink_to(elsewhere)
    assert _build(minimal_content, out).returncode == 2
    assert (elsewhere / "keep.txt").read_text("utf-8") == "keep"


@pytest.mark.slow
def test_a_lock_file_that_is_a_link_is_never_followed(
    minimal_content: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("must not be truncated", "utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / ".build.lock").symlink_to(victim)
    done = _build(minimal_content, out)
    assert done.returncode == 2
    assert "symbolic link" in done.stderr
    assert victim.read_text("utf-8") == "must not be truncated"
    assert not (out / "json").exists()


def test_clean_removes_a_linked_format_folder_and_never_follows_it(
    minimal_content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("the user's own file", "utf-8")
    (out / "json").symlink_to(elsewhere, target_is_directory=True)

    taken = _build(minimal_content, out, "--clean")

    assert taken.returncode == 0, taken.stderr
    assert not (out / "json").is_symlink() and (out / "json" / MARKER).is_file()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["precious.txt"]
    assert [p.name for p in out.iterdir() if p.name.startswith(".json")] == []
