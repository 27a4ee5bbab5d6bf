"""Answers files in and out: loading one (any format version the page ever saved, refused with
located findings when it is not sound) and writing one atomically in the current version."""

from __future__ import annotations

import dataclasses
import json
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
    booklet of the pdf export filled in a PDF reader, in any language, whole.

    Raises ``AnswersError`` with findings that name the line (or sheet and cell, or page and
    form field) when the file does not fit."""
    from chemsex_toolkit.answers.plan_csv import read_plan_csv

    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        # Our workbook knows itself by its marker (``workbook.is_toolkit_workbook``).
        from chemsex_toolkit.answers.workbook import read_workbook

        report = read_workbook(Path(path), content)
    elif suffix == ".pdf":
        from chemsex_toolkit.answers.booklet import read_booklet

        report = read_booklet(Path(path), content)
    elif suffix != ".csv":
        return load_answers(path, content)
    else:
        report = _capped(read_plan_csv(Path(path), _toolkits(content)))
    if report.answers is None:
        raise AnswersError(report, "nothing was imported")
    return report.answers
