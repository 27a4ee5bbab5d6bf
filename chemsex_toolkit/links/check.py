"""Checking URLs with ``requests``: pooled sessions, a bounded worker pool, per-host limits,
HEAD then a capped GET, manual redirects, retries with backoff inside a time budget.

A throttled or failed request goes back to the queue with the time it may run again, so no worker
sleeps while another host's URLs are waiting.
"""

from __future__ import annotations

import email.utils
import enum
import errno
import heapq
import random
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter

from chemsex_toolkit.__about__ import __version__

USER_AGENT = f"chemsex-toolkit-linkcheck/{__version__} (+link checker of a CBVCT toolkit)"


class Outcome(enum.StrEnum):
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


@dataclass(frozen=True)
class Result:
    url: str
    outcome: Outcome
    status: int | None = None
    final_url: str | None = None
    detail: str = ""
    network_error: bool = False  # failed before any server answered (DNS, route)


@dataclass(order=True)
class _Job:
    ready_at: float
    seq: int
    url: str = field(compare=False)
    attempt: int = field(default=0, compare=False)
    host: str = field(default="", compare=False)


class _Final(Exception):
    def __init__(self, result: Result) -> None:
        self.result = result


class _Retry(Exception):
    def __init__(self, delay: float | None, detail: str, final: Result) -> None:
        self.delay, self.detail, self.final = delay, detail, final


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _trivial(old: str, new: str) -> bool:
    """http -> https, a trailing slash, or www. added or dropped: not worth an edit."""
    a, b = urlsplit(old), urlsplit(new)
    host_a, host_b = a.netloc.lower().removeprefix("www."), b.netloc.lower().removeprefix("www.")
    return (
        host_a == host_b
        and a.path.rstrip("/") == b.path.rstrip("/")
        and a.query == b.query
        and {a.scheme, b.scheme} <= {"http", "https"}
    )


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(0.0, when.timestamp() - time.time()), cap)


def _network_level(error: BaseException) -> tuple[str, bool]:
    """A short reason and whether the failure says nothing about the server (no DNS, no route)."""
    text = str(error)
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
        if current is None and chain[-1].args:
            inner = chain[-1].args[0]
            current = inner if isinstance(inner, BaseException) else None
    for item in chain:
        if isinstance(item, socket.gaierror):
            # A name that does not exist and a resolver that cannot be reached look alike
            # here; both say nothing about the server, and only the run as a whole can tell
            # "broken link" from "no network".
            if item.errno == socket.EAI_NONAME:
                return "DNS: the name does not exist", True
            return "DNS lookup failed", True
        if isinstance(item, OSError) and item.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "network unreachable", True
        if isinstance(item, ConnectionRefusedError):
            return "connection refused", False
    if "Name or service not known" in text or "NameResolutionError" in text:
        if "Temporary failure" in text or "EAI_AGAIN" in text:
            return "DNS lookup failed", True
        return "DNS: the name does not exist", True
    if "Connection refused" in text:
        return "connection refused", False
    if "Network is unreachable" in text:
        return "network unreachable", True
    return text.split(":")[-1].strip()[:120] or type(error).__name__, False


class Checker:
    """Checks many URLs at once within ``limits``; ``run`` returns one result per URL."""

    def __init__(self, limits: Limits, progress: Callable[[int, int], None] | None = None) -> None:
        self.limits = limits
        self.progress = progress
        self._local = threading.local()
        self._lock = threading.Condition()
        self._heap: list[_Job] = []
        self._active: dict[str, int] = {}
        self._next_slot: dict[str, float] = {}
        self._pending = 0
        self._done = 0
        self._results: dict[str, Result] = {}
        self._deadline = 0.0
        self._seq = 0

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=32, pool_maxsize=self.limits.per_host)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers["User-Agent"] = USER_AGENT
            self._local.session = session
        return session

    def run(self, urls: Sequence[str]) -> dict[str, Result]:
        start = time.monotonic()
        self._deadline = start + self.limits.budget
        for url in urls:
            if url.startswith("mailto:"):
                self._results[url] = _mailto(url)
                continue
            self._push(url, start, 0)
        total = self._pending
        with ThreadPoolExecutor(max_workers=max(1, self.limits.concurrency)) as pool:
            for _ in range(max(1, min(self.limits.concurrency, total))):
                pool.submit(self._worker)
        if self.progress:
            self.progress(total, total)
        return self._results

    def _push(self, url: str, ready_at: float, attempt: int) -> None:
        with self._lock:
            self._seq += 1
            heapq.heappush(self._heap, _Job(ready_at, self._seq, url, attempt, _host(url)))
            if attempt == 0:
                self._pending += 1
            self._lock.notify_all()

    def _take(self) -> _Job | None:
        """The next job that may run now on a host with a free slot; None when all are done."""
        with self._lock:
            while True:
                if self._pending == 0:
                    self._lock.notify_all()
                    return None
                now = time.monotonic()
                wait = 0.5
                chosen = -1
                for index, job in enumerate(self._heap):
                    host = job.host
                    if self._active.get(host, 0) >= self.limits.per_host:
                        continue
                    start = max(job.ready_at, self._next_slot.get(host, 0.0))
                    if start <= now:
                        chosen = index
                        break
                    wait = min(wait, start - now)
                if chosen >= 0:
                    job = self._heap[chosen]
                    self._heap[chosen] = self._heap[-1]
                    self._heap.pop()
                    heapq.heapify(self._heap)
                    host = job.host
                    self._active[host] = self._active.get(host, 0) + 1
                    self._next_slot[host] = now + self.limits.min_gap
                    return job
                self._lock.wait(timeout=max(0.001, wait))

    def _release(self, job: _Job, result: Result | None, retry_at: float | None) -> None:
        with self._lock:
            self._active[job.host] -= 1
            if result is not None:
                self._results[job.url] = result
                self._pending -= 1
                self._done += 1
                if self.progress:
                    self.progress(self._done, self._done + self._pending)
            else:
                assert retry_at is not None
                self._seq += 1
                heapq.heappush(
                    self._heap, _Job(retry_at, self._seq, job.url, job.attempt + 1, job.host)
                )
            self._lock.notify_all()

    def _worker(self) -> None:
        while True:
            job = self._take()
            if job is None:
                return
            try:
                self._release(job, self._check(job.url), None)
            except _Final as final:
                self._release(job, final.result, None)
            except _Retry as retry:
                now = time.monotonic()
                delay = retry.delay
                if delay is None:
                    delay = self.limits.backoff * (2**job.attempt)
                    delay += random.uniform(0, delay / 2)
                if job.attempt >= self.limits.retries or now + delay > self._deadline:
                    self._release(job, retry.final, None)
                else:
                    self._release(job, None, now + delay)

    def _request(self, method: str, url: str) -> requests.Response:
        session = self._session()
        if method == "HEAD":
            return session.head(url, allow_redirects=False, timeout=self.limits.timeout)
        response = session.get(url, allow_redirects=False, timeout=self.limits.timeout, stream=True)
        # Read a little so servers that only fail mid-body are caught, never the whole body.
        read = 0
        for chunk in response.iter_content(8192):
            read += len(chunk)
            if read >= self.limits.body_cap:
                break
        response.close()
        return response

    def _check(self, url: str) -> Result:
        seen = {url}
        current = url
        permanent = False
        for _hop in range(self.limits.max_redirects + 1):
            response = self._fetch(url, current)
            if response.status_code in (301, 302, 303, 307, 308) and "Location" in response.headers:
                target = urljoin(current, response.headers["Location"])
                permanent = permanent or response.status_code in (301, 308)
                if target in seen:
                    return Result(
                        url, Outcome.BROKEN, response.status_code, target, "redirect loop"
                    )
                seen.add(target)
                current = target
                continue
            return self._classify(url, current, response, permanent)
        return Result(url, Outcome.BROKEN, None, current, "too many redirects")

    def _fetch(self, url: str, current: str) -> requests.Response:
        try:
            response = self._request("HEAD", current)
            if response.status_code in (403, 404, 405, 501) or response.status_code >= 500:
                # Many servers refuse or mishandle HEAD; GET is the truth.
                response = self._request("GET", current)
        except requests.exceptions.SSLError as error:
            detail = f"TLS failure: {error}"[:200]
            raise _Final(Result(url, Outcome.BROKEN, None, None, detail)) from None
        except requests.exceptions.Timeout:
            final = Result(url, Outcome.UNVERIFIABLE, None, None, "timed out")
            raise _Retry(None, "timeout", final) from None
        except requests.exceptions.ConnectionError as error:
            reason, network = _network_level(error)
            broken = reason.startswith("DNS: the name") or reason == "connection refused"
            outcome = Outcome.BROKEN if broken or not network else Outcome.UNVERIFIABLE
            final = Result(url, outcome, None, None, reason, network_error=network)
            if reason.startswith("DNS: the name"):
                raise _Final(final) from None  # asking again will not make the name exist
            raise _Retry(None, reason, final) from None
        except requests.exceptions.RequestException as error:
            detail = f"{type(error).__name__}: {error}"[:200]
            raise _Retry(None, "error", Result(url, Outcome.BROKEN, None, None, detail)) from None
        status = response.status_code
        if status == 429:
            delay = _retry_after(response.headers.get("Retry-After"), self.limits.max_retry_after)
            raise _Retry(delay, "429", Result(url, Outcome.UNVERIFIABLE, 429, None, "rate limited"))
        if status == 408 or status >= 500:
            delay = _retry_after(response.headers.get("Retry-After"), self.limits.max_retry_after)
            final = Result(url, Outcome.UNVERIFIABLE, status, None, f"server error {status}")
            raise _Retry(delay, str(status), final)
        return response

    def _classify(
        self, url: str, final: str, response: requests.Response, permanent: bool
    ) -> Result:
        status = response.status_code
        if status in (404, 410):
            return Result(
                url, Outcome.BROKEN, status, final, "not found" if status == 404 else "gone"
            )
        if status in (401, 403, 999) or status >= 400:
            return Result(
                url, Outcome.UNVERIFIABLE, status, final, "the server refused the checker"
            )
        if final != url and permanent and not _trivial(url, final):
            return Result(url, Outcome.REDIRECTED, status, final, "permanent redirect")
        return Result(url, Outcome.OK, status, final if final != url else None)


def _mailto(url: str) -> Result:
    address = url.removeprefix("mailto:").split("?")[0]
    local, _, domain = address.partition("@")
    if local and "." in domain and " " not in address:
        return Result(url, Outcome.SKIPPED, None, None, "mailto: syntax checked only")
    return Result(url, Outcome.BROKEN, None, None, "not a valid e-mail address")
