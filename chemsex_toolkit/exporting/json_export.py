"""The JSON exporter: one document per locale and a bundle of all, valid against
``schemas/export.schema.json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

from chemsex_toolkit.export_model import BundleExport, LocaleExport, build_locale_export
from chemsex_toolkit.exporting.base import ExportContext, LocaleView, OutputFile


def _dump(document: LocaleExport | BundleExport) -> bytes:
    data: Any = document.model_dump(mode="json", by_alias=True)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _indent(text: str, prefix: str) -> str:
    """Every line of ``text`` indented by ``prefix``."""
    return prefix + text.replace("\n", "\n" + prefix)


def locale_document(view: LocaleView) -> LocaleExport:
    return build_locale_export(view.toolkit, view.status, view.name, view.direction)


class JsonExporter:
    name: ClassVar[str] = "json"
    description: ClassVar[str] = "JSON for other toolkits: one file per locale and one with all."

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        # all.json holds every locale document, indented one level deeper; kept as text (not
        # as models) between the two, it costs the size of the output and no more.
        parts: list[str] = []
        first: LocaleExport | None = None
        for view in context.locales:
            document = locale_document(view)
            first = first or document
            data = _dump(document)
            yield OutputFile(f"{document.locale}.json", data)
            parts.append(_indent(data.decode("utf-8").rstrip("\n"), "    "))
        assert first is not None
        shell = BundleExport(
            toolkit_id=first.toolkit_id, content_version=first.content_version, locales=[]
        )
        head, _, tail = _dump(shell).decode("utf-8").partition('"locales": []')
        text = head + '"locales": [\n' + ",\n".join(parts) + "\n  ]" + tail
        yield OutputFile("all.json", text.encode("utf-8"))
