"""A git tree is taken from ``git archive`` as a stream, one entry at a time: a blob larger
than the reader would read is left out and reported, and a tree too large in all is a clear
refusal, never memory or disk filled."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit import versioning
from chemsex_toolkit.cli import main
from chemsex_toolkit.loading.yamlio import MAX_FILE_BYTES as MAX_BLOB_BYTES
from chemsex_toolkit.versioning import checkout


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, minimal_content: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    minimal_content.rename(root / "content")
    with open(root / "content/resources/huge.yaml", "wb") as huge:
        huge.truncate(3 * MAX_BLOB_BYTES)  # zeros, which git stores in a few kilobytes
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "first")
    return root


def test_a_blob_over_the_limit_is_left_out_and_reported(repo: Path, tmp_path: Path) -> None:
    folder, skipped = checkout("HEAD", repo, "content", tmp_path / "old")
    assert [(p.code, p.place.file) for p in skipped] == [("CT110", "resources/huge.yaml")]
    assert f"over {MAX_BLOB_BYTES:,} bytes" in str(dict(skipped[0].values)["error"])
    assert not (folder / "resources/huge.yaml").exists()
    assert (folder / "toolkit.yaml").is_file()


def test_a_tree_too_large_in_all_is_refused_clearly(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(versioning, "MAX_TREE_BYTES", 1000)
    with pytest.raises(ValueError, match="over 1,000 bytes"):
        checkout("HEAD", repo, "content", tmp_path / "old")


def test_a_folder_not_in_the_tree_is_told_apart(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(versioning.MissingFolder):
        checkout("HEAD", repo, "no-such-folder", tmp_path / "old")


def test_diff_against_a_ref_with_a_huge_blob(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "content/resources/huge.yaml").unlink()
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["diff", "HEAD", "content"])
    assert "Traceback" not in result.output
    assert "resources/huge.yaml" in result.output and "CT110" in result.output
