"""Choosing exporters: the default formats are the ones the help names, a name two distributions
register is reported, and a build with no exporter installed fails loudly."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.exporting import ExportContext, OutputFile, registry


class ExtraExporter:
    name = "extra"
    description = "A stand-in third-party exporter."

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        yield OutputFile("extra.txt", b"extra\n")


def _with(monkeypatch: pytest.MonkeyPatch, points: list[EntryPoint]) -> None:
    monkeypatch.setattr(registry, "_points", lambda: tuple(points))


def _point(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=registry.GROUP)


@pytest.mark.slow
def test_default_build_is_the_formats_the_help_names(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with(monkeypatch, [*registry._points(), _point("extra", f"{__name__}:ExtraExporter")])
    runner = CliRunner()
    shown = runner.invoke(main, ["build", "--help"])
    assert "[default: html,markdown,json]" in " ".join(shown.output.split())
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--content", str(minimal_content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "html",
        "json",
        "markdown",
    ]
    every = runner.invoke(
        main, ["build", "--content", str(minimal_content), "--out", str(out), "--format", "all"]
    )
    assert every.exit_code == 0, every.output
    assert (out / "extra" / "extra.txt").read_bytes() == b"extra\n"


def test_no_exporter_installed_is_an_error(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with(monkeypatch, [])
    out = tmp_path / "out"
    for formats in ["all", "html,markdown,json"]:
        result = CliRunner().invoke(
            main,
            ["build", "--content", str(minimal_content), "--out", str(out), "--format", formats],
        )
        assert result.exit_code == 2, result.output
        assert "No exporter is installed" in result.output
        assert "0 file(s)" not in result.output
    assert not (out / "html").exists()


def test_a_name_registered_twice_is_reported(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash = _point("json", f"{__name__}:ExtraExporter")
    _with(monkeypatch, [*registry._points(), clash])
    listed = CliRunner().invoke(main, ["exporters"])
    json_rows = [line for line in listed.output.splitlines() if line.startswith("json ")]
    assert len(json_rows) == 2
    assert all("registered more than once" in row for row in json_rows)

    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--content", str(minimal_content), "--out", str(out), "--format", "json"]
    )
    assert result.exit_code == 2, result.output
    assert "chemsex_toolkit_exporters.json:JsonExporter" in result.output
    assert f"{__name__}:ExtraExporter" in result.output
