"""`chemsex-toolkit diff` on folders and on git refs, with --check-version."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, minimal_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose `content/` is the minimal fixture, tagged v1.0.0."""
    root = tmp_path / "repo"
    root.mkdir()
    minimal_content.rename(root / "content")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "first release")
    _git(root, "tag", "v1.0.0")
    monkeypatch.chdir(root)
    return root


def test_text_edit_with_unchanged_version_fails_the_check(repo: Path) -> None:
    item = repo / "content/topics/sample-topic/items/second-item.yaml"
    item.write_text(item.read_text("utf-8").replace("in one line", "in a single line"), "utf-8")
    result = CliRunner().invoke(main, ["diff", "v1.0.0", "content", "--check-version"])
    assert result.exit_code == 1
    assert "item.second-item.description: The second item, in [-one-] {+a single+} line." in (
        result.output
    )
    assert "Required bump: patch" in result.output
    assert "need a patch release" in result.output

    toolkit = repo / "content/toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("1.0.0", "1.0.1"), "utf-8")
    assert CliRunner().invoke(main, ["diff", "v1.0.0", "content", "--check-version"]).exit_code == 0


def test_two_refs_and_json_and_markdown(repo: Path) -> None:
    links = repo / "content/topics/sample-topic/links.yaml"
    links.write_text(links.read_text("utf-8").replace("id: sample-guide", "id: the-guide"), "utf-8")
    item = repo / "content/topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8").replace("link:sample-guide", "link:the-guide"), "utf-8")
    _git(repo, "commit", "-qam", "rename a link")
    result = CliRunner().invoke(main, ["diff", "v1.0.0", "HEAD", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["required_bump"] == "major"
    assert report["renamed"] == [{"kind": "link", "old_id": "sample-guide", "new_id": "the-guide"}]
    assert report["minimum_version"] == "2.0.0" and report["version_ok"] is False

    markdown = CliRunner().invoke(main, ["diff", "v1.0.0", "HEAD", "--format", "markdown"])
    assert markdown.output.startswith("## [1.0.0]\n\n### Changed\n")
    assert "- Link `sample-guide` renamed to `the-guide`." in markdown.output


def test_unknown_ref_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "no-such-ref", "content"])
    assert result.exit_code == 2
    assert "neither a folder nor a git ref" in result.output


@pytest.mark.parametrize("ref", ["--output=written.tar", "-o", "--remote=x"])
def test_a_ref_is_never_read_as_an_option(repo: Path, ref: str) -> None:
    before = sorted(p.name for p in repo.iterdir())
    result = CliRunner().invoke(main, ["diff", "--", ref, "content"])
    assert result.exit_code == 2
    assert "is not a git revision" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in repo.iterdir()) == before  # git wrote nothing


def test_a_ref_holding_symlinks_out_of_the_folder_gives_findings(repo: Path) -> None:
    resources = repo / "content/resources"
    (resources / "passwd.yaml").symlink_to("/etc/passwd")
    (resources / "up.yaml").symlink_to("../../../outside.yaml")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "links out")
    result = CliRunner().invoke(main, ["diff", "v1.0.0", "HEAD"])
    assert result.exit_code == 1  # content with errors, as for build
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "resources/passwd.yaml" in result.output and "resources/up.yaml" in result.output
    assert result.output.count("CT110") == 2


def _edit_text(content: Path) -> None:
    item = content / "topics/sample-topic/items/second-item.yaml"
    item.write_text(item.read_text("utf-8").replace("in one line", "in a single line"), "utf-8")


def test_refs_read_the_folder_pyproject_names(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _git(repo, "mv", "content", "toolkit-data")
    (repo / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent = "toolkit-data"\n')
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "own folder name")
    _git(repo, "tag", "v1.1.0")
    _edit_text(repo / "toolkit-data")
    result = CliRunner().invoke(main, ["diff", "v1.1.0", "toolkit-data", "--check-version"])
    assert result.exit_code == 1, result.output
    assert "need a patch release" in result.output
    # The same from a subfolder, and with both sides git refs.
    _git(repo, "commit", "-qam", "edit")
    (repo / "notes").mkdir()
    monkeypatch.chdir(repo / "notes")
    refs = CliRunner().invoke(main, ["diff", "v1.1.0", "HEAD", "--format", "json"])
    assert refs.exit_code == 0, refs.output
    assert json.loads(refs.output)["required_bump"] == "patch"


def test_a_ref_without_the_folder_names_the_folder_not_the_ref(repo: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "v1.0.0", "content", "--path", "elsewhere"])
    assert result.exit_code == 2
    assert "v1.0.0 has no content folder elsewhere/" in result.stderr
    assert "--path DIR" in result.stderr


def test_old_findings_are_reported_and_the_bump_still_computed(repo: Path) -> None:
    item = repo / "content/topics/sample-topic/items/first-item.yaml"
    good = item.read_text("utf-8")
    item.write_text(good.replace("link:sample-guide", "link:no-such-guide"), "utf-8")
    _git(repo, "commit", "-qam", "a bad release")
    _git(repo, "tag", "v1.0.1")
    item.write_text(good, "utf-8")
    _edit_text(repo / "content")
    result = CliRunner().invoke(main, ["diff", "v1.0.1", "content", "--check-version"])
    assert result.exit_code == 1, result.output
    assert "no-such-guide" in result.stderr
    assert "v1.0.1: compared in spite of these errors." in result.stderr
    assert "need a patch release" in result.stderr
    report = json.loads(
        CliRunner().invoke(main, ["diff", "v1.0.1", "content", "--format", "json"]).stdout
    )
    assert report["required_bump"] == "patch"
    assert "topics/sample-topic/items/first-item.yaml" in {
        f["file"] for f in report["old_findings"]
    }


def test_a_bad_ref_still_gives_json(repo: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "no-such-ref", "content", "--format", "json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert "neither a folder nor a git ref" in error["message"]
    assert error["exit_code"] == 2


def test_a_changed_url_is_listed_in_every_format_and_needs_a_patch(repo: Path) -> None:
    links = repo / "content/topics/sample-topic/links.yaml"
    text = links.read_text("utf-8")
    links.write_text(text.replace("example.org/guide/", "example.org/new-guide/"), "utf-8")
    result = CliRunner().invoke(main, ["diff", "v1.0.0", "content", "--check-version"])
    assert result.exit_code == 1
    assert (
        "  link.sample-guide.url: https://example.org/guide/ -> https://example.org/new-guide/"
        in result.output
    )
    assert "Required bump: patch" in result.output

    report = json.loads(
        CliRunner().invoke(main, ["diff", "v1.0.0", "content", "--format", "json"]).stdout
    )
    assert report["required_bump"] == "patch"
    assert [(c["id"], c["old"], c["new"]) for c in report["changed"]] == [
        ("link.sample-guide.url", "https://example.org/guide/", "https://example.org/new-guide/")
    ]

    markdown = CliRunner().invoke(main, ["diff", "v1.0.0", "content", "--format", "markdown"])
    assert markdown.output.startswith("## [1.0.0]\n\n### Changed\n")
    assert (
        "- Value of `link.sample-guide.url`: <https://example.org/guide/> →"
        " <https://example.org/new-guide/>" in markdown.output
    )
