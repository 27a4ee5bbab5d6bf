"""A self-assessment's answers as data: the answers file the page saves (``model``, the source
of ``schemas/answers.schema.json``), checked (``check``), loaded and written (``files``), a
team's files merged (``merge``) and two assessments compared (``compare``)."""

from __future__ import annotations

from chemsex_toolkit.answers.check import AnswersReport, ContentKeys
from chemsex_toolkit.answers.compare import AnswerChange, Comparison, compare_answers
from chemsex_toolkit.answers.files import (
    AnswersError,
    import_answers,
    import_submissions,
    load_answers,
    render_answers,
    save_answers,
    save_submissions,
    validate_answers,
)
from chemsex_toolkit.answers.merge import Disagreement, MergeResult, merge_answers
from chemsex_toolkit.answers.model import AnswersFile

__all__ = [
    "AnswerChange",
    "AnswersError",
    "AnswersFile",
    "AnswersReport",
    "Comparison",
    "ContentKeys",
    "Disagreement",
    "MergeResult",
    "compare_answers",
    "import_answers",
    "import_submissions",
    "load_answers",
    "merge_answers",
    "render_answers",
    "save_answers",
    "save_submissions",
    "validate_answers",
]
