"""The pseudo-locale: accented, lengthened text that keeps Markdown and references working.

A build in it shows at a glance any interface text that does not come from content (it stays
plain English) and any layout that breaks with longer words.
"""

from __future__ import annotations

import re

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕşţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŞŢÛṼŴẊÝŽ",
)
# Reference targets, link URLs, list markers and {name} fields (which the pages fill in) must
# survive untouched.
_PROTECTED = re.compile(
    r"\]\[[a-z]+:[^\]]*\]|\]\([^)]*\)|https?://\S+|^\s*(?:[-*+]|\d+\.)\s|\{\w+\}", re.M
)


def pseudo(text: str) -> str:
    """The pseudo-translation of one string."""
    out: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        out.append(text[position : match.start()].translate(_ACCENTS))
        out.append(match.group(0))
        position = match.end()
    out.append(text[position:].translate(_ACCENTS))
    lines = "".join(out).split("\n")
    # About a third longer, as many languages are; padding at line ends keeps Markdown intact.
    padded = [line + " " + "~" * max(1, len(line) // 3) if line.strip() else line for line in lines]
    return "\n".join(padded)
