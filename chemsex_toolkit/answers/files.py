"""Answers files in and out: loading one (any format version the page ever saved, refused with
located findings when it is not sound) and writing one atomically in the current version."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import ClassVar

from chemsex_toolkit.answers.check import AnswersReport, ContentKeys, check_answers, check_file
from chemsex_toolkit.answers.model import AnswersFile
from chemsex_toolkit.errors import ContentError, UsageError
from chemsex_toolkit.models import Toolkit

Source = Path | str | AnswersFile


class AnswersError(ContentError):
    """An answers file cannot be used; ``findings`` say where in it and why."""

    exit_code: ClassVar[int] = 1

    def __init__(self, report: AnswersReport, consequence: str = "nothing was written") -> None:
        super().__init__(report.findings, ".", consequence)
        self.file = report.file
        self.args = (f"{report.file}: {report.findings[0].message}" if report.findings else "",)

    def headline(self) -> str:
        then = f"; {self.consequence}" if self.consequence else ""
        return f"{self.file}: the answers file cannot be used{then}."


def content_keys(content: Toolkit | Path | str | None) -> ContentKeys | None:
    """The keys of ``content``: a loaded toolkit (in its source language), or a content folder.

    Raises ``UsageError`` for a toolkit loaded in another locale."""
    if content is None:
        return None
    if isinstance(content, Toolkit):
        if content.locale != content.source_locale:
            # The page's fingerprints hash the source text; a translation's would all differ.
            raise UsageError(
                f"Check answers against the toolkit in its source language"
                f" ({content.source_locale}), not {content.locale}."
            )
        return ContentKeys.of(content)
    import chemsex_toolkit

    return ContentKeys.of(chemsex_toolkit.load(content))


def _capped(report: AnswersReport) -> AnswersReport:
    """At most ``limits.PER_FILE`` findings; one stands for the rest (a file of a thousand bad
    plan rows is not a thousand lines to read)."""
    from chemsex_toolkit.validation.limits import capped

    return dataclasses.replace(report, findings=capped(report.findings))


def report_of(source: Path | str | object, keys: ContentKeys | None) -> AnswersReport:
    """Check a file (a path) or an already parsed document."""
    if isinstance(source, (str, Path)):
        return _capped(check_file(Path(source), keys))
    if isinstance(source, AnswersFile):
        source = source.dump()
    return _capped(check_answers(source, "<data>", None, keys))


def load_answers(path: Path | str, content: Toolkit | Path | str | None = None) -> AnswersFile:
    """The answers file at ``path`` in the current format (files of format version 1 and 2,
    as every version of the page saved them, load).

    With ``content`` (a toolkit or a content folder) the file must also belong to it and use
    its answers. Raises ``AnswersError`` with located findings when the file cannot be used, and
    ``OSError`` when it cannot be read."""
    report = report_of(path, content_keys(content))
    if report.answers is None:
        raise AnswersError(report, "nothing was loaded")
    return report.answers


def resolve(source: Source, keys: ContentKeys | None = None) -> tuple[str, AnswersFile]:
    """A file's name and answers, from a path or from answers already loaded."""
    if isinstance(source, AnswersFile):
        return "<data>", source
    report = report_of(source, keys)
    if report.answers is None:
        raise AnswersError(report, "nothing was written")
    return str(source), report.answers


def render_answers(answers: AnswersFile) -> str:
    """The JSON text of an answers file, laid out as the page saves it."""
    return json.dumps(answers.dump(), indent=2, ensure_ascii=False) + "\n"


def save_answers(answers: AnswersFile, path: Path | str) -> Path:
    """Write ``answers`` to ``path`` in the current format version, atomically: a reader sees
    the old file or the whole new one."""
    from chemsex_toolkit._atomic import write_atomic

    target = Path(path)
    write_atomic(target, render_answers(answers))
    return target


def validate_answers(
    source: Path | str | object, content: Toolkit | Path | str | None = None
) -> AnswersReport:
    """Check an answers file (a path) or its parsed document, as the page does before it uses
    one; never raises for bad input (``OSError`` only when the file cannot be read).

    The findings (rules CT701-CT711) name the place in the file: line and column, and a JSON
    Pointer. With ``content`` (a toolkit in its source language, or a content folder) they also
    name unknown items and questions (left out by the page), unknown answers (refused), plan rows
    of unknown items, and answers given to an item whose text changed since (the fingerprint the
    page stored differs, so the page flags them)."""
    return report_of(source, content_keys(content))


def _toolkits(content: Toolkit | Path | str | None) -> list[Toolkit]:
    """The toolkit in each of its locales (a loaded toolkit: in its own locale only)."""
    if isinstance(content, Toolkit):
        return [content]
    import chemsex_toolkit
    from chemsex_toolkit.paths import bundled_content

    folder = content if content is not None else bundled_content()
    source = chemsex_toolkit.load(folder)
    return [source, *(chemsex_toolkit.load(folder, locale=code) for code in source.locales)]


def import_answers(path: Path | str, content: Toolkit | Path | str | None = None) -> AnswersFile:
    """Answers from a file of another medium, in the current format: a page's answers file of
    any format version (checked against ``content`` when given); for a ``.csv`` file, the
    action plan the page downloads, in any language of ``content`` (default: the bundled
    content), into the plan of an otherwise empty answers file; for an ``.xlsx`` file, the
    filled workbook of the xlsx export, in any language, whole; for a ``.pdf`` file, the
    booklet of the pdf export filled in a PDF reader, in any language, whole; for a ``.json``
    file whose ``resourceType`` is ``QuestionnaireResponse``, the FHIR response to the fhir
    export's Questionnaire (in any language; the ``fhir`` extra reads it); for a ``.csv`` or
    ``.xlsx`` file whose header names the fields of the toolkit's XLSForm, its one submission
    (a file of several is refused: ``import_submissions`` reads them all).

    Raises ``AnswersError`` with findings that name the line (or sheet and cell, or page and
    form field) when the file does not fit."""
    from chemsex_toolkit.answers.fhir import is_response, read_response
    from chemsex_toolkit.answers.plan_csv import read_plan_csv

    suffix = Path(path).suffix.lower()
    if suffix == ".json" and is_response(path):
        # A FHIR QuestionnaireResponse to the fhir export's Questionnaire knows itself by its
        # resourceType; any other JSON file is taken for an answers file.
        return _answers_of(read_response(Path(path), content))
    if suffix == ".pdf":
        from chemsex_toolkit.answers.booklet import read_booklet

        return _answers_of(read_booklet(Path(path), content))
    if suffix not in (".csv", ".xlsx"):
        return load_answers(path, content)
    from chemsex_toolkit.answers.xlsform import source_toolkit

    # Loaded once: telling a submissions export by its header needs the form's names too.
    toolkit = source_toolkit(content) if not isinstance(content, Toolkit) else content
    if _is_submissions(Path(path), toolkit):
        answers = import_submissions(path, toolkit)
        if len(answers) > 1:
            from chemsex_toolkit.findings import Place
            from chemsex_toolkit.validation.rules import RULES

            finding = RULES["CT768"].at(Place(str(path)), count=len(answers))
            raise AnswersError(AnswersReport(str(path), (finding,), None), "nothing was imported")
        return answers[0]
    if suffix == ".xlsx":
        from chemsex_toolkit.answers.workbook import read_workbook

        return _answers_of(read_workbook(Path(path), content))
    return _answers_of(_capped(read_plan_csv(Path(path), _toolkits(content))))


def _answers_of(report: AnswersReport) -> AnswersFile:
    if report.answers is None:
        raise AnswersError(report, "nothing was imported")
    return report.answers


def _is_submissions(path: Path, toolkit: Toolkit) -> bool:
    """Whether ``path`` is an export of the XLSForm's submissions, told by its header; our own
    workbook knows itself by its marker first (``workbook.is_toolkit_workbook``)."""
    from chemsex_toolkit.answers.xlsform import sniff

    if path.suffix.lower() == ".xlsx":
        from chemsex_toolkit.answers.workbook import is_toolkit_workbook

        if is_toolkit_workbook(path):
            return False
    return sniff(path, toolkit)


def import_submissions(
    path: Path | str, content: Toolkit | Path | str | None = None
) -> list[AnswersFile]:
    """The submissions of the toolkit's XLSForm in an export of KoboToolbox or ODK Central
    (``.csv`` or ``.xlsx``, fields named by their names, groups joined by ``/`` or ``-``), an
    answers file each, in the file's order: the service, date and participants, the planning
    mode, every answer, reason and action, and the action plan where the export holds it.

    Raises ``AnswersError`` with findings naming the line and column (or sheet and cell) of
    what does not fit; then nothing is imported."""
    from chemsex_toolkit.answers.xlsform import read_submissions

    source: Toolkit | Path | str | None = content
    if not isinstance(content, Toolkit):
        source = _toolkits(content)[0]
    report = read_submissions(Path(path), source)
    if report.findings:
        raise AnswersError(
            AnswersReport(report.file, report.findings, None), "nothing was imported"
        )
    return list(report.answers)


def save_submissions(answers: list[AnswersFile], folder: Path | str) -> list[Path]:
    """Write each answers file into ``folder``, named from its service and date, each
    atomically. A name that is there already is never replaced: ``UsageError`` names them all,
    and then nothing is written."""
    from chemsex_toolkit._atomic import write_new
    from chemsex_toolkit.answers.xlsform import file_names

    target = Path(folder)
    paths = [target / name for name in file_names(answers)]
    there = [str(path) for path in paths if os.path.lexists(path)]
    if there:
        raise UsageError(
            f"{', '.join(there)} {'is' if len(there) == 1 else 'are'} there already:"
            " nothing was written (remove them, or import into another folder)."
        )
    for entry, path in zip(answers, paths, strict=True):
        write_new(path, render_answers(entry))
    return paths
