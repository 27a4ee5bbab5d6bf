"""The JSON Schemas of the content files: generated from the models, published in ``schemas/``,
and used to check raw YAML before it becomes models.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from chemsex_toolkit.findings import Finding, pointer
from chemsex_toolkit.loading.yamlio import Document
from chemsex_toolkit.paths import schemas_dir
from chemsex_toolkit.rules import make

if TYPE_CHECKING:  # jsonschema is imported only when a file fails pydantic's check
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_id(kind: str, version: int = 1) -> str:
    """The ``$id`` of a published schema: a URN, since schemas ship with the package."""
    return f"urn:chemsex-toolkit:schema:{kind}:v{version}"


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


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cache
def validator(kind: str) -> Draft202012Validator:
    """A validator for the published schema of ``kind`` (read once per process)."""
    from jsonschema import Draft202012Validator

    path = schemas_dir() / f"{kind}.schema.json"
    return Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def check(document: Document, kind: str, plain: Any) -> list[Finding]:
    """Findings for every place where ``plain`` (the document's data) breaks the schema."""
    errors = sorted(validator(kind).iter_errors(plain), key=lambda e: list(e.absolute_path))
    findings: list[Finding] = []
    for error in errors:
        findings.extend(_to_findings(document, error))
    return findings


def _to_findings(document: Document, error: ValidationError) -> Iterator[Finding]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        # An optional field (value or null): explain against the non-null alternative.
        specific = [e for e in error.context if e.validator_value != "null"]
        if specific:
            error = min(specific, key=lambda e: len(list(e.relative_schema_path)))
    parts: list[str | int] = list(error.absolute_path)
    where = pointer(parts)
    rel = document.relpath
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        allowed = set(properties)
        for key in sorted(set(error.instance) - allowed):
            line, col = document.locate_key([*parts, key])
            known = ", ".join(sorted(allowed)) or "none"
            yield make(
                "CT202",
                rel,
                line,
                col,
                f"Unknown field '{key}'.",
                f"Fields allowed here: {known}. Check the spelling or remove it.",
                pointer([*parts, key]),
            )
        return
    line, col = document.locate(parts)
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        if parts and parts[-1] == "sections":
            yield make(
                "CT306",
                rel,
                line,
                col,
                f"The item has no '{missing}' section.",
                "Every item has description, guidance, adaptation and quality_improvement.",
                where,
            )
            return
        yield make(
            "CT201",
            rel,
            line,
            col,
            f"Missing required field '{missing}'.",
            f"Add '{missing}:' here.",
            where,
        )
        return
    if error.validator == "type":
        expected = error.validator_value
        got = _json_type(error.instance)
        hint = "Quote the value to make it text." if expected == "string" else ""
        yield make("CT203", rel, line, col, f"Expected {expected}, found {got}.", hint, where)
        return
    if error.validator == "pattern" and parts and parts[-1] == "url":
        yield make(
            "CT305",
            rel,
            line,
            col,
            f"URL {error.instance!r} is not an http, https or mailto URL.",
            "Only http://, https:// and mailto: links are allowed.",
            where,
        )
        return
    yield make("CT204", rel, line, col, _describe(error), _hint(error), where)


def _json_type(value: Any) -> str:
    if value is None:
        return "null (an empty value)"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__.replace("TimeStamp", "date").replace("date", "date")


def _describe(error: ValidationError) -> str:
    value = error.instance
    shown = repr(value) if not isinstance(value, (dict, list)) else "this value"
    if len(shown) > 60:
        shown = shown[:57] + "..."
    match error.validator:
        case "pattern":
            if error.validator_value == r"\S":
                return "Text is blank."
            return f"{shown} does not have the required form."
        case "enum":
            values = error.validator_value
            options = ", ".join(map(str, values)) if isinstance(values, list) else str(values)
            return f"{shown} is not one of: {options}."
        case "minItems":
            return f"The list needs at least {error.validator_value} entries."
        case "maxItems":
            return f"The list may have at most {error.validator_value} entries."
        case "minLength":
            return "Text is empty."
        case "maxLength":
            return f"{shown} is longer than {error.validator_value} characters."
        case _:
            return str(error.message)


def _hint(error: ValidationError) -> str:
    pattern = str(error.validator_value) if error.validator == "pattern" else ""
    if "a-z][a-z0-9]*(-" in pattern:
        return "IDs are lowercase words joined by hyphens, e.g. 'chemsex-knowledge'."
    if pattern.startswith("^(0|"):
        return "Use a semantic version such as 1.2.0."
    if pattern.startswith(r"^\d{4}"):
        return 'Write dates as "YYYY-MM-DD" in quotes.'
    if pattern.startswith("^[a-z]{2,3}"):
        return "Use a BCP 47 language tag such as de, fr or pt-BR."
    if error.validator in ("minLength",) or pattern == r"\S":
        return "Write the text, or remove the field if it is optional."
    return ""


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
    return written


if __name__ == "__main__":
    for written_name in write_all():
        print(f"wrote schemas/{written_name}")
