"""The pages of a live preview, kept in memory and rebuilt only where a change touches them.

A change to a translation file touches that locale's pages; a change to any other content file
touches every locale (translations fall back to the source); a change to an exporter's templates
touches that format's pages. Touched pages are dropped and rendered again when next asked for, so
a save costs a read of the files it wrote (the rest of the content is kept, see ``FileCache``)
and the page that is looked at, not a whole build. Each format's compiled templates are kept
until a change to its templates.

Content that cannot be loaded never stops the preview: the last good pages stay, and the
findings say what to fix. Full validation (references, text, translations) runs afterwards, off
the path of the reload.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

import jinja2

from chemsex_toolkit.exporting import registry
from chemsex_toolkit.exporting.base import (
    ExportContext,
    Exporter,
    LocaleView,
    OutputFile,
    TemplateExporter,
)
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.exporting.render import render_block
from chemsex_toolkit.exporting.template_errors import template_failure
from chemsex_toolkit.findings import Finding, Severity
from chemsex_toolkit.loading import Content, FileCache, load_content

# The formats a preview shows: the HTML pages, and the Markdown export rendered as HTML.
FORMATS = ("html", "markdown")
ALL = "*"

_PAGE_CSS = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem}"
    "pre,code{white-space:pre-wrap}"
)


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str


@dataclass(frozen=True)
class Touched:
    """What a set of changed files touches: locales (``ALL`` for every one) and formats."""

    content: bool
    locales: frozenset[str]
    formats: frozenset[str]

    @property
    def anything(self) -> bool:
        return self.content or bool(self.formats)


class PreviewSite:
    """The preview of one content folder. Thread-safe: the server asks for pages from many
    threads while the watcher applies changes."""

    def __init__(self, content: Path, templates: Path | None = None) -> None:
        self.root = content.resolve()
        self.templates = templates.resolve() if templates is not None else None
        self.exporters: dict[str, Exporter] = {name: registry.load(name) for name in FORMATS}
        for exporter in self.exporters.values():
            if isinstance(exporter, TemplateExporter):
                _keep_environments(exporter)
        self.generation = 0
        self.findings: tuple[Finding, ...] = ()
        # What keeps the preview from showing the content as saved, by where it arose: one
        # does not hide another (validation does not clear a load's).
        self.watch_problem = ""
        self._load_problem = ""
        self._render_problem = ""
        self._check_problem = ""
        self._closed = False
        self._lock = threading.RLock()
        self._files = FileCache()
        self._content: Content | None = None
        self._views: dict[str, LocaleView] = {}
        self._pages: dict[str, Page] = {}
        # Pages a change dropped, shown again while the content fails to render.
        self._stale: dict[str, Page] = {}
        # The HTML exports under way, by their locales: a locale's site is rendered a page at a
        # time, as far as the page asked for, and taken up there for the next one.
        self._exports: dict[tuple[str, ...], Iterator[OutputFile]] = {}
        # The files those exports named on their way to the page asked for, not yet read.
        self._passed: dict[str, OutputFile] = {}
        self._validating: subprocess.Popen[str] | None = None
        self._load()

    @property
    def problem(self) -> str:
        """Why the preview may not show the content as saved ("" when it does)."""
        parts = [
            self.watch_problem,
            self._load_problem or self._check_problem,
            self._render_problem,
        ]
        return " ".join(part for part in parts if part)

    # -- what to watch and what a change touches ---------------------------------------------

    def template_dirs(self) -> dict[str, Path]:
        """Each previewed format's own template folder."""
        dirs: dict[str, Path] = {}
        for name, exporter in self.exporters.items():
            if isinstance(exporter, TemplateExporter):
                dirs[name] = exporter.template_dirs(ExportContext(locales=()))[-1].resolve()
        return dirs

    def watched(self) -> list[Path]:
        paths = [self.root, *self.template_dirs().values()]
        if self.templates is not None:
            paths.append(self.templates)
        return paths

    def touched(self, changed: Iterable[Path]) -> Touched:
        content, locales, formats = False, set(), set()
        template_dirs = self.template_dirs()
        for path in (p.resolve() for p in changed):
            if path.is_relative_to(self.root):
                parts = path.relative_to(self.root).parts
                if path.suffix not in (".yaml", ".yml") and not _folder(path):
                    continue
                content = True
                locales.add(parts[1] if len(parts) > 2 and parts[0] == "locales" else ALL)
                continue
            for name, folder in template_dirs.items():
                if path.is_relative_to(folder):
                    formats.add(name)
            if self.templates is not None and path.is_relative_to(self.templates):
                first = path.relative_to(self.templates).parts[0]
                formats.update([first] if first in self.exporters else FORMATS)
        if ALL in locales:
            locales = {ALL}
        return Touched(content, frozenset(locales), frozenset(formats))

    # -- applying changes -------------------------------------------------------------------

    def apply(self, changed: Iterable[Path]) -> Touched:
        """Take in changed files: reload the content if it changed and drop the pages they
        touch. Returns what was touched (nothing when the content could not be loaded: its
        last good pages stay and the findings say why)."""
        changed = [path.resolve() for path in changed]
        touched = self.touched(changed)
        if not touched.anything:
            return touched
        with self._lock:
            if self._validating is not None:
                self._validating.kill()  # its findings would be of the old content
            # The files the watcher saw change are read again even if their size and time
            # say otherwise (two saves within one tick of the file system's clock).
            inside = [p.relative_to(self.root) for p in changed if p.is_relative_to(self.root)]
            self._files.forget(p.as_posix() for p in inside)
            if self._content is not None:
                _forget_catalogs(self._content, {self.root / p for p in inside})
            # Translations are read when a locale's view is made, each file once per version
            # (the content's cache is keyed by size and time), so a translation change needs no
            # reload of the source, only a new view of its locale.
            if touched.content and ALL in touched.locales and not self._load():
                return Touched(False, frozenset(), frozenset())
            for name in touched.formats:
                exporter = self.exporters[name]
                if isinstance(exporter, TemplateExporter):
                    _keep_environments(exporter)  # afresh: the templates changed
            self._render_problem = ""  # the pages are rendered again, and say so again
            self._exports.clear()  # they would go on with what was true before
            self._passed.clear()
            for locale in touched.locales:
                if locale == ALL:
                    self._views.clear()
                else:
                    self._views.pop(locale, None)
            for path in list(self._pages):
                if _touches(path, touched.locales, touched.formats):
                    self._stale[path] = self._pages.pop(path)
            self.generation += 1
        return touched

    def _load(self) -> bool:
        from chemsex_toolkit.validation import reading_findings

        content = load_content(self.root, self._files)
        found = reading_findings(content)
        errors = tuple(f for f in found if f.severity is Severity.ERROR)
        if content.toolkit is None or errors:
            self.findings = tuple(sorted(set(found)))
            self._load_problem = "The content has errors: the preview shows its last good state."
            return False
        if self._content is not None:
            # Translation files read before stay valid: their entries are keyed by version.
            content.cache.update(
                (key, value) for key, value in self._content.cache.items() if key[0] == "catalog"
            )
        self._content = content
        self._load_problem = ""
        return True

    def validate(self) -> bool:
        """Run every check on the content as it is now; True when the findings changed.

        The checks run in a child process (``chemsex-toolkit validate``): at a large size they
        take a second or more, which would otherwise hold this process's interpreter and slow
        the next reload down."""
        import json
        import sys

        with self._lock:
            # Started under the lock: a change (or the end of the preview) that stops the
            # validation under way cannot fall between its start and its being known.
            if self._closed:
                return False
            process = subprocess.Popen(
                # -P: the working folder (the content's, which anyone may have written) is
                # not put on the module path, so the installed package is the one imported.
                [
                    sys.executable,
                    "-P",
                    "-m",
                    "chemsex_toolkit",
                    "validate",
                    "--content",
                    str(self.root),
                    "--format",
                    "json",
                ],
                cwd=self.root,  # the report's files are then relative to the content folder
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            self._validating = process
        stdout, stderr = process.communicate()
        with self._lock:
            self._validating = None
        if process.returncode < 0:  # stopped by a newer change, which is validated next
            return False
        try:
            report = json.loads(stdout)
            findings = tuple(
                Finding(
                    file=f["file"],
                    line=f["line"],
                    column=f["column"],
                    code=f["code"],
                    rule=f["rule"],
                    severity=Severity(f["severity"]),
                    message=f["message"],
                    hint=f["hint"],
                    path=f["path"],
                )
                for f in report["findings"]
            )
        except (ValueError, KeyError, TypeError):
            with self._lock:
                self._check_problem = f"Validation failed: {stderr.strip()[-500:]}"
            return True
        with self._lock:
            changed = findings != self.findings
            self.findings = findings
            if report["summary"]["errors"]:
                self._check_problem = "The content has errors: a build would refuse it."
            else:
                self._check_problem = ""
        return changed

    def cancel_validation(self) -> None:
        """Stop a validation under way, and start none (the preview stops)."""
        with self._lock:
            self._closed = True
            if self._validating is not None:
                self._validating.kill()

    # -- pages ------------------------------------------------------------------------------

    def page(self, path: str) -> Page | None:
        """The page at ``path`` (``""`` is the language chooser), rendered if not yet."""
        path = _normal(path)
        with self._lock:
            if path in self._pages:
                return self._pages[path]
            try:
                page = self._render(path)
            except Exception as error:  # content that loads can still fail to render
                self._exports.clear()  # an export that raised has ended
                self._passed.clear()
                failure = template_failure(error)
                self._render_problem = (
                    f"The page's template failed{failure}"
                    if failure is not None
                    else f"The page could not be rendered: {type(error).__name__}: {error}"
                )
                return self._stale.get(path) or self._problem_page()
            if page is not None:
                self._pages[path] = page
                self._stale.pop(path, None)
            return page

    def _render(self, path: str) -> Page | None:
        if self._content is None:
            return self._problem_page()
        parts = PurePosixPath(path).parts
        codes = self.locales()
        if path == "index.html":
            return self._html_file(list(codes), "index.html")
        if len(parts) == 2 and parts[0] in codes and parts[1].endswith(".html"):
            return self._html_file([parts[0]], path)
        if len(parts) == 2 and parts[0] == "badges" and parts[1].removesuffix(".svg") in codes:
            return self._html_file([parts[1].removesuffix(".svg")], path)
        if len(parts) == 3 and parts[0] == "markdown" and parts[1] in codes:
            return self._markdown_page(parts[1], parts[2].removesuffix(".html"))
        return None

    def locales(self) -> list[str]:
        assert self._content is not None and self._content.toolkit is not None
        toolkit = self._content.toolkit
        return [toolkit.source_locale, *toolkit.locales]

    def _view(self, code: str) -> LocaleView:
        if code not in self._views:
            assert self._content is not None
            (self._views[code],) = locale_views(self._content, [code])
        return self._views[code]

    def _context(self, codes: list[str]) -> ExportContext:
        assert self._content is not None
        views = [self._view(code) for code in codes]
        return ExportContext(locales=views, templates=self.templates, source=self._content.toolkit)

    def _html_file(self, codes: list[str], wanted: str) -> Page | None:
        """The page at ``wanted``, rendered alone; the site's files named on the way there are
        kept, to be rendered when asked for, and the export goes on from there when a page
        it has not yet named is asked for."""
        passed = self._passed.pop(wanted, None)
        if passed is not None:
            return _as_page(passed)
        key = tuple(codes)
        files = self._exports.get(key)
        if files is None:
            files = iter(self.exporters["html"].export(self._context(codes)))
            self._exports[key] = files
        for file in files:
            if file.path == wanted:
                return _as_page(file)
            # An export of some locales names a language chooser of those locales only: it is
            # no page of the site, whose chooser names every locale.
            partial = file.path == "index.html" and wanted != "index.html"
            if file.path not in self._pages and not partial:
                # Kept unread: an exporter may render a file only when it is read, so a page
                # costs nothing until it is asked for.
                self._passed[file.path] = file
        del self._exports[key]  # done: the next page asked for starts it again
        return None

    def _markdown_page(self, code: str, topic: str) -> Page | None:
        for file in self.exporters["markdown"].export(self._context([code])):
            if file.path == f"{code}/{topic}.md":
                markdown = b"".join(file.chunks()).decode("utf-8")
                return Page(markdown_page(markdown, code, topic), "text/html; charset=utf-8")
        return None

    def markdown_pages(self) -> list[str]:
        """The Markdown pages the preview offers, as paths."""
        with self._lock:
            if self._content is None or self._content.toolkit is None:
                return []
            topics = [t.id for t in self._content.toolkit.topics]
            return [f"markdown/{code}/{topic}.html" for code in self.locales() for topic in topics]

    def _problem_page(self) -> Page:
        body = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
            "<title>Preview</title></head><body><main><h1>Preview</h1>"
            f"<p>{escape(self.problem)}</p></main></body></html>"
        )
        return Page(body.encode("utf-8"), "text/html; charset=utf-8")


def _as_page(file: OutputFile) -> Page:
    kind = "image/svg+xml" if file.path.endswith(".svg") else "text/html; charset=utf-8"
    return Page(b"".join(file.chunks()), kind)


def markdown_page(markdown: str, lang: str, title: str) -> bytes:
    """The Markdown export as a page: cmark-gfm in its safe mode, no raw HTML, safe links."""
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(_PAGE_CSS.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'"
    body = render_block(markdown)
    page = (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        f"<title>{escape(title)}.md</title><style>{_PAGE_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )
    return page.encode("utf-8")


def _keep_environments(exporter: TemplateExporter) -> None:
    """Make ``exporter`` keep its Jinja environment, and so its compiled templates, from one
    rendering to the next: compiling the HTML page's templates costs more than rendering the
    bundled content with them. Called again when the exporter's templates change."""
    made: dict[tuple[Path, ...], jinja2.Environment] = {}
    make = type(exporter).environment

    def environment(context: ExportContext) -> jinja2.Environment:
        key = tuple(exporter.template_dirs(context))
        if key not in made:
            made[key] = make(exporter, context)
        return made[key]

    exporter.environment = environment  # type: ignore[method-assign]


def _forget_catalogs(content: Content, paths: set[Path]) -> None:
    """Drop what ``content`` read of these translation files: read again when next needed."""
    for key in [k for k in content.cache if k[0] == "catalog" and k[1] in paths]:
        del content.cache[key]


def _folder(path: Path) -> bool:
    """Whether a changed path is (or, gone, was most likely) a folder: renaming or removing a
    folder of content files reports the folder alone."""
    return path.is_dir() or (not path.exists() and not path.suffix)


def _normal(path: str) -> str:
    path = path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def _touches(path: str, locales: frozenset[str], formats: frozenset[str]) -> bool:
    """Whether a cached page depends on the touched locales or formats."""
    parts = PurePosixPath(path).parts
    fmt = "markdown" if parts[0] == "markdown" else "html"
    if fmt in formats:
        return True
    if not locales:
        return False
    if ALL in locales or path == "index.html":
        return True
    locale = parts[1] if fmt == "markdown" or parts[0] == "badges" else parts[0]
    return locale.removesuffix(".svg") in locales
