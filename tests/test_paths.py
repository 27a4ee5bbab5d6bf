"""Finding the user's content: from the working folder up, as mkdocs and pre-commit do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.paths import Origin, bundled_content, find_content, given_content

FIXTURES = Path(__file__).parent / "fixtures"


def _project(root: Path, folder: str = "content") -> Path:
    shutil.copytree(FIXTURES / "minimal", root / folder)
    return root


def test_content_folder_of_the_project_is_found_from_a_subfolder(tmp_path: Path) -> None:
    project = _project(tmp_path / "repo")
    deep = project / "docs" / "notes"
    deep.mkdir(parents=True)
    for start in (project, deep, project / "content" / "topics"):
        found = find_content(start)
        assert found.path == project / "content"
        assert found.origin is Origin.PROJECT


def test_pyproject_table_names_another_folder(tmp_path: Path) -> None:
    project = _project(tmp_path / "repo", "toolkit-data")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.chemsex-toolkit]\ncontent = "toolkit-data"\n'
    )
    (project / "src").mkdir()
    found = find_content(project / "src")
    assert found.path == project / "toolkit-data"
    assert found.origin is Origin.PYPROJECT
    assert found.source == project / "pyproject.toml"


def test_pyproject_without_the_table_does_not_stop_the_search(tmp_path: Path) -> None:
    project = _project(tmp_path / "repo")
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_content(project).origin is Origin.PROJECT


def test_pyproject_naming_a_folder_without_content_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.chemsex-toolkit]\ncontent = "nowhere"\n')
    with pytest.raises(UsageError, match=r"names no content folder.*--content"):
        find_content(tmp_path)


def test_unreadable_pyproject_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.chemsex-toolkit\n")
    with pytest.raises(UsageError, match=r"pyproject\.toml: cannot read it"):
        find_content(tmp_path)


def test_outside_any_project_the_bundled_content(tmp_path: Path) -> None:
    found = find_content(tmp_path)
    assert found.origin is Origin.BUNDLED
    assert found.path == bundled_content()
    assert (found.path / "toolkit.yaml").is_file()


def test_a_folder_without_toolkit_yaml_is_not_content(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "notes.yaml").write_text("a: 1\n")
    assert find_content(tmp_path).origin is Origin.BUNDLED


def test_given_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such folder"):
        given_content(tmp_path / "missing")
    assert given_content(tmp_path).origin is Origin.OPTION


def test_unknown_key_in_the_table_is_an_error_naming_it(tmp_path: Path) -> None:
    project = _project(tmp_path / "repo", "toolkit-data")
    (project / "pyproject.toml").write_text(
        '[tool.chemsex-toolkit]\ncontent_dir = "toolkit-data"\n'
    )
    with pytest.raises(UsageError, match=r"pyproject\.toml: .*unknown key\(s\) content_dir"):
        find_content(project)


def test_a_git_repository_without_content_is_an_error_not_the_bundled_copy(
    tmp_path: Path,
) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "docs").mkdir()
    with pytest.raises(UsageError, match=r"No content found.*--content DIR.*--bundled"):
        find_content(tmp_path / "repo" / "docs")


def test_the_search_stops_at_the_root_of_a_repository(tmp_path: Path) -> None:
    """Content of an outer folder is not the content of a repository inside it."""
    _project(tmp_path)
    (tmp_path / "inner" / ".git").mkdir(parents=True)
    with pytest.raises(UsageError, match="No content found"):
        find_content(tmp_path / "inner")


def test_a_pyproject_without_content_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(UsageError, match=f"No content found for the project at {tmp_path}"):
        find_content(tmp_path)
