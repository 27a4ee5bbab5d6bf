"""Files that are not files, through the CLI: only regular files inside the content folder are
read, and never beyond their size limit. Every run has a timeout, so a read that blocks fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def _validate(root: Path) -> dict[str, Any]:
    # Run inside the content folder, so the report's files are relative to it.
    command = ["validate", "--content", ".", "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "chemsex_toolkit", *command],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _codes(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["code"], f["file"]) for f in report["findings"]}


ITEMS = "topics/sample-topic/items"


@pytest.mark.slow
def test_a_link_to_an_endless_device_is_never_read(minimal_content: Path) -> None:
    (minimal_content / ITEMS / "zero.yaml").symlink_to("/dev/zero")
    (minimal_content / "resources/urandom.yaml").symlink_to("/dev/urandom")
    codes = _codes(_validate(minimal_content))
    assert ("CT110", f"{ITEMS}/zero.yaml") in codes
    assert ("CT110", "resources/urandom.yaml") in codes


@pytest.mark.slow
def test_a_fifo_does_not_hang_validation(minimal_content: Path) -> None:
    os.mkfifo(minimal_content / ITEMS / "pipe.yaml")
    (minimal_content / "ui.yaml").unlink()
    os.mkfifo(minimal_content / "ui.yaml")
    codes = _codes(_validate(minimal_content))
    assert ("CT100", f"{ITEMS}/pipe.yaml") in codes
    assert ("CT100", "ui.yaml") in codes


def test_a_folder_where_a_file_should_be_is_named_as_a_folder(minimal_content: Path) -> None:
    (minimal_content / ITEMS / "second-item.yaml").unlink()
    (minimal_content / ITEMS / "second-item.yaml").mkdir()
    (minimal_content / "resources/sample-case.yaml").unlink()
    (minimal_content / "resources/sample-case.yaml").mkdir()
    report = _validate(minimal_content)
    found = {f["file"]: f["message"] for f in report["findings"] if f["code"] == "CT100"}
    assert "folder, not a file" in found[f"{ITEMS}/second-item.yaml"]
    assert "folder, not a file" in found["resources/sample-case.yaml"]


def test_links_out_of_the_folder_are_reported_and_never_read(
    minimal_content: Path, tmp_path: Path
) -> None:
    # Outside: a FIFO, which would block whoever opened it to read.
    outside = tmp_path / "outside.yaml"
    os.mkfifo(outside)
    locale = minimal_content / "locales/de"
    locale.mkdir(parents=True)
    (locale / "common.yaml").symlink_to(outside)
    (minimal_content / "locales/de/topics").symlink_to(tmp_path)  # a folder out of it
    (minimal_content / ITEMS / "loop.yaml").symlink_to(minimal_content / ITEMS / "loop.yaml")
    (minimal_content / ITEMS / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    codes = _codes(_validate(minimal_content))
    assert ("CT110", "locales/de/common.yaml") in codes
    assert ("CT110", f"{ITEMS}/gone.yaml") in codes
    assert ("CT110", f"{ITEMS}/loop.yaml") in codes or ("CT100", f"{ITEMS}/loop.yaml") in codes


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 8 * 1024 * 1024])
def test_a_large_file_is_read_only_up_to_its_limit(minimal_content: Path, size: int) -> None:
    path = minimal_content / ITEMS / "second-item.yaml"
    with path.open("ab") as handle:
        handle.truncate(size)  # a sparse file: st_size says it, the bytes are zeros
    codes = _codes(_validate(minimal_content))
    assert ("CT106", f"{ITEMS}/second-item.yaml") in codes


def test_code_and_executables_in_the_content_folder_are_reported(minimal_content: Path) -> None:
    from chemsex_toolkit.validation import validate

    package = minimal_content / "chemsex_toolkit"
    package.mkdir()
    (package / "__init__.py").write_text("raise SystemExit('planted')\n", "utf-8")
    (minimal_content / "hook.pth").write_text("import os\n", "utf-8")
    (minimal_content / "tool.pyz").write_bytes(b"PK\x05\x06" + bytes(18))
    (minimal_content / "run").write_text("#!/bin/sh\n", "utf-8")
    os.chmod(minimal_content / "run", 0o755)
    item = minimal_content / ITEMS / "first-item.yaml"
    os.chmod(item, 0o755)
    (minimal_content / "notes.txt").write_text("plain text\n", "utf-8")

    codes = {(f.code, f.file) for f in validate(minimal_content).findings}
    assert {
        ("CT111", "chemsex_toolkit/__init__.py"),
        ("CT111", "hook.pth"),
        ("CT111", "tool.pyz"),
        ("CT111", "run"),
        ("CT111", f"{ITEMS}/first-item.yaml"),
    } <= codes
    assert not any(file == "notes.txt" for _, file in codes)
