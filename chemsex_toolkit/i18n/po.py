"""gettext PO exchange for Poedit, Weblate or Crowdin.

Each entry: ``msgctxt`` is the message ID, ``msgid`` the source text, ``msgstr`` the translation;
translator comments say what the string is and where its source lives; stale translations are
``fuzzy``. Import writes only what changed and never deletes a translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.i18n.catalog import fingerprint, read_catalog, write_catalog
from chemsex_toolkit.i18n.core import domain_files, resolve_locale, translations
from chemsex_toolkit.i18n.glossary import notes as glossary_notes
from chemsex_toolkit.i18n.glossary import read_glossary
from chemsex_toolkit.i18n.locales import check
from chemsex_toolkit.i18n.messages import describe, domains, source_messages
from chemsex_toolkit.i18n.workflow import _set_source, _text
from chemsex_toolkit.loading import Content
from chemsex_toolkit.models import Toolkit


def _toolkit(content: Content) -> Toolkit:
    if content.toolkit is None:
        raise UsageError(
            "The content has errors; run `chemsex-toolkit validate` and fix them first."
        )
    return content.toolkit


def _origin(content: Content, message_id: str) -> tuple[str, int] | None:
    kind, _, rest = message_id.partition(".")
    ident = rest.rsplit(".", 1)[0]
    key = {"item": "item", "topic": "topic", "link": "link", "resource": "resource"}.get(kind)
    if key is None or (key, ident) not in content.origins:
        return None
    file, line, _col, _path = content.where(key, ident)
    return file, line


def export_po(content: Content, locale: str) -> polib.POFile:
    """The locale as a PO file (every source string, translated or not)."""
    toolkit = _toolkit(content)
    locale = resolve_locale(content, locale).code
    found = translations(content, locale)
    glossary, _problems = read_glossary(content.root, locale)  # validate reports its problems
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{toolkit.id} {toolkit.version}",
        "Language": locale.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Toolkit-Id": toolkit.id,
        "X-Source-Version": toolkit.version,
    }
    for message_id, source_text in source_messages(toolkit).items():
        translation = found.get(message_id)
        text = translation.text if translation is not None else ""
        flags = []
        if (
            text.strip()
            and translation is not None
            and translation.source
            not in (
                None,
                fingerprint(source_text),
            )
        ):
            flags.append("fuzzy")
        origin = _origin(content, message_id)
        po.append(
            polib.POEntry(
                msgctxt=message_id,
                msgid=source_text,
                msgstr=text,
                comment="\n".join([describe(message_id), *glossary_notes(glossary, source_text)]),
                occurrences=[origin] if origin else [],
                flags=flags,
            )
        )
    return po


@dataclass
class ImportReport:
    """What importing a PO file did: the IDs updated, unchanged and skipped, the files written."""

    locale: str
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def import_po(content: Content, po_path: Path) -> ImportReport:
    """Take a PO file's translations into the locale's YAML files."""
    toolkit = _toolkit(content)
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as error:
        raise UsageError(f"{po_path} is not a readable PO file: {error}") from error
    if po.metadata.get("X-Toolkit-Id") != toolkit.id:
        raise UsageError(
            f"{po_path} is for toolkit '{po.metadata.get('X-Toolkit-Id', '?')}', "
            f"not '{toolkit.id}'."
        )
    if po.metadata.get("X-Source-Version") != toolkit.version:
        raise UsageError(
            f"{po_path} was exported from version {po.metadata.get('X-Source-Version', '?')} "
            f"of the source; this content is {toolkit.version}. Export a new PO file "
            "(`i18n export`), merge your work into it (msgmerge or your tool), and import that."
        )
    locale = check(po.metadata.get("Language", "").replace("_", "-"))
    report = ImportReport(locale)
    messages = source_messages(toolkit)
    owner = domains(toolkit)
    by_domain: dict[str, list[polib.POEntry]] = {}
    for po_entry in po:
        if po_entry.msgctxt not in messages:
            report.skipped.append(str(po_entry.msgctxt))
            continue
        by_domain.setdefault(owner[po_entry.msgctxt], []).append(po_entry)
    files = domain_files(toolkit, content.root, locale)
    for domain, entries in by_domain.items():
        path = files[domain]
        if not path.exists():
            raise UsageError(f"Locale '{locale}' has no {path.name}; run `i18n update {locale}`.")
        catalog, problems = read_catalog(path, content.root, round_trip=True)
        if catalog is None or problems:
            raise UsageError(f"{path.relative_to(content.root)} has errors; run validate.")
        changed = False
        for po_entry in entries:
            node = catalog.messages.get(po_entry.msgctxt)
            new_text = po_entry.msgstr
            if node is None or not new_text.strip():
                report.unchanged += 1
                continue
            current_source = fingerprint(messages[po_entry.msgctxt])
            fresh = "fuzzy" not in po_entry.flags and po_entry.msgid == messages[po_entry.msgctxt]
            same_text = str(node.get("text", "")) == new_text
            up_to_date = node.get("source") == current_source
            if same_text and (up_to_date or not fresh):
                report.unchanged += 1
                continue
            if not same_text:
                node["text"] = _text(new_text)
                # New words have not been reviewed by anyone yet.
                node["status"] = "draft"
            if fresh:
                if "source" in node:
                    node["source"] = current_source
                else:
                    _set_source(node, current_source)
            report.updated.append(str(po_entry.msgctxt))
            changed = True
        if changed:
            write_catalog(path, catalog.document.data)
            report.written.append(path)
    return report
