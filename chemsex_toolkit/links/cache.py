"""Results kept between runs: good news for days, redirects for a day, failures never."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

from chemsex_toolkit._atomic import write_atomic
from chemsex_toolkit.links.result import Outcome, Result

DAY = 86_400.0
DEFAULT_MAX_AGE = {Outcome.OK: 7 * DAY, Outcome.REDIRECTED: DAY}
FORMAT = "chemsex-toolkit-link-cache/1"


class Cache:
    """A JSON file of results with the time each was checked."""

    def __init__(self, path: Path, max_age_ok: float | None = None) -> None:
        self.path = path
        self.max_age = dict(DEFAULT_MAX_AGE)
        if max_age_ok is not None:
            self.max_age[Outcome.OK] = max_age_ok
        self.entries: dict[str, dict[str, object]] = {}
        self.problem = ""

    def load(self) -> None:
        """Read the file; a missing file is empty, a corrupt one is reported and ignored."""
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("results"), dict):
                raise ValueError("not a link cache")
            self.entries = data["results"]
        except (OSError, ValueError, AttributeError) as error:
            self.problem = f"The cache {self.path} could not be read ({error}); starting afresh."
            self.entries = {}

    def get(self, url: str, now: float | None = None) -> Result | None:
        entry = self.entries.get(url)
        if not isinstance(entry, dict):
            return None
        try:
            outcome = Outcome(str(entry["outcome"]))
            checked = float(str(entry["checked_at"]))
        except (KeyError, ValueError):
            return None
        age = (now or time.time()) - checked
        if outcome not in self.max_age or age > self.max_age[outcome] or age < 0:
            return None
        status = entry.get("status")
        final = entry.get("final_url")
        return Result(
            url,
            outcome,
            int(str(status)) if status is not None else None,
            str(final) if final is not None else None,
            str(entry.get("detail", "")) + " (cached)",
        )

    def put(self, result: Result, now: float | None = None) -> None:
        if result.outcome not in self.max_age:
            self.entries.pop(result.url, None)
            return
        entry: dict[str, object] = {k: v for k, v in asdict(result).items() if k != "url"}
        entry["outcome"] = result.outcome.value
        entry["checked_at"] = now or time.time()
        self.entries[result.url] = entry

    def save(self) -> None:
        data = {"format": FORMAT, "results": dict(sorted(self.entries.items()))}
        write_atomic(self.path, json.dumps(data, indent=1) + "\n")
