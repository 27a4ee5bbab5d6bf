"""Exporting: the exporter protocol, the registry (entry points) and build orchestration."""

from chemsex_toolkit.exporting.base import (
    ExportContext,
    Exporter,
    LocaleView,
    OutputFile,
    TemplateExporter,
)

__all__ = ["ExportContext", "Exporter", "LocaleView", "OutputFile", "TemplateExporter"]
