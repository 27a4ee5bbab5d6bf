"""`chemsex-toolkit schema`: the published schemas for a content repository without a clone of
this one, each file named by its $id so a validator resolves it offline."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from chemsex_toolkit.cli import main
from chemsex_toolkit.paths import schemas_dir

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _published() -> dict[str, str]:
    return {
        p.name.removesuffix(".schema.json"): json.loads(p.read_text("utf-8"))["$id"]
        for p in schemas_dir().glob("*.schema.json")
    }


def test_list_names_every_schema_with_its_id() -> None:
    result = CliRunner().invoke(main, ["schema", "--list"])
    assert result.exit_code == 0
    listed = dict(line.split() for line in result.stdout.splitlines())
    assert listed == _published()
    assert {"catalog", "export", "findings", "item"} <= set(listed)


def test_a_schema_is_printed_by_name_or_by_its_id() -> None:
    text = (schemas_dir() / "catalog.schema.json").read_text("utf-8")
    by_name = CliRunner().invoke(main, ["schema", "catalog"])
    by_id = CliRunner().invoke(main, ["schema", _published()["catalog"]])
    assert by_name.exit_code == by_id.exit_code == 0
    assert by_name.stdout == by_id.stdout == text


def test_an_unknown_name_is_a_usage_error_listing_the_names() -> None:
    result = CliRunner().invoke(main, ["schema", "nope"])
    assert result.exit_code == 2
    assert "No published schema is called 'nope'" in result.stderr
    assert "catalog" in result.stderr and "Traceback" not in result.output


def test_written_schemas_resolve_offline_by_their_ids(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = CliRunner().invoke(main, ["schema", "--all", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = {p.name for p in out.iterdir()}
    assert written == {f"{name}.schema.json" for name in _published()}
    # A registry made only of the written files, as an editor or ajv -r would load them.
    resources = [Resource.from_contents(json.loads(p.read_text("utf-8"))) for p in out.iterdir()]
    registry: Registry = Registry().with_resources((r.id(), r) for r in resources)  # type: ignore[misc]
    item = yaml.safe_load(
        (FIXTURES / "minimal/topics/sample-topic/items/first-item.yaml").read_text("utf-8")
    )
    validator = Draft202012Validator({"$ref": _published()["item"]}, registry=registry)
    assert list(validator.iter_errors(item)) == []
    assert list(validator.iter_errors({**item, "colour": "blue"}))


def test_several_schemas_are_printed_only_into_a_folder() -> None:
    result = CliRunner().invoke(main, ["schema", "item", "topic"])
    assert result.exit_code == 2
    assert "--out DIR" in result.stderr
