"""The exporter protocol and a base class that makes a Jinja2-template exporter a few lines."""

from __future__ import annotations

import importlib.resources
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

import jinja2

from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.export_model import TextState
from chemsex_toolkit.models import Toolkit

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
    no such subfolder), then in the exporter's own folder: the folder of the package that defines
    the subclass, so a built-in and a third-party exporter find their templates alike and a user
    can override any of them by name. ``StrictUndefined`` turns a missing variable into an error
    instead of empty text; ``autoescape`` is on for HTML, SVG and XML templates.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def template_dirs(self, context: ExportContext) -> list[Path]:
        """The folders templates are looked up in, first match wins."""
        dirs: list[Path] = []
        if context.templates is not None:
            specific = context.templates / self.name
            dirs.append(specific if specific.is_dir() else context.templates)
        dirs.append(self.own_dir())
        return dirs

    @classmethod
    def own_dir(cls) -> Path:
        """The folder of the package that defines this exporter: where its templates live."""
        module = sys.modules[cls.__module__]
        package = module.__spec__.parent if module.__spec__ is not None else ""
        if not package:  # a top-level module: its templates lie beside its file
            return Path(module.__file__ or ".").resolve().parent
        folder = importlib.resources.files(package)
        if not isinstance(folder, Path):
            raise ExportError(
                f"The {cls.name} exporter's templates are not plain files ({folder});"
                " install its distribution unzipped."
            )
        return folder

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
        """Jinja2 filters the exporter's templates use, by name."""
        return {}

    def render(self, env: jinja2.Environment, template: str, **variables: Any) -> bytes:
        """``template`` rendered with ``variables``, as UTF-8."""
        return env.get_template(template).render(**variables).encode("utf-8")

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        raise NotImplementedError
