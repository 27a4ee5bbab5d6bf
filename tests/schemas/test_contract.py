"""The contract of the published schemas (``schemas/*.schema.json``, the rule in docs/schemas.md):
no change without a version bump, and within a major version both directions hold: documents
made for an earlier version meet today's schema, and today's documents meet every earlier one.

``tests/fixtures/published-schemas/<name>/<version>.json`` holds each schema as published at
each version, and ``tests/fixtures/frozen-documents/<name>/<version>/`` documents made for it,
never edited after. The checks are a function of the schemas and the sample documents, so that
a test can show them refusing a change made without a bump."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.exceptions import best_match

import chemsex_toolkit
from chemsex_toolkit.export_model import build_locale_export
from chemsex_toolkit.loading.content import classify
from chemsex_toolkit.paths import schemas_dir
from chemsex_toolkit.reporting import reporter

FIXTURES = Path(__file__).parents[1] / "fixtures"
SNAPSHOTS = FIXTURES / "published-schemas"
CONTENT = FIXTURES / "multi-topic"
FROZEN = FIXTURES / "frozen-documents"
DANGLING = Path(__file__).parents[1] / "validation" / "cases" / "dangling-reference"
ANSWERS = FIXTURES / "answers"
REPORTS = FIXTURES / "report"

Schema = Mapping[str, Any]


def version(schema: Schema) -> str:
    """The version a published schema states: ``MAJOR.MINOR`` where its description says
    "Schema version", else the major version of its ``$id``."""
    major = str(schema["$id"]).rsplit(":v", 1)[1]
    stated = re.search(r"Schema version (\d+)\.(\d+)", str(schema.get("description", "")))
    if stated is None:
        return major
    if stated.group(1) != major:
        raise AssertionError(f"{schema['$id']} states schema version {stated.group(0)}")
    return f"{stated.group(1)}.{stated.group(2)}"


def _major(label: str) -> str:
    return label.split(".")[0]


def _failures(schema: Schema, documents: Sequence[Any]) -> list[str]:
    """The most telling error of each document that ``schema`` refuses."""
    validator = jsonschema.Draft202012Validator(schema)
    found = (best_match(validator.iter_errors(document)) for document in documents)
    return [error.message for error in found if error is not None]


def contract_problems(
    name: str,
    current: Schema,
    snapshots: Mapping[str, Schema],
    published: Mapping[str, Schema],
    old_documents: Sequence[Any] = (),
    new_documents: Sequence[Any] = (),
) -> list[str]:
    """What breaks the contract of the schema ``name``: ``current`` as it is in ``schemas/``,
    ``snapshots`` by version, ``published`` every file of ``schemas/`` by its name."""
    label = version(current)
    problems = []
    if label not in snapshots:
        problems.append(
            f"schemas/{name}.schema.json is version {label}, which has no snapshot: copy it to"
            f" tests/fixtures/published-schemas/{name}/{label}.json"
        )
    elif snapshots[label] != current:
        problems.append(
            f"schemas/{name}.schema.json changed but is still version {label}: bump its version"
            " (docs/schemas.md says which part) and add the snapshot of the new one"
        )
    for earlier, snapshot in sorted(snapshots.items()):
        if earlier == label:
            continue
        if _major(earlier) == _major(label):
            if failures := _failures(current, old_documents):
                problems.append(
                    f"documents of {name} {earlier} fail version {label}: {failures[0]}"
                    " (a major version then)"
                )
            if failures := _failures(snapshot, new_documents):
                problems.append(
                    f"documents of {name} {label} fail version {earlier}: {failures[0]}"
                    " (a major version then)"
                )
        else:
            kept = f"{name}-v{_major(earlier)}.schema.json"
            latest = max(
                (v for v in snapshots if _major(v) == _major(earlier)),
                key=lambda v: [int(part) for part in v.split(".")],
            )
            if published.get(kept) != snapshots[latest]:
                problems.append(
                    f"the last {name} schema of major version {_major(earlier)} must stay"
                    f" published as schemas/{kept}"
                )
    return problems


def _read(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _published() -> dict[str, dict[str, Any]]:
    return {path.name: _read(path) for path in schemas_dir().glob("*.schema.json")}


def _snapshots(name: str) -> dict[str, dict[str, Any]]:
    return {path.stem: _read(path) for path in (SNAPSHOTS / name).glob("*.json")}


def _new_export() -> dict[str, Any]:
    toolkit = chemsex_toolkit.load(CONTENT)
    export = build_locale_export(toolkit, {}, "English", "ltr")
    document: dict[str, Any] = json.loads(export.model_dump_json(by_alias=True))
    return document


def _content_documents(kind: str) -> list[Any]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(CONTENT.rglob("*.yaml"))
        if classify(path.relative_to(CONTENT).as_posix()) == kind
    ]


def _frozen(name: str, label: str | None = None) -> list[Any]:
    """The documents frozen for ``name`` at version ``label``, or at every version of the
    current schema's major version."""
    folders = (
        [FROZEN / name / label]
        if label is not None
        else [
            folder
            for folder in sorted((FROZEN / name).iterdir())
            if _major(folder.name) == _major(version(_published()[f"{name}.schema.json"]))
        ]
    )
    return [_document(path) for folder in folders for path in sorted(folder.iterdir())]


def _document(path: Path) -> Any:
    if path.suffix == ".json":
        return _read(path)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _new_findings() -> dict[str, Any]:
    """Today's findings report of content with a dangling reference (the minimal content with
    the validation case's item laid over it)."""
    with tempfile.TemporaryDirectory() as work:
        content = Path(work) / "content"
        shutil.copytree(FIXTURES / "minimal", content)
        shutil.copytree(DANGLING / "topics", content / "topics", dirs_exist_ok=True)
        findings = chemsex_toolkit.validate(content).findings
    assert findings, "the case has a dangling reference"
    document: dict[str, Any] = json.loads(reporter("json").findings(findings, "content"))
    return document


def _samples(name: str) -> tuple[list[Any], list[Any]]:
    """Documents made for earlier versions (frozen), and documents made today."""
    old = _frozen(name)
    if name == "export":
        return old, [_new_export()]
    if name == "answers":
        return old, [_read(path) for path in sorted(ANSWERS.glob("*.json"))]
    if name == "report":
        return old, [_read(path) for path in sorted(REPORTS.glob("*.json"))]
    if name == "findings":
        return old, [_new_findings()]
    return old, _content_documents(name)


NAMES = sorted(
    path.name.removesuffix(".schema.json")
    for path in schemas_dir().glob("*.schema.json")
    if not re.search(r"-v\d+\.schema\.json$", path.name)
)


@pytest.mark.parametrize("name", NAMES)
def test_published_schema_keeps_its_contract(name: str) -> None:
    published = _published()
    old, new = _samples(name)
    current = published[f"{name}.schema.json"]
    assert contract_problems(name, current, _snapshots(name), published, old, new) == []


def test_the_samples_are_real_documents() -> None:
    """The checks above compare something: today's export and content files, and an export
    made at version 1.0."""
    old, new = _samples("export")
    assert old[0]["schema_version"] == "1.0" and new[0]["topics"]
    assert len(_content_documents("item")) >= 3
    assert _new_findings()["findings"][0]["code"] == "CT302"


@pytest.mark.parametrize("name", NAMES)
def test_every_version_of_the_current_major_has_frozen_documents(name: str) -> None:
    """Documents made for each published version of the current major version are kept, so a
    later minor version is checked against them (docs/schemas.md)."""
    current = _major(version(_published()[f"{name}.schema.json"]))
    for label in (label for label in _snapshots(name) if _major(label) == current):
        assert _frozen(name, label), f"freeze documents of {name} {label} in {FROZEN / name}"


@pytest.mark.parametrize("name", NAMES)
def test_frozen_documents_meet_todays_schema(name: str) -> None:
    """What was made for any version of the current major version is still valid today."""
    documents = _frozen(name)
    assert documents
    assert _failures(_published()[f"{name}.schema.json"], documents) == []


def test_a_minor_version_of_a_content_schema_that_refuses_frozen_files_is_refused() -> None:
    """An item schema stated as 1.1 that requires a new field: the items frozen at version 1
    fail it, so the change must be a major version."""
    published = _published()
    changed: dict[str, Any] = json.loads(json.dumps(published["item.schema.json"]))
    changed["description"] = f"{changed.get('description', '')} Schema version 1.1."
    changed.setdefault("required", []).append("summary")
    changed["properties"]["summary"] = {"type": "string"}
    snapshots = {**_snapshots("item"), "1.1": changed}
    problems = contract_problems("item", changed, snapshots, published, _frozen("item"), [])
    assert len(problems) == 1
    assert problems[0].startswith("documents of item 1 fail version 1.1")
    assert "'summary' is a required property" in problems[0]


def _with_optional_item_field(schema: Schema, description: str | None = None) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(schema))
    changed["$defs"]["ExportItem"]["properties"]["summary"] = {"type": "string"}
    if description is not None:
        changed["description"] = description
    return changed


def _with_item_summary(document: dict[str, Any]) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(document))
    for topic in changed["topics"]:
        for item in topic["items"]:
            item["summary"] = "In short."
    return changed


def test_a_field_added_without_a_bump_is_refused() -> None:
    published = _published()
    current = published["export.schema.json"]
    changed = _with_optional_item_field(current)
    problems = contract_problems("export", changed, _snapshots("export"), published)
    assert len(problems) == 1 and "changed but is still version 1.0" in problems[0]


def test_a_minor_bump_whose_exports_fail_the_earlier_schema_is_refused() -> None:
    published = _published()
    current = published["export.schema.json"]
    description = str(current["description"]).replace("version 1.0", "version 1.1")
    changed = _with_optional_item_field(current, description)
    snapshots = {**_snapshots("export"), "1.1": changed}
    old, new = _samples("export")
    problems = contract_problems(
        "export", changed, snapshots, published, old, [_with_item_summary(new[0])]
    )
    assert len(problems) == 1
    assert problems[0].startswith("documents of export 1.1 fail version 1.0")
    assert "'summary' was unexpected" in problems[0]


def test_a_minor_bump_that_refuses_earlier_exports_is_refused() -> None:
    published = _published()
    current: dict[str, Any] = json.loads(json.dumps(published["export.schema.json"]))
    current["description"] = str(current["description"]).replace("version 1.0", "version 1.1")
    current["$defs"]["ExportItem"]["required"].append("summary")
    snapshots = {**_snapshots("export"), "1.1": current}
    old, _new = _samples("export")
    problems = contract_problems("export", current, snapshots, published, old, [])
    assert len(problems) == 1
    assert problems[0].startswith("documents of export 1.0 fail version 1.1")


def test_a_major_bump_keeps_the_earlier_major_published() -> None:
    published = _published()
    current: dict[str, Any] = json.loads(json.dumps(published["export.schema.json"]))
    current["$id"] = "urn:chemsex-toolkit:schema:export:v2"
    current["description"] = str(current["description"]).replace("version 1.0", "version 2.0")
    snapshots = {**_snapshots("export"), "2.0": current}
    problems = contract_problems("export", current, snapshots, published)
    assert problems == [
        "the last export schema of major version 1 must stay published as"
        " schemas/export-v1.schema.json"
    ]
    kept = {**published, "export-v1.schema.json": _snapshots("export")["1.0"]}
    assert contract_problems("export", current, snapshots, kept) == []
