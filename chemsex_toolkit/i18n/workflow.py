"""The translator's workflow on files: start a locale, bring it in line with the source.

Nothing here ever deletes a translation: strings whose ID vanished move to ``obsolete`` and come
back if the ID does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.i18n.catalog import (
    dump,
    entry,
    fingerprint,
    locale_dir,
    read_catalog,
    write_catalog,
)
from chemsex_toolkit.i18n.core import domain_files
from chemsex_toolkit.i18n.locales import check, locale_info
from chemsex_toolkit.i18n.pseudo import pseudo
from chemsex_toolkit.loading import Content
from chemsex_toolkit.messages import domains, source_messages
from chemsex_toolkit.models import Toolkit

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

# ruamel.yaml is imported by the functions that build files, not at the top: this module comes
# with ``chemsex_toolkit.i18n``, which reading and exporting import too, and they never need it.

HEADER = (
    "{name} ({locale}) translation: {domain}.\n"
    "Translate each `text`; `source_text` shows the source text now. Set `status` to draft or\n"
    "reviewed. Leave `source` alone: `chemsex-toolkit i18n update` stamps it. See\n"
    "docs/translating.md."
)


def _text(value: str) -> Any:
    """Multi-line text as a literal block, so it reads like the source files; one line quoted,
    so that no YAML reader takes it for anything but a string (``Yes``, ``No`` and ``on`` are
    booleans to YAML 1.1 readers) and long lines wrap without trailing spaces. Multi-line text
    with a line ending in blank space is left to the emitter, which double-quotes it: a literal
    block would keep those blanks at the ends of its lines."""
    from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

    if "\n" in value:
        if all(line == line.rstrip() for line in value.split("\n")):
            return LiteralScalarString(value)
        return value
    return SingleQuotedScalarString(value) if value else value


def _source(content: Content) -> Toolkit:
    if content.toolkit is None:
        raise UsageError(
            "The content has errors; run `chemsex-toolkit validate` and fix them first."
        )
    return content.toolkit


def _new_file(toolkit: Toolkit, locale: str, domain: str) -> CommentedMap:
    from ruamel.yaml.comments import CommentedMap

    data = CommentedMap()
    data["locale"] = locale
    data["toolkit"] = toolkit.id
    data["messages"] = CommentedMap()
    info = locale_info(locale)
    data.yaml_set_start_comment(HEADER.format(name=info.english_name, locale=locale, domain=domain))
    return data


def init_locale(content: Content, locale: str) -> list[Path]:
    """Create every translation file of a new ``locale``, each string waiting for a translation.

    Refuses when the locale already exists, so nothing can be overwritten.
    """
    toolkit = _source(content)
    check(locale)
    if locale == toolkit.source_locale:
        raise UsageError(f"'{locale}' is the source language of this toolkit.")
    folder = locale_dir(content.root, locale)
    if folder.exists():
        raise UsageError(
            f"{folder.relative_to(content.root)} already exists; use `i18n update {locale}`."
        )
    return _write_locale(content, locale, lambda text: entry("", _text(text), None, "draft"))


def _write_locale(content: Content, locale: str, make: Callable[[str], CommentedMap]) -> list[Path]:
    """Write every translation file of ``locale`` afresh, one entry per source string."""
    toolkit = _source(content)
    messages = source_messages(toolkit)
    owner = domains(toolkit)
    written = []
    for domain, path in domain_files(toolkit, content.root, locale).items():
        data = _new_file(toolkit, locale, domain)
        for message_id, text in messages.items():
            if owner[message_id] == domain:
                data["messages"][message_id] = make(text)
        write_catalog(path, data)
        written.append(path)
    return written


@dataclass
class UpdateReport:
    """What updating one locale did: the IDs added, made stale, obsoleted, restored, stamped,
    and the files written."""

    locale: str
    added: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    stamped: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def update_locale(content: Content, locale: str) -> UpdateReport:
    """Bring ``locale``'s files in line with the source; comments and layout survive."""
    toolkit = _source(content)
    check(locale)
    if not locale_dir(content.root, locale).is_dir():
        raise UsageError(f"There is no locale '{locale}' yet; start it with `i18n init {locale}`.")
    report = UpdateReport(locale)
    messages = source_messages(toolkit)
    owner = domains(toolkit)
    for domain, path in domain_files(toolkit, content.root, locale).items():
        if path.exists():
            catalog, problems = read_catalog(path, content.root, round_trip=True)
            if catalog is None or problems:
                raise UsageError(
                    f"{path.relative_to(content.root)} has errors; run `chemsex-toolkit validate`."
                )
            data = catalog.document.data
            before = dump(data)
        else:
            data, before = _new_file(toolkit, locale, domain), ""
        _update_file(data, {m: t for m, t in messages.items() if owner[m] == domain}, report)
        if dump(data) != before:
            write_catalog(path, data)
            report.written.append(path)
    return report


def _update_file(data: Any, wanted: dict[str, str], report: UpdateReport) -> None:
    from ruamel.yaml.comments import CommentedMap

    entries = data.setdefault("messages", CommentedMap())
    obsolete = data.get("obsolete")
    for message_id in [m for m in entries if m not in wanted]:
        if obsolete is None:
            obsolete = data["obsolete"] = CommentedMap()
        obsolete[message_id] = entries.pop(message_id)
        report.obsoleted.append(message_id)
    for message_id, source_text in wanted.items():
        node = entries.get(message_id)
        if node is None and obsolete is not None and message_id in obsolete:
            node = entries[message_id] = obsolete.pop(message_id)
            report.restored.append(message_id)
        if node is None:
            entries[message_id] = entry("", _text(source_text), None, "draft")
            report.added.append(message_id)
            continue
        current = node.get("source_text", "")
        stamp = node.get("source")
        if str(current) != source_text and stamp is not None and fingerprint(str(current)) == stamp:
            # The English this was translated from is about to be replaced: keep it while the
            # translation is stale, so that translators see what changed.
            node["previous_source_text"] = _text(str(current))
        if str(current) != source_text or type(current) is str:
            # Changed, or written plain by an older version: write it in today's style.
            node["source_text"] = _text(source_text)
        text = str(node.get("text", ""))
        if text.strip() and stamp is None:
            # Translated since the last update: made from the source as it is now.
            _set_source(node, fingerprint(source_text))
            report.stamped.append(message_id)
        elif text.strip() and stamp != fingerprint(source_text):
            report.stale.append(message_id)
        if "previous_source_text" in node and node.get("source") == fingerprint(source_text):
            del node["previous_source_text"]  # current again: nothing left to compare with
    if obsolete is not None and not obsolete:
        del data["obsolete"]


def _set_source(node: Any, value: str) -> None:
    keys = list(node)
    position = keys.index("status") if "status" in keys else len(keys)
    node.insert(position, "source", value)


def pseudo_translate_locale(
    root: Path, locale: str, translate: Callable[[str], str] = pseudo
) -> list[Path]:
    """Write a complete machine 'translation' of the content at ``root`` into ``locale``:
    pseudo-text by default, or ``translate(source_text)``, e.g. to benchmark many locales."""
    from chemsex_toolkit.loading import load_content

    return _write_locale(
        load_content(root),
        locale,
        lambda text: entry(_text(translate(text)), _text(text), fingerprint(text), "machine"),
    )
