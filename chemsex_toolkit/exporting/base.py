"""The exporter protocol and a base class that makes a Jinja2-template exporter a few lines."""

from __future__ import annotations

import importlib.resources
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.export_model import TextState
from chemsex_toolkit.exporting.sandbox import TemplateSandbox
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.safefiles import OutsideFolder, read_capped

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

    # What a template may reach besides the fields (see ``exporting.sandbox``).
    template_attributes: ClassVar[frozenset[str]] = frozenset(
        {"locale", "lang_of", "machine_translated", "has_fallback", "review_figures"}
    )

    toolkit: Toolkit
    status: Mapping[str, TextState]
    name: str
    direction: Literal["ltr", "rtl"]
    percent: int = 100  # strings translated and current, rounded down
    reviewed: int = 100  # strings a human reviewer signed, rounded down
    source: bool = False  # the text as written, not a translation

    @property
    def locale(self) -> str:
        return self.toolkit.locale

    def review_figures(self) -> list[str]:
        """The translation's state in the locale's words, for a language chooser or a badge:
        how much is translated and, apart from that, how much a person reviewed ("machine
        translation, not reviewed" when nobody has), so a complete machine translation never
        reads as finished; the source's one figure says it is the original."""
        text = self.toolkit.text
        if self.source:
            return [text("translation-original")]

        def percent(value: int) -> str:
            return text("translation-percent").replace("{percent}", str(value))

        translated = text("translation-translated").replace("{percent}", percent(self.percent))
        if self.reviewed == 0 and self.machine_translated():
            return [translated, text("translation-not-reviewed")]
        reviewed = text("translation-reviewed").replace("{percent}", percent(self.reviewed))
        return [translated, reviewed]

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
    #: Says how a long export is getting on (with -v, or on a terminal), one short line at a
    #: time; None when nobody listens. An exporter that takes long between files calls it.
    progress: Callable[[str], None] | None = None

    def report(self, message: str) -> None:
        """Pass ``message`` on to whoever listens to the build's progress, if anyone."""
        if self.progress is not None:
            self.progress(message)


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


def _private_folder(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) that only this user owns and can write,
    in a parent no one else can write either: what a cache of compiled code needs, since any
    file in it is run as code."""
    try:
        for path in (folder, folder.parent):
            info = os.lstat(path)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return False
            if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
        return not os.lstat(folder).st_mode & 0o077
    except OSError:
        return False


def _make_private(folder: Path) -> None:
    """Close a cache folder of this user's that others may read but not write (as an older
    version made it) to them, rather than go without a cache for good. A folder that others
    could write stays as it is, and unused: what is in it cannot be trusted."""
    info = os.lstat(folder)
    if (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        and info.st_mode & 0o077
    ):
        os.chmod(folder, 0o700)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder (a third of a small build's time is
    compiling them). Jinja keys each entry by the template's file and checks its source, so an
    edited or overriding template is compiled afresh.

    A cache file is loaded as code, outside the sandbox: so the folder must be private to this
    user (made with mode 0700, owner and mode checked, not a link). Where it cannot be, there is
    no cache."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "chemsex-toolkit" / f"jinja-{jinja2.__version__}"
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        _make_private(folder)
    except OSError:
        return None
    if not _private_folder(folder):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


# The largest template a templates folder may hold.
MAX_TEMPLATE_BYTES = 1_000_000


class ContainedLoader(jinja2.BaseLoader):
    """Templates from folders, first match wins, each read only when it is a regular file that
    stays inside its folder: a link out of a templates folder is an error, never followed."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses "..", as FileSystemLoader does
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            try:
                raw = read_capped(path, MAX_TEMPLATE_BYTES, folder)
            except OutsideFolder:
                raise ExportError(
                    f"The template {path} is a link that leads outside {folder};"
                    " copy the template into the folder instead."
                ) from None
            except OSError as error:
                reason = error.strerror or str(error)
                raise ExportError(f"The template {path} cannot be read: {reason}.") from None
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise ExportError(f"The template {path} is over {MAX_TEMPLATE_BYTES:,} bytes.")
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ExportError(f"The template {path} is not UTF-8.") from None
            mtime = os.path.getmtime(path)

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(path) == mtime
                except OSError:
                    return False

            return source, os.path.normpath(path), uptodate
        raise jinja2.TemplateNotFound(template)


class TemplateExporter:
    """Base for exporters that render Jinja2 templates.

    Templates are looked up first in ``--templates DIR/<name>/`` (or ``DIR`` itself when it has
    no such subfolder), then in the exporter's own folder: the folder of the package that defines
    the subclass, so a built-in and a third-party exporter find their templates alike and a user
    can override any of them by name. ``StrictUndefined`` turns a missing variable into an error
    instead of empty text. The environment is sandboxed and escapes every value (see
    ``environment``).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    # How a value is escaped for this exporter's format (returning it as ``Markup``, so that
    # Jinja does not escape it again as HTML); None: as HTML.
    escape: ClassVar[Callable[[Any], Markup] | None] = None

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
        """A sandboxed environment (templates cannot reach Python's internals, nor any method of
        the toolkit's objects but those listed for templates, whoever wrote them) that escapes
        every value of every template, whatever its file name: by ``escape`` when the exporter
        gives one for its format, else as HTML."""
        env = TemplateSandbox(
            loader=ContainedLoader(self.template_dirs(context)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=False,
            bytecode_cache=_bytecode_cache(),
        )
        escape = type(self).escape
        if escape is not None:
            env.finalize = escape
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
