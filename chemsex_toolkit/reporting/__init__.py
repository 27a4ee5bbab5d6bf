"""Reporters: findings, link-check results and content diffs rendered for people and tools.

One reporter per format, found by name in ``REPORTERS``; each knows how to render the subjects
that make sense in its format and has one escaping rule that every untrusted value passes
through (content text, file names, URLs and server answers are all untrusted). Commands pick a
reporter by their ``--format`` and never render anything themselves.
"""

from __future__ import annotations

from chemsex_toolkit.reporting.base import Reporter, Subject
from chemsex_toolkit.reporting.github import GithubReporter
from chemsex_toolkit.reporting.json_report import JsonReporter
from chemsex_toolkit.reporting.junit import JunitReporter
from chemsex_toolkit.reporting.markdown import MarkdownReporter
from chemsex_toolkit.reporting.text import TextReporter

REPORTERS: dict[str, Reporter] = {
    reporter.name: reporter
    for reporter in (
        TextReporter(),
        JsonReporter(),
        GithubReporter(),
        MarkdownReporter(),
        JunitReporter(),
    )
}


def formats(subject: Subject) -> list[str]:
    """The names of the reporters that render ``subject``, for a ``--format`` choice."""
    return [name for name, reporter in REPORTERS.items() if subject in reporter.subjects]


def reporter(name: str) -> Reporter:
    """The reporter called ``name``; ``KeyError`` if there is none."""
    return REPORTERS[name]


__all__ = ["REPORTERS", "Reporter", "Subject", "formats", "reporter"]
