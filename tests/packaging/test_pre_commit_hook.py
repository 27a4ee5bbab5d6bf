"""The pre-commit hook checks the repository it runs in, tried from a separate content repository
with ``pre-commit try-repo`` (which installs this project as pre-commit would for any user)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=60,
    )


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "chemsex-toolkit-validate",
            "--all-files",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hook_reports_the_broken_file_of_the_repository_it_runs_in(tmp_path: Path) -> None:
    repo = tmp_path / "my-toolkit"
    shutil.copytree(FIXTURES / "minimal", repo / "content")
    item = repo / "content/topics/sample-topic/items/first-item.yaml"
    original = item.read_text(encoding="utf-8")
    item.write_text(original + "colour: blue\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "content")

    broken = _try_repo(repo, tmp_path / "pre-commit-home")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "content/topics/sample-topic/items/first-item.yaml" in broken.stdout
    assert "CT202" in broken.stdout

    item.write_text(original, encoding="utf-8")
    _git(repo, "commit", "-q", "-a", "-m", "fix")
    fixed = _try_repo(repo, tmp_path / "pre-commit-home")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
