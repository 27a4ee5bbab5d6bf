"""Finding exporters: built-in and third-party ones alike come from entry points."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.exporting.base import Exporter

GROUP = "chemsex_toolkit.exporters"

NONE_INSTALLED = (
    f"No exporter is installed: exporters register through the entry point group '{GROUP}' when"
    " a distribution is installed. Install chemsex-toolkit (`pip install .` or"
    " `pip install -e .` in a source checkout) and try again."
)


@dataclass(frozen=True)
class ExporterInfo:
    name: str
    target: str
    distribution: str
    description: str
    error: str = ""
    #: What the exporter needs and lacks here (an extra not installed), from its optional
    #: ``missing()``; empty when it can export.
    missing: str = ""


@cache
def _points() -> tuple[EntryPoint, ...]:
    """The group's entry points, looked up once per process (each look-up reads every installed
    distribution's metadata)."""
    return tuple(entry_points(group=GROUP))


def _distribution(point: EntryPoint) -> str:
    return point.dist.name if point.dist is not None else "?"


def _clash(name: str) -> str:
    """Why ``name`` cannot be used when several distributions register it, else ''."""
    points = [p for p in _points() if p.name == name]
    if len(points) < 2:
        return ""
    who = ", ".join(f"{_distribution(p)} ({p.value})" for p in points)
    return f"the exporter name '{name}' is registered more than once: {who}. Uninstall one of them."


def installed() -> list[ExporterInfo]:
    """Every exporter registered in the environment, sorted by name; broken ones and names
    registered by more than one distribution say why."""
    found: list[ExporterInfo] = []
    for point in _points():
        dist = _distribution(point)
        clash = _clash(point.name)
        try:
            exporter = point.load()
            info = ExporterInfo(
                point.name,
                point.value,
                dist,
                str(exporter.description),
                clash,
                _missing(exporter),
            )
        except Exception as error:  # a third-party plugin may fail in any way
            info = ExporterInfo(
                point.name, point.value, dist, "", f"{type(error).__name__}: {error}"
            )
        found.append(info)
    return sorted(found, key=lambda i: (i.name, i.distribution))


def _missing(exporter: object) -> str:
    """What ``exporter`` lacks, if it can tell without exporting (``missing()`` is optional)."""
    check = getattr(exporter, "missing", None)
    return str(check()) if callable(check) else ""


def unavailable(names: list[str]) -> dict[str, str]:
    """Of the exporters ``names``, those that say what they lack here, with what."""
    lacking = {info.name: info.missing for info in installed() if info.missing}
    return {name: lacking[name] for name in names if name in lacking}


def load(name: str) -> Exporter:
    """An instance of the exporter registered as ``name``; ``UsageError`` if there is none, it is
    broken, or several distributions register that name."""
    points = [p for p in _points() if p.name == name]
    if not points:
        if not _points():
            raise UsageError(NONE_INSTALLED)
        known = ", ".join(sorted({p.name for p in _points()}))
        raise UsageError(f"No exporter named '{name}'. Installed: {known}.")
    clash = _clash(name)
    if clash:
        raise UsageError(clash[0].upper() + clash[1:])
    try:
        exporter = points[0].load()()
    except Exception as error:
        raise UsageError(
            f"The exporter '{name}' cannot be loaded: {error}. Reinstall its distribution"
            f" ({_distribution(points[0])}) if it was installed before an upgrade."
        ) from error
    if not isinstance(exporter, Exporter):
        raise UsageError(f"'{points[0].value}' is not an exporter (it needs name and export()).")
    return exporter


def resolve(formats: str) -> list[str]:
    """The exporter names a ``--format`` value asks for: a comma-separated list, or ``all`` for
    every installed exporter. ``UsageError`` when that is none."""
    if formats.strip() == "all":
        names = sorted({p.name for p in _points()})
    else:
        names = list(dict.fromkeys(p.strip() for p in formats.split(",") if p.strip()))
    if not names:
        raise UsageError(NONE_INSTALLED if not _points() else "No exporter was named in --format.")
    return names
