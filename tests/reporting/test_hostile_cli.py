"""Findings about hostile file names and texts, printed by `validate` in every format: each
finding stays one record, and nothing it quotes can start a workflow command or a line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main

NAMES = [
    "x\n::error file=README.md::forged.yaml",
    "x\r::stop-commands::token.yaml",
    "x%0A::error::forged.yaml",
    "x\u2028::warning::forged.yaml",
    "x\x1b[2Jx.yaml",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_file_name_cannot_write_the_report(minimal_content: Path, name: str) -> None:
    (minimal_content / "topics/sample-topic/items" / name).write_text("id: x\n", "utf-8")
    runner = CliRunner()
    args = ["validate", "--content", str(minimal_content), "--format"]

    github = runner.invoke(main, [*args, "github"])
    assert github.exit_code == 1 and "Traceback" not in github.output
    lines = github.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not {"\r", "\x1b", "\u2028"} & set(github.stdout)
    assert not [line for line in lines if "::stop-commands" in line.split("::", 2)[1]]

    text = runner.invoke(main, [*args, "text"])
    assert text.exit_code == 1
    assert "\x1b" not in text.stdout and "\r" not in text.stdout and "\u2028" not in text.stdout
    assert not [line for line in text.stdout.splitlines() if line.startswith("::")]

    report = json.loads(runner.invoke(main, [*args, "json"]).stdout)
    files = {finding["file"] for finding in report["findings"]}
    # Exact in JSON, escaped by json; under the content folder as given, as in the text report.
    assert f"{minimal_content}/topics/sample-topic/items/{name}" in files
