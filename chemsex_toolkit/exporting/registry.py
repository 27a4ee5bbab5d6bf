"""Finding exporters: built-in and third-party ones alike come from entry points."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.exporting.base import Exporter

GROUP = "chemsex_toolkit.exporters"


@dataclass(frozen=True)
class ExporterInfo:
    name: str
    target: str
    distribution: str
    description: str
    error: str = ""


@cache
def _points() -> tuple[EntryPoint, ...]:
    """The group's entry points, looked up once per process (each look-up reads every installed
    distribution's metadata)."""
    return tuple(entry_points(group=GROUP))


def installed() -> list[ExporterInfo]:
    """Every exporter registered in the environment, sorted by name; broken ones say why."""
    found: dict[str, ExporterInfo] = {}
    for point in _points():
        dist = point.dist.name if point.dist is not None else "?"
        try:
            exporter = point.load()
            info = ExporterInfo(point.name, point.value, dist, str(exporter.description))
        except Exception as error:  # a third-party plugin may fail in any way
            info = ExporterInfo(
                point.name, point.value, dist, "", f"{type(error).__name__}: {error}"
            )
        found.setdefault(point.name, info)
    return sorted(found.values(), key=lambda i: i.name)


def load(name: str) -> Exporter:
    """An instance of the exporter registered as ``name``; ``UsageError`` if none or broken."""
    points = [p for p in _points() if p.name == name]
    if not points:
        known = ", ".join(i.name for i in installed()) or "none"
        raise UsageError(f"No exporter named '{name}'. Installed: {known}.")
    try:
        exporter = points[0].load()()
    except Exception as error:
        raise UsageError(f"The exporter '{name}' cannot be loaded: {error}") from error
    if not isinstance(exporter, Exporter):
        raise UsageError(f"'{points[0].value}' is not an exporter (it needs name and export()).")
    return exporter
