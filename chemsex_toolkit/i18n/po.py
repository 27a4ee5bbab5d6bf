"""gettext PO exchange for Poedit, Weblate or Crowdin.

Each entry: ``msgctxt`` is the message ID, ``msgid`` the source text, ``msgstr`` the translation;
a translator comment says what the string is, a reference (``#:``) the file and line of its
source; stale translations are ``fuzzy``.

Import takes what a translator's tool gives back, as gettext tools would read it:

- an entry whose ``msgid`` is the current source text is current;
- an entry made from another source text (a PO exported before the source changed, or a fuzzy
  entry with its ``#| msgid``) comes in as stale, never stamped current;
- a fuzzy entry with no other source to tell is left out and reported;
- obsolete (``#~``) entries are ignored.

Nothing is written unless every file can be written faithfully: text that YAML or the toolkit
would refuse (control characters, over-long strings) or change is refused first, naming the PO
line; a PO whose charset header does not match its bytes is refused.
"""

from __future__ import annotations

import codecs
import io
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import polib

from chemsex_toolkit import shape, textscan
from chemsex_toolkit._atomic import write_atomic
from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.findings import Finding, Place, Problem
from chemsex_toolkit.i18n.catalog import dump, entry, fingerprint, read_catalog
from chemsex_toolkit.i18n.core import domain_files, resolve_locale, translations
from chemsex_toolkit.i18n.glossary import notes as glossary_notes
from chemsex_toolkit.i18n.glossary import read_glossary
from chemsex_toolkit.i18n.locales import check, is_valid
from chemsex_toolkit.i18n.workflow import _set_source, _text
from chemsex_toolkit.loading import Content, Document
from chemsex_toolkit.loading.content import to_model
from chemsex_toolkit.loading.yamlio import MAX_STRING_CHARS, parse_yaml
from chemsex_toolkit.messages import describe, domains, source_messages
from chemsex_toolkit.models import Toolkit, Translation
from chemsex_toolkit.safefiles import read_capped

Status = Literal["draft", "reviewed", "machine"]
#: Why a file read on its own (its document or None, the problems of reading it) was refused as
#: a file of a kind, in the rules' words. The rules sit in a layer above this one, so the caller
#: gives them: ``chemsex_toolkit.import_po`` passes ``validation.explain_file``.
Explain = Callable[[Document | None, list[Problem], str], list[Finding]]
#: The errors validate would report in a translation (the content, its message ID, its text,
#: the source text it was made from, the place to report them at), in the rules' words:
#: ``chemsex_toolkit.import_po`` passes ``validation.translation_errors``.
Check = Callable[[Content, str, str, str, Place], list[Finding]]
# The placeholders are checked here already (``_field_problems``), in the words of gettext.
_PLACEHOLDER_RULE = "CT515"
TOOLKIT_HEADER = "X-Toolkit-Id"
VERSION_HEADER = "X-Source-Version"
# Where the fields of the assembled toolkit are written: the checklist and the interface strings
# in files of their own (the strings under ``strings``), everything else in toolkit.yaml.
_FILES = {"checklist": ("checklist.yaml", ()), "ui": ("ui.yaml", ("strings",))}


def _toolkit(content: Content) -> Toolkit:
    if content.toolkit is None:
        raise UsageError(
            "The content has errors; run `chemsex-toolkit validate` and fix them first."
        )
    return content.toolkit


def message_origin(content: Content, message_id: str) -> tuple[str, int] | None:
    """The file (relative to the content folder) and line where a source string is written,
    found where the models declare the message (``shape.message_field``)."""
    found = shape.message_field(message_id)
    if found is None:
        return None
    field, ident = found
    kind = message_id.partition(".")[0]
    try:
        if ident is not None and (kind, ident) in content.origins:
            file, line, _col, _pointer = content.where(kind, ident, *field.path)
            return file, line
        head, *rest = field.container or ("",)
        file, base = _FILES.get(head, ("toolkit.yaml", (head,) if head else ()))
        keys = [*base, *rest]
        document = content.documents[file]
        if ident is None:
            return file, document.locate([*keys, *field.path])[0]
        return _listed(document, keys, ident, field.path)
    except KeyError:
        return None


def _listed(
    document: Document, keys: list[str], ident: str, path: tuple[str, ...]
) -> tuple[str, int] | None:
    """The line of ``path`` in the entry ``ident`` of the mapping or list at ``keys``."""
    entries: Any = document.plain()
    for key in keys:
        entries = entries.get(key) if isinstance(entries, dict) else None
    if isinstance(entries, dict):
        return document.relpath, document.locate([*keys, ident, *path])[0]
    for index, value in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(value, dict) and value.get("id") == ident:
            return document.relpath, document.locate([*keys, index, *path])[0]
    return None


def export_po(content: Content, locale: str) -> polib.POFile:
    """The locale as a PO file (every source string, translated or not)."""
    return _catalog_file(content, resolve_locale(content, locale).code)


def export_pot(content: Content) -> polib.POFile:
    """The template (POT) of every source string, untranslated and with no language, from
    which Weblate or Crowdin start each language themselves."""
    return _catalog_file(content, None)


def _catalog_file(content: Content, locale: str | None) -> polib.POFile:
    toolkit = _toolkit(content)
    found = translations(content, locale) if locale is not None else {}
    # validate reports a glossary's problems
    glossary = read_glossary(content.root, locale)[0] if locale is not None else None
    po = polib.POFile(wrapwidth=0)
    language = {"Language": locale.replace("-", "_")} if locale is not None else {}
    po.metadata = {
        "Project-Id-Version": f"{toolkit.id} {toolkit.version}",
        **language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        TOOLKIT_HEADER: toolkit.id,
        VERSION_HEADER: toolkit.version,
    }
    # References name files as a checkout holds them: from the folder that holds the content.
    prefix = content.root.resolve().name
    for message_id, source_text in source_messages(toolkit).items():
        translation = found.get(message_id)
        text = translation.text if translation is not None else ""
        stale = (
            bool(text.strip())
            and translation is not None
            and translation.source not in (None, fingerprint(source_text))
        )
        origin = message_origin(content, message_id)
        po.append(
            polib.POEntry(
                msgctxt=message_id,
                msgid=source_text,
                previous_msgid=_previous(translation) if translation and stale else None,
                msgstr=text,
                tcomment=translation.translator_note if translation is not None else "",
                comment="\n".join([describe(message_id), *glossary_notes(glossary, source_text)]),
                occurrences=[(f"{prefix}/{origin[0]}", str(origin[1]))] if origin else [],
                flags=_flags(source_text, stale),
            )
        )
    return po


def _previous(translation: Translation) -> str | None:
    """The source text a stale translation was made from, when the catalog still knows it (a
    fingerprint proves it): what ``msgmerge --previous`` would write as ``#| msgid``."""
    for candidate in (translation.previous_source_text, translation.source_text):
        if candidate and fingerprint(candidate) == translation.source:
            return str(candidate)
    return None


def _flags(source_text: str, stale: bool) -> list[str]:
    """``fuzzy`` for a stale translation; ``python-brace-format`` for a source with {name}
    fields, so that Poedit, Weblate and ``msgfmt -c`` check a translation keeps them."""
    flags = ["fuzzy"] if stale else []
    if textscan.is_brace_format(source_text):
        flags.append("python-brace-format")
    return flags


@dataclass
class ImportReport:
    """What importing a PO file did: the IDs updated, unchanged and skipped, the files written."""

    locale: str
    #: The content version the PO file was exported from, and the version of the content now.
    from_version: str | None = None
    to_version: str | None = None
    updated: list[str] = field(default_factory=list)
    #: Updated, but made from another source text than today's: stale until someone checks them.
    stale: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: Fuzzy entries whose source cannot be told apart from today's: left out.
    fuzzy: list[str] = field(default_factory=list)
    obsolete: int = 0
    #: Entries whose ``msgctxt`` is no message ID of the content (None for an entry without one).
    skipped: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    #: The PO file's line of each entry listed above (the entry's ``msgctxt`` line).
    lines: dict[str, int] = field(default_factory=dict)


def import_po(
    content: Content,
    po_path: Path,
    *,
    explain: Explain,
    check: Check,
    status: Status = "draft",
) -> ImportReport:
    """Take a PO file's translations into the locale's YAML files.

    ``status`` is given to imported strings made from the current source (``reviewed`` when a
    reviewer's file comes back); strings that come in stale are always ``draft``. Every file is
    read back before anything is written; ``explain`` words why one would not read back, and
    ``check`` what in a translation validate would reject (its references, raw HTML, URLs). Raises
    ``UsageError`` and writes nothing when the file cannot be taken faithfully.
    """
    toolkit = _toolkit(content)
    po = read_po(po_path)
    locale = _check_header(po, po_path, toolkit)
    report = ImportReport(locale, po.metadata.get(VERSION_HEADER), toolkit.version)
    messages = source_messages(toolkit)
    owner = domains(toolkit)
    problems: list[str] = []
    by_domain: dict[str, list[tuple[polib.POEntry, str]]] = {}
    for po_entry in po:
        if po_entry.obsolete:
            report.obsolete += 1
            continue
        message_id = str(po_entry.msgctxt)
        if po_entry.msgctxt is None or message_id not in messages:
            report.skipped.append(message_id)
            report.lines[message_id] = po_entry.linenum or 0
            continue
        if po_entry.msgid_plural:
            problems.append(_plural_problem(po_path, po_entry))
            continue
        if not po_entry.msgstr.strip():
            report.unchanged += 1
            continue
        problems += _text_problems(po_path, po_entry)
        problems += _field_problems(po_path, po_entry, messages[message_id])
        made_from = _made_from(po_entry, messages[message_id])
        report.lines[message_id] = po_entry.linenum or 0
        if made_from is None:
            report.fuzzy.append(message_id)
            continue
        problems += _rule_problems(content, po_path, po_entry, made_from, check)
        by_domain.setdefault(owner[message_id], []).append((po_entry, made_from))
    if problems:
        raise UsageError(_refusal(po_path, problems))
    files = domain_files(toolkit, content.root, locale)
    pending: list[tuple[Path, str]] = []
    for domain, entries in by_domain.items():
        path = files[domain]
        if not path.exists():
            raise UsageError(
                f"Locale '{locale}' has no {path.relative_to(content.root).as_posix()};"
                f" run `chemsex-toolkit i18n update {locale}` first."
            )
        catalog, findings = read_catalog(path, content.root, round_trip=True)
        if catalog is None or findings:
            raise UsageError(
                f"{path.relative_to(content.root).as_posix()} has errors; run"
                " `chemsex-toolkit validate` and fix them first."
            )
        expected: dict[str, str] = {}
        for po_entry, made_from in entries:
            message_id = str(po_entry.msgctxt)
            source_text = messages[message_id]
            if _apply(
                catalog.messages,
                message_id,
                (po_entry.msgstr, po_entry.tcomment),
                source_text,
                made_from,
                status,
            ):
                report.updated.append(message_id)
                if made_from != source_text:
                    report.stale.append(message_id)
                expected[message_id] = po_entry.msgstr
            else:
                report.unchanged += 1
        if expected:
            text = dump(catalog.document.data)
            problems += _unfaithful(path, content.root, text, expected, po_path, entries, explain)
            pending.append((path, text))
    if problems:
        raise UsageError(_refusal(po_path, problems))
    for path, text in pending:
        write_atomic(path, text)
        report.written.append(path)
    return report


# The largest PO file read: many times the whole toolkit's text.
MAX_PO_BYTES = 16 * 1024 * 1024


def _read_po_bytes(po_path: Path) -> bytes:
    """The bytes of a PO file, read once, through the capped reader: a link to ``/dev/zero``
    or a FIFO is refused, never read for ever."""
    try:
        raw = read_capped(po_path, MAX_PO_BYTES)
    except OSError as error:
        raise UsageError(f"Cannot read {po_path}: {error.strerror}.") from error
    if len(raw) > MAX_PO_BYTES:
        raise UsageError(f"{po_path} is over {MAX_PO_BYTES:,} bytes, too large for a PO file.")
    return raw


def read_po(po_path: Path) -> polib.POFile:
    """Parse a PO file, refusing one whose bytes are not in the charset its header names."""
    raw = _read_po_bytes(po_path)
    # polib takes a string that names an existing file as that file's path, not as text.
    text = raw.decode("latin-1")
    if _names_a_file(text):
        raise UsageError(f"{po_path} is not a PO file.")
    declared = polib.detect_encoding(text)
    try:
        name = codecs.lookup(declared).name
    except LookupError as error:
        raise UsageError(
            f"{po_path}: its header names the charset '{declared}', which is unknown; set"
            ' "Content-Type: text/plain; charset=UTF-8" and save the file as UTF-8.'
        ) from error
    try:
        raw.decode(name)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UsageError(
            f"{po_path}:{line}: the file is not {declared} as its header says (byte"
            f" 0x{raw[error.start]:02x}); save it as UTF-8 with charset=UTF-8 in the header."
        ) from error
    if name != "utf-8" and not raw.isascii() and _is_utf8(raw):
        raise UsageError(
            f"{po_path}: the header says charset={declared}, but the file is UTF-8; correct the"
            ' header to "Content-Type: text/plain; charset=UTF-8".'
        )
    try:
        return polib.pofile(_FileLines(raw.decode(name)), encoding=name, wrapwidth=0)
    except (OSError, ValueError) as error:
        raise UsageError(f"{po_path} is not a readable PO file: {error}") from error


class _FileLines(str):
    """PO text that polib splits as it reads a file: at line breaks alone (``\\n``, ``\\r``),
    not at every character ``str.splitlines`` takes for one (U+0085, U+2028, a form feed),
    so a text holding one is judged as it would be when read from the file."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return io.StringIO(str(self), newline=None).readlines()


def _names_a_file(text: str) -> bool:
    try:
        return os.path.lexists(text)
    except (ValueError, UnicodeEncodeError):
        return False


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_header(po: polib.POFile, po_path: Path, toolkit: Toolkit) -> str:
    """The PO file's locale, after checking that it was made for this toolkit."""
    fix = (
        'Add it to the header entry (the first, msgid ""), as the line "{line}\\n", or'
        " export a fresh file with `chemsex-toolkit i18n export LOCALE` and copy your"
        " translations into it."
    )
    toolkit_id = po.metadata.get(TOOLKIT_HEADER)
    if toolkit_id is None:
        raise UsageError(
            f"{po_path} has no {TOOLKIT_HEADER} header, so it cannot be matched to this toolkit"
            f" (some tools drop headers they do not know). "
            + fix.format(line=f"{TOOLKIT_HEADER}: {toolkit.id}")
        )
    if toolkit_id != toolkit.id:
        raise UsageError(f"{po_path} is for toolkit '{toolkit_id}', not '{toolkit.id}'.")
    language = po.metadata.get("Language", "").strip()
    if not language:
        # The file's name often is its locale (fr.po, pt_BR.po); else the hint says what goes in.
        named = po_path.stem.replace("_", "-")
        looks_like_a_locale = is_valid(named) and len(named.split("-")[0]) <= 3
        code = po_path.stem if looks_like_a_locale else "LOCALE"
        raise UsageError(
            f"{po_path} has no Language header, so it cannot be told which locale it"
            f" translates. {fix.format(line=f'Language: {code}')}"
            + ("" if code != "LOCALE" else " LOCALE is its language's code, such as fr or pt_BR.")
        )
    return check(language.replace("_", "-"))


def _made_from(po_entry: polib.POEntry, source_text: str) -> str | None:
    """The source text a translation was made from, or None when a fuzzy entry cannot tell."""
    if "fuzzy" not in po_entry.flags:
        return str(po_entry.msgid)
    # A fuzzy entry needs checking: take it only as stale, made from its previous source.
    for candidate in (po_entry.previous_msgid, po_entry.msgid):
        if candidate and candidate != source_text:
            return str(candidate)
    return None


def _apply(
    messages: Any,
    message_id: str,
    given: tuple[str, str],
    source_text: str,
    made_from: str,
    status: Status,
) -> bool:
    """Put one translation and its translator's note into a file's messages; False when nothing
    changes. A note is taken when the PO entry has one: a tool that drops translator comments
    leaves the note in the file alone."""
    text, note = given
    current = made_from == source_text
    stamp = fingerprint(made_from)
    node = messages.get(message_id)
    if node is None:
        # The locale's file lags behind the source: the string comes in as update would add it.
        node = messages[message_id] = entry(
            _text(text), _text(source_text), stamp, status if current else "draft"
        )
        if not current:
            node["previous_source_text"] = _text(made_from)
        if note:
            node["translator_note"] = _text(note)
        return True
    same_text = str(node.get("text", "")) == text
    same_stamp = node.get("source") == stamp
    new_note = bool(note) and str(node.get("translator_note", "")) != note
    if not same_text:
        node["text"] = _text(text)
        # New words carry the status asked for, and stale ones stay drafts.
        node["status"] = status if current else "draft"
    elif not same_stamp:
        if not current:
            node["status"] = "draft"
    elif current and status == "reviewed" and node.get("status") != "reviewed":
        node["status"] = "reviewed"  # a reviewer's file: the same words, now checked
    elif not new_note and (current or str(node.get("previous_source_text", "")) == made_from):
        return False
    if "source" in node:
        node["source"] = stamp
    else:
        _set_source(node, stamp)
    if current and "previous_source_text" in node:
        del node["previous_source_text"]  # made from today's source: nothing to compare with
    elif not current:
        # Stale: the source text it was made from, so that the next export shows it as
        # ``#| msgid`` and that export comes back in stale rather than left out as fuzzy.
        node["previous_source_text"] = _text(made_from)
    if new_note:
        node["translator_note"] = _text(note)
    return True


_ALLOWED_CONTROLS = {"\n", "\t"}


def _text_problems(po_path: Path, po_entry: polib.POEntry) -> list[str]:
    """What in a translation cannot go into content: control characters, over-long text."""
    where = f"{po_path.name}:{po_entry.linenum} ({po_entry.msgctxt})"
    problems = []
    for what, text in (("translation", po_entry.msgstr), ("translator comment", po_entry.tcomment)):
        problems += _characters_problems(where, what, text or "")
    return problems


def _characters_problems(where: str, what: str, text: str) -> list[str]:
    problems = []
    if len(text) > MAX_STRING_CHARS:
        problems.append(
            f"{where}: the {what} has {len(text):,} characters; texts may have at most"
            f" {MAX_STRING_CHARS:,}."
        )
    for character in dict.fromkeys(text):
        category = unicodedata.category(character)
        if (
            (category == "Cc" and character not in _ALLOWED_CONTROLS)
            or category == "Cs"
            or (character in "\ufffe\uffff\u2028\u2029")
        ):
            problems.append(
                f"{where}: the {what} holds U+{ord(character):04X}, a control character"
                " that content may not hold (often the trace of a wrong charset); remove it."
            )
    return problems


def _plural_problem(po_path: Path, po_entry: polib.POEntry) -> str:
    # The toolkit's strings have no plural forms, so a plural entry's forms have nowhere to go;
    # dropping them without a word would lose a translator's work.
    return (
        f"{po_path.name}:{po_entry.linenum} ({po_entry.msgctxt}): a plural entry (msgid_plural);"
        " the toolkit's strings have one form each: translate it as a single msgstr, as"
        " exported."
    )


def _field_problems(po_path: Path, po_entry: polib.POEntry, source_text: str) -> list[str]:
    """A translation that lacks a {name} field of its source, or has one it does not: the page
    would show it raw."""
    missing, extra = textscan.field_mismatch(source_text, po_entry.msgstr)
    if not missing and not extra:
        return []
    return [
        f"{po_path.name}:{po_entry.linenum} ({po_entry.msgctxt}): the placeholders differ from"
        f" the source (missing: {textscan.listed_fields(missing)}; extra:"
        f" {textscan.listed_fields(extra)}); keep every {{name}} of the source as it is."
    ]


def _rule_problems(
    content: Content, po_path: Path, po_entry: polib.POEntry, made_from: str, check: Check
) -> list[str]:
    """What validate would reject in a translation about to be written, in the rules' words:
    references that differ from the source, raw HTML, a URL written into the text, ..."""
    where = f"{po_path.name}:{po_entry.linenum} ({po_entry.msgctxt})"
    place = Place(po_path.name, po_entry.linenum or 0)
    found = check(content, str(po_entry.msgctxt), po_entry.msgstr, made_from, place)
    return [
        f"{where}: {finding.code} {finding.message} {finding.hint}".rstrip()
        for finding in found
        if finding.code != _PLACEHOLDER_RULE
    ]


def _unfaithful(
    path: Path,
    root: Path,
    text: str,
    expected: dict[str, str],
    po_path: Path,
    entries: list[tuple[polib.POEntry, str]],
    explain: Explain,
) -> list[str]:
    """Problems with a file about to be written: it must read back, valid, with every imported
    text exactly as given."""
    relpath = path.relative_to(root).as_posix()
    lines = {str(e.msgctxt): e.linenum for e, _made_from in entries}
    document, problems = parse_yaml(text.encode("utf-8"), path, relpath)
    if document is None or problems or to_model(document, "catalog") is None:
        reasons = [f.message for f in explain(document, problems, "catalog")]
        return [
            f"{relpath} would not read back: {reason}"
            for reason in reasons or ["not a translation file"]
        ]
    refused = []
    written = document.plain().get("messages", {})
    for message_id, wanted in expected.items():
        got = written.get(message_id, {}).get("text")
        if got != wanted:
            refused.append(
                f"{po_path.name}:{lines[message_id]} ({message_id}): the translation would not"
                " read back as given; check it for unusual spaces or line breaks."
            )
    return refused


def _refusal(po_path: Path, problems: list[str]) -> str:
    shown = problems[:20]
    more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
    return f"{po_path} was not imported; nothing was written:\n  " + "\n  ".join(shown) + more
