"""The export engine: the exporter protocol, the registry (entry points), build orchestration and
the rendering helpers every exporter, built-in or third-party, may use.

The exporters themselves live outside this package: the built-in ones in the distribution's
``chemsex_toolkit_exporters`` package (the top-level ``exporters/`` folder of the repository),
others in their own distributions. See ``docs/exporters.md``.
"""

from chemsex_toolkit.exporting.base import (
    ANSWER_SYMBOLS,
    ExportContext,
    Exporter,
    LocaleView,
    OutputFile,
    TemplateExporter,
)
from chemsex_toolkit.exporting.render import HtmlRenderer, item_fingerprint, render_block
from chemsex_toolkit.references import References, anchor

__all__ = [
    "ANSWER_SYMBOLS",
    "ExportContext",
    "Exporter",
    "HtmlRenderer",
    "LocaleView",
    "OutputFile",
    "References",
    "TemplateExporter",
    "anchor",
    "item_fingerprint",
    "render_block",
]
