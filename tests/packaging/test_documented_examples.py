"""The examples the docs include from files are those files (a fenced block opened with
```` ```python include="PATH" ````; ``nox -s golden`` copies each file into it), and the documented
exporter works on titles that a hand-made CSV would break."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from chemsex_toolkit._atomic import write_atomic
from chemsex_toolkit.exporting.base import ExportContext
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.loading import load_content
from tests.support import Golden

ROOT = Path(__file__).parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
INCLUDED = re.compile(
    r'^```\w+ include="(?P<path>[^"]+)"\n(?P<body>.*?)^```$', re.MULTILINE | re.DOTALL
)
CSV_EXPORTER = ROOT / "tests/fixtures/csv-exporter/chemsex_toolkit_csv/__init__.py"
FIXTURE = ROOT / "tests/fixtures/multi-topic"
ITEM = "topics/sample-topic/items/first-item.yaml"


def _included(doc: Path) -> list[re.Match[str]]:
    return list(INCLUDED.finditer(doc.read_text(encoding="utf-8")))


@pytest.mark.golden
@pytest.mark.parametrize("doc", [d for d in DOCS if _included(d)], ids=lambda d: d.name)
def test_included_examples_are_their_files(doc: Path, golden: Golden) -> None:
    text = doc.read_text(encoding="utf-8")
    for match in reversed(_included(doc)):
        body = (ROOT / match["path"]).read_text(encoding="utf-8")
        text = text[: match.start("body")] + body + text[match.end("body") :]
    if golden.update:
        write_atomic(doc, text)
    assert doc.read_text(encoding="utf-8") == text, f"run `nox -s golden` to update {doc.name}"


def test_the_exporters_page_includes_the_tested_exporter() -> None:
    paths = [match["path"] for match in _included(ROOT / "docs" / "exporters.md")]
    assert paths[0] == CSV_EXPORTER.relative_to(ROOT).as_posix()


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("documented_csv_exporter", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_documented_exporter_keeps_quotes_and_commas_in_titles(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    title = 'The "first" item, with a comma'
    item = content / ITEM
    lines = item.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = f"title: '{title}'\n"
    item.write_text("".join(lines), encoding="utf-8")
    loaded = load_content(content)
    assert loaded.toolkit is not None, loaded.problems

    context = ExportContext(locales=locale_views(loaded, ["en"]), source=loaded.toolkit)
    (file,) = _module(CSV_EXPORTER).CsvExporter().export(context)
    rows = list(csv.reader(io.StringIO(b"".join(file.chunks()).decode("utf-8"))))

    assert [row[0] for row in rows[1:]].count(title) == 1
    assert {len(row) for row in rows} == {len(rows[0])}


def test_every_file_the_contracts_table_names_exists() -> None:
    """docs/architecture.md says where each contract lives: each file or folder it names is
    there (a path in backticks with a slash or a file suffix, relative to the repository, to
    ``chemsex_toolkit/`` or to ``tests/``)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Where each contract lives", 1)[1]
    named = set(re.findall(r"`([\w./-]+(?:/|\.(?:py|md|yaml|toml)))`", section))
    assert len(named) > 20
    bases = [ROOT, ROOT / "chemsex_toolkit", ROOT / "tests"]
    missing = sorted(n for n in named if not any((base / n).exists() for base in bases))
    assert missing == []
