"""Reading content at a git ref: only files and folders, inside the target, on every Python 3.11
(3.11.0-3.11.3 have no tar extraction filters)."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.versioning import checkout, extract_safely


def _tar(*members: tuple[tarfile.TarInfo, bytes]) -> tarfile.TarFile:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        for info, payload in members:
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload) if payload else None)
    data.seek(0)
    return tarfile.open(fileobj=data)


def _file(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


def _link(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


def test_files_and_folders_are_extracted(tmp_path: Path) -> None:
    folder = tarfile.TarInfo("content")
    folder.type = tarfile.DIRTYPE
    archive = _tar((folder, b""), (_file("content/toolkit.yaml"), b"id: x\n"))
    assert extract_safely(archive, tmp_path / "out") == []
    assert (tmp_path / "out/content/toolkit.yaml").read_bytes() == b"id: x\n"


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (_file("/etc/evil"), "leads out of the folder"),
        (_file("content/../../evil"), "leads out of the folder"),
        (_link("content/toolkit.yaml", "/etc/passwd"), "is a link to /etc/passwd"),
    ],
)
def test_paths_out_and_links_are_left_out_with_a_reason(
    tmp_path: Path, member: tarfile.TarInfo, reason: str
) -> None:
    archive = _tar((member, b"" if member.issym() else b"x"))
    left_out = extract_safely(archive, tmp_path / "out")
    assert len(left_out) == 1
    name, why = left_out[0]
    assert name == member.name and reason in why
    assert not (tmp_path / "evil").exists()
    assert not (tmp_path / "out" / "content" / "toolkit.yaml").exists()


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, minimal_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    minimal_content.rename(root / "content")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "first")
    monkeypatch.chdir(root)
    return root


def test_checkout_needs_no_tar_filters(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python 3.11.0-3.11.3 have neither ``tarfile.data_filter`` nor ``extractall(filter=)``."""
    monkeypatch.delattr(tarfile, "data_filter", raising=False)
    monkeypatch.delattr(tarfile, "FilterError", raising=False)
    folder, skipped = checkout("HEAD", repo, "content", tmp_path / "old")
    assert skipped == []
    assert (folder / "toolkit.yaml").read_text() == (repo / "content/toolkit.yaml").read_text()
    result = CliRunner().invoke(main, ["diff", "HEAD", "content"])
    assert result.exit_code == 0, result.output
    assert "Required bump: none" in result.output
