"""Results kept between runs: good news for days, redirects for a day, failures never."""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict
from pathlib import Path

from chemsex_toolkit._atomic import regular_or_missing, write_atomic
from chemsex_toolkit.errors import UsageError
from chemsex_toolkit.links.result import Outcome, Result
from chemsex_toolkit.safefiles import read_capped
from chemsex_toolkit.urls import url_problem

DAY = 86_400.0
DEFAULT_MAX_AGE = {Outcome.OK: 7 * DAY, Outcome.REDIRECTED: DAY}
FORMAT = "chemsex-toolkit-link-cache/1"
MAX_BYTES = 64 * 1024 * 1024


class Cache:
    """A JSON file of results with the time each was checked."""

    def __init__(self, path: Path, max_age_ok: float | None = None) -> None:
        self.path = path
        self.max_age = dict(DEFAULT_MAX_AGE)
        if max_age_ok is not None:
            self.max_age[Outcome.OK] = max_age_ok
        self.entries: dict[str, dict[str, object]] = {}
        self.problem = ""
        # False when the path is not a place to keep a cache: then it is neither read nor written.
        self.usable = True
        # URLs whose entry was not a sound result: ignored, and reported once.
        self.odd: list[str] = []

    def load(self) -> None:
        """Read the file; a missing file is empty, a corrupt one is reported and ignored, and
        one that is not a regular file, or lies in a linked folder, is not used at all."""
        unusable = _unusable(self.path)
        if unusable:
            self.problem = f"The cache {self.path} could not be read ({unusable}); it is not used."
            self.usable = False
            return
        if not os.path.lexists(self.path):
            return
        try:
            # Only a regular file, and only so much of it: the path may name a pipe or a device.
            raw = read_capped(self.path, MAX_BYTES)
            if len(raw) > MAX_BYTES:
                raise ValueError(f"it is over {MAX_BYTES:,} bytes")
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("results"), dict):
                raise ValueError("not a link cache")
            self.entries = data["results"]
        except RecursionError:
            self.problem = f"The cache {self.path} nests too deeply to read; starting afresh."
            self.entries = {}
        except (OSError, ValueError, AttributeError) as error:
            self.problem = f"The cache {self.path} could not be read ({error}); starting afresh."
            self.entries = {}

    def get(self, url: str, now: float | None = None) -> Result | None:
        """The cached result for ``url`` while it is fresh; an entry that is not a sound
        result (the file is anyone's to edit) is ignored and noted in ``odd``."""
        entry = self.entries.get(url)
        if entry is None:
            return None
        result = _entry_result(url, entry)
        if result is None:
            self.odd.append(url)
            return None
        checked = float(str(entry["checked_at"]))
        age = (now or time.time()) - checked
        if result.outcome not in self.max_age or age > self.max_age[result.outcome] or age < 0:
            return None
        return result

    def put(self, result: Result, now: float | None = None) -> None:
        if result.outcome not in self.max_age:
            self.entries.pop(result.url, None)
            return
        entry: dict[str, object] = {k: v for k, v in asdict(result).items() if k != "url"}
        entry["outcome"] = result.outcome.value
        entry["checked_at"] = now or time.time()
        self.entries[result.url] = entry

    def save(self) -> None:
        if not self.usable:
            return
        data = {"format": FORMAT, "results": dict(sorted(self.entries.items()))}
        write_atomic(self.path, json.dumps(data, indent=1) + "\n")


def _unusable(path: Path) -> str:
    """Why ``path`` is no place for the cache ("" when it is): a folder of its relative path
    is a symbolic link (committed to the repository, it would put the cache wherever it
    points), or the file itself is not a regular file."""
    if not path.is_absolute():
        folder = Path()
        for part in path.parent.parts:
            folder = folder / part
            if os.path.islink(folder):
                return f"{folder} is a symbolic link"
    try:
        regular_or_missing(path)
    except UsageError:
        return "it is not a regular file"
    return ""


_DETAIL_MAX = 200


def _entry_result(url: str, entry: object) -> Result | None:
    """The result an entry records, or None when any part of it is not what ``put`` writes."""
    if not isinstance(entry, dict):
        return None
    try:
        outcome = Outcome(str(entry.get("outcome")))
    except ValueError:
        return None
    checked = entry.get("checked_at")
    if not isinstance(checked, int | float) or isinstance(checked, bool):
        return None
    if not math.isfinite(checked):
        return None
    status = entry.get("status")
    if status is not None and (
        not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599
    ):
        return None
    final = entry.get("final_url")
    if final is not None and (not isinstance(final, str) or url_problem(final) is not None):
        return None
    if outcome is Outcome.REDIRECTED and final is None:
        return None
    detail = entry.get("detail", "")
    if not isinstance(detail, str) or len(detail) > _DETAIL_MAX or not detail.isprintable():
        return None
    return Result(url, outcome, status, final, detail + " (cached)")
