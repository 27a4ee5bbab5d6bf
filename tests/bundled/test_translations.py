"""The shipped translations: complete, and the German page shows no English interface text."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import pytest

from chemsex_toolkit.exporting.build import build


@pytest.mark.slow
def test_shipped_locales_are_complete_and_german_has_no_english_interface(tmp_path: Path) -> None:
    import chemsex_toolkit
    from chemsex_toolkit.i18n import locale_status
    from chemsex_toolkit.loading import load_content
    from chemsex_toolkit.paths import bundled_content

    content = load_content(bundled_content())
    for locale in ("de", "fr"):
        status = locale_status(content, locale)
        assert status.percent == 100 and status.stale == 0
        assert status.machine == status.total  # nobody has reviewed them yet, and they say so
    build(bundled_content(), tmp_path / "out", ["html"], ["de"])
    page = (tmp_path / "out/html/de/chemsex-support.html").read_text("utf-8")
    body = page.split("<body>", 1)[1].split('<script type="application/json"')[0]
    visible = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    # Proper names that stay English in every language: organisations and the section names of
    # the Succeed tool.
    for name in ("Quality Action", "AIDS Action Europe", "Structure of the Project/Resources"):
        visible = visible.replace(name, " ")
    english = chemsex_toolkit.load()
    german = chemsex_toolkit.load(locale="de")
    leaks = [
        value.text
        for key, value in english.ui.items()
        if value.text != german.ui[key].text
        and re.search(r"(?<!\w)" + re.escape(value.text) + r"(?!\w)", visible)
    ]
    assert leaks == []
    assert '<html lang="de" dir="ltr">' in page
    assert "Diese Übersetzung wurde ohne menschliche Prüfung erstellt." in page
