"""Link reference definitions are what CommonMark parses, wherever a block may start: cmark-gfm
(what the exports render with) is the judge of each text below, and validation finds every
definition it would link through, in content and in translations imported from a PO file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from chemsex_toolkit import textscan
from chemsex_toolkit.cli import main
from chemsex_toolkit.mdtext import commonmark_html
from chemsex_toolkit.validation import validate

MULTI = Path(__file__).parent / "fixtures" / "multi-topic"

TEXTS = [
    "[zz]: https://evil.example/",
    "   [zz]: https://evil.example/",
    "    [zz]: https://evil.example/",  # indented code, no definition
    "> [zz]: https&#x3a;//evil.example/",
    "> > [zz]: https://evil.example/",
    "- [zz]: https://evil.example/",
    "1. [zz]: https://evil.example/",
    "- a\n\n  [zz]: https://evil.example/",
    "* > [zz]:\n  > <https://evil.example/>",
    "[ZZ]:\nhttps://evil.example/ 'title'",
    "Text first\n[zz]: https://evil.example/",  # cannot interrupt a paragraph
    "[zz]: https://evil.example/ not a title",
    "[zz]: <https://evil.example/a b>",
    "- [x]: https://one.example/\n  [zz]: https://evil.example/",
    "``` \n[zz]: https://evil.example/\n```",  # inside a fence
    "a [zz]: https://evil.example/",
    "[z\\]z]: https://evil.example/\n\n[z\\]z]",
]


def _links_through_a_definition(text: str) -> bool:
    html = commonmark_html(text + "\n\n[zz] [z\\]z]")
    return '">zz</a>' in html or '">z]z</a>' in html


@pytest.mark.parametrize("text", TEXTS)
def test_a_definition_is_found_exactly_where_commonmark_makes_one(text: str) -> None:
    found = textscan.definitions(text)
    assert bool(found) == _links_through_a_definition(text), (found, commonmark_html(text))
    for hit in found:
        assert hit.value.startswith("https://")


@pytest.mark.parametrize("text", TEXTS)
def test_inert_definitions_leave_nothing_to_link_through(text: str) -> None:
    assert not _links_through_a_definition(textscan.inert_definitions(text))


def test_the_destination_is_located_and_decoded() -> None:
    text = "See [zz].\n\n> [zz]: https&#x3a;//evil.example/"
    (hit,) = textscan.definitions(text)
    assert text[hit.offset :].startswith("https&#x3a;")
    assert hit.value == "https://evil.example/"
    assert [u.value for u in textscan.inline_urls(text)] == ["https://evil.example/"]


def test_a_definition_imported_from_a_po_file_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI, content)
    runner = CliRunner()
    po = polib.pofile(
        runner.invoke(main, ["i18n", "export", "de", "--content", str(content)]).output
    )
    entry = next(e for e in po if "\n" in e.msgid and e.msgstr)
    entry.msgstr += "\n\n> [x]: https&#x3a;//evil.example/"
    path = tmp_path / "de.po"
    po.save(str(path))
    before = {p: p.read_bytes() for p in sorted((content / "locales/de").rglob("*.yaml"))}
    result = runner.invoke(main, ["i18n", "import", str(path), "--content", str(content)])

    # Refused before anything is written, in the words validate would have used.
    assert result.exit_code != 0
    assert re.search(r"CT309 .*evil\.example", result.output), result.output
    after = {p: p.read_bytes() for p in sorted((content / "locales/de").rglob("*.yaml"))}
    assert after == before
    assert not [f for f in validate(content).findings if f.code == "CT309"]
