"""Checking URLs: a bounded worker pool, HEAD then a capped GET, manual redirects judged hop by
hop, retries with backoff inside a time budget. A malformed answer becomes a result, never an
exception.

Every hop's host is resolved and its address judged by the policy before any request (the
transport enforces the same judgement when it connects); see ``address`` for the rules.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from chemsex_toolkit.links import failures
from chemsex_toolkit.links.address import Policy, with_article
from chemsex_toolkit.links.dns import Resolver
from chemsex_toolkit.links.result import Limits, Outcome, Result
from chemsex_toolkit.links.scheduler import Job, Scheduler
from chemsex_toolkit.links.transport import (
    HEADER_ALLOWANCE,
    AddressRefused,
    Guard,
    Watch,
    new_session,
    without_userinfo,
)


class _Final(Exception):
    def __init__(self, result: Result) -> None:
        self.result = result


class _Retry(Exception):
    def __init__(self, delay: float | None, detail: str, final: Result) -> None:
        self.delay, self.detail, self.final = delay, detail, final


class _Unusable(Exception):
    """The server's answer cannot be used, and asking again will not change that."""

    def __init__(self, outcome: Outcome, detail: str) -> None:
        self.outcome, self.detail = outcome, detail


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


class Checker:
    """Checks many URLs at once within ``limits``; ``run`` returns one result per URL."""

    def __init__(
        self,
        limits: Limits,
        progress: Callable[[int, int], None] | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.limits = limits
        self.progress = progress
        self.policy = policy or Policy()
        self.resolver = Resolver()
        self._guard = Guard(self.policy, self.resolver)
        self._local = threading.local()
        self._results: dict[str, Result] = {}
        self._deadline = 0.0
        self._queue = Scheduler(limits.per_host, limits.min_gap)

    def run(self, urls: Sequence[str]) -> dict[str, Result]:
        start = time.monotonic()
        self._deadline = start + self.limits.budget
        web: list[str] = []
        for url in urls:
            if url.startswith("mailto:"):
                self._results[url] = _mailto(url)
            else:
                web.append(url)
        workers = max(1, self.limits.concurrency)
        hosts = sorted({_hostname(url) for url in web})
        with ThreadPoolExecutor(max_workers=workers) as pool:
            # Politeness is per server, whatever the URL calls it: resolve every host first.
            keys = dict(zip(hosts, pool.map(self.resolver.key, hosts), strict=True))
        for url in web:
            self._queue.add(url, keys[_hostname(url)], start)
        total = len(web)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for _ in range(max(1, min(workers, total))):
                pool.submit(self._worker)
        if self.progress:
            self.progress(total, total)
        return self._results

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = new_session(self.limits.per_host)
        return session

    def _finish(self, job: Job, result: Result) -> None:
        self._results[job.url] = result
        done, total = self._queue.finish(job)
        if self.progress:
            self.progress(done, total)

    def _worker(self) -> None:
        while True:
            job = self._queue.take()
            if job is None:
                return
            try:
                self._finish(job, self._check(job.url))
            except _Final as final:
                self._finish(job, final.result)
            except _Retry as retry:
                now = time.monotonic()
                delay = retry.delay
                if delay is None:
                    delay = self.limits.backoff * (2**job.attempt)
                    delay += random.uniform(0, delay / 2)
                if job.attempt >= self.limits.retries or now + delay > self._deadline:
                    self._finish(job, retry.final)
                else:
                    self._queue.retry(job, now + delay)
            except Exception as error:  # a bug here must not leave the URL, and the run, hanging
                detail = f"checker error: {type(error).__name__}: {error}"[:200]
                self._finish(job, Result(job.url, Outcome.UNVERIFIABLE, None, None, detail))

    def _request(self, method: str, url: str, deadline: float) -> requests.Response:
        session = self._session()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Unusable(Outcome.UNVERIFIABLE, self._too_slow())
        cap = self.limits.body_cap + HEADER_ALLOWANCE
        with Watch(remaining, cap, self._guard) as watch:
            try:
                if method == "HEAD":
                    response = session.head(url, allow_redirects=False, timeout=self.limits.timeout)
                else:
                    response = session.get(
                        url, allow_redirects=False, timeout=self.limits.timeout, stream=True
                    )
                try:
                    problem = failures.header_problem(response)
                    if problem:
                        raise _Unusable(Outcome.UNVERIFIABLE, problem)
                    if method == "GET":
                        # Read a little so servers that only fail mid-body are caught, never the
                        # whole body, and never decompressed.
                        read = 0
                        for chunk in response.raw.stream(8192, decode_content=False):
                            read += len(chunk)
                            if read >= self.limits.body_cap:
                                break
                finally:
                    response.close()
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError):
                if watch.expired:
                    raise _Unusable(Outcome.UNVERIFIABLE, self._too_slow()) from None
                if watch.overflow:
                    detail = f"malformed response: more than {watch.max_bytes} bytes in one answer"
                    raise _Unusable(Outcome.BROKEN, detail) from None
                raise
            if watch.expired:
                raise _Unusable(Outcome.UNVERIFIABLE, self._too_slow())
        return response

    def _too_slow(self) -> str:
        return f"timed out: no complete answer within {self.limits.request_deadline:g} s"

    def _check(self, url: str) -> Result:
        deadline = time.monotonic() + self.limits.request_deadline
        current = without_userinfo(url)
        seen = {current}
        refusal = self._screen(current, None)
        if refusal:
            return Result(url, Outcome.BROKEN, None, None, f"{refusal}; not checked")
        permanent = False
        for _hop in range(self.limits.max_redirects + 1):
            response = self._fetch(url, current, deadline)
            status = response.status_code
            if status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                location = _decoded(response.headers["Location"])
                try:
                    target = without_userinfo(urljoin(current, location))
                    parts = urlsplit(target)
                    parts.port  # noqa: B018  (raises ValueError for a port that is no number)
                except ValueError:
                    detail = f"redirects to an invalid address ({location[:80]!r})"
                    return Result(url, Outcome.BROKEN, status, None, detail)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    detail = f"redirects to {target[:80]!r}, not a web address; not followed"
                    return Result(url, Outcome.BROKEN, status, target, detail)
                permanent = permanent or status in (301, 308)
                if target in seen:
                    return Result(url, Outcome.BROKEN, status, target, "redirect loop")
                refusal = self._screen(target, current)
                if refusal:
                    return Result(url, Outcome.BROKEN, status, target, f"redirects to {refusal}")
                seen.add(target)
                current = target
                continue
            return self._classify(url, current, response, permanent)
        return Result(url, Outcome.BROKEN, None, current, "too many redirects")

    def _screen(self, target: str, origin: str | None) -> str | None:
        """Why ``target`` must not be requested (after a redirect from ``origin``), if it must not.

        A first URL whose name does not resolve goes on to fail as DNS failures do (the run tells
        "no network" from "broken" by them); a redirect to such a name is the server's mistake."""
        host = _hostname(target)
        found = self.resolver.addresses(host)
        if isinstance(found, socket.gaierror):
            return None if origin is None else f"a name that does not resolve ({host[:80]})"
        before = self.resolver.addresses(_hostname(origin)) if origin is not None else []
        sources = before if isinstance(before, list) and before else [None]
        for ip in found:
            for source in sources:
                kind = self.policy.refused(ip, source)
                if kind is not None:
                    return f"{with_article(kind)} address ({ip}){self.policy.hint()}"
        return None

    def _fetch(self, url: str, current: str, deadline: float) -> requests.Response:
        try:
            response = self._request("HEAD", current, deadline)
            if response.status_code in (403, 404, 405, 501) or response.status_code >= 500:
                # Many servers refuse or mishandle HEAD; GET is the truth.
                response = self._request("GET", current, deadline)
        except _Unusable as unusable:
            final = Result(url, unusable.outcome, None, None, unusable.detail)
            raise _Final(final) from None
        except AddressRefused as refused:
            detail = f"{with_article(refused.kind)} address ({refused.ip}); not checked"
            raise _Final(Result(url, Outcome.BROKEN, None, current, detail)) from None
        except (requests.exceptions.SSLError, urllib3.exceptions.SSLError) as error:
            detail = f"TLS failure: {failures.tls_reason(error)}"[:200]
            raise _Final(Result(url, Outcome.BROKEN, None, None, detail)) from None
        except requests.exceptions.Timeout:
            final = Result(url, Outcome.UNVERIFIABLE, None, None, "timed out")
            raise _Retry(None, "timeout", final) from None
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            raise self._failure(url, error) from None
        except ValueError as error:
            # requests reads a redirect's Location even when it does not follow it, and a
            # Location that is no URL ("http://[::1") fails there.
            detail = f"malformed response: {error}"[:200]
            raise _Final(Result(url, Outcome.BROKEN, None, None, detail)) from None
        status = response.status_code
        if status == 429:
            delay = failures.retry_after(
                response.headers.get("Retry-After"), self.limits.max_retry_after
            )
            raise _Retry(delay, "429", Result(url, Outcome.UNVERIFIABLE, 429, None, "rate limited"))
        if status == 408 or status >= 500:
            delay = failures.retry_after(
                response.headers.get("Retry-After"), self.limits.max_retry_after
            )
            final = Result(url, Outcome.UNVERIFIABLE, status, None, f"server error {status}")
            raise _Retry(delay, str(status), final)
        return response

    def _failure(self, url: str, error: BaseException) -> _Final | _Retry:
        """What a failed request means: a final result, or one to ask again for."""
        if failures.timed_out(error):
            final = Result(url, Outcome.UNVERIFIABLE, None, None, "timed out")
            return _Retry(None, "timeout", final)
        protocol = failures.protocol_level(error)
        if protocol is not None:
            reason, again = protocol
            final = Result(url, Outcome.BROKEN, None, None, reason)
            return _Retry(None, reason, final) if again else _Final(final)
        if not isinstance(error, requests.exceptions.ConnectionError):
            detail = f"{type(error).__name__}: {error}"[:200]
            return _Retry(None, "error", Result(url, Outcome.BROKEN, None, None, detail))
        reason, network = failures.network_level(error)
        broken = reason.startswith("DNS: the name") or reason == "connection refused"
        outcome = Outcome.BROKEN if broken or not network else Outcome.UNVERIFIABLE
        final = Result(url, outcome, None, None, reason, network_error=network)
        if reason.startswith("DNS: the name"):
            return _Final(final)  # asking again will not make the name exist
        return _Retry(None, reason, final)

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


def _decoded(header: str) -> str:
    """A header as the server most likely meant it: UTF-8 bytes, which http.client reads as
    Latin-1 (requests reads ``Location`` the same way)."""
    try:
        return header.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return header


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _mailto(url: str) -> Result:
    address = url.removeprefix("mailto:").split("?")[0]
    local, _, domain = address.partition("@")
    if local and "." in domain and " " not in address:
        return Result(url, Outcome.SKIPPED, None, None, "mailto: syntax checked only")
    return Result(url, Outcome.BROKEN, None, None, "not a valid e-mail address")
