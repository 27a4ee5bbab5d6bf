"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def minimal_content(tmp_path: Path) -> Path:
    """A private, writable copy of the minimal valid content folder."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", target)
    return target
