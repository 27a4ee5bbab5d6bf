"""The export engine: the exporter protocol, the registry (entry points), build orchestration and
the rendering helpers every exporter, built-in or third-party, may use.

The exporters themselves live outside this package: the built-in ones in the distribution's
``chemsex_toolkit_exporters`` package (the top-level ``exporters/`` folder of the repository),
others in their own distributions. They import only what ``__all__`` names here (and the public
``chemsex_toolkit`` API); the helpers are defined where the rest of the package uses them too and
offered here, in one place. See ``docs/exporters.md``.
"""

from chemsex_toolkit.export_model import BundleExport, LocaleExport, build_locale_export
from chemsex_toolkit.exporting.base import (
    ANSWER_SYMBOLS,
    ExportContext,
    Exporter,
    LocaleView,
    OutputFile,
    TemplateExporter,
)
from chemsex_toolkit.exporting.render import HtmlRenderer, item_fingerprint, render_block
from chemsex_toolkit.exporting.topics import topic_links, topic_of, topic_resources
from chemsex_toolkit.form_fields import FormFields, form_fields
from chemsex_toolkit.mdtext import destination, plain_text, self_contained, standard_markdown
from chemsex_toolkit.references import References, anchor
from chemsex_toolkit.textscan import Reference
from chemsex_toolkit.urls import url_problem
from chemsex_toolkit.validation.typography import punctuation

__all__ = [
    "ANSWER_SYMBOLS",
    "BundleExport",
    "ExportContext",
    "Exporter",
    "FormFields",
    "HtmlRenderer",
    "LocaleExport",
    "LocaleView",
    "OutputFile",
    "Reference",
    "References",
    "TemplateExporter",
    "anchor",
    "build_locale_export",
    "destination",
    "form_fields",
    "item_fingerprint",
    "plain_text",
    "punctuation",
    "render_block",
    "self_contained",
    "standard_markdown",
    "topic_links",
    "topic_of",
    "topic_resources",
    "url_problem",
]
