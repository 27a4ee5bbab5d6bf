"""A run shows at most 100 findings per file and 1,000 in all; one CT112 finding per file and
one for the run count what is left out, with the severity of the worst of it, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.findings import Finding, Severity
from chemsex_toolkit.validation.limits import PER_FILE, PER_RUN, capped

ITEM = "topics/sample-topic/items/first-item.yaml"


def _finding(
    file: str, line: int, severity: Severity = Severity.WARNING, column: int = 1
) -> Finding:
    return Finding(file, line, column, "CT202", "unknown-field", severity, "Unknown field.")


def test_each_file_shows_at_most_its_share_and_counts_the_rest() -> None:
    findings = [_finding("a.yaml", n) for n in range(1, 251)] + [_finding("b.yaml", 1)]
    findings.append(_finding("a.yaml", 240, Severity.ERROR, 2))  # left out, and the worst
    shown = capped(findings)
    in_a = [f for f in shown if f.file == "a.yaml"]
    assert len(in_a) == PER_FILE + 1 and len([f for f in shown if f.file == "b.yaml"]) == 1
    (stand_in,) = [f for f in shown if f.code == "CT112"]
    assert stand_in.file == "a.yaml" and stand_in.severity is Severity.ERROR
    assert "151 more finding(s)" in stand_in.message


def test_a_run_shows_at_most_its_limit_and_counts_the_rest() -> None:
    findings = [_finding(f"f{n:03d}.yaml", line) for n in range(30) for line in range(1, 101)]
    shown = capped(findings)
    assert len(shown) == PER_RUN + 1
    last = shown[-1]
    assert last.code == "CT112" and last.file == ""
    assert f"{30 * 100 - PER_RUN} more finding(s)" in last.message
    assert last.severity is Severity.WARNING


def test_a_run_within_the_limits_is_untouched() -> None:
    findings = [_finding("a.yaml", n) for n in range(1, 11)]
    assert capped(findings + findings) == tuple(findings)


@pytest.fixture
def flooded(minimal_content: Path) -> Path:
    item = minimal_content / ITEM
    extra = "".join(f"k{n:05d}: 1\n" for n in range(3000))
    item.write_text(item.read_text("utf-8") + extra, "utf-8")
    return minimal_content


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_every_format_says_how_many_were_left_out(flooded: Path, output_format: str) -> None:
    result = CliRunner().invoke(
        main, ["validate", "--content", str(flooded), "--format", output_format]
    )
    assert result.exit_code == 1
    assert result.output.count("CT202") == PER_FILE
    assert f"{3000 - PER_FILE} more finding(s) in this file are left out" in result.output
    if output_format == "json":
        report = json.loads(result.output)
        assert report["summary"]["errors"] == PER_FILE + 1
