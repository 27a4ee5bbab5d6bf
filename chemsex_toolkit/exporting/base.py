"""The exporter protocol and a base class that makes a Jinja2-template exporter a few lines."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

import jinja2

from chemsex_toolkit.export_model import TextState
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.paths import exporters_dir

# Symbols next to the traffic-light colours, so that no answer is told by colour alone.
ANSWER_SYMBOLS = {"green": "\u2713", "yellow": "\u25d0", "red": "\u2717", "none": "\u2013"}


@dataclass(frozen=True)
class OutputFile:
    """One file an exporter produces: a POSIX path relative to its output folder, and its bytes,
    or for a large file an iterable of byte chunks, written as they come."""

    path: str
    data: bytes | Iterable[bytes]

    def chunks(self) -> Iterator[bytes]:
        if isinstance(self.data, bytes):
            yield self.data
        else:
            yield from self.data


@dataclass(frozen=True)
class LocaleView:
    """The toolkit in one locale, with what exporters need to mark and label it."""

    toolkit: Toolkit
    status: Mapping[str, TextState]
    name: str
    direction: Literal["ltr", "rtl"]
    percent: int = 100

    @property
    def locale(self) -> str:
        return self.toolkit.locale

    def lang_of(self, message_id: str) -> str:
        """The language of the text shown for ``message_id`` (the source's, for fallback)."""
        state = self.status.get(message_id)
        return state.lang if state is not None else self.toolkit.locale

    def machine_translated(self) -> bool:
        return any(s.review == "machine" for s in self.status.values())

    def has_fallback(self) -> bool:
        return any(s.lang != self.locale for s in self.status.values())


@dataclass(frozen=True)
class ExportContext:
    """Everything a build gives an exporter: the locales to export, in order (source first)."""

    locales: Sequence[LocaleView]
    templates: Path | None = None
    # The toolkit in its source language, e.g. for fingerprints that must not depend on locale.
    source: Toolkit | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Exporter(Protocol):
    """An exporter turns the toolkit into files. Register it under the entry point group
    ``chemsex_toolkit.exporters``; its ``name`` is the subfolder of the output it writes to."""

    name: ClassVar[str]
    description: ClassVar[str]

    def export(self, context: ExportContext) -> Iterable[OutputFile]:
        """The files, best yielded one at a time: each is written as it comes, so a large
        toolkit never has to be held in memory whole. A list works too."""
        ...


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder (a third of a small build's time is
    compiling them). Jinja keys each entry by the template's file and checks its source, so an
    edited or overriding template is compiled afresh. No cache where none can be written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "chemsex-toolkit" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


class TemplateExporter:
    """Base for exporters that render Jinja2 templates.

    Templates are looked up first in ``--templates DIR/<name>/`` (or ``DIR`` itself when it has
    no such subfolder), then in the exporter's own folder, so a user can override any template by
    name. ``StrictUndefined`` turns a missing variable into an error instead of empty text;
    ``autoescape`` is on for HTML templates.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def template_dirs(self, context: ExportContext) -> list[Path]:
        dirs: list[Path] = []
        if context.templates is not None:
            specific = context.templates / self.name
            dirs.append(specific if specific.is_dir() else context.templates)
        dirs.append(self.builtin_dir())
        return dirs

    def builtin_dir(self) -> Path:
        return exporters_dir() / self.name

    def environment(self, context: ExportContext) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.template_dirs(context)]),
            autoescape=jinja2.select_autoescape(["html", "html.j2", "svg", "xml"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=False,
            bytecode_cache=_bytecode_cache(),
        )
        env.filters.update(self.filters())
        return env

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {}

    def render(self, env: jinja2.Environment, template: str, **variables: Any) -> bytes:
        return env.get_template(template).render(**variables).encode("utf-8")

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        raise NotImplementedError
