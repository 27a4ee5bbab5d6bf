"""The sandbox every template runs in: Jinja's immutable sandbox, and on top of it an allow-list
of what a template may reach on the objects it is given.

Jinja's sandbox hides underscored names and the mutating methods of the built-in containers,
but lets a template call every other public method of an object. The toolkit's objects are
pydantic models, whose public methods include ``parse_raw`` (which can unpickle, so run any
code), ``parse_file`` (reads any file), ``model_construct``, ``copy`` and ``model_copy`` (objects
no validation saw) and ``model_fields`` (real classes, through their annotations). So on any
object that is not plain data a template reaches only what its type lists: a pydantic model's
fields, a dataclass's fields, and the names in its ``template_attributes``.
"""

from __future__ import annotations

import dataclasses
import datetime
from functools import cache
from typing import Any

from jinja2 import runtime, utils
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

# Plain values: the immutable sandbox already judges their attributes (nothing mutating,
# nothing underscored), and none of their other methods reads, runs or builds anything else.
PLAIN_TYPES: tuple[type, ...] = (
    str,
    bytes,
    int,
    float,
    bool,
    type(None),
    list,
    tuple,
    dict,
    set,
    frozenset,
    range,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)
# Jinja's own objects, which templates make themselves: loop, namespace(), macros, cycler(),
# joiner(), and ``self`` and ``super`` of blocks.
JINJA_TYPES: tuple[type, ...] = (
    runtime.LoopContext,
    runtime.Macro,
    runtime.BlockReference,
    runtime.TemplateReference,
    utils.Namespace,
    utils.Cycler,
    utils.Joiner,
)


def template_attributes(cls: type) -> frozenset[str]:
    """The attributes a template may reach on an instance of ``cls`` (not plain data)."""
    return _attributes(cls)


@cache
def _attributes(cls: Any) -> frozenset[str]:
    names: set[str] = set(getattr(cls, "template_attributes", ()))
    if issubclass(cls, BaseModel):
        names.update(cls.model_fields)
    if dataclasses.is_dataclass(cls):
        names.update(field.name for field in dataclasses.fields(cls))
    return frozenset(names)


def template_may_reach(obj: Any, attr: str) -> bool:
    """Whether the allow-list lets a template reach ``obj.attr`` (the sandbox judges too)."""
    if isinstance(obj, PLAIN_TYPES + JINJA_TYPES):
        return True
    return attr in template_attributes(type(obj))


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with the allow-list above: any other attribute is undefined,
    and using it is a ``SecurityError`` (a failed build, never a call)."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and template_may_reach(obj, attr)
