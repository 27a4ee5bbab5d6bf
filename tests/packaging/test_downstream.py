"""The downstream contract: the examples in examples/ run against the installed wheel, and an
export frozen at schema v1 stays readable by what the contract promises."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

import chemsex_toolkit
from chemsex_toolkit.paths import schemas_dir
from tests.support import Venv

ROOT = Path(__file__).parents[2]
FROZEN = Path(__file__).parents[1] / "fixtures" / "frozen-documents" / "export" / "1.0"
# The export schema as published at version 1.0 (see docs/schemas.md).
FROZEN_SCHEMA = Path(__file__).parents[1] / "fixtures" / "published-schemas" / "export" / "1.0.json"


@pytest.mark.slow
def test_api_example_runs_against_the_wheel(wheel_venv: Venv, tmp_path: Path) -> None:
    script = tmp_path / "api_summary.py"
    shutil.copyfile(ROOT / "examples" / "api_summary.py", script)
    result = wheel_venv.run(wheel_venv.python, script, "fr", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # The wheel carries this source tree's content: what it prints follows from loading that.
    french = chemsex_toolkit.load(locale="fr")
    assert lines[0] == f"{french.title} ({french.id} {french.version}, fr)"
    blanks = ["" for _ in french.checklist.questions]
    for topic in french.topics:
        assert " | ".join([topic.items[0].title, *blanks]) in lines
        sections = sum(1 for item in topic.items for _name, text in item.sections if text)
        assert f"{len(topic.items)} items, {sections} sections, {len(topic.links)} links" in lines


@pytest.mark.slow
def test_json_example_reads_the_wheels_export(wheel_venv: Venv, tmp_path: Path) -> None:
    built = wheel_venv.run(
        wheel_venv.bin("chemsex-toolkit"),
        "build",
        "--format",
        "json",
        "--out",
        "out",
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    script = tmp_path / "json_checklist.py"
    shutil.copyfile(ROOT / "examples" / "json_checklist.py", script)
    result = wheel_venv.run(
        wheel_venv.python, "-I", script, tmp_path / "out/json/de.json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    german = chemsex_toolkit.load(locale="de")
    assert result.stdout.splitlines()[1] == f"1. {german.topics[0].items[0].title}"


def test_frozen_v1_export_still_meets_the_contract() -> None:
    document = json.loads((FROZEN / "en.json").read_text("utf-8"))
    frozen_schema = json.loads(FROZEN_SCHEMA.read_text("utf-8"))
    current = json.loads((schemas_dir() / "export.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(frozen_schema).validate(document)
    if current["$id"] == frozen_schema["$id"]:
        # Same major schema version: today's schema must still accept yesterday's exports.
        jsonschema.Draft202012Validator(current).validate(document)
    else:
        # A new major version: the old schema must stay published next to the new one.
        assert (schemas_dir() / "export-v1.schema.json").exists()
    # What a downstream reader relies on, checked with nothing but the standard library's json.
    assert document["schema_version"].split(".")[0] == "1"
    topic = document["topics"][0]
    assert {"id", "title", "sections"} <= set(topic["items"][0])
    assert set(topic["items"][0]["sections"]) == {
        "description",
        "guidance",
        "adaptation",
        "quality_improvement",
    }
    assert {"markdown", "text", "lang"} <= set(topic["items"][0]["sections"]["guidance"])
    assert [q["id"] for q in document["checklist"]["questions"]] == [
        "in-place",
        "documented",
        "adapted",
        "working",
    ]


def test_ids_of_the_frozen_export_still_exist() -> None:
    """Within a major content version no ID may disappear (that would be a major bump)."""
    import chemsex_toolkit

    document = json.loads((FROZEN / "en.json").read_text("utf-8"))
    toolkit = chemsex_toolkit.load()
    frozen_major = int(document["content_version"].split(".")[0])
    current_major = int(toolkit.version.split(".")[0])
    assert current_major >= frozen_major
    if current_major > frozen_major:
        return  # a new major content version may remove IDs; that is what major means
    for item in document["topics"][0]["items"]:
        assert toolkit.item(item["id"])
    for link in document["topics"][0]["links"]:
        assert toolkit.link(link["id"])
