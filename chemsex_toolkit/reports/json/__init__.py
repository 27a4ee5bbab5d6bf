"""The network report's JSON summary: the figures as ``schemas/report.schema.json`` describes
them."""

from __future__ import annotations

from collections.abc import Iterator

from chemsex_toolkit.exporting.base import OutputFile
from chemsex_toolkit.network.model import NetworkFigures
from chemsex_toolkit.network.registry import ReportContext


class JsonReport:
    name = "json"
    description = "The figures as JSON (schema urn:chemsex-toolkit:schema:report:v1)."

    def render(self, figures: NetworkFigures, context: ReportContext) -> Iterator[OutputFile]:
        text = figures.model_dump_json(indent=2) + "\n"
        yield OutputFile("report.json", text.encode("utf-8"))
