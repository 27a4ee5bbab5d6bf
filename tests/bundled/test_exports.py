"""What the shipped content promises in its exports: its toolkit ID, its topic's items and where
their links lead (code tests use fixtures; these follow the content as edited)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.paths import bundled_content

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    build(bundled_content(), out, ["markdown", "json"])
    return out


def test_json_carries_the_chemsex_topic(exports: Path) -> None:
    document = json.loads((exports / "json/en.json").read_text("utf-8"))
    assert document["toolkit_id"] == "msm-checkpoints-cbvct"
    topic = next(t for t in document["topics"] if t["id"] == "chemsex-support")
    assert [i["id"] for i in topic["items"]] == [
        "chemsex-knowledge",
        "chemsex-participation",
        "chemsex-harm-reduction",
        "chemsex-promotion",
        "chemsex-referral-networks",
    ]
    guidance = topic["items"][0]["sections"]["guidance"]
    assert "](http://dean.st/ChemSex-support/)" in guidance["markdown"]
    cited = {link["id"]: link["cited_by"] for link in topic["links"]}
    assert cited["david-stuart-care-plan"] == ["chemsex-harm-reduction"]


@pytest.mark.slow
def test_the_shipped_markdown_passes_the_linter(exports: Path) -> None:
    files = sorted((exports / "markdown").rglob("*.md"))
    assert files
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pymarkdown",
            "--config",
            str(ROOT / ".pymarkdown.json"),
            "scan",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
