"""The JSON Schemas of the content files, of the answers file and of the network report:
generated from the models, published in ``schemas/``, and used to explain why a file does not
fit its model (``validation.schema_rules``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chemsex_toolkit.paths import schemas_dir

if TYPE_CHECKING:  # jsonschema is imported only when a file fails pydantic's check
    from jsonschema import Draft202012Validator

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# The major version of each content schema that is past its first (see docs/schemas.md): a
# schema that gains a property is a new major version, since the schemas forbid properties they
# do not name. The last schema of each earlier major stays published as ``<kind>-v<N>``.
MAJOR_VERSIONS = {
    # 2: a stale translation keeps the English it was made from; 3: a translator's note
    "catalog": 3,
    "glossary": 2,  # 2: a term may give a translation per sense
}


def schema_id(kind: str, version: int | None = None) -> str:
    """The ``$id`` of a published schema: a URN, since schemas ship with the package; the
    command line resolves it offline (``chemsex-toolkit schema URN``)."""
    major = MAJOR_VERSIONS.get(kind, 1) if version is None else version
    return f"urn:chemsex-toolkit:schema:{kind}:v{major}"


def published() -> dict[str, Path]:
    """Every published schema by name (``catalog``, ``export``, ``findings``...)."""
    return {
        path.name.removesuffix(".schema.json"): path
        for path in sorted(schemas_dir().glob("*.schema.json"))
    }


def published_schema(name_or_id: str) -> tuple[str, Path]:
    """The name and file of the published schema called ``name_or_id``, or whose ``$id`` it is.

    Raises ``UsageError`` listing the names when there is none."""
    from chemsex_toolkit.errors import UsageError

    schemas = published()
    if name_or_id in schemas:
        return name_or_id, schemas[name_or_id]
    for name, path in schemas.items():
        if json.loads(path.read_text(encoding="utf-8")).get("$id") == name_or_id:
            return name, path
    raise UsageError(
        f"No published schema is called {name_or_id!r}; the schemas are: {', '.join(schemas)}"
        " (or give one's $id)."
    )


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file, generated from its model."""
    from chemsex_toolkit.models import FILE_MODELS

    model = FILE_MODELS[kind]
    body = model.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id(kind),
        **body,
    }


def answers_schema() -> dict[str, Any]:
    """The JSON Schema of the answers file the self-assessment page saves, from its model."""
    from chemsex_toolkit.answers.model import AnswersFile

    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id("answers"),
        **AnswersFile.model_json_schema(by_alias=True),
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the network report's JSON summary, from its model."""
    from chemsex_toolkit.network.model import NetworkFigures

    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id("report"),
        **NetworkFigures.model_json_schema(),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cache
def validator(kind: str) -> Draft202012Validator:
    """A validator for the published schema of ``kind`` (read once per process)."""
    from jsonschema import Draft202012Validator

    path = schemas_dir() / f"{kind}.schema.json"
    return Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def write_all() -> list[str]:
    """Regenerate every content schema in ``schemas/``; returns the names written."""
    from chemsex_toolkit._atomic import write_atomic
    from chemsex_toolkit.export_model import export_schema
    from chemsex_toolkit.models import FILE_MODELS

    written = []
    for kind in FILE_MODELS:
        name = f"{kind}.schema.json"
        write_atomic(schemas_dir() / name, render(generate(kind)))
        written.append(name)
    write_atomic(schemas_dir() / "export.schema.json", render(export_schema()))
    written.append("export.schema.json")
    write_atomic(schemas_dir() / "answers.schema.json", render(answers_schema()))
    written.append("answers.schema.json")
    write_atomic(schemas_dir() / "report.schema.json", render(report_schema()))
    written.append("report.schema.json")
    return written


if __name__ == "__main__":
    for written_name in write_all():
        print(f"wrote schemas/{written_name}")
