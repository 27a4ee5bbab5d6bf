"""Properties that must hold for any input, checked with Hypothesis on the minimal content."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsex_toolkit.export_model import LocaleExport, build_locale_export
from chemsex_toolkit.findings import Finding
from chemsex_toolkit.i18n import init_locale, update_locale
from chemsex_toolkit.i18n.core import translations
from chemsex_toolkit.i18n.po import export_po, import_po
from chemsex_toolkit.loading import load_content
from chemsex_toolkit.textscan import format_fields
from chemsex_toolkit.validation import explain_file, validate
from chemsex_toolkit.validation.rules import RULES

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
FILES = sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*.yaml"))
ITEM = "topics/sample-topic/items/second-item.yaml"

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that mean something to YAML or Markdown, and some that mean trouble.
NASTY = ":-[]{}&*!|>'\"#%@`,?\t\n\r \\<>()~_=0123456789aZé\u202e\u200b\x00\x07\ufeff"
# Text a translator or author might write: any printable character, nothing YAML cannot hold.
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co"), blacklist_characters="\ufeff"
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() == s and s.strip() != "")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar for ``text`` (JSON's string syntax is valid there)."""
    return json.dumps(text, ensure_ascii=False)


@contextmanager
def _content() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(MINIMAL, root)
        yield root


def _mutate(data: bytes, kind: str, position: int, size: int, insert: bytes) -> bytes:
    position %= len(data) + 1
    if kind == "delete":
        return data[:position] + data[position + size :]
    if kind == "replace":
        return data[:position] + insert + data[position + len(insert) :]
    return data[:position] + insert + data[position:]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    relpath=st.sampled_from(FILES),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["delete", "replace", "insert"]),
            st.integers(0, 2000),
            st.integers(1, 40),
            st.one_of(st.text(NASTY, max_size=12).map(str.encode), st.binary(max_size=6)),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_any_mutation_validates_or_reports(
    relpath: str, edits: list[tuple[str, int, int, bytes]]
) -> None:
    with _content() as root:
        path = root / relpath
        data = path.read_bytes()
        for kind, position, size, insert in edits:
            data = _mutate(data, kind, position, size, insert)
        path.write_bytes(data)

        report = validate(root)  # must not raise, whatever the bytes

        for finding in report.findings:
            assert finding.code in RULES
            assert finding.message
            assert finding.line >= 0 and finding.column >= 0


@pytest.mark.slow
@PROPERTY
@given(title=TEXT, description=TEXT)
def test_json_export_loads_back_equal(title: str, description: str) -> None:
    with _content() as root:
        item = root / ITEM
        text = item.read_text("utf-8")
        text = text.replace("title: The second item", f"title: {_quoted(title)}")
        text = text.replace("description: D.", f"description: {_quoted(description)}")
        item.write_text(text, "utf-8")
        toolkit = load_content(root).toolkit
        assert toolkit is not None
        assert toolkit.item("second-item").title == title

        export = build_locale_export(toolkit, {}, "English", "ltr")
        again = LocaleExport.model_validate_json(export.model_dump_json(by_alias=True))

        assert again == export


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}


def _no_rules(*_args: object) -> list[Finding]:
    """No rule refuses: the property is that any text comes back as written; what validate
    would reject is refused on import (tests/i18n/test_po.py), and arbitrary text often is."""
    return []


@pytest.mark.slow
@PROPERTY
# A {name} field a source does not have is refused on import (CT515), so none is generated.
@given(translations=st.lists(TEXT.filter(lambda t: not format_fields(t)), min_size=1, max_size=5))
def test_po_export_then_import_changes_nothing(translations: list[str]) -> None:
    with _content() as root, tempfile.TemporaryDirectory() as tmp:
        init_locale(load_content(root), "de")
        po = export_po(load_content(root), "de")
        for entry, text in zip(po, translations, strict=False):
            entry.msgstr = text
        first = Path(tmp) / "first.po"
        po.save(str(first))
        import_po(load_content(root), first, explain=explain_file, check=_no_rules)
        before = _snapshot(root)

        again = export_po(load_content(root), "de")
        second = Path(tmp) / "second.po"
        again.save(str(second))
        import_po(load_content(root), second, explain=explain_file, check=_no_rules)

        assert _snapshot(root) == before
        assert [e.msgstr for e in again][: len(translations)] == [
            text for _entry, text in zip(po, translations, strict=False)
        ]


@pytest.mark.slow
@PROPERTY
@given(new_title=TEXT, translation=TEXT)
def test_update_is_idempotent_after_any_source_edit(new_title: str, translation: str) -> None:
    with _content() as root:
        init_locale(load_content(root), "de")
        catalog = root / "locales/de/topics/sample-topic.yaml"
        lines = catalog.read_text("utf-8").splitlines()
        start = lines.index("  item.second-item.title:")
        lines[start + 1] = f"    text: {_quoted(translation)}"
        catalog.write_text("\n".join(lines) + "\n", "utf-8")
        update_locale(load_content(root), "de")
        item = root / ITEM
        text = item.read_text("utf-8")
        quoted = _quoted(new_title)
        item.write_text(text.replace("title: The second item", f"title: {quoted}"), "utf-8")

        update_locale(load_content(root), "de")
        settled = _snapshot(root)
        report = update_locale(load_content(root), "de")

        assert report.written == []
        assert _snapshot(root) == settled
        assert translations(load_content(root), "de")["item.second-item.title"].text == translation
