"""chemsex-toolkit: the "Support for ChemSex users" topic of a CBVCT quality toolkit as data.

The public API: every command of the command line is a function here, and the command line only
parses options, calls it and renders what it returns::

    import chemsex_toolkit
    toolkit = chemsex_toolkit.load()            # the bundled content, typed
    toolkit = chemsex_toolkit.load(path, locale="de")
    report = chemsex_toolkit.validate(path)     # findings, never an exception for bad content
    result = chemsex_toolkit.build(path, "dist")
    changes = chemsex_toolkit.diff("v1.0.0", "content")
    links = chemsex_toolkit.check_links(path)
    fixed = chemsex_toolkit.fix_redirects(links, path)
    rows = chemsex_toolkit.translation_status(path)
    po = chemsex_toolkit.export_po("de", path, out="de.po")
    answers = chemsex_toolkit.load_answers("service-answers.json")
    report = chemsex_toolkit.validate_answers("service-answers.json", content=path)
    team = chemsex_toolkit.merge_answers(["ana.json", "ben.json"])
    changes = chemsex_toolkit.compare_answers("2025.json", "2026.json")
    services = chemsex_toolkit.import_submissions("kobo-export.csv", content=path)
    network = chemsex_toolkit.build_report(["answers/"], "network-report")

Functions take the content folder as ``path`` (default: the content bundled with the package).
Bad content is never an exception in ``validate``; the others raise ``ContentError`` (with its
findings) when they need sound content, ``UsageError`` for a request that cannot be done, and
``OSError`` when a file cannot be read or written. Everything not listed in ``__all__`` is
private and may change in any release.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from chemsex_toolkit.__about__ import __version__

if TYPE_CHECKING:
    from chemsex_toolkit.answers import (
        AnswerChange,
        AnswersError,
        AnswersFile,
        AnswersReport,
        Comparison,
        Disagreement,
        MergeResult,
        compare_answers,
        import_answers,
        import_submissions,
        load_answers,
        merge_answers,
        save_answers,
        save_submissions,
        validate_answers,
    )
    from chemsex_toolkit.errors import (
        CheckFailed,
        ChemsexToolkitError,
        ContentError,
        ExportError,
        NoNetworkError,
        UsageError,
    )
    from chemsex_toolkit.exporting.build import BuildResult
    from chemsex_toolkit.findings import Finding, Severity
    from chemsex_toolkit.i18n.core import LocaleStatus
    from chemsex_toolkit.i18n.po import ImportReport
    from chemsex_toolkit.i18n.po_export import PoExport
    from chemsex_toolkit.i18n.readability import Readability
    from chemsex_toolkit.i18n.workflow import UpdateReport
    from chemsex_toolkit.links.address import Policy as AddressPolicy
    from chemsex_toolkit.links.collect import Target as LinkTarget
    from chemsex_toolkit.links.collect import Use as LinkUse
    from chemsex_toolkit.links.fix import Change as RedirectChange
    from chemsex_toolkit.links.fix import RedirectFixes
    from chemsex_toolkit.links.fix import Refusal as RedirectRefusal
    from chemsex_toolkit.links.result import Limits as LinkLimits
    from chemsex_toolkit.links.result import Outcome as LinkOutcome
    from chemsex_toolkit.links.result import Result as LinkResult
    from chemsex_toolkit.links.run import Options as LinkOptions
    from chemsex_toolkit.links.run import Report as LinkReport
    from chemsex_toolkit.loading import Content
    from chemsex_toolkit.models import Item, Link, Resource, Sections, Toolkit, Topic
    from chemsex_toolkit.network import NetworkFigures, ReportResult, build_report
    from chemsex_toolkit.validation import Report
    from chemsex_toolkit.versioning import Diff, Rename, TextChange, ValueChange

__all__ = [
    "AddressPolicy",
    "AnswerChange",
    "AnswersError",
    "AnswersFile",
    "AnswersReport",
    "BuildResult",
    "CheckFailed",
    "ChemsexToolkitError",
    "Comparison",
    "Content",
    "ContentError",
    "Diff",
    "Disagreement",
    "ExportError",
    "Finding",
    "ImportReport",
    "Item",
    "Link",
    "LinkLimits",
    "LinkOptions",
    "LinkOutcome",
    "LinkReport",
    "LinkResult",
    "LinkTarget",
    "LinkUse",
    "LocaleStatus",
    "MergeResult",
    "NetworkFigures",
    "NoNetworkError",
    "PoExport",
    "Readability",
    "RedirectChange",
    "RedirectFixes",
    "RedirectRefusal",
    "Rename",
    "Report",
    "ReportResult",
    "Resource",
    "Sections",
    "Severity",
    "TextChange",
    "Toolkit",
    "Topic",
    "UpdateReport",
    "UsageError",
    "ValueChange",
    "__version__",
    "build",
    "build_report",
    "check_links",
    "compare_answers",
    "diff",
    "export_po",
    "export_pot",
    "fix_redirects",
    "import_answers",
    "import_po",
    "import_submissions",
    "init_locale",
    "load",
    "load_answers",
    "merge_answers",
    "readability",
    "save_answers",
    "save_submissions",
    "translation_status",
    "update_locales",
    "validate",
    "validate_answers",
]

# The models pull in pydantic; importing them only when asked keeps the CLI's start fast.
_LAZY = {
    **{
        name: "chemsex_toolkit.answers"
        for name in (
            "AnswerChange",
            "AnswersError",
            "AnswersFile",
            "AnswersReport",
            "Comparison",
            "Disagreement",
            "MergeResult",
            "compare_answers",
            "import_answers",
            "import_submissions",
            "load_answers",
            "merge_answers",
            "save_answers",
            "save_submissions",
            "validate_answers",
        )
    },
    "NetworkFigures": "chemsex_toolkit.network",
    "ReportResult": "chemsex_toolkit.network",
    "build_report": "chemsex_toolkit.network",
    "ChemsexToolkitError": "chemsex_toolkit.errors",
    "CheckFailed": "chemsex_toolkit.errors",
    "ContentError": "chemsex_toolkit.errors",
    "ExportError": "chemsex_toolkit.errors",
    "NoNetworkError": "chemsex_toolkit.errors",
    "UsageError": "chemsex_toolkit.errors",
    "Finding": "chemsex_toolkit.findings",
    "Severity": "chemsex_toolkit.findings",
    "Item": "chemsex_toolkit.models",
    "Link": "chemsex_toolkit.models",
    "Resource": "chemsex_toolkit.models",
    "Sections": "chemsex_toolkit.models",
    "Toolkit": "chemsex_toolkit.models",
    "Topic": "chemsex_toolkit.models",
    "Report": "chemsex_toolkit.validation",
    "BuildResult": "chemsex_toolkit.exporting.build",
    "Diff": "chemsex_toolkit.versioning",
    "Rename": "chemsex_toolkit.versioning",
    "TextChange": "chemsex_toolkit.versioning",
    "ValueChange": "chemsex_toolkit.versioning",
    "Content": "chemsex_toolkit.loading",
    "AddressPolicy": "chemsex_toolkit.links.address:Policy",
    "LinkLimits": "chemsex_toolkit.links.result:Limits",
    "LinkOutcome": "chemsex_toolkit.links.result:Outcome",
    "LinkResult": "chemsex_toolkit.links.result:Result",
    "LinkTarget": "chemsex_toolkit.links.collect:Target",
    "LinkUse": "chemsex_toolkit.links.collect:Use",
    "LinkOptions": "chemsex_toolkit.links.run:Options",
    "LinkReport": "chemsex_toolkit.links.run:Report",
    "RedirectChange": "chemsex_toolkit.links.fix:Change",
    "RedirectFixes": "chemsex_toolkit.links.fix",
    "RedirectRefusal": "chemsex_toolkit.links.fix:Refusal",
    "PoExport": "chemsex_toolkit.i18n.po_export",
    "LocaleStatus": "chemsex_toolkit.i18n.core",
    "UpdateReport": "chemsex_toolkit.i18n.workflow",
    "ImportReport": "chemsex_toolkit.i18n.po",
    "Readability": "chemsex_toolkit.i18n.readability",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, _, attribute = _LAZY[name].partition(":")
        return getattr(importlib.import_module(module), attribute or name)
    raise AttributeError(f"module 'chemsex_toolkit' has no attribute {name!r}")


def _folder(path: Path | str | None) -> Path:
    from chemsex_toolkit.paths import bundled_content

    return Path(path) if path is not None else bundled_content()


def validate(path: Path | str | None = None) -> Report:
    """Check the content folder at ``path`` (default: the bundled content).

    Returns a ``Report`` whose ``findings`` list every problem with file, line and column. Bad
    content never raises.
    """
    from chemsex_toolkit.validation import validate as _validate

    return _validate(_folder(path))


def load(path: Path | str | None = None, *, locale: str | None = None) -> Toolkit:
    """The content at ``path`` (default: the bundled content) as a typed ``Toolkit``.

    With ``locale`` the text is translated, falling back to the source language where a string is
    not translated yet. A regional tag the content lacks gets its language, as Babel negotiates
    (``de-DE`` gives ``de``; the toolkit's ``locale`` says which). Raises ``ContentError`` when
    the content has errors and ``UsageError`` for a locale the content does not have.
    """
    from chemsex_toolkit.errors import ContentError

    report = validate(path)
    if report.failed() or report.toolkit is None:
        raise ContentError(report.findings, report.root, "nothing was loaded")
    if locale is None or locale == report.toolkit.source_locale:
        return report.toolkit
    from chemsex_toolkit.i18n import localize, resolve_locale

    return localize(report.content, resolve_locale(report.content, locale).code).toolkit


def build(
    path: Path | str | None = None,
    out: Path | str = "dist",
    *,
    formats: Sequence[str] = ("html", "markdown", "json"),
    locales: Sequence[str] | None = None,
    templates: Path | str | None = None,
    progress: Callable[[str], None] | None = None,
    clean: bool = False,
) -> BuildResult:
    """Validate the content at ``path`` and write each format into ``out/<format>/``.

    ``formats`` names installed exporters (``chemsex-toolkit exporters`` lists them);
    ``locales`` None means the source locale and every shipped translation; ``templates`` is a
    folder of templates overriding exporters' own by name. Each format's folder is replaced as a
    whole, so a failed build leaves the previous output in place; only a folder a build made is
    replaced (it holds a marker file), unless ``clean``. Raises ``ContentError`` when
    the content has errors, ``UsageError`` for an unknown format or locale, ``ExportError`` when
    an exporter fails.
    """
    from chemsex_toolkit.exporting.build import build as _build

    return _build(
        _folder(path),
        Path(out),
        formats,
        locales,
        Path(templates) if templates is not None else None,
        progress,
        clean=clean,
    )


def diff(
    old: Path | str,
    new: Path | str,
    *,
    repo: Path | str | None = None,
    subdir: str | None = None,
) -> Diff:
    """What changed from content ``old`` to ``new``: each a folder, or a git ref of ``repo``
    (default: the repository of the working folder) whose ``subdir`` holds the content
    (default: the repository's content folder, ``[tool.chemsex-toolkit] content`` included).
    Findings in ``old`` are in the result's ``old_findings``; they do not stop the comparison.

    The ``Diff`` lists added, removed and renamed IDs, changed text and other values, stale
    translations and the smallest version bump the changes need. Raises ``ContentError`` when
    either side has errors and ``UsageError`` when a side is neither a folder nor a git ref.
    """
    from chemsex_toolkit.versioning import diff_content

    return diff_content(str(old), str(new), Path(repo) if repo else None, subdir)


def check_links(
    path: Path | str | None = None,
    *,
    options: LinkOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LinkReport:
    """Check every URL the content at ``path`` cites, politely and cached (see ``LinkOptions``).

    Returns the report: every URL with its outcome and the places that cite it, and whether no
    network was reachable at all (``no_network``), which says nothing about the links. Raises
    ``ContentError`` when the content has errors: only valid content is checked.
    """
    from chemsex_toolkit.errors import ContentError, UsageError
    from chemsex_toolkit.links.run import Options, run

    root = _folder(path)
    try:
        report = run(root, options or Options(), progress)
    except ValueError as error:  # the git ref of only_changed
        raise UsageError(str(error)) from error
    if report.invalid:
        consequence = "links are checked in valid content only; fix these findings first"
        raise ContentError(report.invalid, root, consequence)
    return report


def fix_redirects(report: LinkReport, path: Path | str | None = None) -> RedirectFixes:
    """Replace, in the content at ``path``, each URL that ``report`` (from ``check_links`` of
    the same content) found permanently redirected with its final URL, in place: comments and
    layout stay, and a file is written only when it reads back the same but for those URLs. A
    final URL that the content may not cite is refused, with the reason."""
    from chemsex_toolkit.links.fix import RedirectFixes
    from chemsex_toolkit.links.fix import fix_redirects as _fix

    changes, refusals = _fix(_folder(path), report)
    return RedirectFixes(changes, refusals)


def _translatable(path: Path | str | None) -> Content:
    """The content at ``path`` whose source is sound. Translation files may lag behind the
    source (these operations exist to fix that); only the source must be sound."""
    from chemsex_toolkit.errors import ContentError
    from chemsex_toolkit.findings import has_errors

    report = validate(path)
    source_findings = [f for f in report.findings if not f.file.startswith("locales/")]
    if report.content.toolkit is None or has_errors(source_findings):
        raise ContentError(source_findings, report.root, "fix the errors above first")
    return report.content


def translation_status(path: Path | str | None = None) -> list[LocaleStatus]:
    """Per locale present: its strings, how many are translated, stale, missing and reviewed."""
    from chemsex_toolkit.i18n import locale_status
    from chemsex_toolkit.i18n.catalog import present_locales
    from chemsex_toolkit.i18n.locales import is_valid

    content = _translatable(path)
    return [
        locale_status(content, code) for code in present_locales(content.root) if is_valid(code)
    ]


def readability(path: Path | str | None = None) -> list[Readability]:
    """The reading ease of the prose per locale, the source first (for each language with a
    formula: English, German, French); 60 or more reads easily."""
    from chemsex_toolkit.i18n.catalog import present_locales
    from chemsex_toolkit.i18n.locales import is_valid
    from chemsex_toolkit.i18n.readability import of_content

    content = _translatable(path)
    toolkit = content.toolkit
    assert toolkit is not None
    codes = [toolkit.source_locale, *(c for c in present_locales(content.root) if is_valid(c))]
    figures = (of_content(content, code) for code in codes)
    return [figure for figure in figures if figure is not None]


def init_locale(locale: str, path: Path | str | None = None) -> list[Path]:
    """Start ``locale``: its translation files, every string waiting for a translation.
    Returns the files written; ``UsageError`` if the locale exists or its code is not valid."""
    from chemsex_toolkit.i18n import init_locale as _init

    return _init(_translatable(path), locale)


def update_locales(
    locales: Sequence[str] | None = None, path: Path | str | None = None
) -> list[UpdateReport]:
    """Bring ``locales`` (None: every locale present) in line with the source: new strings
    added, changed ones marked stale, removed ones moved to obsolete. Nothing is deleted."""
    from chemsex_toolkit.i18n import update_locale
    from chemsex_toolkit.i18n.catalog import present_locales

    content = _translatable(path)
    codes = present_locales(content.root) if locales is None else list(locales)
    return [update_locale(content, code) for code in codes]


def export_po(
    locale: str, path: Path | str | None = None, *, out: Path | str | None = None
) -> PoExport:
    """``locale`` as a gettext PO file, for Poedit, Weblate, Crowdin and the like: its text and
    figures, written to ``out`` too when given (``PoExport.save`` writes it later)."""
    from chemsex_toolkit.i18n.po import export_po as _export
    from chemsex_toolkit.i18n.po_export import po_export

    exported = po_export(_export(_translatable(path), locale))
    if out is not None:
        exported.save(out)
    return exported


def export_pot(path: Path | str | None = None, *, out: Path | str | None = None) -> PoExport:
    """The gettext template (POT): every source string, untranslated, with no language; what
    Weblate or Crowdin start each language from. Written to ``out`` too when given."""
    from chemsex_toolkit.i18n.po import export_pot as _export
    from chemsex_toolkit.i18n.po_export import po_export

    exported = po_export(_export(_translatable(path)))
    if out is not None:
        exported.save(out)
    return exported


def import_po(
    po_file: Path | str,
    path: Path | str | None = None,
    *,
    status: Literal["draft", "reviewed", "machine"] = "draft",
) -> ImportReport:
    """Take the translations of the PO file ``po_file`` into its locale's files.

    Entries made from the current source text get ``status`` (``reviewed`` for a reviewer's
    file); entries made from an older one come in stale, fuzzy ones never current, obsolete ones
    not at all. ``UsageError``, and nothing written, for a file that cannot be taken as it is.
    """
    from chemsex_toolkit.i18n.po import import_po as _import
    from chemsex_toolkit.validation import explain_file, translation_errors

    return _import(
        _translatable(path),
        Path(po_file),
        explain=explain_file,
        check=translation_errors,
        status=status,
    )
