"""The rules are one catalogue of objects: each names a detector that exists, and reading the
content (the layer below validation) words nothing and imports no rule."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from chemsex_toolkit.findings import Place, problem
from chemsex_toolkit.validation.rules import RULES, Rule, word


class _Any(dict[str, object]):
    def __missing__(self, key: str) -> object:
        return 1


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.code)
def test_every_rule_names_its_detector_and_words(rule: Rule) -> None:
    module, _, function = rule.detector.partition(":")
    assert callable(getattr(importlib.import_module(module), function))
    assert rule.messages, rule.code
    for message in rule.messages.values():
        # Every template is well formed (a number stands in for each value).
        assert message.text.format_map(_Any()).strip()
        message.hint.format_map(_Any())


def test_a_problem_is_worded_by_its_rule() -> None:
    found = word(problem("CT303", Place("items/a.yaml", 1, 5, "/id"), stem="a", id="b"))
    assert (found.code, found.rule, found.file, found.line, found.column, found.path) == (
        "CT303",
        "id-mismatch",
        "items/a.yaml",
        1,
        5,
        "/id",
    )
    assert found.message == "The file is named for 'a' but holds the ID 'b'."
    assert found.hint == "Rename the file to match the ID, or set id: a."


@pytest.mark.slow
def test_loading_imports_no_rule() -> None:
    script = (
        "import sys\n"
        "from chemsex_toolkit.loading import load_content\n"
        "bad = sorted(m for m in sys.modules if m.startswith('chemsex_toolkit.validation'))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
