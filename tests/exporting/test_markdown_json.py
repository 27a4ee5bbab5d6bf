"""Markdown and JSON exports: reviewed golden files, a Markdown linter, the published schema,
and a reader that uses nothing but the standard library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import chemsex_toolkit
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.paths import bundled_content, schemas_dir
from tests.support import Golden

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def bundled_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    build(bundled_content(), out, ["markdown", "json"])
    return out


@pytest.mark.golden
def test_markdown_matches_reviewed_golden_file(
    minimal_content: Path, tmp_path: Path, golden: Golden
) -> None:
    build(minimal_content, tmp_path / "out", ["markdown"])
    produced = (tmp_path / "out/markdown/en/sample-topic.md").read_text("utf-8")
    golden.check(GOLDEN / "sample-topic.en.md", produced)


@pytest.mark.golden
def test_json_matches_reviewed_golden_file(
    minimal_content: Path, tmp_path: Path, golden: Golden
) -> None:
    build(minimal_content, tmp_path / "out", ["json"])
    golden.check(
        GOLDEN / "sample-topic.en.json", (tmp_path / "out/json/en.json").read_text("utf-8")
    )


@pytest.mark.slow
def test_markdown_passes_the_linter(bundled_exports: Path) -> None:
    files = sorted((bundled_exports / "markdown").rglob("*.md"))
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


def test_every_json_export_validates_against_the_published_schema(bundled_exports: Path) -> None:
    schema = json.loads((schemas_dir() / "export.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((bundled_exports / "json").glob("*.json"))
    assert {f.name for f in files} >= {"en.json", "all.json"}
    for path in files:
        document = json.loads(path.read_text("utf-8"))
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], (path.name, errors[:3])
        assert document["$schema"] == schema["$id"]


def test_json_carries_the_contract(bundled_exports: Path) -> None:
    document = json.loads((bundled_exports / "json/en.json").read_text("utf-8"))
    assert document["toolkit_id"] == "msm-checkpoints-cbvct"
    assert [q["position"] for q in document["checklist"]["questions"]] == [1, 2, 3, 4]
    topic = document["topics"][0]
    assert [i["id"] for i in topic["items"]] == [
        "chemsex-knowledge",
        "chemsex-participation",
        "chemsex-harm-reduction",
        "chemsex-promotion",
        "chemsex-referral-networks",
    ]
    guidance = topic["items"][0]["sections"]["guidance"]
    assert "](http://dean.st/ChemSex-support/)" in guidance["markdown"]
    assert "[link:" not in guidance["markdown"] and "http" not in guidance["text"]
    cited = {link["id"]: link["cited_by"] for link in topic["links"]}
    assert cited["david-stuart-care-plan"] == ["chemsex-harm-reduction"]
    assert all(cited.values())


def test_a_downstream_reader_needs_only_the_standard_library(bundled_exports: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            str(ROOT / "examples" / "json_checklist.py"),
            str(bundled_exports / "json" / "en.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    version = chemsex_toolkit.load().version
    assert lines[0] == f"Support for ChemSex users (msm-checkpoints-cbvct {version}, en)"
    assert "1. Knowledge about ChemSex" in lines
    assert sum(1 for line in lines if line.startswith("   - ")) == 5 * 4
