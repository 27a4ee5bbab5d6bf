"""The CI recipes in docs/ run as written: in a content repository without any release tag, and
checking that repository's content."""

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


def test_link_workflows_check_the_repository_content() -> None:
    commands = []
    for doc in ("ci.md", "links.md"):
        for block in _yaml_blocks(doc):
            for job in (block or {}).get("jobs", {}).values() if isinstance(block, dict) else []:
                commands += [s["run"] for s in job["steps"] if "check-links" in s.get("run", "")]
    assert len(commands) == 3
    assert all("--content content" in c for c in commands)


@pytest.mark.slow
def test_local_pre_commit_hook_runs_as_written(repo: Path) -> None:
    config = next(
        b
        for b in _yaml_blocks("ci.md")
        if isinstance(b, dict) and b.get("repos", [{}])[0].get("repo") == "local"
    )
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    item = repo / "content/topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8") + "colour: blue\n", "utf-8")
    _git(repo, "add", "-A")
    env = _env()
    env["PRE_COMMIT_HOME"] = str(repo.parent / "pre-commit-home")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/topics/sample-topic/items/first-item.yaml" in result.stdout
    assert "CT202" in result.stdout
