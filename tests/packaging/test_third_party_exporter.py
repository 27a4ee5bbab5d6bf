"""A separate distribution registers an exporter through the entry point group; once installed
it is listed and builds, exactly like the built-in ones."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import chemsex_toolkit
from tests.support import Venv

pytestmark = pytest.mark.slow

PLUGIN = Path(__file__).parents[1] / "fixtures" / "csv-exporter"


def test_installed_exporter_is_listed_and_builds(wheel_venv: Venv, tmp_path: Path) -> None:
    # Installed from a copy, so that the build leaves nothing in the source tree. The plugin
    # depends on chemsex-toolkit, which the venv already has from the built wheel.
    plugin = tmp_path / "plugin"
    shutil.copytree(PLUGIN, plugin)
    installed = wheel_venv.run(
        wheel_venv.python, "-m", "pip", "install", "--quiet", str(plugin), cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr

    listed = wheel_venv.run(wheel_venv.bin("chemsex-toolkit"), "exporters", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert {"csv", "html", "markdown", "json"} <= set(rows)
    assert "chemsex-toolkit-csv" in rows["csv"]

    out = tmp_path / "dist"
    built = wheel_venv.run(
        wheel_venv.bin("chemsex-toolkit"),
        "build",
        "--format",
        "csv",
        "--out",
        str(out),
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    with (out / "csv" / "de.csv").open(encoding="utf-8") as handle:
        rows_de = list(csv.reader(handle))
    german = chemsex_toolkit.load(locale="de")
    items = [item for topic in german.topics for item in topic.items]
    assert rows_de[0][0] == german.text("item-heading")
    assert [row[0] for row in rows_de[1:]] == [item.title for item in items]
