"""Writes never replace what is not a regular file: a symbolic link, a device, a pipe or a
folder at the target is refused and left as it was, through the helper and the commands."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit._atomic import write_atomic
from chemsex_toolkit.cli import main
from chemsex_toolkit.errors import UsageError

MULTI = Path(__file__).parent / "fixtures" / "multi-topic"


def _special(tmp_path: Path, kind: str) -> Path:
    target = tmp_path / "target"
    if kind == "symlink":
        (tmp_path / "real.txt").write_text("kept", "utf-8")
        target.symlink_to(tmp_path / "real.txt")
    elif kind == "dangling symlink":
        target.symlink_to(tmp_path / "nowhere.txt")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    return target


KINDS = ["symlink", "dangling symlink", "fifo", "folder"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_helper_refuses_a_target_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = _special(tmp_path, kind)
    before = os.lstat(target)
    with pytest.raises(UsageError, match="not a regular file"):
        write_atomic(target, "new")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert not (tmp_path / "nowhere.txt").exists()
    if kind == "symlink":
        assert (tmp_path / "real.txt").read_text("utf-8") == "kept"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_helper_still_replaces_a_regular_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("old", "utf-8")
    os.chmod(target, 0o600)
    write_atomic(target, "new")
    assert target.read_text("utf-8") == "new"
    assert stat.S_IMODE(os.lstat(target).st_mode) == 0o600


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_i18n_export_refuses_a_special_output(tmp_path: Path, kind: str) -> None:
    target = _special(tmp_path, kind)
    result = CliRunner().invoke(
        main, ["i18n", "export", "de", "--content", str(MULTI), "-o", str(target)]
    )
    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.output and "Traceback" not in result.output
    assert stat.S_ISLNK(os.lstat(target).st_mode) == (kind == "symlink")
    if kind == "symlink":
        assert (tmp_path / "real.txt").read_text("utf-8") == "kept"


def test_i18n_export_dash_is_the_standard_output(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = CliRunner().invoke(main, ["i18n", "export", "de", "--content", str(MULTI), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert 'msgid ""' in result.output
    assert not (tmp_path / "-").exists()


def test_i18n_import_refuses_a_linked_catalog(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI, content)
    exported = CliRunner().invoke(main, ["i18n", "export", "de", "--content", str(content)])
    lines = exported.output.splitlines()
    first = next(
        i for i, line in enumerate(lines) if line.startswith('msgstr "') and line != 'msgstr ""'
    )
    lines[first] = 'msgstr "Neu"'
    po = tmp_path / "de.po"
    po.write_text("\n".join(lines) + "\n", "utf-8")
    # Every catalog a link to a file in a hidden folder of the content (which is not read).
    shadow = content / ".shadow"
    links = []
    for catalog in sorted((content / "locales/de").rglob("*.yaml")):
        real = shadow / catalog.relative_to(content)
        real.parent.mkdir(parents=True, exist_ok=True)
        catalog.rename(real)
        catalog.symlink_to(os.path.relpath(real, catalog.parent))
        links.append((catalog, real, real.read_bytes()))

    result = CliRunner().invoke(main, ["i18n", "import", str(po), "--content", str(content)])

    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.output and "Traceback" not in result.output
    for catalog, real, data in links:
        assert catalog.is_symlink() and real.read_bytes() == data


def test_the_schema_writer_refuses_a_linked_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chemsex_toolkit import schema

    folder = tmp_path / "schemas"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("kept", "utf-8")
    (folder / "toolkit.schema.json").symlink_to(elsewhere)
    monkeypatch.setattr(schema, "schemas_dir", lambda: folder)
    with pytest.raises(UsageError, match="not a regular file"):
        schema.write_all()
    assert elsewhere.read_text("utf-8") == "kept"
