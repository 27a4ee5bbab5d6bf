"""Machine-readable build and exporter lists, and `--format all` where an extra is missing.

An extra that is not installed is simulated the way Python itself reports one: its module set
to None in ``sys.modules``, so that finding or importing it fails as on a machine without it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main


@pytest.fixture
def without_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("weasyprint", "pikepdf", "xlsxwriter"):
        monkeypatch.setitem(sys.modules, module, None)
    # An exporter's own module that an earlier test imported would otherwise still be found.
    prefixes = ("chemsex_toolkit_exporters.pdf.", "chemsex_toolkit_exporters.xlsx.")
    for name in [name for name in sys.modules if name.startswith(prefixes)]:
        monkeypatch.delitem(sys.modules, name)


def test_exporters_as_json_say_which_can_run() -> None:
    result = CliRunner().invoke(main, ["exporters", "--format", "json"])
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)["exporters"]}
    assert {"html", "markdown", "json"} <= set(rows)
    assert rows["html"]["available"] is True and rows["html"]["missing"] == ""


def test_exporters_mark_those_whose_extra_is_missing(without_extras: None) -> None:
    rows = {
        row["name"]: row
        for row in json.loads(CliRunner().invoke(main, ["exporters", "--format", "json"]).stdout)[
            "exporters"
        ]
    }
    assert rows["pdf"]["available"] is False
    assert "weasyprint" in rows["pdf"]["missing"] and "[pdf]" in rows["pdf"]["missing"]
    assert rows["xlsx"]["available"] is False
    text = CliRunner().invoke(main, ["exporters"]).stdout
    assert any(
        line.startswith("pdf ") and "unavailable: needs" in line for line in text.splitlines()
    )


def test_build_all_builds_what_it_can_and_says_what_is_missing(
    minimal_content: Path, tmp_path: Path, without_extras: None
) -> None:
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(minimal_content),
            "--out",
            str(out),
            "--format",
            "all",
            "--report",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Not built: pdf (needs weasyprint" in result.stderr
    assert "Not built: xlsx (needs xlsxwriter" in result.stderr
    assert "Not built: xlsform (needs xlsxwriter" in result.stderr
    summary = json.loads(result.stdout)
    assert set(summary["skipped"]) == {"pdf", "xlsx", "xlsform"}
    assert {"html", "markdown", "json"} <= set(summary["formats"])
    assert "pdf" not in summary["formats"]
    assert summary["written"] and all((out / path).is_file() for path in summary["written"])
    assert not (out / "pdf").exists()


def test_a_format_named_outright_still_fails_without_its_extra(
    minimal_content: Path, tmp_path: Path, without_extras: None
) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(minimal_content),
            "--out",
            str(tmp_path / "d"),
            "--format",
            "xlsx",
        ],
    )
    assert result.exit_code == 1
    assert "pip install 'chemsex-toolkit[xlsx]'" in result.stderr


def test_build_report_json_on_broken_content_gives_the_findings(
    minimal_content: Path, tmp_path: Path
) -> None:
    item = next((minimal_content / "topics").glob("*/items/*.yaml"))
    item.write_text(item.read_text("utf-8") + "colour: blue\n", "utf-8")
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(minimal_content),
            "--out",
            str(tmp_path / "d"),
            "--report",
            "json",
        ],
    )
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["CT202"]
