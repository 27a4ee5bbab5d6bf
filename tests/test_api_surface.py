"""The public surface is closed: every type that a public function takes or returns, and every
type a public result or option holds, is itself public (in ``chemsex_toolkit.__all__``) or
Python's own, so that a caller never needs a private module to configure a call or to name
what it got."""

from __future__ import annotations

import dataclasses
import inspect
import sys
import typing
from collections.abc import Iterator
from typing import Any

import pytest

import chemsex_toolkit

PUBLIC = {name: getattr(chemsex_toolkit, name) for name in chemsex_toolkit.__all__}
PUBLIC_CLASSES = {id(value) for value in PUBLIC.values() if inspect.isclass(value)}
PYTHONS_OWN = {"builtins", "pathlib", "re", "typing", "types", "collections.abc", "enum"}
# Stops of the walk, each for its reason. The content models (Toolkit and the models it holds)
# are the content format: their shape is the published schemas' (docs/schemas.md). Content is
# handed between the API's functions; only its root and toolkit are promised (its docstring).
NOT_WALKED = ("pydantic.BaseModel", "chemsex_toolkit.loading.content.Content")


def _classes(annotation: Any) -> Iterator[type]:
    """The classes an annotation names (its arguments too); literals name none."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _classes(typing.get_args(annotation)[0])
    elif origin is typing.Literal:
        return
    elif origin is not None:
        if inspect.isclass(origin):
            yield origin
        for argument in typing.get_args(annotation):
            yield from _classes(argument)
    elif inspect.isclass(annotation) and annotation is not type(None):
        yield annotation


def _hints(value: Any) -> dict[str, Any]:
    """The annotations of a function or dataclass, resolved with the public names only: one
    that only a private module can resolve fails here."""
    namespace = {**vars(sys.modules[value.__module__]), **PUBLIC}
    hints = typing.get_type_hints(value, globalns=namespace)
    if dataclasses.is_dataclass(value):
        return {f.name: hints[f.name] for f in dataclasses.fields(value)}
    return hints


def _walked(value: Any) -> bool:
    names = {f"{c.__module__}.{c.__qualname__}" for c in inspect.getmro(value)}
    return dataclasses.is_dataclass(value) and not names & set(NOT_WALKED)


def _private_types() -> list[str]:
    found: list[str] = []
    todo = [(name, value) for name, value in PUBLIC.items() if inspect.isfunction(value)]
    todo += [(name, v) for name, v in PUBLIC.items() if inspect.isclass(v) and _walked(v)]
    seen: set[int] = set()
    while todo:
        name, value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        for part, annotation in _hints(value).items():
            for cls in _classes(annotation):
                if id(cls) in PUBLIC_CLASSES:
                    if _walked(cls):
                        todo.append((cls.__name__, cls))
                elif cls.__module__ not in PYTHONS_OWN:
                    found.append(f"{name}.{part}: {cls.__module__}.{cls.__qualname__}")
    return sorted(found)


def test_public_functions_and_results_name_only_public_types() -> None:
    assert _private_types() == []


def test_the_walk_finds_a_private_type() -> None:
    """The check above can fail: a public result holding a private type is found."""

    @dataclasses.dataclass
    class Leaky:
        """A result that holds a private type."""

        edit: chemsex_toolkit.links.fix._Edit  # type: ignore[name-defined]

    namespace = {"chemsex_toolkit": chemsex_toolkit}
    hints = typing.get_type_hints(Leaky, globalns=namespace, localns=namespace)
    assert [c.__qualname__ for c in _classes(hints["edit"])] == ["_Edit"]
    assert id(hints["edit"]) not in PUBLIC_CLASSES


@pytest.mark.parametrize("name", ["check_links", "fix_redirects", "export_po", "import_po"])
def test_each_public_function_has_a_public_docstring_and_typed_parameters(name: str) -> None:
    function = PUBLIC[name]
    assert function.__doc__
    signature = inspect.signature(function)
    assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values())
