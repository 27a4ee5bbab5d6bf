"""The CI recipes in docs/ run as written: in a content repository without any release tag, in
one whose content folder has a name of its own (red on a broken file, green once fixed), and
checking that repository's content, never the copy bundled with the package."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def _yaml_blocks(doc: str) -> list[Any]:
    text = (ROOT / "docs" / doc).read_text("utf-8")
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CI")}
    # chemsex-toolkit as the workflow installs it: on PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository with one commit and no tag."""
    root = tmp_path / "content-repo"
    shutil.copytree(FIXTURES / "minimal", root / "content")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "content")
    return root


def _run_step(command: str, repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", command],
        cwd=repo,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_content_workflow_runs_as_written_with_and_without_a_tag(repo: Path) -> None:
    workflow = next(b for b in _yaml_blocks("ci.md") if isinstance(b, dict) and "jobs" in b)
    steps = [s["run"] for s in workflow["jobs"]["content"]["steps"] if "run" in s]
    commands = [c for c in steps if not c.startswith("pip install")]
    assert any("git describe" in c for c in commands)
    for command in commands:
        result = _run_step(command, repo)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert (repo / "dist" / "html").is_dir()
    version_step = next(c for c in commands if "git describe" in c)
    assert "No release tag yet" in _run_step(version_step, repo).stdout
    _git(repo, "tag", "v1.0.0")
    tagged = _run_step(version_step, repo)
    assert tagged.returncode == 0, tagged.stderr
    assert "Required bump: none" in tagged.stdout


def _workflow_commands() -> list[str]:
    workflow = next(b for b in _yaml_blocks("ci.md") if isinstance(b, dict) and "jobs" in b)
    steps = [s["run"] for s in workflow["jobs"]["content"]["steps"] if "run" in s]
    return [c for c in steps if not c.startswith("pip install")]


def _link_commands(doc: str) -> list[str]:
    commands = []
    for block in _yaml_blocks(doc):
        for job in (block or {}).get("jobs", {}).values() if isinstance(block, dict) else []:
            commands += [s["run"] for s in job["steps"] if "check-links" in s.get("run", "")]
    return commands


def test_link_workflows_check_the_repository_content() -> None:
    # ci.md's steps name no folder: discovery finds the repository's content, whatever its
    # name, and fails rather than check the bundled copy.
    assert len(_link_commands("ci.md")) == 1 and len(_link_commands("links.md")) == 2
    assert all("--content" not in c for c in _link_commands("ci.md"))
    assert all("--content content" in c for c in _link_commands("links.md"))
    assert not any("--bundled" in c for c in _link_commands("ci.md") + _link_commands("links.md"))


def test_the_workflow_steps_name_no_folder() -> None:
    """A recipe that hard-codes content/ breaks in a repository that calls it otherwise."""
    assert not any(re.search(r"\bcontent\b", c) for c in _workflow_commands())


@pytest.fixture
def own_folder_repo(tmp_path: Path) -> Path:
    """A content repository whose folder is not called content/, committed, no tag yet."""
    root = tmp_path / "toolkit-repo"
    shutil.copytree(FIXTURES / "minimal", root / "toolkit-data")
    (root / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent = "toolkit-data"\n')
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "content")
    return root


def _failing(commands: list[str], repo: Path) -> list[str]:
    return [c for c in commands if _run_step(c, repo).returncode != 0]


@pytest.mark.slow
def test_the_workflow_with_a_folder_of_its_own_is_red_when_broken_green_when_fixed(
    own_folder_repo: Path,
) -> None:
    repo = own_folder_repo
    commands = _workflow_commands()
    validate = next(c for c in commands if "validate" in c)
    version = next(c for c in commands if "git describe" in c)
    assert _failing(commands, repo) == []
    _git(repo, "tag", "v1.0.0")
    item = repo / "toolkit-data/topics/sample-topic/items/second-item.yaml"
    good = item.read_text("utf-8")
    item.write_text(good + "colour: blue\n", "utf-8")
    _git(repo, "commit", "-qam", "broken")
    broken = _run_step(validate, repo)
    assert broken.returncode == 1
    assert "::error file=toolkit-data/topics/sample-topic/items/second-item.yaml" in broken.stdout
    assert validate in _failing(commands, repo)
    # Fixed, with a word changed: red on the version until the version is raised.
    item.write_text(good.replace("in one line", "in a single line"), "utf-8")
    _git(repo, "commit", "-qam", "fixed, and a word changed")
    assert _failing(commands, repo) == [version]
    toolkit = repo / "toolkit-data/toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("version: 1.0.0", "version: 1.0.1"))
    _git(repo, "commit", "-qam", "1.0.1")
    assert _failing(commands, repo) == []
    assert (repo / "dist" / "html").is_dir()


def _pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    config = next(
        b
        for b in _yaml_blocks("ci.md")
        if isinstance(b, dict) and b.get("repos", [{}])[0].get("repo") == "local"
    )
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    _git(repo, "add", "-A")
    env = _env()
    env["PRE_COMMIT_HOME"] = str(repo.parent / "pre-commit-home")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_local_pre_commit_hook_runs_as_written(repo: Path) -> None:
    item = repo / "content/topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8") + "colour: blue\n", "utf-8")
    result = _pre_commit(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/topics/sample-topic/items/first-item.yaml" in result.stdout
    assert "CT202" in result.stdout


@pytest.mark.slow
def test_local_pre_commit_hook_with_a_folder_of_its_own(own_folder_repo: Path) -> None:
    repo = own_folder_repo
    assert _pre_commit(repo).returncode == 0
    item = repo / "toolkit-data/topics/sample-topic/items/second-item.yaml"
    good = item.read_text("utf-8")
    item.write_text(good + "colour: blue\n", "utf-8")
    broken = _pre_commit(repo)
    assert broken.returncode == 1 and "CT202" in broken.stdout
    item.write_text(good, "utf-8")
    assert _pre_commit(repo).returncode == 0


@pytest.mark.slow
def test_local_pre_commit_hook_fails_where_there_is_no_content(tmp_path: Path) -> None:
    """A misspelled key, or a repository without content, is a failure: never the bundled copy
    checked in its place and Passed."""
    repo = tmp_path / "empty-repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "notes.yaml").write_text("a: 1\n")
    nothing = _pre_commit(repo)
    assert nothing.returncode == 1 and "No content found" in nothing.stdout
    shutil.copytree(FIXTURES / "minimal", repo / "toolkit-data")
    (repo / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent_dir = "toolkit-data"\n')
    misspelled = _pre_commit(repo)
    assert misspelled.returncode == 1 and "unknown key(s) content_dir" in misspelled.stdout
