"""The XLSForm exporter: the self-assessment as one XLSForm workbook for KoboToolbox and ODK
Central, every locale a translation of the same form.

Installed with the ``xlsform`` extra (or ``xlsx``: both bring XlsxWriter, which writes the
workbook; pyxform, of the ``xlsform`` extra, is only needed to check the form). Registered in
the ``chemsex_toolkit.exporters`` entry point group like any plugin.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from chemsex_toolkit.exporting import ExportContext, OutputFile


class XlsformExporter:
    name: ClassVar[str] = "xlsform"
    description: ClassVar[str] = (
        "XLSForm for KoboToolbox and ODK: the checklist, reasons, actions and action plan as"
        " one form with every locale as a translation."
    )

    @staticmethod
    def missing() -> str:
        """XlsxWriter, of the xlsform extra, when it is not installed (found without importing)."""
        import importlib.util

        if importlib.util.find_spec("xlsxwriter") is None:
            return "needs xlsxwriter: pip install 'chemsex-toolkit[xlsform]'"
        return ""

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        try:
            from .form import form_bytes
        except ModuleNotFoundError as error:
            from chemsex_toolkit import ExportError

            raise ExportError(
                f"The xlsform format needs {error.name}, which is not installed: "
                "pip install 'chemsex-toolkit[xlsform]'"
            ) from error
        source = context.locales[0].toolkit
        yield OutputFile(f"{source.id}.xlsx", form_bytes(context.locales))
