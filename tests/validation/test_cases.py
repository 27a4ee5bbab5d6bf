"""Each folder under cases/ overlays the minimal content with broken files; expect.yaml says
which findings (rule code, location, and words of the message under "says") must come out and
with which exit code."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from chemsex_toolkit.cli import main
from chemsex_toolkit.validation import validate

CASES = Path(__file__).parent / "cases"


def _expectation(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(case / "expect.yaml")
    return data


def _overlay(case: Path, content: Path) -> None:
    """Copy the case's files over the content; make the files too large to keep in the
    repository (``generate``) and symbolic links (``symlinks``) that expect.yaml describes."""
    for source in case.rglob("*"):
        if source.is_file() and source.name != "expect.yaml":
            target = content / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    expected = _expectation(case)
    for spec in expected.get("generate", []):
        text = spec.get("head", "") + spec["repeat"] * spec["times"] + spec.get("tail", "")
        (content / spec["path"]).write_text(text, encoding="utf-8")
    for spec in expected.get("symlinks", []):
        link = content / spec["path"]
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(spec["target"])


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()), ids=str)
def test_case_reports_located_findings(case: str, minimal_content: Path) -> None:
    expected = _expectation(CASES / case)
    _overlay(CASES / case, minimal_content)

    report = validate(minimal_content)

    found = {(f.code, f.file, f.line, f.column): f.message for f in report.findings}
    for want in expected["findings"]:
        key = (want["code"], want["file"], want["line"], want["column"])
        assert key in found, f"missing {key}; got {sorted(found)}"
        # "says": words the message must hold, where the rule has several ways to say it.
        assert want.get("says", "") in found[key]
    if not expected["findings"]:
        assert report.findings == ()
    if "max_findings" in expected:
        assert len(report.findings) <= expected["max_findings"]
    for finding in report.findings:
        assert finding.message
        if finding.severity == "error":
            assert finding.hint, f"{finding.code} has no hint: {finding.message}"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()), ids=str)
def test_case_exit_code_without_traceback(case: str, minimal_content: Path) -> None:
    expected = _expectation(CASES / case)
    _overlay(CASES / case, minimal_content)
    runner = CliRunner()

    result = runner.invoke(main, ["validate", "--content", str(minimal_content)])

    assert result.exit_code == expected.get("exit", 1), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if "strict_exit" in expected:
        strict = runner.invoke(main, ["validate", "--strict", "--content", str(minimal_content)])
        assert strict.exit_code == expected["strict_exit"]
