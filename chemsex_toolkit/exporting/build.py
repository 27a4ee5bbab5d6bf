"""Build orchestration: validate, localise, run exporters, write their output atomically."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from chemsex_toolkit._atomic import swap_folder
from chemsex_toolkit._locking import locked, process_alive
from chemsex_toolkit.errors import ContentError, ExportCheckError, ExportError, UsageError
from chemsex_toolkit.exporting import registry
from chemsex_toolkit.exporting.anchors import check_export
from chemsex_toolkit.exporting.base import ExportContext, Exporter, LocaleView
from chemsex_toolkit.exporting.locales import locale_views
from chemsex_toolkit.exporting.template_errors import PYTHON_ERRORS, template_failure
from chemsex_toolkit.validation import validate

Progress = Callable[[str], None]

# In each format folder a build made: the sign that the folder is the build's to replace whole.
MARKER = ".chemsex-toolkit-build"
_MARKER_TEXT = (
    "This folder was written by chemsex-toolkit build, which replaces it whole on the next build.\n"
)


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the output folder, every file in it, and the locales exported."""

    out: Path
    written: list[Path]
    locales: list[str]


def check_output_folder(out: Path, content: Path) -> Path:
    """The resolved output folder; ``UsageError`` if it is, holds or lies inside the content."""
    out_resolved, content_resolved = out.resolve(), content.resolve()
    if out_resolved == content_resolved or content_resolved.is_relative_to(out_resolved):
        raise UsageError(f"--out {out} would overwrite the content folder; choose another folder.")
    if out_resolved.is_relative_to(content_resolved):
        raise UsageError(f"--out {out} lies inside the content folder; choose a folder outside it.")
    return out_resolved


def safe_path(folder: Path, relative: str) -> Path:
    """``folder / relative``, refusing anything that would land outside ``folder``."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\0" in relative:
        raise UsageError(f"An exporter asked to write '{relative}', outside its output folder.")
    target = (folder / Path(*pure.parts)).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise UsageError(f"An exporter asked to write '{relative}', outside its output folder.")
    return target


def build(
    content: Path,
    out: Path,
    formats: Sequence[str],
    locales: Sequence[str] | None = None,
    templates: Path | None = None,
    progress: Progress | None = None,
    *,
    clean: bool = False,
) -> BuildResult:
    """Validate ``content`` and write each format into ``out/<format>/``.

    ``locales`` None means the source locale and every shipped one. Raises ``ContentError`` when
    the content has errors and ``UsageError`` for impossible requests. Each format's folder is
    replaced as a whole, so an interrupted or failed build leaves the previous output in place.
    A format folder is replaced only when a build made it (it holds ``MARKER``); ``clean``
    replaces one that is not, which is otherwise a ``UsageError``.
    """
    if not formats:
        raise UsageError("No format to build: name at least one exporter.")
    out = check_output_folder(out, content)
    report = validate(content)
    if report.failed() or report.toolkit is None:
        raise ContentError(report.findings, content, "nothing was exported")
    exporters = [registry.load(name) for name in formats]
    views = locale_views(report.content, locales)
    # The translation files as read for validation (with every position) are not needed again.
    report.content.cache.clear()
    context = ExportContext(
        locales=views, templates=templates, source=report.toolkit, progress=progress
    )
    out.mkdir(parents=True, exist_ok=True)
    with locked(out):
        _recover(out)
        if not clean:
            _check_ours(out, [exporter.name for exporter in exporters])
    staged: list[tuple[str, Path, list[str]]] = []
    try:
        for exporter in exporters:
            if progress:
                progress(f"{exporter.name}: rendering {len(views)} locale(s)")
            staging = out / f".{exporter.name}.new-{os.getpid()}-{secrets.token_hex(4)}"
            files: list[str] = []
            # Listed before it exists, so that an interrupt at any moment leaves nothing behind.
            staged.append((exporter.name, staging, files))
            staging.mkdir(mode=0o700)
            files += _write_all(exporter, context, staging)
        # Checked before anything is swapped in: a build with a dead link replaces nothing.
        findings = check_export(
            {
                f"{name}/{f}": staging / Path(*PurePosixPath(f).parts)
                for name, staging, files in staged
                for f in files
            },
            others=out,
        )
        if findings:
            raise ExportCheckError(findings, out)
        written: list[Path] = []
        with locked(out):
            for name, staging, files in staged:
                swap_folder(staging, out / name)
                written += [out / name / Path(*PurePosixPath(f).parts) for f in files]
                if progress:
                    progress(f"{name}: wrote {len(files)} file(s)")
    finally:
        for _name, staging, _files in staged:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out=out, written=written, locales=[v.locale for v in views])


def _write_all(exporter: Exporter, context: ExportContext, staging: Path) -> list[str]:
    """Write each file the exporter yields into ``staging`` as soon as it comes."""
    paths: list[str] = []
    try:
        marker = staging / MARKER
        marker.write_text(_MARKER_TEXT, encoding="utf-8")
        os.chmod(marker, 0o644)
        for file in exporter.export(context):
            path = safe_path(staging, file.path)
            if path == marker:
                raise UsageError(f"The {exporter.name} exporter asked to write '{MARKER}'.")
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                for chunk in file.chunks():
                    handle.write(chunk)
            os.chmod(path, 0o644)
            paths.append(file.path)
    except KeyError as error:
        raise ExportError(
            f"The {exporter.name} exporter needs the string {error} that the content lacks;"
            " add it to ui.yaml."
        ) from error
    except (jinja2.TemplateError, *PYTHON_ERRORS) as error:
        # A template can fail as Python does (a division by zero, a range too big for the
        # sandbox, a template that extends itself): said as the template's failure when it
        # failed in a template's code; anywhere else it is the exporter's own bug.
        failure = template_failure(error)
        if failure is None:
            raise
        raise ExportError(f"The {exporter.name} exporter's template failed{failure}") from error
    os.chmod(staging, 0o755)
    return paths


def _check_ours(out: Path, names: Sequence[str]) -> None:
    """``UsageError`` unless each ``out/<name>`` is missing or a folder a build made."""
    for name in names:
        target = out / name
        if not os.path.lexists(target):
            continue
        marker = target / MARKER
        if (
            target.is_symlink()
            or not target.is_dir()
            or marker.is_symlink()
            or not marker.is_file()
        ):
            raise UsageError(
                f"{target} was not made by chemsex-toolkit build, and a build replaces its format"
                " folders whole: whatever it holds would be deleted. Choose another --out, move"
                " the folder away, or pass --clean to let the build replace it."
            )


def _recover(out: Path) -> None:
    """Tidy what builds that were killed left behind (call with the lock held): staging folders
    of dead processes go, and an old output moved aside but never replaced comes back."""
    for leftover in sorted(out.glob(".*.*-*-*")):
        name, _, rest = leftover.name[1:].rpartition(".")
        state, _, tail = rest.partition("-")
        pid_text = tail.partition("-")[0]
        if state not in ("new", "old") or not pid_text.isdigit() or process_alive(int(pid_text)):
            continue
        target = out / name
        if state == "old" and not target.exists():
            os.rename(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


__all__ = ["BuildResult", "LocaleView", "build", "check_output_folder", "safe_path"]
