"""A file that does not load hides only what depends on it: gaps of other items and problems of
translations are still reported, and nothing is reported twice or wrongly for the broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

import chemsex_toolkit
from chemsex_toolkit.errors import ContentError
from chemsex_toolkit.i18n import pseudo_translate_locale
from chemsex_toolkit.validation import validate

GAP = """gaps:
  - id: missing-example
    kind: missing-example
    section: guidance
    note: The source promises an example it does not give.
"""


def test_findings_that_do_not_depend_on_the_broken_file_are_reported(
    minimal_content: Path,
) -> None:
    first = minimal_content / "topics/sample-topic/items/first-item.yaml"
    first.write_text(first.read_text("utf-8") + GAP, "utf-8")
    pseudo_translate_locale(minimal_content, "de")
    catalog = minimal_content / "locales/de/topics/sample-topic.yaml"
    text = catalog.read_text("utf-8")
    catalog.write_text(text.replace("[link:sample-guide]", "[link:nowhere]", 1), "utf-8")
    second = minimal_content / "topics/sample-topic/items/second-item.yaml"
    second.write_text(second.read_text("utf-8") + "colour: blue\n", "utf-8")

    findings = validate(minimal_content).findings
    codes = {(f.code, f.file) for f in findings}
    assert ("CT202", "topics/sample-topic/items/second-item.yaml") in codes  # the broken file
    assert ("CT401", "topics/sample-topic/items/first-item.yaml") in codes  # another item's gap
    assert ("CT302", "locales/de/topics/sample-topic.yaml") in codes  # a translation's own error
    # The translations of the item that did not load are not called unknown.
    assert not [f for f in findings if f.code == "CT502"]
    with pytest.raises(ContentError):
        chemsex_toolkit.load(minimal_content)
