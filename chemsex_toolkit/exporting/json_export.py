"""The JSON exporter: one document per locale and a bundle of all, valid against
``schemas/export.schema.json``."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from chemsex_toolkit.export_model import BundleExport, LocaleExport, build_locale_export
from chemsex_toolkit.exporting.base import ExportContext, LocaleView, OutputFile


def _dump(document: LocaleExport | BundleExport) -> bytes:
    data: Any = document.model_dump(mode="json", by_alias=True)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def locale_document(view: LocaleView) -> LocaleExport:
    return build_locale_export(view.toolkit, view.status, view.name, view.direction)


class JsonExporter:
    name: ClassVar[str] = "json"
    description: ClassVar[str] = "JSON for other toolkits: one file per locale and one with all."

    def export(self, context: ExportContext) -> list[OutputFile]:
        documents = [locale_document(view) for view in context.locales]
        files = [OutputFile(f"{doc.locale}.json", _dump(doc)) for doc in documents]
        first = documents[0]
        bundle = BundleExport(
            toolkit_id=first.toolkit_id, content_version=first.content_version, locales=documents
        )
        files.append(OutputFile("all.json", _dump(bundle)))
        return files
