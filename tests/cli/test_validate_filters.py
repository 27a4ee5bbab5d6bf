"""validate --severity, and the ignore list of known findings in pyproject.toml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from chemsex_toolkit.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose content (the three-topic fixture) has warnings and no error."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "multi-topic", root / "content")
    monkeypatch.chdir(root)
    return root


def _codes(result: Result) -> list[tuple[str, str]]:
    return [(f["code"], f["file"]) for f in json.loads(result.stdout)["findings"]]


def _validate(*options: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--format", "json", *options])


def test_severity_error_reports_errors_only(project: Path) -> None:
    everything = _validate("--strict")
    assert everything.exit_code == 1
    assert {code for code, _ in _codes(everything)} == {"CT505", "CT506"}
    errors_only = _validate("--strict", "--severity", "error")
    assert errors_only.exit_code == 0
    assert _codes(errors_only) == []
    # Errors are never filtered out.
    item = next((project / "content/topics").glob("*/items/*.yaml"))
    item.write_text(item.read_text("utf-8") + "colour: blue\n", "utf-8")
    broken = _validate("--severity", "error")
    assert broken.exit_code == 1
    assert [code for code, _ in _codes(broken)] == ["CT202"]


def test_known_findings_listed_in_pyproject_are_not_reported(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.chemsex-toolkit]\nignore = ["CT506", "CT505:locales/es/topics/*.yaml"]\n'
    )
    result = _validate("--strict")
    assert result.exit_code == 0, result.output
    assert _codes(result) == []
    assert "3 finding(s) not shown" in result.stderr
    # A pattern narrows the entry to its files.
    (project / "pyproject.toml").write_text(
        '[tool.chemsex-toolkit]\nignore = ["CT505:locales/fr/*"]\n'
    )
    assert ("CT505", "content/locales/es/topics/prep-topic.yaml") in _codes(_validate())


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('"CT202"', "CT202 is an error, which cannot be ignored"),
        ('"CT999"', "'CT999' names no rule"),
        ("3", "must be a list of rule codes"),
    ],
)
def test_an_ignore_list_that_would_hide_errors_or_names_nothing_is_refused(
    project: Path, entry: str, message: str
) -> None:
    value = f"[{entry}]" if entry != "3" else entry
    (project / "pyproject.toml").write_text(f"[tool.chemsex-toolkit]\nignore = {value}\n")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
