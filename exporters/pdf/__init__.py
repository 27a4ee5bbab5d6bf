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

import jinja2
import jinja2.meta

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


def _check_renders_parts(env: jinja2.Environment, name: str) -> None:
    """The booklet is laid out a part at a time, the template rendered once for each part; a
    template that ignores ``part`` (one written before parts, given with ``--templates``) would
    repeat the whole booklet in every part, so it is refused with what to change."""
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    if "part" not in jinja2.meta.find_undeclared_variables(env.parse(source)):
        raise ExportError(
            f"{filename or name}: the booklet template does not use `part`. The booklet is laid"
            " out in parts and the template renders one part at a time: the cover and contents"
            " when `part.front`, the items of `part.groups`, the resources and action plan when"
            " `part.back` (see docs/exporters.md, and the template shipped in exporters/pdf/)."
        )


class PdfExporter(TemplateExporter):
    name: ClassVar[str] = "pdf"
    description: ClassVar[str] = (
        "Print-ready A4 booklet: checklist with tick boxes, guidance, action plan; one tagged"
        " PDF per locale."
    )

    @staticmethod
    def missing() -> str:
        """The libraries of the pdf extra that are not installed, without importing them."""
        import importlib.util

        absent = [m for m in ("weasyprint", "pikepdf") if importlib.util.find_spec(m) is None]
        return f"needs {', '.join(absent)}: {INSTALL_HINT}" if absent else ""

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
        _check_renders_parts(env, "booklet.html.j2")
        for view in context.locales:
            yield OutputFile(
                f"{view.locale}.pdf",
                booklet_pdf(
                    template,
                    css,
                    view,
                    self.own_dir(),
                    content_date(view.toolkit),
                    context.report,
                ),
            )
