"""Finding reports: the built-in ones and a network's own come from the entry point group
``chemsex_toolkit.reports``, found as exporters are (``exporting.registry``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Protocol, runtime_checkable

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.exporting.base import OutputFile
from chemsex_toolkit.network.model import NetworkFigures

GROUP = "chemsex_toolkit.reports"


@dataclass(frozen=True)
class ReportContext:
    """What a report renders besides the figures: the interface's words (the content's UI
    string where it has one, else the report's English default)."""

    text: Callable[[str, str], str]
    locale: str
    direction: str


@runtime_checkable
class Report(Protocol):
    """A report: its ``name`` is its folder under ``--out``; ``render`` yields its files."""

    name: str
    description: str

    def render(self, figures: NetworkFigures, context: ReportContext) -> Iterable[OutputFile]: ...


@cache
def _points() -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group=GROUP))


def names() -> list[str]:
    """Every installed report's name, sorted."""
    return sorted({point.name for point in _points()})


def load(name: str) -> Report:
    """The report registered as ``name``; ``UsageError`` when there is none, it is broken or
    several distributions register it."""
    points = [point for point in _points() if point.name == name]
    if not points:
        known = ", ".join(names()) or "none (reinstall chemsex-toolkit)"
        raise UsageError(f"No report named '{name}'. Installed: {known}.")
    if len(points) > 1:
        who = ", ".join(point.value for point in points)
        raise UsageError(f"The report name '{name}' is registered more than once: {who}.")
    try:
        report = points[0].load()()
    except Exception as error:  # a network's own report may fail in any way
        raise UsageError(f"The report '{name}' cannot be loaded: {error}.") from error
    if not isinstance(report, Report):
        raise UsageError(f"'{points[0].value}' is not a report (it needs name and render()).")
    return report
