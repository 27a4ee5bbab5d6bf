"""Checking URLs with ``requests``: pooled sessions, a bounded worker pool, per-host limits,
HEAD then a capped GET, manual redirects, retries with backoff inside a time budget.

A throttled or failed request goes back to the queue with the time it may run again, so no worker
sleeps while another host's URLs are waiting.

Servers are not trusted to behave. Each attempt at a URL has a deadline that a server sending a
byte now and then cannot stretch (``requests`` timeouts apply to each read, not to the whole), each
response may deliver only so many bytes, redirects into private or link-local addresses are not
followed, and a malformed answer becomes a result, never an exception.
"""

from __future__ import annotations

import email.utils
import enum
import errno
import heapq
import http.client
import io
import ipaddress
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

import requests
import urllib3
import urllib3.connection
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.util.response import assert_header_parsing

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

import contextlib

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
    # The most one attempt at a URL may take, all its requests and redirects included.
    request_deadline: float = 20.0


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


class _Unusable(Exception):
    """The server's answer cannot be used, and asking again will not change that."""

    def __init__(self, outcome: Outcome, detail: str) -> None:
        self.outcome, self.detail = outcome, detail


# Bytes one response may deliver beyond the body cap: room for any sane set of headers.
_HEADER_ALLOWANCE = 1024 * 1024

_state = threading.local()


class _Watch:
    """Ends the requests of one thread that run past a deadline.

    A timer thread shuts down the sockets registered while the watch is on; the blocked read in
    the worker then sees the connection end. The watch keeps duplicates of the sockets' file
    descriptors, so it can never shut down a socket that has since been closed and replaced by
    another connection under the same number.
    """

    def __init__(self, seconds: float, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.expired = False
        self.overflow = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._done = False
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        _state.watch = self
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()
        _state.watch = None
        with self._lock:
            self._done = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        try:
            copy = socket.fromfd(sock.fileno(), sock.family, sock.type)
        except OSError:
            return
        with self._lock:
            if not self._done:
                self._sockets.append(copy)
                if self.expired:
                    _shutdown(copy)
                return
        copy.close()

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watch() -> _Watch | None:
    watch: _Watch | None = getattr(_state, "watch", None)
    return watch


class _CappedReader(io.RawIOBase):
    """The raw stream under a response: fails once the response has delivered too many bytes."""

    def __init__(self, raw: io.RawIOBase, watch: _Watch) -> None:
        self._raw = raw
        self._watch = watch
        self._left = watch.max_bytes

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._raw.fileno()

    def readinto(self, buffer: WriteableBuffer, /) -> int | None:
        if self._left <= 0:
            self._watch.overflow = True
            raise OSError(f"the response ran past {self._watch.max_bytes} bytes")
        view = memoryview(buffer).cast("B")
        read = self._raw.readinto(view[: self._left])
        if read:
            self._left -= read
        return read

    def close(self) -> None:
        self._raw.close()
        super().close()


class _CappedResponse(http.client.HTTPResponse):
    def __init__(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(sock, debuglevel, method, url)
        watch = _watch()
        if watch is not None:
            self.fp = io.BufferedReader(_CappedReader(self.fp.detach(), watch))


class _HTTPConnection(urllib3.connection.HTTPConnection):
    """Registers its socket with the thread's watch and caps what a response may deliver."""

    response_class = _CappedResponse

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        watch = _watch()
        if watch is not None:
            watch.add(sock)  # before TLS, so a dripping handshake is cut off too
        return sock

    def getresponse(self) -> urllib3.response.HTTPResponse:  # type: ignore[override]
        watch = _watch()
        if watch is not None:
            watch.add(self.sock)  # a connection from the pool was registered by another watch
        return super().getresponse()


class _HTTPSConnection(_HTTPConnection, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS: dict[str, type[urllib3.HTTPConnectionPool]] = {"http": _HTTPPool, "https": _HTTPSPool}


class _Adapter(HTTPAdapter):
    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, urllib3.ProxyManager):
            manager.pool_classes_by_scheme = _POOLS
        return manager


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def address_kind(address: str | IPAddress) -> str:
    """public, private, loopback, link-local, unspecified, multicast or reserved."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:  # what DNS64 gives for an IPv4-only host: judge the IPv4 address
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if ip.is_loopback:
        return "loopback"
    if ip.is_reserved:
        return "reserved"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "private"
    return "public" if ip.is_global else "private"


def redirect_allowed(origin_ip: str | IPAddress, target_ip: str | IPAddress) -> bool:
    """Whether a redirect from a server at ``origin_ip`` may be followed to ``target_ip``.

    Never into link-local (cloud metadata at 169.254.169.254), unspecified, multicast or reserved
    addresses; into loopback only from loopback; into private addresses only from a server that
    is not public itself.
    """
    return _kinds_allowed(address_kind(origin_ip), address_kind(target_ip))


def _kinds_allowed(origin: str, target: str) -> bool:
    if target in ("link-local", "unspecified", "multicast", "reserved"):
        return False
    if target == "loopback":
        return origin == "loopback"
    if target == "private":
        return origin != "public"
    return True


def _literal(host: str) -> IPAddress | None:
    for text in (host, unquote(host)):
        try:
            return ipaddress.ip_address(text)
        except ValueError:
            continue
    return None


def _resolve(host: str) -> list[IPAddress]:
    """The addresses of ``host``; none when it does not resolve."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    found: list[IPAddress] = []
    for info in infos:
        ip = _literal(str(info[4][0]))
        if ip is not None and ip not in found:
            found.append(ip)
    return found


def _causes(error: BaseException) -> list[BaseException]:
    """``error`` and what it wraps: causes, contexts and exceptions passed as arguments."""
    found: list[BaseException] = []
    todo = [error]
    while todo and len(found) < 20:
        item = todo.pop(0)
        if any(item is seen for seen in found):
            continue
        found.append(item)
        todo.extend(arg for arg in item.args if isinstance(arg, BaseException))
        todo.extend(e for e in (item.__cause__, item.__context__) if e is not None)
    return found


def _protocol_level(error: BaseException) -> tuple[str, bool] | None:
    """A short reason for an answer that broke HTTP, and whether asking again might help."""
    causes = _causes(error)
    for item in causes:
        if isinstance(item, http.client.RemoteDisconnected):
            return "the server closed the connection without answering", True
        if isinstance(item, ConnectionResetError):
            return "the server reset the connection", True
        if isinstance(item, urllib3.exceptions.InvalidChunkLength):  # an IncompleteRead too
            return "malformed chunked body: invalid chunk size", False
        if isinstance(item, http.client.IncompleteRead):
            # http.client keeps the bytes read, urllib3 their number.
            partial: bytes | int = item.partial
            read = partial if isinstance(partial, int) else len(partial)
            expected = "" if item.expected is None else f", {item.expected} more expected"
            return f"the body was cut short ({read} bytes read{expected})", True
        if isinstance(item, http.client.LineTooLong):
            return f"malformed response: {item}", False
        if isinstance(item, http.client.BadStatusLine):
            return f"not an HTTP response (status line {str(item)[:60]!r})", False
        if isinstance(item, http.client.HTTPException):
            return f"malformed response: {item}"[:200], False
    for item in causes:
        text = str(item)
        if isinstance(item, urllib3.exceptions.ProtocolError) and "chunk" in text:
            return f"malformed chunked body: {text}"[:200], False
        if isinstance(item, urllib3.exceptions.ProtocolError) and "prematurely" in text:
            return "the body was cut short", True
    return None


def _tls_reason(error: BaseException) -> str:
    """What TLS said, without the layers of wrapping around it."""
    for item in _causes(error):
        if isinstance(item, ssl.SSLCertVerificationError):
            return f"certificate verify failed: {item.verify_message}"
        if isinstance(item, ssl.SSLError) and item.reason:
            return str(item.reason).replace("_", " ").lower()
    return str(error)


def _timed_out(error: BaseException) -> bool:
    """A read that timed out (urllib3 counts a refused connection as a timeout too: not that)."""
    return any(
        isinstance(item, TimeoutError | urllib3.exceptions.ReadTimeoutError)
        for item in _causes(error)
    )


def _header_problem(response: requests.Response) -> str | None:
    """What is wrong with the headers, when http.client had to guess to read them."""
    original = getattr(response.raw, "_original_response", None)
    message = getattr(original, "msg", None)
    if not isinstance(message, http.client.HTTPMessage):
        return None
    try:
        assert_header_parsing(message)
    except urllib3.exceptions.HeaderParsingError:
        names = ", ".join(sorted({type(d).__name__ for d in message.defects})) or "unparsed data"
        return f"malformed response headers ({names})"
    return None


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
        self._resolved: dict[str, list[IPAddress]] = {}

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = _Adapter(pool_connections=32, pool_maxsize=self.limits.per_host)
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
            except Exception as error:  # a bug here must not leave the URL, and the run, hanging
                detail = f"checker error: {type(error).__name__}: {error}"[:200]
                self._release(job, Result(job.url, Outcome.UNVERIFIABLE, None, None, detail), None)

    def _request(self, method: str, url: str, deadline: float) -> requests.Response:
        session = self._session()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Unusable(Outcome.UNVERIFIABLE, self._too_slow())
        with _Watch(remaining, self.limits.body_cap + _HEADER_ALLOWANCE) as watch:
            try:
                if method == "HEAD":
                    response = session.head(url, allow_redirects=False, timeout=self.limits.timeout)
                else:
                    response = session.get(
                        url, allow_redirects=False, timeout=self.limits.timeout, stream=True
                    )
                try:
                    problem = _header_problem(response)
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
        seen = {url}
        current = url
        permanent = False
        for _hop in range(self.limits.max_redirects + 1):
            response = self._fetch(url, current, deadline)
            status = response.status_code
            if status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                location = response.headers["Location"]
                try:
                    target = urljoin(current, location)
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
                refusal = self._refuse_redirect(current, target)
                if refusal:
                    return Result(url, Outcome.BROKEN, status, target, refusal)
                seen.add(target)
                current = target
                continue
            return self._classify(url, current, response, permanent)
        return Result(url, Outcome.BROKEN, None, current, "too many redirects")

    def _refuse_redirect(self, origin: str, target: str) -> str | None:
        """Why a redirect from ``origin`` to ``target`` must not be followed, if it must not.

        A target that does not resolve is let through to fail as DNS failures do.
        """
        targets = self._addresses(urlsplit(target).hostname or "")
        origins = [address_kind(ip) for ip in self._addresses(urlsplit(origin).hostname or "")]
        for ip in targets:
            kind = address_kind(ip)
            # An origin of unknown address counts as public: the strictest reading.
            if not all(_kinds_allowed(o, kind) for o in origins or ["public"]):
                article = "an" if kind[0] in "aeiou" else "a"
                return f"redirects to {article} {kind} address ({ip}); not followed"
        return None

    def _addresses(self, host: str) -> list[IPAddress]:
        with self._lock:
            known = self._resolved.get(host)
        if known is None:
            known = _resolve(host)
            with self._lock:
                self._resolved[host] = known
        return known

    def _fetch(self, url: str, current: str, deadline: float) -> requests.Response:
        try:
            response = self._request("HEAD", current, deadline)
            if response.status_code in (403, 404, 405, 501) or response.status_code >= 500:
                # Many servers refuse or mishandle HEAD; GET is the truth.
                response = self._request("GET", current, deadline)
        except _Unusable as unusable:
            final = Result(url, unusable.outcome, None, None, unusable.detail)
            raise _Final(final) from None
        except (requests.exceptions.SSLError, urllib3.exceptions.SSLError) as error:
            detail = f"TLS failure: {_tls_reason(error)}"[:200]
            raise _Final(Result(url, Outcome.BROKEN, None, None, detail)) from None
        except requests.exceptions.Timeout:
            final = Result(url, Outcome.UNVERIFIABLE, None, None, "timed out")
            raise _Retry(None, "timeout", final) from None
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            if _timed_out(error):
                final = Result(url, Outcome.UNVERIFIABLE, None, None, "timed out")
                raise _Retry(None, "timeout", final) from None
            protocol = _protocol_level(error)
            if protocol is not None:
                reason, again = protocol
                final = Result(url, Outcome.BROKEN, None, None, reason)
                if not again:
                    raise _Final(final) from None
                raise _Retry(None, reason, final) from None
            if not isinstance(error, requests.exceptions.ConnectionError):
                detail = f"{type(error).__name__}: {error}"[:200]
                final = Result(url, Outcome.BROKEN, None, None, detail)
                raise _Retry(None, "error", final) from None
            reason, network = _network_level(error)
            broken = reason.startswith("DNS: the name") or reason == "connection refused"
            outcome = Outcome.BROKEN if broken or not network else Outcome.UNVERIFIABLE
            final = Result(url, outcome, None, None, reason, network_error=network)
            if reason.startswith("DNS: the name"):
                raise _Final(final) from None  # asking again will not make the name exist
            raise _Retry(None, reason, final) from None
        except ValueError as error:
            # requests reads a redirect's Location even when it does not follow it, and a
            # Location that is no URL ("http://[::1") fails there.
            detail = f"malformed response: {error}"[:200]
            raise _Final(Result(url, Outcome.BROKEN, None, None, detail)) from None
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
