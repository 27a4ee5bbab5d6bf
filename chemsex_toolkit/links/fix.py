"""Rewriting permanent redirects in the YAML, keeping comments and layout, atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chemsex_toolkit._atomic import write_atomic
from chemsex_toolkit.links.result import Outcome
from chemsex_toolkit.links.run import Report


@dataclass(frozen=True)
class Change:
    file: str
    line: int
    old: str
    new: str


def fix_redirects(root: Path, report: Report) -> list[Change]:
    """Replace each permanently redirected ``url:`` value with its final URL, in place.

    The edit is textual, on the exact line the URL was found, so comments, quoting and layout
    stay as they were.
    """
    moves = {
        url: result.final_url
        for url, result in report.results.items()
        if result.outcome is Outcome.REDIRECTED and result.final_url
    }
    by_file: dict[str, list[tuple[int, str, str]]] = {}
    for target in report.targets:
        new = moves.get(target.url)
        if new is None:
            continue
        for use in target.uses:
            by_file.setdefault(use.file, []).append((use.line, target.url, new))
    changes: list[Change] = []
    for file, edits in sorted(by_file.items()):
        path = root / file
        lines = path.read_text(encoding="utf-8").split("\n")
        changed = False
        for line, old, new in edits:
            if old in lines[line - 1]:
                lines[line - 1] = lines[line - 1].replace(old, new, 1)
                changes.append(Change(file, line, old, new))
                changed = True
        if changed:
            write_atomic(path, "\n".join(lines))
    return changes
