"""docs/ci.md's recipes, run as written in a repository of its own with a folder of its own name:
red on a broken file, green once it is fixed.

Each ``run:`` step of the workflow runs as GitHub Actions runs it (``bash -e``), except the ones
that install packages or reach the network (``pip install``, ``check-links``): the test has no
network, and chemsex-toolkit is installed beside it already.
"""

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

pytestmark = pytest.mark.slow


def _blocks() -> list[Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]


def _workflow_steps() -> list[str]:
    workflow = next(b for b in _blocks() if isinstance(b, dict) and "jobs" in b)
    steps = [s["run"] for s in workflow["jobs"]["content"]["steps"] if "run" in s]
    return [s for s in steps if not s.startswith("pip install")]


def _local_hook() -> str:
    config = next(
        b
        for b in _blocks()
        if isinstance(b, dict) and b.get("repos", [{}])[0].get("repo") == "local"
    )
    return str(config["repos"][0]["hooks"][0]["entry"])


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=60,
    )


def _run(repo: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(repo.parent),
        "CI": "true",
    }
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _failing(repo: Path, steps: list[str]) -> list[str]:
    return [s for s in steps if _run(repo, s).returncode != 0]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository whose folder is not called content/, committed, no tag yet."""
    root = tmp_path / "toolkit-repo"
    shutil.copytree(FIXTURES / "minimal", root / "toolkit-data")
    (root / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent = "toolkit-data"\n')
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "content")
    return root


def test_the_steps_name_no_folder() -> None:
    """A recipe that hard-codes content/ breaks in a repository that calls it otherwise."""
    assert not any(re.search(r"\bcontent\b", step) for step in _workflow_steps())


def test_the_workflow_is_red_on_a_broken_file_and_green_fixed(repo: Path) -> None:
    steps = _workflow_steps()
    assert len(steps) >= 4
    assert _failing(repo, steps) == []
    assert "No release tag yet" in _run(repo, steps[1]).stdout
    _git(repo, "tag", "v1.0.0")

    item = repo / "toolkit-data" / "topics" / "sample-topic" / "items" / "second-item.yaml"
    good = item.read_text(encoding="utf-8")
    item.write_text(good + "colour: blue\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "broken")
    validate = _run(repo, steps[0])
    assert validate.returncode == 1
    assert "::error file=toolkit-data/" in validate.stdout and "CT202" in validate.stdout
    assert steps[0] in _failing(repo, steps)

    # Fixed, with a text edit: the version step is red until the version is raised.
    item.write_text(good.replace("in one line", "in a single line"), encoding="utf-8")
    _git(repo, "commit", "-qam", "fixed, and a word changed")
    assert _failing(repo, steps) == [steps[1]]
    toolkit = repo / "toolkit-data" / "toolkit.yaml"
    toolkit.write_text(
        toolkit.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1"),
        encoding="utf-8",
    )
    _git(repo, "commit", "-qam", "1.0.1")
    assert _failing(repo, steps) == []
    assert (repo / "dist").is_dir()


def test_the_local_hook_is_red_on_a_broken_file_and_green_fixed(repo: Path) -> None:
    hook = _local_hook()
    assert _run(repo, hook).returncode == 0
    item = next((repo / "toolkit-data" / "topics").glob("*/items/*.yaml"))
    good = item.read_text(encoding="utf-8")
    item.write_text(good + "colour: blue\n", encoding="utf-8")
    broken = _run(repo, hook)
    assert broken.returncode == 1
    assert "CT202" in broken.stdout
    item.write_text(good, encoding="utf-8")
    assert _run(repo, hook).returncode == 0


def test_the_local_hook_fails_where_there_is_no_content(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    result = _run(tmp_path, _local_hook())
    assert result.returncode == 2
    assert "No content found" in result.stderr
