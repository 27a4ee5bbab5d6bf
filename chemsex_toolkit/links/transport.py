"""The guarded HTTP transport under the checker.

Servers are not trusted to behave. Each attempt at a URL has a deadline that a server sending a
byte now and then cannot stretch (``requests`` timeouts apply to each read, not to the whole),
each response may deliver only so many bytes, and each new connection goes only to an address the
policy allows, the one the checker judged (names are resolved once, by the checker's resolver, so
a name cannot point elsewhere between the check and the connection). No credentials are sent:
neither userinfo from a URL nor entries of a ``.netrc``.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import socket
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
import urllib3.connection
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.util import connection

from chemsex_toolkit.__about__ import __version__
from chemsex_toolkit.links.address import IPAddress, Policy
from chemsex_toolkit.links.dns import Resolver

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

USER_AGENT = f"chemsex-toolkit-linkcheck/{__version__} (+link checker of a CBVCT toolkit)"


class AddressRefused(Exception):
    """A connection to an address the policy does not allow was about to be opened."""

    def __init__(self, ip: IPAddress, kind: str) -> None:
        super().__init__(f"{kind} address {ip}")
        self.ip, self.kind = ip, kind


class Guard:
    """The policy and the resolver the connections of one run obey."""

    def __init__(self, policy: Policy, resolver: Resolver) -> None:
        self.policy, self.resolver = policy, resolver


# Bytes one response may deliver beyond the body cap: room for any sane set of headers.
HEADER_ALLOWANCE = 1024 * 1024

_state = threading.local()


class Watch:
    """Ends the requests of one thread that run past a deadline.

    A timer thread shuts down the sockets registered while the watch is on; the blocked read in
    the worker then sees the connection end. The watch keeps duplicates of the sockets' file
    descriptors, so it can never shut down a socket that has since been closed and replaced by
    another connection under the same number.
    """

    def __init__(self, seconds: float, max_bytes: int, guard: Guard | None = None) -> None:
        self.max_bytes = max_bytes
        self.guard = guard
        self.expired = False
        self.overflow = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._done = False
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Watch:
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


def _watch() -> Watch | None:
    watch: Watch | None = getattr(_state, "watch", None)
    return watch


class _CappedReader(io.RawIOBase):
    """The raw stream under a response: fails once the response has delivered too many bytes."""

    def __init__(self, raw: io.RawIOBase, watch: Watch) -> None:
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
        watch = _watch()
        guard = watch.guard if watch is not None else None
        # Through a proxy the connection goes to the proxy the operator set up; the checker
        # has judged the target's address before the request.
        sock = super()._new_conn() if guard is None or self.proxy else self._guarded(guard)
        if watch is not None:
            watch.add(sock)  # before TLS, so a dripping handshake is cut off too
        return sock

    def _guarded(self, guard: Guard) -> socket.socket:
        """A connection to an allowed address of the host, as resolved by the run's resolver."""
        found = guard.resolver.addresses(self._dns_host)
        if isinstance(found, socket.gaierror):
            raise urllib3.exceptions.NameResolutionError(self.host, self, found)
        for ip in found:
            kind = guard.policy.refused(ip)
            if kind is not None:
                raise AddressRefused(ip, kind)
        last: OSError | None = None
        for ip in found:
            try:
                return connection.create_connection(
                    (str(ip), self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as error:
                message = f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                raise urllib3.exceptions.ConnectTimeoutError(self, message) from error
            except OSError as error:
                last = error
        message = f"Failed to establish a new connection: {last}"
        raise urllib3.exceptions.NewConnectionError(self, message) from last

    def getresponse(self) -> urllib3.response.HTTPResponse:  # type: ignore[override]
        watch = _watch()
        if watch is not None:
            watch.add(self.sock)  # a connection from the pool was registered by another watch
        return super().getresponse()


class _HTTPSConnection(_HTTPConnection, urllib3.connection.HTTPSConnection):
    pass


# urllib3 declares ConnectionCls as its BaseHTTP(S)Connection protocols, which under pyright its
# own HTTP(S)Connection does not satisfy (a ClassVar list against the protocol's attribute);
# mypy, which urllib3 is checked with, accepts both.
class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection  # pyright: ignore[reportAssignmentType]


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection  # pyright: ignore[reportAssignmentType]


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


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def new_session(per_host: int) -> requests.Session:
    session = requests.Session()
    adapter = _Adapter(pool_connections=32, pool_maxsize=per_host)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    # An auth of its own keeps requests from taking credentials from the URL or a .netrc.
    session.auth = _no_auth
    return session


def without_userinfo(url: str) -> str:
    """``url`` without ``user:password@``: credentials in content are never sent."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
