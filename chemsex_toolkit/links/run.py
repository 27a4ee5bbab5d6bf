"""One link-check run: collect, narrow, consult the cache, check, and judge the network."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chemsex_toolkit.findings import Finding
from chemsex_toolkit.links.address import Policy
from chemsex_toolkit.links.cache import Cache
from chemsex_toolkit.links.check import Checker
from chemsex_toolkit.links.collect import Target, collect
from chemsex_toolkit.links.result import Limits, Outcome, Result


@dataclass
class Report:
    """A link check: every URL with its result and the places that cite it."""

    targets: list[Target]
    results: dict[str, Result]
    notes: list[str] = field(default_factory=list)
    no_network: bool = False
    # The content did not validate: nothing was read for URLs, nothing was fetched.
    invalid: tuple[Finding, ...] = ()

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results.values() if r.outcome is outcome)


@dataclass(frozen=True)
class Options:
    """How to check links: limits, the cache, what to leave out, the address policy."""

    limits: Limits = field(default_factory=Limits)
    cache: Path | None = None
    max_age_ok: float | None = None
    exclude: re.Pattern[str] | None = None
    only_changed: str | None = None
    offline: bool = False
    policy: Policy = field(default_factory=Policy)


def changed_lines(root: Path, ref: str) -> dict[str, set[int]]:
    """Lines added or changed under ``root`` since git ``ref``, by path relative to ``root``."""
    if ref.startswith("-") or not ref.strip():
        # Never let a ref be read as an option (``--output=FILE`` makes git write a file).
        raise ValueError(f"'{ref}' is not a git revision.")
    result = subprocess.run(
        ["git", "diff", "--unified=0", "--relative", "--end-of-options", ref, "--", "."],
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
    """Check the URLs of the content at ``root``; content that does not validate is not read
    for URLs (a pull request must pass ``validate`` before its links are fetched)."""
    from chemsex_toolkit.validation import validate

    validation = validate(root)
    if validation.failed():
        return Report([], {}, invalid=validation.findings)
    targets = collect(validation.content)
    if options.only_changed:
        targets = _changed_only(targets, root, options.only_changed)
    notes: list[str] = []
    cache = _open_cache(options.cache, options.max_age_ok, notes)
    results, to_check = _answer_without_fetching(targets, options, cache)
    if cache is not None and cache.odd:
        notes.append(_odd_entries_note(options.cache, cache.odd))
    checker = Checker(options.limits, progress, options.policy)
    checked = checker.run(to_check) if to_check else {}
    results.update(checked)
    no_network = _no_network(checked)
    if cache is not None and not no_network:
        for result in checked.values():
            cache.put(result)
        cache.save()
    return Report(targets, results, notes, no_network)


def _changed_only(targets: list[Target], root: Path, ref: str) -> list[Target]:
    """The targets cited on a line added or changed since git ``ref``."""
    lines = changed_lines(root, ref)
    return [t for t in targets if any(u.line in lines.get(u.file, set()) for u in t.uses)]


def _open_cache(path: Path | None, max_age_ok: float | None, notes: list[str]) -> Cache | None:
    """The cache at ``path``, loaded (None without one); why it could not be read goes to
    ``notes``."""
    if path is None:
        return None
    cache = Cache(path, max_age_ok)
    cache.load()
    if cache.problem:
        notes.append(cache.problem)
    return cache


def _answer_without_fetching(
    targets: list[Target], options: Options, cache: Cache | None
) -> tuple[dict[str, Result], list[str]]:
    """The results known without a request (excluded, cached, or skipped offline), and the
    URLs left to check."""
    results: dict[str, Result] = {}
    to_check: list[str] = []
    for target in targets:
        if options.exclude is not None and options.exclude.search(target.url):
            results[target.url] = Result(target.url, Outcome.SKIPPED, detail="excluded")
        elif cache is not None and (hit := cache.get(target.url)) is not None:
            results[target.url] = hit
        elif options.offline:
            results[target.url] = Result(target.url, Outcome.SKIPPED, detail="offline")
        else:
            to_check.append(target.url)
    return results, to_check


def _odd_entries_note(path: Path | None, odd: list[str]) -> str:
    shown = ", ".join(odd[:3]) + (" ..." if len(odd) > 3 else "")
    return (
        f"The cache {path} has {len(odd)} odd entry or entries ({shown}): "
        "not sound results, so they were ignored and checked again."
    )


def _no_network(checked: dict[str, Result]) -> bool:
    """Whether every web address checked failed at the network: then the run had no network,
    and its results say nothing of the links (nor go into the cache)."""
    http = [r for u, r in checked.items() if not u.startswith("mailto:")]
    return bool(http) and all(r.network_error for r in http)
