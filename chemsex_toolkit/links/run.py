"""One link-check run: collect, narrow, consult the cache, check, and judge the network."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chemsex_toolkit.links.cache import Cache
from chemsex_toolkit.links.check import Checker, Limits, Outcome, Result
from chemsex_toolkit.links.collect import Target, collect


@dataclass
class Report:
    targets: list[Target]
    results: dict[str, Result]
    notes: list[str] = field(default_factory=list)
    no_network: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results.values() if r.outcome is outcome)


@dataclass(frozen=True)
class Options:
    limits: Limits = field(default_factory=Limits)
    cache: Path | None = None
    max_age_ok: float | None = None
    exclude: re.Pattern[str] | None = None
    only_changed: str | None = None
    offline: bool = False


def changed_lines(root: Path, ref: str) -> dict[str, set[int]]:
    """Lines added or changed under ``root`` since git ``ref``, by path relative to ``root``."""
    result = subprocess.run(
        ["git", "diff", "--unified=0", "--relative", ref, "--", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise ValueError(result.stderr.strip() or f"git diff {ref} failed")
    changed: dict[str, set[int]] = {}
    current = ""
    for line in result.stdout.splitlines():
        if line.startswith("+++ "):
            current = line[6:] if line.startswith("+++ b/") else ""
        elif line.startswith("@@") and current:
            match = re.search(r"\+(\d+)(?:,(\d+))?", line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or "1")
                changed.setdefault(current, set()).update(range(start, start + count))
    return changed


def run(root: Path, options: Options, progress: Callable[[int, int], None] | None = None) -> Report:
    targets, notes = collect(root)
    if options.only_changed:
        lines = changed_lines(root, options.only_changed)
        targets = [t for t in targets if any(u.line in lines.get(u.file, set()) for u in t.uses)]
    results: dict[str, Result] = {}
    to_check: list[str] = []
    cache = Cache(options.cache, options.max_age_ok) if options.cache else None
    if cache is not None:
        cache.load()
        if cache.problem:
            notes.append(cache.problem)
    for target in targets:
        if options.exclude is not None and options.exclude.search(target.url):
            results[target.url] = Result(target.url, Outcome.SKIPPED, detail="excluded")
        elif cache is not None and (hit := cache.get(target.url)) is not None:
            results[target.url] = hit
        elif options.offline:
            results[target.url] = Result(target.url, Outcome.SKIPPED, detail="offline")
        else:
            to_check.append(target.url)
    checked = Checker(options.limits, progress).run(to_check) if to_check else {}
    results.update(checked)
    http = [r for u, r in checked.items() if not u.startswith("mailto:")]
    no_network = bool(http) and all(r.network_error for r in http)
    if cache is not None and not no_network:
        for result in checked.values():
            cache.put(result)
        cache.save()
    return Report(targets, results, notes, no_network)
