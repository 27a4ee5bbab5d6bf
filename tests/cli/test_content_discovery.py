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


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository as the working folder."""
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=60)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    "command",
    [["validate"], ["-q", "validate"], ["build", "--out", "dist"], ["i18n", "status"]],
)
def test_in_a_repository_without_content_every_command_fails_and_says_why(
    repository: Path, command: list[str]
) -> None:
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert f"No content found for the project at {repository}" in result.stderr
    assert "--content DIR" in result.stderr
    assert not (repository / "dist").exists()


def test_bundled_is_asked_for_by_name(repository: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--bundled"])
    assert result.exit_code == 0, result.output
    assert "given with --bundled" in result.stderr
    both = CliRunner().invoke(main, ["validate", "--bundled", "--content", str(repository)])
    assert both.exit_code == 2
    assert "not both" in both.stderr


def test_misspelled_key_fails_even_quietly(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent_dir = "content"\n')
    result = CliRunner().invoke(main, ["-q", "validate"])
    assert result.exit_code == 2
    assert "unknown key(s) content_dir" in result.stderr


def test_nothing_writes_into_the_bundled_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chemsex_toolkit.paths import bundled_content

    monkeypatch.chdir(tmp_path)  # outside any project
    before = sorted(p.name for p in (bundled_content() / "locales").iterdir())
    for command in (["i18n", "init", "it"], ["i18n", "init", "it", "--bundled"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert "never written into" in result.stderr
    assert sorted(p.name for p in (bundled_content() / "locales").iterdir()) == before


def _hook_entry() -> list[str]:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = next(h["entry"] for h in hooks if h["id"] == "chemsex-toolkit-validate")
    name, *arguments = str(entry).split()
    assert name == "chemsex-toolkit"
    return arguments


def test_the_pre_commit_hook_never_checks_the_bundled_copy(repository: Path) -> None:
    """As the hook runs it (from the repository's root): no content is a failure; content in a
    folder of another name is checked, red while broken."""
    assert CliRunner().invoke(main, _hook_entry()).exit_code == 2
    shutil.copytree(FIXTURES / "minimal", repository / "toolkit-data")
    (repository / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent = "toolkit-data"\n')
    assert CliRunner().invoke(main, _hook_entry()).exit_code == 0
    _break(repository / "toolkit-data")
    result = CliRunner().invoke(main, _hook_entry())
    assert result.exit_code == 1
    assert "CT202" in result.stdout
