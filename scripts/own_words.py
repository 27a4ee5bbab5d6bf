"""Find passages of the content that repeat a source document word for word.

    python scripts/own_words.py SOURCE.txt [SOURCE.txt ...] [--content DIR] [--min-words N]

Prints every run of at least N (default 12) consecutive words that an English content string
shares with a source, with the string's ID and the source's line number, and exits 1 when there
is any. Words are compared lowercased, with punctuation and Markdown reference syntax removed,
so that a copied sentence is found even when its commas or links differ. Passages that quote the
instrument on purpose (the checklist's four questions) live in checklist.yaml and are expected
there; list such message IDs with --allow.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

_REFERENCE = re.compile(r"\[((?:[^\[\]\\\n]|\\.)+)\]\[[a-z]+:[^\]\s]*\]")
# Source documents run words together ("ChemSexusers"); split the toolkit's own term back out.
_GLUED = re.compile(r"(ChemSex)(?=[a-z])", re.IGNORECASE)
_APOSTROPHE = "\u2019"
_WORD = re.compile(rf"[\w{_APOSTROPHE}'-]+")


@dataclass(frozen=True)
class Passage:
    message_id: str
    source: str
    source_line: int
    words: str


def words(text: str) -> list[str]:
    text = _REFERENCE.sub(r"\1", text)
    text = _GLUED.sub(r"\1 ", text)
    return [w.lower().replace(_APOSTROPHE, "'").strip("'-") for w in _WORD.findall(text)]


def _source_words(text: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        out.extend((w, number) for w in words(line) if w)
    return out


def shared_runs(
    target: list[str], source: list[tuple[str, int]], min_words: int
) -> list[tuple[int, int, int]]:
    """Maximal runs (start in target, length, source line) of >= min_words equal words."""
    index: dict[tuple[str, ...], list[int]] = {}
    src = [w for w, _ in source]
    for i in range(len(src) - min_words + 1):
        index.setdefault(tuple(src[i : i + min_words]), []).append(i)
    runs: list[tuple[int, int, int]] = []
    i = 0
    while i <= len(target) - min_words:
        starts = index.get(tuple(target[i : i + min_words]))
        if not starts:
            i += 1
            continue
        best_len, best_start = 0, starts[0]
        for s in starts:
            n = 0
            while i + n < len(target) and s + n < len(src) and target[i + n] == src[s + n]:
                n += 1
            if n > best_len:
                best_len, best_start = n, s
        runs.append((i, best_len, source[best_start][1]))
        i += best_len
    return runs


def find(messages: dict[str, str], sources: dict[str, str], min_words: int = 12) -> list[Passage]:
    found: list[Passage] = []
    tables = {name: _source_words(text) for name, text in sources.items()}
    for message_id, text in messages.items():
        target = [w for w in words(text) if w]
        for name, table in tables.items():
            for start, length, line in shared_runs(target, table, min_words):
                shared = " ".join(target[start : start + length])
                found.append(Passage(message_id, name, line, shared))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--min-words", type=int, default=12)
    parser.add_argument("--allow", action="append", default=[], metavar="MESSAGE_ID")
    args = parser.parse_args(argv)

    import chemsex_toolkit
    from chemsex_toolkit.messages import source_messages

    toolkit = chemsex_toolkit.load(args.content)
    messages = {k: v for k, v in source_messages(toolkit).items() if k not in args.allow}
    sources = {path.name: path.read_text(encoding="utf-8") for path in args.sources}
    passages = find(messages, sources, args.min_words)
    for p in passages:
        print(f"{p.message_id}  ~ {p.source}:{p.source_line}\n    {p.words}")
    print(f"{len(passages)} passage(s) of {args.min_words}+ words shared with the sources.")
    return 1 if passages else 0


if __name__ == "__main__":
    sys.exit(main())
