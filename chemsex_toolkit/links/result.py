"""What a check of one URL ends in, and the limits a run keeps to."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.StrEnum):
    """What became of a URL: ok, permanently redirected, broken, unverifiable (no clear answer),
    or skipped."""

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    UNVERIFIABLE = "unverifiable"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Limits:
    """How hard the checker may push: workers, per-host concurrency and spacing, time."""

    concurrency: int = 16
    per_host: int = 2
    min_gap: float = 0.0
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    budget: float = 120.0
    max_retry_after: float = 30.0
    max_redirects: int = 10
    body_cap: int = 64 * 1024
    # The most one attempt at a URL may take, all its requests and redirects included.
    request_deadline: float = 20.0


@dataclass(frozen=True)
class Result:
    """What checking one URL gave: its outcome, the HTTP status, where a permanent redirect leads
    (``final_url``), a detail for people, and whether no server answered at all."""

    url: str
    outcome: Outcome
    status: int | None = None
    final_url: str | None = None
    detail: str = ""
    network_error: bool = False  # failed before any server answered (DNS, route)
