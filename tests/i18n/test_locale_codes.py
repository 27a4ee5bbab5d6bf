"""Locale codes become folder names: the pattern accepts a tag and nothing around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.i18n.locales import is_valid


@pytest.mark.parametrize("code", ["de", "pt-BR", "sr-Latn", "es-419"])
def test_tags_are_accepted(code: str) -> None:
    assert is_valid(code)


@pytest.mark.parametrize("code", ["de\n", "de\r\n", "de ", "\nde", "de/../x", "DE", "de-", ""])
def test_anything_around_a_tag_is_refused(code: str) -> None:
    assert not is_valid(code)


def test_init_with_a_trailing_newline_writes_nothing(minimal_content: Path) -> None:
    result = CliRunner().invoke(main, ["i18n", "init", "de\n", "--content", str(minimal_content)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (minimal_content / "locales").exists()
