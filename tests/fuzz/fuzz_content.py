"""Coverage-guided fuzzing of reading and validating content (atheris, libFuzzer).

    nox -s fuzz                      # a bounded run (60 s by default)
    nox -s fuzz -- -max_total_time=600

A crash leaves its input in tests/fuzz/crashes/. Move it to tests/fuzz/regressions/ and fix the
bug: test_regressions.py runs every input kept there through the same target.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).parents[2]))  # the repository, for tests.fuzz.target

with atheris.instrument_imports(include=["chemsex_toolkit"]):
    from tests.fuzz.target import check


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
