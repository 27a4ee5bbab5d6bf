"""Typography of translated text, per locale: pure functions from a text to its problems.

Each locale has a tuple of rules; a rule reads a Markdown text and yields the offset of each
fault with a message and a fix hint. The places where punctuation is syntax, not prose (the
``[text][kind:id]`` references, URLs, inline code), are masked first, so ``link:`` or
``https:`` never count as a colon. To add a locale, write its rules and list them in ``RULES``
under its language (``fr``) or its full tag (``fr-CH``), which wins over the language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

NBSP = "\u00a0"  # no-break space: before ':' and inside « » in French
NNBSP = "\u202f"  # narrow no-break space: before ';', '?' and '!' in French
NO_BREAK = (NBSP, NNBSP)


@dataclass(frozen=True)
class Problem:
    """A typographic fault at character ``offset`` of a text."""

    offset: int
    message: str
    hint: str


Rule = Callable[[str], Iterator[Problem]]

_SYNTAX = re.compile(
    r"\]\[[a-z]+:[^\]\s]*\]"  # the target half of a [text][kind:id] reference
    r"|`[^`\n]*`"  # inline code
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>"  # autolinks
    r"|(?:https?|ftp|mailto):[^\s)\]>]*"  # bare URLs
)
_MASK = "\x00"


def mask(text: str) -> str:
    """``text`` with every syntax span replaced by NUL characters of the same length."""
    if not any(marker in text for marker in ("][", "`", ":")):
        return text
    # A reference keeps its closing bracket, so punctuation right after it is still checked.
    return _SYNTAX.sub(
        lambda m: (
            _MASK * (len(m.group(0)) - 1) + "]"
            if m.group(0).startswith("][")
            else _MASK * len(m.group(0))
        ),
        text,
    )


def _line_start(text: str, index: int) -> int | None:
    """The offset of the line break before the mark at ``index`` when the mark starts a line
    (after any spaces, no-break ones too) that continues the paragraph above: Markdown joins
    the two lines with a plain space, so the mark can wrap away from its word."""
    start = index - 1
    while start >= 0 and text[start] in " \t" + NBSP + NNBSP:
        start -= 1
    if start > 0 and text[start] == "\n" and text[start - 1] not in "\n" + _MASK:
        return start
    return None


def _broken_line(text: str, index: int) -> bool:
    return _line_start(text, index) is not None


def _line_break_problem(text: str, index: int, mark: str, fix: str) -> Problem:
    start = _line_start(text, index)
    assert start is not None
    return Problem(
        start,
        f"A line break stands before '{mark}': it renders as a breaking space, so '{mark}' may "
        "start a line of its own.",
        f"Join the lines; {fix}",
    )


def _space_before(text: str, index: int, mark: str, wanted: str, name: str) -> Problem | None:
    if _broken_line(text, index):
        return _line_break_problem(
            text, index, mark, f"put a {name} (U+{ord(wanted):04X}) before it."
        )
    before = text[index - 1] if index > 0 else "\n"
    if before in NO_BREAK or before in "\n?!" + _MASK:
        return None
    if before in " \t":
        return Problem(
            index - 1,
            f"A breaking space stands before '{mark}': the line may break before the mark.",
            f"Replace the space before '{mark}' with a {name} (U+{ord(wanted):04X}).",
        )
    return Problem(
        index,
        f"No space before '{mark}'; French typography puts a {name} there.",
        f"Insert a {name} (U+{ord(wanted):04X}) before '{mark}'.",
    )


def french_spacing(text: str) -> Iterator[Problem]:
    """No-break space before ``; : ? !`` and inside ``« »``."""
    if not any(mark in text for mark in ";:?!«»"):
        return
    masked = mask(text)
    for match in re.finditer(r"[;:?!«»]", masked):
        index, mark = match.start(), match.group(0)
        if mark in ";?!":
            problem = _space_before(masked, index, mark, NNBSP, "narrow no-break space")
        elif mark == ":":
            around = masked[index - 1 : index + 2]
            if len(around) == 3 and around[0].isdigit() and around[2].isdigit():
                continue  # a time or a ratio: 10:30
            problem = _space_before(masked, index, mark, NBSP, "no-break space")
        elif mark == "«":
            after = masked[index + 1] if index + 1 < len(masked) else ""
            if after in NO_BREAK:
                problem = None
            elif after in " \t":
                problem = Problem(
                    index + 1,
                    "A breaking space follows '«': the line may break inside the quotation marks.",
                    "Replace the space after '«' with a no-break space (U+00A0).",
                )
            else:
                problem = Problem(
                    index,
                    "No no-break space after '«'.",
                    "Put a no-break space (U+00A0) between '«' and the quoted text.",
                )
        else:  # »
            problem = _space_before(masked, index, mark, NBSP, "no-break space")
        if problem is not None:
            yield problem


def french_quotes(text: str) -> Iterator[Problem]:
    """Quotations in « », not in English quotation marks."""
    for match in re.finditer(r"[\"“”]", mask(text)):
        yield Problem(
            match.start(),
            f"English quotation mark '{match.group(0)}' in French text.",
            "Quote with « and » (each with a no-break space, U+00A0, on the inside).",
        )


_GERMAN_WRONG_OPENING = re.compile('(?:^|(?<=[\\s(\\[/\u2013\u2014-]))["\u201c\u201d](?=\\S)')


def german_quotes(text: str) -> Iterator[Problem]:
    """Quotations in „…“: opening low quote, closing with U+201C; no straight quotes."""
    masked = mask(text)
    for match in _GERMAN_WRONG_OPENING.finditer(masked):
        yield Problem(
            match.start(),
            f"Opening quotation mark '{match.group(0)}' is not German.",
            "Open German quotations with „ (U+201E).",
        )
    for match in re.finditer(r"(?<=\S)[\"”]", masked):
        yield Problem(
            match.start(),
            f"Closing quotation mark '{match.group(0)}' is not German.",
            "Close German quotations with “ (U+201C).",
        )


def joined_punctuation(text: str) -> Iterator[Problem]:
    """Punctuation that follows its word without a space, where a line break comes between:
    the rendered text shows "word ?", and the mark may wrap to a line of its own."""
    if "\n" not in text:
        return
    masked = mask(text)
    for match in re.finditer(r"(?<=\n)[ \t]*[.,;:?!)»“]", masked):
        index = match.end() - 1
        if _broken_line(masked, index):
            yield _line_break_problem(masked, index, masked[index], "the mark follows its word.")


RULES: dict[str, tuple[Rule, ...]] = {
    "fr": (french_spacing, french_quotes),
    "de": (german_quotes, joined_punctuation),
    "en": (joined_punctuation,),
}


def rules_for(locale: str) -> tuple[Rule, ...]:
    """The rules of ``locale``: its own if listed, else its language's, else none."""
    return RULES.get(locale) or RULES.get(locale.split("-", 1)[0], ())


# The space each language puts before a mark, for text that templates join themselves
# ("Licence: CC-BY-4.0"); content text carries its own spaces.
_SPACE_BEFORE: dict[str, dict[str, str]] = {
    "fr": {":": NBSP, ";": NNBSP, "?": NNBSP, "!": NNBSP, "%": NNBSP},
}


def punctuation(locale: str, mark: str) -> str:
    """``mark`` with the space ``locale`` puts before it (``"\u00a0:"`` in French)."""
    table = _SPACE_BEFORE.get(locale) or _SPACE_BEFORE.get(locale.split("-", 1)[0], {})
    return table.get(mark, "") + mark


def keep_names(text: str, names: Iterable[str]) -> str:
    """``text`` with each of ``names`` (titles quoted in their own language, such as an
    English article title in a French sentence) blanked to letters of the same length: a title
    keeps its own typography, while the spacing around it is still checked."""
    for name in names:
        if name and name in text:
            text = text.replace(name, "x" * len(name))
    return text


def check(locale: str, text: str, names: Iterable[str] = ()) -> list[Problem]:
    """Every typographic fault of ``text`` under the rules of ``locale``, in text order;
    ``names`` keep their own typography."""
    text = keep_names(text, names)
    problems = [problem for rule in rules_for(locale) for problem in rule(text)]
    return sorted(problems, key=lambda p: p.offset)


def fix(locale: str, text: str, names: Iterable[str] = ()) -> str:
    """``text`` with the spacing faults that have one right answer mended (French only):
    editors run it once over a translation, then read the result. ``names`` are left as
    they are."""
    if not any(rule is french_spacing for rule in rules_for(locale)):
        return text
    kept = keep_names(text, names)
    masked = mask(kept)
    out = list(text)
    for index in sorted((p.offset for p in french_spacing(kept)), reverse=True):
        char = masked[index]
        if char == "\n":
            end = index + 1
            while masked[end] in " \t" + NBSP + NNBSP:
                end += 1
            out[index:end] = [NNBSP if masked[end] in ";?!" else NBSP]
        elif char in " \t":
            after = masked[index + 1] if index + 1 < len(masked) else ""
            out[index] = NNBSP if after in ";?!" else NBSP
        elif char == "«":
            out.insert(index + 1, NBSP)
        else:
            out.insert(index, NBSP if char in ":»" else NNBSP)
    return "".join(out)
