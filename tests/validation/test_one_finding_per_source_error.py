"""One mistake in the source is one finding, however many translations there are."""

from __future__ import annotations

from pathlib import Path

import pytest

from chemsex_toolkit.i18n import pseudo_translate_locale
from chemsex_toolkit.validation import validate

ITEM = "topics/sample-topic/items/first-item.yaml"


def _break_link(content: Path) -> None:
    item = content / ITEM
    text = item.read_text("utf-8")
    assert "[link:sample-guide]" in text
    item.write_text(text.replace("[link:sample-guide]", "[link:sample-gide]"), "utf-8")


def _translate(content: Path) -> None:
    for locale in ("de", "fr", "es"):
        pseudo_translate_locale(content, locale, translate=lambda text: f"{text} ")


@pytest.mark.slow
@pytest.mark.parametrize("broken_first", [False, True])
def test_a_wrong_source_reference_is_one_error(minimal_content: Path, broken_first: bool) -> None:
    """Translations made before the mistake are stale (a warning each, to update them); those
    made after copy the wrong reference, which is reported once, in the source."""
    if broken_first:
        _break_link(minimal_content)
        _translate(minimal_content)
    else:
        _translate(minimal_content)
        _break_link(minimal_content)
    findings = validate(minimal_content).findings
    # The link the text meant is now cited nowhere (CT304, in links.yaml): true, and not about
    # translations.
    errors = [f for f in findings if f.severity == "error" and f.code != "CT304"]
    assert [(f.code, f.file) for f in errors] == [("CT302", ITEM)]
    assert "sample-gide" in errors[0].message
