"""Every user-visible string of a toolkit, keyed by a stable message ID.

Which fields are translatable, and in which order their messages come, is declared once, on the
models (``Model.translatable``, see ``models.Messages``). Everything else follows from that
declaration here: the message IDs (``item.<id>.title``, ``item.<id>.guidance``, ``ui.<key>``,
``urgency.rule``), ``source_messages`` that reads the strings out of a toolkit, ``apply`` that
writes (translated) strings back into a copy of it, and ``domains`` that says which translation
file each message belongs in. The PO export, the JSON export's translation status and the
translation checks all work from these.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from chemsex_toolkit.models import SECTION_IDS, Model, Toolkit

COMMON = "common"


def message_prefix(model: Model, key: str | None, prefix: str) -> str:
    """What the message IDs of ``model``'s fields start with (``item.<id>``, ``urgency``), under
    ``key`` in a mapping and below ``prefix``; the diff names other values the same way."""
    spec = model.translatable
    if spec.kind is None:
        return prefix
    if not spec.keyed:
        return spec.kind
    return f"{spec.kind}.{key if key is not None else model.id}"  # type: ignore[attr-defined]


def children(value: Any) -> Iterator[tuple[str | None, Model]]:
    """The models a declared field holds, with the key each stands under in a mapping."""
    if isinstance(value, Model):
        yield None, value
    elif isinstance(value, list):
        for child in value:
            yield None, child
    elif isinstance(value, dict):
        yield from value.items()


def walk(
    model: Model, key: str | None = None, prefix: str = "", domain: str = COMMON
) -> Iterator[tuple[str, str, Model, str]]:
    """``(message_id, domain, owner, field)`` for every translatable string under ``model``, in
    the declared order: the text is ``getattr(owner, field)``."""
    spec = model.translatable
    prefix = message_prefix(model, key, prefix)
    if spec.domain:
        domain = f"topics/{model.id}"  # type: ignore[attr-defined]
    for name in spec.fields:
        value = getattr(model, name)
        if isinstance(value, str):
            yield (prefix if spec.whole else f"{prefix}.{name}"), domain, model, name
            continue
        for child_key, child in children(value):
            yield from walk(child, child_key, prefix, domain)


def source_messages(toolkit: Toolkit) -> dict[str, str]:
    """``{message_id: text}`` for every translatable string, in a stable order."""
    return {message_id: getattr(owner, name) for message_id, _domain, owner, name in walk(toolkit)}


def domains(toolkit: Toolkit) -> dict[str, str]:
    """``{message_id: domain}``: ``common`` or ``topics/<topic-id>`` (the translation file)."""
    return {message_id: domain for message_id, domain, _owner, _name in walk(toolkit)}


def message_ids(toolkit: Toolkit) -> dict[tuple[int, str], str]:
    """The message ID of each translatable field, by ``(id(owner), field)``: for code that walks
    a toolkit's models and needs to name what it finds (the JSON export's translation status)."""
    return {(id(owner), name): message_id for message_id, _domain, owner, name in walk(toolkit)}


def item_section(message_id: str) -> tuple[str, str] | None:
    """The item ID and section of an item section's message ID, else None."""
    kind, _, rest = message_id.partition(".")
    item_id, _, section = rest.rpartition(".")
    if kind != "item" or section not in SECTION_IDS:
        return None
    return item_id, section


def describe(message_id: str) -> str:
    """A short note for translators: what the string is."""
    kind, _, rest = message_id.partition(".")
    ident, _, part = rest.rpartition(".")
    if item_section(message_id) is not None:
        return f"item {ident}, section {part.replace('_', ' ')}"
    if kind == "ui":
        return "interface text"
    return f"{kind.replace('-', ' ')} {ident or rest}, {part}".rstrip(", ")


def _apply(model: Model, texts: Mapping[str, str], key: str | None, prefix: str) -> Any:
    spec = model.translatable
    prefix = message_prefix(model, key, prefix)
    update: dict[str, Any] = {}
    for name in spec.fields:
        value = getattr(model, name)
        if isinstance(value, str):
            message_id = prefix if spec.whole else f"{prefix}.{name}"
            if message_id in texts:
                update[name] = texts[message_id]
        elif isinstance(value, Model):
            update[name] = _apply(value, texts, None, prefix)
        elif isinstance(value, list):
            update[name] = [_apply(child, texts, None, prefix) for child in value]
        elif isinstance(value, dict):
            update[name] = {k: _apply(child, texts, k, prefix) for k, child in value.items()}
    return model.model_copy(update=update) if update else model


def apply(toolkit: Toolkit, texts: Mapping[str, str], locale: str) -> Toolkit:
    """A copy of ``toolkit`` in ``locale`` with every string found in ``texts`` replaced."""
    translated: Toolkit = _apply(toolkit, texts, None, "")
    return translated.model_copy(update={"locale": locale})
