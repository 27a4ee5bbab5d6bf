"""The validate command's output formats and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from click.testing import CliRunner

import chemsex_toolkit
from chemsex_toolkit.cli import main
from chemsex_toolkit.paths import schemas_dir

CASES = Path(__file__).parents[1] / "validation" / "cases"


def _break(content: Path) -> None:
    """Two problems in two files: a dangling reference and an unknown field."""
    shutil.copytree(CASES / "dangling-reference", content, dirs_exist_ok=True)
    (content / "expect.yaml").unlink()
    resource = content / "resources/sample-case.yaml"
    resource.write_text(resource.read_text() + "colour: blue\n", encoding="utf-8")


def test_valid_content_exits_zero(minimal_content: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--content", str(minimal_content)])
    assert result.exit_code == 0
    assert "No findings" in result.output


def test_text_groups_findings_by_file(minimal_content: Path) -> None:
    _break(minimal_content)
    result = CliRunner().invoke(main, ["validate", "--content", str(minimal_content)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert headings[0].endswith("resources/sample-case.yaml")
    assert headings[1].endswith("topics/sample-topic/items/second-item.yaml")
    assert any("7:9" in line and "CT302" in line for line in lines)
    assert any("hint:" in line for line in lines)
    assert lines[-1] == "2 error(s), 0 warning(s) in 2 file(s)."


def test_json_output_matches_its_published_schema(minimal_content: Path) -> None:
    _break(minimal_content)
    result = CliRunner().invoke(
        main, ["validate", "--format", "json", "--content", str(minimal_content)]
    )
    assert result.exit_code == 1
    report = json.loads(result.output)
    schema = json.loads((schemas_dir() / "findings.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["summary"] == {"errors": 2, "warnings": 0, "infos": 0, "files": 2}
    codes = sorted(f["code"] for f in report["findings"])
    assert codes == ["CT202", "CT302"]
    unknown = next(f for f in report["findings"] if f["code"] == "CT202")
    assert unknown["path"] == "/colour"
    assert (unknown["line"], unknown["column"]) == (9, 1)


def test_github_annotations(minimal_content: Path) -> None:
    _break(minimal_content)
    result = CliRunner().invoke(
        main, ["validate", "--format", "github", "--content", str(minimal_content)]
    )
    assert result.exit_code == 1
    first, second = result.output.splitlines()
    assert first.startswith("::error file=")
    assert "sample-case.yaml,line=9,col=1,title=CT202 unknown-field::Unknown field" in first
    assert "second-item.yaml,line=7,col=9,title=CT302 dangling-reference::" in second


def test_strict_fails_on_warnings(minimal_content: Path) -> None:
    item = minimal_content / "topics/sample-topic/items/second-item.yaml"
    item.write_text(item.read_text().replace("The second item, in one line.", "TODO"))
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "--content", str(minimal_content)]).exit_code == 0
    strict = runner.invoke(main, ["validate", "--strict", "--content", str(minimal_content)])
    assert strict.exit_code == 1
    assert "CT402" in strict.output


def test_usage_error_exits_two(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "--format", "xml"]).exit_code == 2
    missing = runner.invoke(main, ["validate", "--content", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_folder_without_toolkit_is_a_finding(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--content", str(tmp_path)])
    assert result.exit_code == 1
    assert "CT100" in result.output and "not a content folder" in result.output


def test_version_prints_package_and_content_versions() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    package_line, content_line = result.output.splitlines()
    assert package_line.startswith("chemsex-toolkit ")
    toolkit = chemsex_toolkit.load()
    assert content_line.startswith(f"content {toolkit.id} {toolkit.version} ")
