"""Every command acts on the content of the project it runs in, and says which content it used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding a content/ folder, with a subfolder as the working folder."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root / "content")
    (root / "notes").mkdir()
    monkeypatch.chdir(root / "notes")
    return root


def _break(content: Path) -> None:
    item = next((content / "topics").glob("*/items/*.yaml"))
    item.write_text(item.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")


def test_validate_checks_the_project_content_not_the_bundled_copy(project: Path) -> None:
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    _break(project / "content")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "CT202" in result.stdout
    assert f"Content: {project / 'content'} (found in the project)" in result.stderr


def test_i18n_init_writes_into_the_project(project: Path) -> None:
    result = CliRunner().invoke(main, ["i18n", "init", "es"])
    assert result.exit_code == 0, result.output
    assert (project / "content" / "locales" / "es").is_dir()


def test_outside_a_project_the_bundled_content_is_used_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0
    assert "the copy bundled with the package" in result.stderr
    assert "--content DIR" in result.stderr


def test_given_content_needs_no_notice(project: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--content", str(project / "content")])
    assert result.exit_code == 0
    assert "Content:" not in result.stderr


def test_bad_pyproject_table_is_a_usage_error(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent = "gone"\n')
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "names no content folder" in result.stderr
    assert "Traceback" not in result.output


def test_version_reports_the_content_in_use(project: Path) -> None:
    (project / "content" / "toolkit.yaml").write_text(
        (project / "content" / "toolkit.yaml")
        .read_text(encoding="utf-8")
        .replace("version: 1.0.0", "version: 7.3.1"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "7.3.1" in result.stdout
    assert str(project / "content") in result.stdout


@pytest.mark.slow
def test_python_m_and_the_script_agree(project: Path) -> None:
    """Both entry points run the same command on the same, found, content."""
    _break(project / "content")
    script = Path(sys.executable).with_name("chemsex-toolkit")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    runs = [
        subprocess.run(
            command, cwd=project / "notes", env=env, capture_output=True, text=True, timeout=120
        )
        for command in (
            [sys.executable, "-m", "chemsex_toolkit", "validate"],
            [str(script), "validate"],
        )
    ]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout
    assert "CT202" in runs[0].stdout
