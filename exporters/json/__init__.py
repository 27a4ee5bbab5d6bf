"""The JSON exporter: one document per locale and a bundle of all, valid against
``schemas/export.schema.json``."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, ClassVar

from chemsex_toolkit.exporting import (
    BundleExport,
    ExportContext,
    LocaleExport,
    LocaleView,
    OutputFile,
    build_locale_export,
)


def _dump(document: LocaleExport | BundleExport) -> bytes:
    # pydantic's serializer writes what json.dumps(indent=2, ensure_ascii=False) would, without
    # building the whole document as Python objects first.
    return document.model_dump_json(indent=2, by_alias=True).encode("utf-8") + b"\n"


def _indent(data: bytes, prefix: bytes) -> bytes:
    """Every line of ``data`` indented by ``prefix``."""
    return prefix + data.replace(b"\n", b"\n" + prefix)


def locale_document(view: LocaleView) -> LocaleExport:
    return build_locale_export(view.toolkit, view.status, view.name, view.direction)


class JsonExporter:
    name: ClassVar[str] = "json"
    description: ClassVar[str] = "JSON for other toolkits: one file per locale and one with all."

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        # all.json holds every locale document, indented one level deeper. They wait in a
        # temporary file, so a large toolkit is never held in memory whole.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - _bundle closes it once it is read
        identity: tuple[str, str] | None = None
        for view in context.locales:
            document = locale_document(view)
            identity = identity or (document.toolkit_id, document.content_version)
            data = _dump(document)
            yield OutputFile(f"{document.locale}.json", data)
            if spool.tell():
                spool.write(b",\n")
            spool.write(_indent(data.rstrip(b"\n"), b"    "))
            del document, data
        assert identity is not None
        shell = BundleExport(toolkit_id=identity[0], content_version=identity[1], locales=[])
        head, _, tail = _dump(shell).partition(b'"locales": []')
        yield OutputFile("all.json", _bundle(head, spool, tail))


def _bundle(head: bytes, spool: IO[bytes], tail: bytes) -> Iterator[bytes]:
    with spool:
        yield head + b'"locales": [\n'
        spool.seek(0)
        while block := spool.read(1 << 20):
            yield block
        yield b"\n  ]" + tail
