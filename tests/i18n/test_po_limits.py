"""A PO file is read once, through the capped reader: a link to an endless device, a FIFO and
an oversized file are each a one-line refusal, never a hang or gigabytes in memory. Every run
has a timeout, so a read that blocks fails the test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


def _import(content: Path, po: Path) -> subprocess.CompletedProcess[str]:
    command = ["i18n", "import", str(po), "--content", str(content)]
    done = subprocess.run(
        [sys.executable, "-m", "chemsex_toolkit", *command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MULTI, target)
    return target


def test_a_link_to_an_endless_device_is_refused(content: Path, tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    po.symlink_to("/dev/zero")
    done = _import(content, po)
    assert done.returncode == 2
    assert "not a regular file" in done.stderr


def test_a_fifo_is_refused_without_waiting(content: Path, tmp_path: Path) -> None:
    po = tmp_path / "de.po"
    os.mkfifo(po)
    done = _import(content, po)
    assert done.returncode == 2
    assert "not a regular file" in done.stderr


def test_an_oversized_po_file_is_refused(content: Path, tmp_path: Path) -> None:
    from chemsex_toolkit.i18n.po import MAX_PO_BYTES

    po = tmp_path / "de.po"
    line = b"# " + b"x" * 1021 + b"\n"
    po.write_bytes(line * (MAX_PO_BYTES // len(line) + 1))
    done = _import(content, po)
    assert done.returncode == 2
    assert f"over {MAX_PO_BYTES:,} bytes" in done.stderr


def test_po_text_that_names_a_file_is_not_read_as_that_file(content: Path, tmp_path: Path) -> None:
    exported = subprocess.run(
        [
            sys.executable,
            "-m",
            "chemsex_toolkit",
            "i18n",
            "export",
            "de",
            "--content",
            str(content),
        ],
        capture_output=True,
        check=True,
    ).stdout
    real = tmp_path / "real.po"
    real.write_bytes(exported)
    po = tmp_path / "de.po"
    po.write_text(str(real), "utf-8")  # polib would open a string that names a file
    done = _import(content, po)
    assert done.returncode == 2
    assert "not a PO file" in done.stderr
