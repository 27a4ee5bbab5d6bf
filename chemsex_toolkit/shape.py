"""The shape of the content as the models declare it, read off their types: which texts must be
one line (a field typed with the ``ONE_LINE`` mark, ``models.Line``), and where inside the
model that names a message its text is written.

The text checks (one line or not), the PO export's source references and the translation files
all ask here, so that a field added to a model needs no second description anywhere.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from chemsex_toolkit.models import ONE_LINE, Messages, Model, Toolkit


def _marked(metadata: Sequence[Any]) -> bool:
    return any(mark is ONE_LINE for mark in metadata)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``Annotated`` and ``X | None``, and whether it carries ``ONE_LINE``."""
    marked = False
    while True:
        if get_origin(annotation) is Annotated:
            marked = marked or _marked(annotation.__metadata__)
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, types.UnionType):
            present = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(present) != 1:
                return annotation, marked
            annotation = present[0]
        else:
            return annotation, marked


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Model)


def _field(model: type[Model], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def one_line(model: type[Model], parts: Sequence[str | int]) -> bool:
    """Whether the text at ``parts`` in a document of ``model`` is declared one line."""
    annotation: Any = model
    marked = False
    for part in parts:
        annotation, _ = _unwrap(annotation)
        origin = get_origin(annotation)
        if origin is list and isinstance(part, int):
            annotation = get_args(annotation)[0]
            marked = False
        elif origin is dict and isinstance(part, str):
            annotation = get_args(annotation)[1]
            marked = False
        elif _is_model(annotation) and isinstance(part, str):
            info = _field(annotation, part)
            if info is None:
                return False
            annotation, marked = info.annotation, _marked(info.metadata)
        else:
            return False
    return marked or _unwrap(annotation)[1]


@dataclass(frozen=True)
class MessageField:
    """Where the messages of one kind and part (``item`` and ``title``, ``ui`` and the whole
    string) are written: ``container`` is the path from the toolkit to the model that names
    the message (a list or mapping of them when ``keyed``), ``path`` the path from that model
    to the text; ``one_line`` what the text's field declares."""

    container: tuple[str, ...]
    path: tuple[str, ...]
    keyed: bool
    one_line: bool


def _contained(annotation: Any) -> type[Model] | None:
    """The model a field holds: itself, or in a list or as a mapping's values."""
    annotation, _ = _unwrap(annotation)
    origin = get_origin(annotation)
    if origin is list:
        annotation, _ = _unwrap(get_args(annotation)[0])
    elif origin is dict:
        annotation, _ = _unwrap(get_args(annotation)[1])
    return annotation if _is_model(annotation) else None


def _walk(
    model: type[Model], kind: str, spec: Messages, container: tuple[str, ...], path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, str], MessageField]]:
    own = model.translatable
    if own.kind is not None:
        kind, spec, container, path = own.kind, own, (*container, *path), ()
    for name in own.fields:
        info = model.model_fields[name]
        inner = _contained(info.annotation)
        if inner is None:
            part = "" if own.whole else name
            marked = _marked(info.metadata) or _unwrap(info.annotation)[1]
            yield (kind, part), MessageField(container, (*path, name), spec.keyed, marked)
        else:
            yield from _walk(inner, kind, spec, container, (*path, name))


@cache
def message_fields(root: type[Model] = Toolkit) -> dict[tuple[str, str], MessageField]:
    """Every kind of message under ``root``, by ``(kind, part)``, from the models' declarations
    (``Model.translatable``) and types alone."""
    found: dict[tuple[str, str], MessageField] = {}
    for key, message in _walk(root, "", root.translatable, (), ()):
        if found.setdefault(key, message) != message:
            raise TypeError(f"the models declare message {key} in two different places")
    return found


def message_field(
    message_id: str, root: type[Model] = Toolkit
) -> tuple[MessageField, str | None] | None:
    """The field of a message ID and the key of the model it names (None for one of a kind),
    or None when no model declares such a message."""
    fields = message_fields(root)
    kind, _, rest = message_id.partition(".")
    whole = fields.get((kind, ""))
    if whole is not None:
        return whole, rest
    ident, _, part = rest.rpartition(".")
    keyed = fields.get((kind, part))
    if keyed is not None and keyed.keyed and ident:
        return keyed, ident
    single = fields.get((kind, rest))
    if single is not None and not single.keyed:
        return single, None
    return None


def one_line_message(message_id: str, root: type[Model] = Toolkit) -> bool:
    """Whether the text of ``message_id`` is declared one line."""
    found = message_field(message_id, root)
    return found is not None and found[0].one_line
