"""The queue of URLs to check: per-host concurrency and spacing, retries at a later time.

A throttled or failed request goes back to the queue with the time it may run again, so no worker
sleeps while another host's URLs are waiting. "Host" is the politeness key the caller gives: the
host's address, so that two spellings of one server share its limits.
"""

from __future__ import annotations

import heapq
import threading
import time
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    ready_at: float
    seq: int
    url: str = field(compare=False)
    attempt: int = field(default=0, compare=False)
    host: str = field(default="", compare=False)


class Scheduler:
    def __init__(self, per_host: int, min_gap: float) -> None:
        self.per_host = per_host
        self.min_gap = min_gap
        self._lock = threading.Condition()
        self._heap: list[Job] = []
        self._active: dict[str, int] = {}
        self._next_slot: dict[str, float] = {}
        self._seq = 0
        self.pending = 0
        self.done = 0

    def add(self, url: str, host: str, ready_at: float) -> None:
        with self._lock:
            self._seq += 1
            heapq.heappush(self._heap, Job(ready_at, self._seq, url, 0, host))
            self.pending += 1
            self._lock.notify_all()

    def take(self) -> Job | None:
        """The next job that may run now on a host with a free slot; None when all are done."""
        with self._lock:
            while True:
                if self.pending == 0:
                    self._lock.notify_all()
                    return None
                now = time.monotonic()
                wait = 0.5
                chosen = -1
                for index, job in enumerate(self._heap):
                    if self._active.get(job.host, 0) >= self.per_host:
                        continue
                    start = max(job.ready_at, self._next_slot.get(job.host, 0.0))
                    if start <= now:
                        chosen = index
                        break
                    wait = min(wait, start - now)
                if chosen >= 0:
                    job = self._heap[chosen]
                    self._heap[chosen] = self._heap[-1]
                    self._heap.pop()
                    heapq.heapify(self._heap)
                    self._active[job.host] = self._active.get(job.host, 0) + 1
                    self._next_slot[job.host] = now + self.min_gap
                    return job
                self._lock.wait(timeout=max(0.001, wait))

    def finish(self, job: Job) -> tuple[int, int]:
        """``job`` is done for good; returns (done, total) for progress reports."""
        with self._lock:
            self._active[job.host] -= 1
            self.pending -= 1
            self.done += 1
            self._lock.notify_all()
            return self.done, self.done + self.pending

    def retry(self, job: Job, at: float) -> None:
        with self._lock:
            self._active[job.host] -= 1
            self._seq += 1
            heapq.heappush(self._heap, Job(at, self._seq, job.url, job.attempt + 1, job.host))
            self._lock.notify_all()
