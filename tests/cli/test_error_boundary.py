"""One error boundary: every command's failures become one message and one exit code, decided
by the exception, never a traceback; content errors end build and diff alike."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.exporting import build as build_module

ROOT = Path(__file__).parents[2]


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, so that a traceback would show on its stderr."""
    return subprocess.run(
        [sys.executable, "-m", "chemsex_toolkit", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line and not line.startswith("Content:")]
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.mark.slow
def test_an_output_folder_that_cannot_exist_is_one_line(
    minimal_content: Path, tmp_path: Path
) -> None:
    result = _cli("build", "--content", minimal_content, "--out", "/proc/nope", cwd=tmp_path)
    assert result.returncode == 1
    line = _one_line_error(result.stderr)
    assert "/proc/nope" in line and os.strerror(errno.ENOENT) in line


@pytest.mark.slow
def test_a_read_only_output_folder_is_one_line(minimal_content: Path, tmp_path: Path) -> None:
    # sysfs refuses new files to everyone, root included: a real read-only folder.
    result = _cli("build", "--content", minimal_content, "--out", "/sys/kernel", cwd=tmp_path)
    assert result.returncode == 1
    line = _one_line_error(result.stderr)
    assert "/sys/kernel" in line


def test_a_full_disk_is_one_line_and_keeps_the_old_output(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    args = ["build", "--content", str(minimal_content), "--out", str(out), "--format", "json"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = (out / "json" / "en.json").read_bytes()

    def full(path: Path, *rest: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(build_module, "swap_folder", full)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines()[-1].endswith(f"{os.strerror(errno.ENOSPC)}.")
    assert (out / "json" / "en.json").read_bytes() == before


def test_build_and_diff_end_alike_on_content_errors(minimal_content: Path, tmp_path: Path) -> None:
    good = tmp_path / "good"
    subprocess.run(["cp", "-r", str(minimal_content), str(good)], check=True)
    (minimal_content / "topics/sample-topic/links.yaml").write_text("links: [", "utf-8")

    built = CliRunner().invoke(
        main, ["build", "--content", str(minimal_content), "--out", str(tmp_path / "o")]
    )
    compared = CliRunner().invoke(main, ["diff", str(good), str(minimal_content)])
    assert built.exit_code == compared.exit_code == 1
    for result in (built, compared):
        assert "CT102" in result.stderr
        assert "Traceback" not in result.output
    assert built.stderr.strip().endswith("The content has errors; nothing was exported.")
    assert compared.stderr.strip().endswith(
        f"{minimal_content}: the content has errors; cannot compare it."
    )


def test_usage_errors_from_the_library_exit_2(minimal_content: Path) -> None:
    result = CliRunner().invoke(main, ["i18n", "init", "xx-!!", "--content", str(minimal_content)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")


def test_a_file_that_cannot_be_written_is_named_as_asked_not_its_temporary(
    minimal_content: Path,
) -> None:
    # sysfs refuses new files to everyone, root included: the temporary file fails first.
    root = str(minimal_content)
    assert CliRunner().invoke(main, ["i18n", "init", "de", "--content", root]).exit_code == 0
    result = CliRunner().invoke(
        main, ["i18n", "export", "de", "--content", root, "-o", "/sys/kernel/de.po"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: /sys/kernel/de.po: ")
    assert ".tmp" not in result.stderr


def test_a_failed_rename_into_place_names_the_file_once() -> None:
    from chemsex_toolkit.cli._errors import describe_os_error

    reason = os.strerror(errno.EXDEV)
    error = OSError(errno.EXDEV, reason, "/out/.en.json.a1b2c3d4.tmp", None, "/out/en.json")
    assert describe_os_error(error) == f"/out/en.json: {reason}."
    other = OSError(errno.EXDEV, reason, "/a/x.json", None, "/b/y.json")
    assert describe_os_error(other) == f"/a/x.json -> /b/y.json: {reason}."
