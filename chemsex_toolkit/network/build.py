"""``build_report``: many services' answers files into a network's reports.

A file that cannot be used is left out with a located finding (CT740) and the run goes on: a
coordinator with forty services' files should see thirty-nine while one is sent again;
``strict`` refuses the whole run instead, for a check that must see every file. Several files
of one service and date are not merged (that would invent an assessment nobody made): the one
saved last is used and the others are flagged (CT742)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit.errors import ContentError
from chemsex_toolkit.findings import Finding, Place, Severity
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.network.figures import Dated, figures
from chemsex_toolkit.network.model import NetworkFigures, Skipped
from chemsex_toolkit.network.registry import ReportContext, load

DEFAULT_REPORTS = ("html", "xlsx", "json")


class ReportError(ContentError):
    """No report was written: no answers file could be used (or, strict, one could not)."""

    def headline(self) -> str:
        return f"The answers files cannot be used; {self.consequence}."


@dataclass(frozen=True)
class ReportResult:
    """What ``build_report`` did: the figures, the files written (by report) and the findings
    on the inputs (files left out, unnamed services, files set aside)."""

    out: Path
    figures: NetworkFigures
    written: dict[str, list[Path]]
    findings: tuple[Finding, ...]


def _finding(rule: str, place: Place, variant: str = "", **values: object) -> Finding:
    from chemsex_toolkit.validation.rules import RULES

    return RULES[rule].at(place, variant, **values)


def answers_files(inputs: Sequence[Path | str]) -> list[Path]:
    """The files given, and the ``.json`` files inside the folders given, in a stable order."""
    found: list[Path] = []
    for given in map(Path, inputs):
        if given.is_dir():
            found += sorted(p for p in given.rglob("*.json") if p.is_file())
        else:
            found.append(given)
    return list(dict.fromkeys(found))


def service_code(name: str, salt: str) -> str:
    """A service's code in an anonymised report: a keyed hash (HMAC-SHA256) of its name.

    Keyed, so that nobody who lacks the salt can recompute a code from the list of a network's
    services; a hash rather than a number in sorted order, so that a service keeps its code when
    services join or leave and reports of several rounds can be set side by side."""
    digest = hmac.new(salt.encode("utf-8"), name.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"S-{digest[:8].upper()}"


def _skipped(finding: Finding) -> Skipped:
    """A file left out, as the reports list it: the finding that leaves it out."""
    return Skipped(
        file=finding.file,
        line=finding.line,
        column=finding.column,
        code=finding.code,
        message=finding.message,
    )


def gather(
    files: Sequence[Path], toolkit: Toolkit
) -> tuple[dict[str, list[Dated]], list[Skipped], list[Finding]]:
    """Each service's usable files, oldest first; the files left out; the findings."""
    from chemsex_toolkit.answers.check import ContentKeys
    from chemsex_toolkit.answers.files import report_of

    keys = ContentKeys.of(toolkit)
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    chosen: dict[tuple[str, str], tuple[Path, Dated]] = {}
    for path in files:
        finding: Finding | None = None
        try:
            checked = report_of(path, keys)
        except OSError as error:
            finding = _finding(
                "CT740", Place(str(path)), "unreadable", reason=error.strerror or str(error)
            )
            checked = None
        if checked is not None:
            if checked.answers is None:
                first = next(f for f in checked.findings if f.severity is Severity.ERROR)
                place = Place(str(path), first.line, first.column, first.path)
                reason = first.message[:1].lower() + first.message[1:]
                finding = _finding("CT740", place, reason=reason.rstrip("."), code=first.code)
            else:
                answers = checked.answers
                name = answers.state.meta.service.strip()
                if not name:
                    name = path.stem
                    findings.append(_finding("CT741", Place(str(path)), name=name))
                dated = Dated(name, answers.state.meta.date, answers)
                key = (name, dated.date)
                if key in chosen:
                    other_path, other = chosen[key]
                    later = answers.saved_at >= other.answers.saved_at
                    kept, dropped = (path, other_path) if later else (other_path, path)
                    if later:
                        chosen[key] = (path, dated)
                    superseded = _finding(
                        "CT742",
                        Place(str(dropped)),
                        service=name,
                        date=dated.date or "no date",
                        kept=kept,
                    )
                    findings.append(superseded)
                    # Listed with the files left out, so that the report itself says so, not
                    # only the terminal.
                    skipped.append(_skipped(superseded))
                else:
                    chosen[key] = (path, dated)
                continue
        # Every way here set the finding that leaves this file out.
        assert finding is not None
        findings.append(finding)
        skipped.append(_skipped(finding))
    services: dict[str, list[Dated]] = {}
    for (name, _date), (_path, dated) in sorted(chosen.items()):
        services.setdefault(name, []).append(dated)
    return services, skipped, findings


def _context(toolkit: Toolkit) -> ReportContext:
    def text(ui_id: str, default: str) -> str:
        entry = toolkit.ui.get(ui_id)
        return entry.text if entry is not None else default

    direction = "rtl" if toolkit.locale.split("-")[0] in {"ar", "fa", "he", "ur"} else "ltr"
    return ReportContext(text=text, locale=toolkit.locale, direction=direction)


def build_report(
    inputs: Sequence[Path | str],
    out: Path | str,
    *,
    content: Toolkit | Path | str | None = None,
    reports: Sequence[str] = DEFAULT_REPORTS,
    anonymise: bool = False,
    salt: str = "",
    strict: bool = False,
    locale: str | None = None,
) -> ReportResult:
    """Write the network reports ``reports`` (default html, xlsx and json, each into
    ``out/<name>/``) over the answers files and folders ``inputs``, checked against
    ``content`` (a toolkit in its source language, or a content folder; default: the bundled
    content).

    With ``anonymise`` services are named by a code keyed with ``salt`` (see
    ``service_code``). Raises ``ContentError`` with the findings when no file can be used, or
    with ``strict`` when any file cannot; ``UsageError`` for an unknown report or an
    anonymised report without a salt.

    ``locale`` words the reports in a language of the content (its titles and UI strings;
    the report's own strings where the translation has them); the files are still checked
    against the source text, whose fingerprints the page stores."""
    import chemsex_toolkit
    from chemsex_toolkit._atomic import write_atomic
    from chemsex_toolkit.errors import UsageError
    from chemsex_toolkit.exporting.build import safe_path

    if anonymise and not salt:
        raise UsageError(
            "An anonymised report needs a salt (--salt): without a secret, anyone with the list"
            " of the network's services could work out which code is whose."
        )
    toolkit = content if isinstance(content, Toolkit) else chemsex_toolkit.load(content)
    shown = toolkit
    if locale is not None:
        if isinstance(content, Toolkit):
            raise UsageError("Give the content folder, not a loaded toolkit, with a locale.")
        shown = chemsex_toolkit.load(content, locale=locale)
    chosen = [load(name) for name in dict.fromkeys(reports)]
    files = answers_files(inputs)
    services, skipped, findings = gather(files, toolkit)
    if not services:
        given = ", ".join(str(p) for p in inputs) or "nothing"
        findings.append(_finding("CT743", Place(""), inputs=given))
    if not services or (strict and skipped):
        raise ReportError(findings, None, "no report was written")
    if anonymise:
        # No names and no free text: a skipped file's path and message may hold either.
        services = {service_code(name, salt): files for name, files in services.items()}
        skipped = [
            Skipped(file=f"#{n}", line=s.line, column=s.column, code=s.code, message="")
            for n, s in enumerate(skipped, 1)
        ]
    result = figures(shown, services, skipped, anonymised=anonymise)
    context = _context(shown)
    target = Path(out)
    written: dict[str, list[Path]] = {}
    for report in chosen:
        folder = target / report.name
        folder.mkdir(parents=True, exist_ok=True)
        paths = written.setdefault(report.name, [])
        for file in report.render(result, context):
            path = safe_path(folder, file.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, b"".join(file.chunks()))
            paths.append(path)
    return ReportResult(target, result, written, tuple(findings))
