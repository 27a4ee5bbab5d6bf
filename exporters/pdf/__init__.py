"""The PDF exporter: the self-assessment as a print-ready A4 booklet, one per locale.

Installed with the ``pdf`` extra (``pip install "chemsex-toolkit[pdf]"``), which brings
WeasyPrint. Registered in the ``chemsex_toolkit.exporters`` entry point group like any plugin.
The template (``booklet.html.j2``) and stylesheet (``booklet.css``) can be overridden by name
with ``--templates``; the font always comes from this folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import ClassVar

from chemsex_toolkit import ExportError, Toolkit
from chemsex_toolkit.exporting import ExportContext, OutputFile, TemplateExporter

INSTALL_HINT = "pip install 'chemsex-toolkit[pdf]'"


def content_date(toolkit: Toolkit) -> datetime:
    """The date a booklet states, taken from the content and never from the clock, so two
    builds of the same content are byte-identical: ``SOURCE_DATE_EPOCH`` when set (the
    reproducible builds convention), else the newest date the content names, else 2000-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None)
    dates = sorted(r.published for r in toolkit.resources if r.published)
    return datetime.fromisoformat(dates[-1]) if dates else datetime(2000, 1, 1)


class PdfExporter(TemplateExporter):
    name: ClassVar[str] = "pdf"
    description: ClassVar[str] = (
        "Print-ready A4 booklet: checklist with tick boxes, guidance, action plan; one tagged"
        " PDF per locale."
    )

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        try:
            from .booklet import booklet_pdf
        except ModuleNotFoundError as error:
            raise ExportError(
                f"The pdf format needs {error.name}, which is not installed: {INSTALL_HINT}"
            ) from error
        except OSError as error:  # WeasyPrint found no Pango library to load
            raise ExportError(
                f"The pdf format needs the Pango library ({error}): on Debian or Ubuntu, "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
            ) from error
        env = self.environment(context)
        css = env.get_template("booklet.css").render()
        template = env.get_template("booklet.html.j2")
        for view in context.locales:
            yield OutputFile(
                f"{view.locale}.pdf",
                booklet_pdf(template, css, view, self.own_dir(), content_date(view.toolkit)),
            )
