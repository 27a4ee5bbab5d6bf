"""A locale the toolkit does not have is refused with a hint; a regional tag gets its language."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import chemsex_toolkit
from chemsex_toolkit.cli import main
from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.i18n.locales import negotiate

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


def test_negotiation_follows_babel() -> None:
    assert negotiate("de-DE", ["en", "de"]).code == "de"
    assert negotiate("de-DE", ["en", "de"]).changed
    assert negotiate("de", ["en", "de"]).changed is False
    assert negotiate("en-GB", ["en", "de"]).code == "en"
    assert negotiate("pt-BR", ["en"], ["pt-BR"]).code == "pt-BR"
    assert negotiate("en-XA", ["en"]).code == "en-XA"  # the pseudo-locale is always there


def test_unknown_locale_lists_the_known_ones_and_how_to_add_one() -> None:
    with pytest.raises(UsageError) as caught:
        negotiate("xx", ["en", "de", "fr"], ["pt-BR"])
    message = str(caught.value)
    assert "en, de, fr" in message
    assert "in progress: pt-BR" in message
    assert "chemsex-toolkit i18n init xx" in message
    assert "locales:" in message


def test_load_refuses_an_undeclared_locale_and_negotiates_a_regional_one() -> None:
    with pytest.raises(UsageError, match="'xx' is not one of this toolkit's"):
        chemsex_toolkit.load(MULTI, locale="xx")
    german = chemsex_toolkit.load(MULTI, locale="de-DE")
    assert german.locale == "de"
    for item_id in ("first-item", "prep-access", "outreach-contact"):  # in each topic
        title = german.item(item_id).title
        assert title == chemsex_toolkit.load(MULTI, locale="de").item(item_id).title
        assert title != chemsex_toolkit.load(MULTI).item(item_id).title


def test_build_refuses_an_undeclared_locale(minimal_content: Path, tmp_path: Path) -> None:
    args = ["--content", str(minimal_content), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, ["build", *args, "--locale", "xx"])
    assert result.exit_code == 2
    assert "not one of this toolkit's: en" in result.stderr
    assert "i18n init xx" in result.stderr
    assert not (tmp_path / "out" / "html").exists()


def test_build_negotiates_and_says_so(minimal_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    init = CliRunner().invoke(main, ["i18n", "init", "de", "--content", str(minimal_content)])
    assert init.exit_code == 0, init.output
    result = CliRunner().invoke(
        main,
        ["build", "--content", str(minimal_content), "--out", str(out), "--locale", "de-DE"],
    )
    assert result.exit_code == 0, result.output
    assert "Locale de-DE: using de" in result.stderr
    assert (out / "html" / "de" / "index.html").is_file()
    assert not (out / "html" / "de-DE").exists()


def test_i18n_export_refuses_an_undeclared_locale(minimal_content: Path) -> None:
    result = CliRunner().invoke(main, ["i18n", "export", "xx", "--content", str(minimal_content)])
    assert result.exit_code == 2
    assert "i18n init xx" in result.stderr
    assert "msgid" not in result.stdout
