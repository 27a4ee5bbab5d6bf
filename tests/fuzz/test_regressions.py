"""Inputs the fuzzer once crashed on, and the seeds it starts from: none may raise again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.target import KINDS, check

HERE = Path(__file__).parent
INPUTS = sorted([*HERE.joinpath("regressions").glob("*"), *HERE.joinpath("seeds").glob("*")])


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_input_does_not_raise(path: Path) -> None:
    data = path.read_bytes()
    for selector in (KINDS.index("item"), 128 + KINDS.index("item")):
        check(bytes([selector]) + data)
