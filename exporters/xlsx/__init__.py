"""The XLSX exporter: the self-assessment as a spreadsheet workbook, one per locale.

Installed with the ``xlsx`` extra (``pip install "chemsex-toolkit[xlsx]"``), which brings
XlsxWriter. Registered in the ``chemsex_toolkit.exporters`` entry point group like any plugin.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import ClassVar

from chemsex_toolkit import Toolkit
from chemsex_toolkit.exporting import ExportContext, OutputFile


def content_date(toolkit: Toolkit) -> datetime:
    """The date a build states, taken from the content and never from the clock, so two builds
    of the same content are byte-identical: ``SOURCE_DATE_EPOCH`` when set (the reproducible
    builds convention), else the newest date the content names, else 1 January 2000."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None)
    dates = sorted(r.published for r in toolkit.resources if r.published)
    if dates:
        return datetime.fromisoformat(dates[-1])
    return datetime(2000, 1, 1)


class XlsxExporter:
    name: ClassVar[str] = "xlsx"
    description: ClassVar[str] = (
        "Spreadsheet self-assessment: checklist with drop-downs and priorities, action plan,"
        " guidance; one workbook per locale."
    )

    @staticmethod
    def missing() -> str:
        """XlsxWriter, of the xlsx extra, when it is not installed (found without importing)."""
        import importlib.util

        if importlib.util.find_spec("xlsxwriter") is None:
            return "needs xlsxwriter: pip install 'chemsex-toolkit[xlsx]'"
        return ""

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        try:
            from .workbook import workbook_bytes
        except ModuleNotFoundError as error:
            from chemsex_toolkit import ExportError

            raise ExportError(
                f"The xlsx format needs {error.name}, which is not installed: "
                "pip install 'chemsex-toolkit[xlsx]'"
            ) from error
        for view in context.locales:
            toolkit = view.toolkit
            notice = (
                f"{toolkit.text('machine-translated')} ({', '.join(view.review_figures())})"
                if view.machine_translated()
                else ""
            )
            data = workbook_bytes(toolkit, content_date(toolkit), notice)
            yield OutputFile(f"{toolkit.locale}.xlsx", data)
