"""The shape rules (CT2xx): a file that its model refuses is checked against its published JSON
Schema, whose errors name the field and what it breaks, and each error becomes a finding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError as ModelError

from chemsex_toolkit.findings import Finding, Place, pointer
from chemsex_toolkit.loading import Content, Document
from chemsex_toolkit.models import FILE_MODELS
from chemsex_toolkit.schema import validator
from chemsex_toolkit.validation.rules import RULES

if TYPE_CHECKING:  # jsonschema is imported only when a file fails its model
    from jsonschema.exceptions import ValidationError

_MISSING, _UNKNOWN, _TYPE, _VALUE = RULES["CT201"], RULES["CT202"], RULES["CT203"], RULES["CT204"]
_SECTION, _URL = RULES["CT306"], RULES["CT305"]


def check(content: Content) -> list[Finding]:
    """Findings for every content file that its model refused."""
    findings: list[Finding] = []
    for relpath, kind in sorted(content.refused.items()):
        findings += explain(content.documents[relpath], kind)
    return findings


def explain(document: Document, kind: str) -> list[Finding]:
    """Why ``document`` is not a valid file of ``kind``: one finding per place it breaks the
    schema, or, should the schema accept what the model refuses (they drifted apart), the
    model's own words."""
    plain: Any = document.plain()
    errors = sorted(validator(kind).iter_errors(plain), key=lambda e: list(e.absolute_path))
    findings = [finding for error in errors for finding in _to_findings(document, error)]
    if findings:
        return findings
    try:
        FILE_MODELS[kind].model_validate(plain)
    except ModelError as error:
        for detail in error.errors():
            parts = [p for p in detail["loc"] if isinstance(p, (str, int))]
            place = Place(document.relpath, *document.locate(parts), pointer(parts))
            findings.append(_VALUE.at(place, problem=detail["msg"], hint=""))
    return findings


def _to_findings(document: Document, error: ValidationError) -> Iterator[Finding]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        # An optional field (value or null): explain against the non-null alternative.
        specific = [e for e in error.context if e.validator_value != "null"]
        if specific:
            error = min(specific, key=lambda e: len(list(e.relative_schema_path)))
    parts: list[str | int] = list(error.absolute_path)
    rel = document.relpath
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        allowed = set(properties)
        for key in sorted(set(error.instance) - allowed):
            line, col = document.locate_key([*parts, key])
            place = Place(rel, line, col, pointer([*parts, key]))
            yield _UNKNOWN.at(place, field=key, allowed=", ".join(sorted(allowed)) or "none")
        return
    place = Place(rel, *document.locate(parts), pointer(parts))
    yield _located(error, parts, place)


def _located(error: ValidationError, parts: list[str | int], place: Place) -> Finding:
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        if parts and parts[-1] == "sections":
            return _SECTION.at(place, section=missing)
        return _MISSING.at(place, field=missing)
    if error.validator == "type":
        expected = error.validator_value
        found = _json_type(error.instance)
        variant = _type_variant(expected, found)
        return _TYPE.at(place, variant, expected=_KINDS.get(str(expected), expected), found=found)
    if error.validator == "pattern" and parts and parts[-1] == "url":
        return _URL.at(place, "field", url=error.instance)
    return _VALUE.at(place, problem=_describe(error), hint=_hint(error))


# JSON Schema's names for what a field wants, in the words the findings use for what it found.
_KINDS = {"string": "text", "array": "list", "object": "mapping", "integer": "whole number"}


def _type_variant(expected: object, found: str) -> str:
    """Which hint fits: how to write what the field wants, from what stands there."""
    if expected == "string":
        return "text-not-list" if found in ("list", "mapping") else "text"
    if expected == "array":
        return "list"
    if expected == "object":
        return "mapping"
    return ""


def _json_type(value: Any) -> str:
    if value is None:
        return "null (an empty value)"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__.replace("TimeStamp", "date")


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
