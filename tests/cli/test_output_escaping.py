"""Text output escapes control characters whatever their source: a PO file's header, the
toolkit's ID as --version reads it, a message quoting the input. No terminal code gets out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
# Set the window title, clear the screen, ring the bell, a C1 control.
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-P", "-m", "chemsex_toolkit", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _clean(text: str) -> None:
    for char in "\x1b\x07\x9b":
        assert char not in text, repr(text)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "project" / "content"
    shutil.copytree(MULTI, target)
    return target


def test_version_escapes_the_toolkits_id(content: Path) -> None:
    toolkit = content / "toolkit.yaml"
    text = toolkit.read_text("utf-8")
    lines = ["id: a" + HOSTILE if line.startswith("id:") else line for line in text.splitlines()]
    toolkit.write_text("\n".join(lines) + "\n", "utf-8")
    done = _run("--version", cwd=content.parent)
    assert done.returncode == 0
    assert "content a\\u001b]0;pwned" in done.stdout
    _clean(done.stdout + done.stderr)


@pytest.mark.parametrize("header", ["X-Source-Version", "X-Toolkit-Id", "Language"])
def test_i18n_import_escapes_the_po_header(content: Path, tmp_path: Path, header: str) -> None:
    exported = _run("i18n", "export", "de", "--content", str(content))
    po = polib.pofile(exported.stdout)
    po.metadata[header] = "x" + HOSTILE
    path = tmp_path / "de.po"
    po.save(str(path))
    done = _run("i18n", "import", str(path), "--content", str(content))
    assert "pwned" in done.stdout + done.stderr  # the value is shown, escaped
    _clean(done.stdout + done.stderr)


def test_exporters_escapes_what_a_distribution_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from chemsex_toolkit.cli import main
    from chemsex_toolkit.exporting import registry

    info = registry.ExporterInfo("csv", "x:Y", "csv-dist" + HOSTILE, "CSV" + HOSTILE)
    monkeypatch.setattr(registry, "installed", lambda: [info])
    result = CliRunner().invoke(main, ["exporters"])
    assert result.exit_code == 0 and "pwned" in result.output
    _clean(result.output)
