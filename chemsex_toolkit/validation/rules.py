"""The rules: every finding is worded by one of these objects, each with its stable code, name,
severity, what it checks, its messages and hints, and the function that detects it.

The catalogue itself is ``rules.yaml`` beside this module: words are data, read once. Codes never
change meaning once released; a retired rule keeps its code reserved. Detectors report
``Problem``s (a code, a place and the values the message names) or call ``Rule.at``; the words
are only in the catalogue.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from chemsex_toolkit.findings import Finding, Place, Problem, Severity


@dataclass(frozen=True)
class Message:
    """What a finding says and how to fix it: ``str.format`` templates over named values."""

    text: str
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule. ``messages`` maps a variant name ("" for the usual one) to its words;
    ``detector`` names the function that reports it (``module:function``)."""

    code: str
    name: str
    severity: Severity
    summary: str
    detector: str
    messages: Mapping[str, Message] = field(default_factory=dict)

    def at(self, place: Place, variant: str = "", **values: object) -> Finding:
        """The finding of this rule at ``place``, worded by ``variant`` with ``values``."""
        words = self.messages[variant]
        text, hint = words.text.format(**values), words.hint.format(**values)
        file, line, column, path = place
        return Finding(file, line, column, self.code, self.name, self.severity, text, hint, path)


def _rule(code: str, entry: dict[str, Any]) -> Rule:
    messages = {
        ("" if variant == "default" else variant): Message(words["text"], words.get("hint", ""))
        for variant, words in entry["messages"].items()
    }
    return Rule(
        code,
        entry["name"],
        Severity(entry["severity"]),
        entry["summary"],
        entry["detector"],
        messages,
    )


def _catalogue() -> dict[str, Rule]:
    catalogue = importlib.resources.files("chemsex_toolkit.validation") / "rules.yaml"
    text = catalogue.read_text("utf-8")
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries: dict[str, dict[str, Any]] = yaml.load(text, Loader=loader)
    return {code: _rule(code, entry) for code, entry in entries.items()}


RULES: dict[str, Rule] = _catalogue()


def word(problem: Problem) -> Finding:
    """The finding for a problem a reader reported, worded by its rule."""
    values: dict[str, object] = dict(problem.values)
    return RULES[problem.code].at(problem.place, problem.variant, **values)


def word_all(problems: Iterable[Problem]) -> list[Finding]:
    return [word(p) for p in problems]
