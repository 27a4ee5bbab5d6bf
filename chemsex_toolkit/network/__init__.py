"""A network's view of many services: their answers files counted (``figures``, as the typed
models of ``model``, the source of ``schemas/report.schema.json``) and written by reports found
through the entry point group ``chemsex_toolkit.reports`` (``registry``; the built-in ones are
``chemsex_toolkit/reports/``), by ``build_report`` (``build``)."""

from __future__ import annotations

from chemsex_toolkit.network.build import ReportResult, build_report, service_code
from chemsex_toolkit.network.labels import Labels
from chemsex_toolkit.network.model import NetworkFigures
from chemsex_toolkit.network.registry import GROUP, Report, ReportContext

__all__ = [
    "GROUP",
    "Labels",
    "NetworkFigures",
    "Report",
    "ReportContext",
    "ReportResult",
    "build_report",
    "service_code",
]
