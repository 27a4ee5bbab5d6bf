"""The published schemas and the models must describe the same shape."""

from __future__ import annotations

import json

import jsonschema
import pytest

from chemsex_toolkit import schema
from chemsex_toolkit.models import FILE_MODELS
from chemsex_toolkit.paths import schemas_dir


@pytest.mark.parametrize("kind", sorted(FILE_MODELS))
def test_published_schema_is_generated_from_the_model(kind: str) -> None:
    published = (schemas_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert published == schema.render(schema.generate(kind)), (
        f"schemas/{kind}.schema.json is out of date: run `nox -s schemas`"
    )


def test_published_export_schema_is_generated_from_the_export_model() -> None:
    from chemsex_toolkit.export_model import export_schema

    published = (schemas_dir() / "export.schema.json").read_text(encoding="utf-8")
    assert published == schema.render(export_schema()), "run `nox -s schemas`"


def test_published_answers_schema_is_generated_from_the_answers_model() -> None:
    published = (schemas_dir() / "answers.schema.json").read_text(encoding="utf-8")
    assert published == schema.render(schema.answers_schema()), "run `nox -s schemas`"


def test_published_report_schema_is_generated_from_the_report_model() -> None:
    published = (schemas_dir() / "report.schema.json").read_text(encoding="utf-8")
    assert published == schema.render(schema.report_schema()), "run `nox -s schemas`"
    assert json.loads(published)["$id"] == "urn:chemsex-toolkit:schema:report:v1"


@pytest.mark.parametrize("path", sorted(schemas_dir().glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_is_valid_draft_2020_12_with_an_id(path: object) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].startswith("urn:chemsex-toolkit:schema:")
