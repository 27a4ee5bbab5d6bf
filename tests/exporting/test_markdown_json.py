"""Markdown and JSON exports: reviewed golden files, a Markdown linter, the published schema,
and a reader that uses nothing but the standard library."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import chemsex_toolkit
from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.paths import schemas_dir
from tests.support import Golden

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).parents[2]
MULTI = ROOT / "tests" / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def multi_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Markdown and JSON of the three-topic fixture, in every locale state."""
    out = tmp_path_factory.mktemp("exports")
    build(MULTI, out, ["markdown", "json"])
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
def test_markdown_passes_the_linter(multi_exports: Path) -> None:
    files = sorted((multi_exports / "markdown").rglob("*.md"))
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


def test_every_json_export_validates_against_the_published_schema(multi_exports: Path) -> None:
    schema = json.loads((schemas_dir() / "export.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((multi_exports / "json").glob("*.json"))
    assert {f.name for f in files} >= {"en.json", "all.json"}
    for path in files:
        document = json.loads(path.read_text("utf-8"))
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], (path.name, errors[:3])
        assert document["$schema"] == schema["$id"]


def test_json_carries_the_contract(multi_exports: Path) -> None:
    toolkit = chemsex_toolkit.load(MULTI)
    document = json.loads((multi_exports / "json/en.json").read_text("utf-8"))
    assert document["toolkit_id"] == toolkit.id
    questions = toolkit.checklist.questions
    assert [q["position"] for q in document["checklist"]["questions"]] == list(
        range(1, len(questions) + 1)
    )
    assert [t["id"] for t in document["topics"]] == [t.id for t in toolkit.topics]
    for exported, topic in zip(document["topics"], toolkit.topics, strict=True):
        assert [i["id"] for i in exported["items"]] == [i.id for i in topic.items]
    prep = document["topics"][1]
    guidance = prep["items"][0]["sections"]["guidance"]
    assert "](https://example.org/prep/)" in guidance["markdown"]
    assert "[link:" not in guidance["markdown"] and "http" not in guidance["text"]
    cited = {link["id"]: link["cited_by"] for link in prep["links"]}
    assert cited["prep-guide"] == ["prep-access"]
    assert all(cited.values())


def test_a_downstream_reader_needs_only_the_standard_library(multi_exports: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            str(ROOT / "examples" / "json_checklist.py"),
            str(multi_exports / "json" / "en.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    toolkit = chemsex_toolkit.load(MULTI)
    first = toolkit.topics[0]
    assert lines[0] == f"{first.title} ({toolkit.id} {toolkit.version}, en)"
    assert f"1. {first.items[0].title}" in lines
    items = sum(len(topic.items) for topic in toolkit.topics)
    assert sum(1 for line in lines if line.startswith("   - ")) == items * len(
        toolkit.checklist.questions
    )


def _markdown(exports: Path, topic: str) -> str:
    return (exports / "markdown" / "en" / f"{topic}.md").read_text("utf-8")


def test_a_reference_into_another_topic_links_to_that_topics_file(multi_exports: Path) -> None:
    prep = _markdown(multi_exports, "prep-topic")
    assert "[the first item](sample-topic.md#item-first-item)" in prep
    assert "(sample-topic.md#section-first-item-guidance)" in prep
    assert "[follow-up](#item-prep-follow-up)" in prep  # same topic: same file
    outreach = _markdown(multi_exports, "outreach-topic")
    assert "[PrEP access](prep-topic.md#item-prep-access)" in outreach
    # A topic the toolkit lacks stays text with its note, in every file.
    assert "[Counselling]" not in outreach


def test_a_topic_file_lists_only_what_its_own_items_cite(multi_exports: Path) -> None:
    prep = _markdown(multi_exports, "prep-topic")
    outreach = _markdown(multi_exports, "outreach-topic")
    sample = _markdown(multi_exports, "sample-topic")
    assert '<a id="resource-sample-case"></a>' in prep
    assert "resource-sample-case" not in outreach  # no outreach item cites it
    assert "- [PrEP guide](https://example.org/prep/)" in prep
    assert "PrEP guide" not in sample
    # Outreach cites a link that the sample topic defines: listed where it is cited.
    assert "- [Sample guide](https://example.org/guide/)" in outreach


def test_each_locale_has_an_index_of_its_topics(multi_exports: Path) -> None:
    for locale in ("en", "de", "fr", "es"):
        toolkit = chemsex_toolkit.load(MULTI, locale=locale)
        index = (multi_exports / "markdown" / locale / "index.md").read_text("utf-8")
        assert index.startswith(f"# {toolkit.title}\n")
        for topic in toolkit.topics:
            assert f"- [{topic.title}]({topic.id}.md)" in index
            assert (multi_exports / "markdown" / locale / f"{topic.id}.md").is_file()


def test_a_topic_named_index_is_refused_with_what_to_do(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI, content)
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("outreach-topic]", "index]"), "utf-8")
    (content / "topics" / "outreach-topic").rename(content / "topics" / "index")
    topic = content / "topics" / "index" / "topic.yaml"
    topic.write_text(topic.read_text("utf-8").replace("id: outreach-topic", "id: index"), "utf-8")
    for locale in ("de", "fr", "es"):
        (content / "locales" / locale / "topics" / "outreach-topic.yaml").unlink()
    with pytest.raises(ExportError, match="rename the topic"):
        build(content, tmp_path / "out", ["markdown"])
