"""The names of the booklet's form fields and its marker, which the answers import reads back
(``chemsex_toolkit/answers/booklet.py`` decodes the same scheme).

Every field's fully qualified name starts with ``ct`` and names what it holds by the content's
IDs, never by position or language, so a booklet in any locale imports the same way:

- ``ct.item.<item>.<question>.answer``: the radio group of a question, its choices the answer IDs;
- ``ct.item.<item>.<question>.reason`` and ``ct.item.<item>.action``: texts;
- ``ct.meta.service``, ``ct.meta.date``, ``ct.meta.participants``, ``ct.meta.planning``;
- ``ct.plan.<row>.<column>``: a row of the action plan (from 1), its columns the content's
  column IDs plus ``priority`` and ``status``.

Content IDs hold no period, so the parts of a name are the periods' pieces.
"""

from __future__ import annotations

# The document information entry that says a PDF is a booklet, and the format of its fields.
# WeasyPrint turns ``<meta name=...>`` into entries of that name, lower-cased and alphanumeric.
MARKER = "chemsextoolkitbooklet"
BOOKLET_FORMAT = 1
ROOT = "ct"


class FieldNames:
    """The template's ``field``: the name of each field of the booklet."""

    # What the template sandbox lets a template call (``chemsex_toolkit.exporting.sandbox``).
    template_attributes = ("answer", "reason", "action", "meta", "plan")

    @staticmethod
    def answer(item: str, question: str) -> str:
        return f"{ROOT}.item.{item}.{question}.answer"

    @staticmethod
    def reason(item: str, question: str) -> str:
        return f"{ROOT}.item.{item}.{question}.reason"

    @staticmethod
    def action(item: str) -> str:
        return f"{ROOT}.item.{item}.action"

    @staticmethod
    def meta(name: str) -> str:
        return f"{ROOT}.meta.{name}"

    @staticmethod
    def plan(row: int, column: str) -> str:
        return f"{ROOT}.plan.{row}.{column}"
