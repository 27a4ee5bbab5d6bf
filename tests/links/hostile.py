"""Raw-socket servers on loopback that misbehave on purpose.

Each server runs one handler per connection in a daemon thread. Handlers that would go on forever
watch ``server.stop`` so that closing the server ends them; a client that goes away ends them too,
as the next send fails.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Handler = Callable[[socket.socket, "RawServer"], None]


@dataclass
class RawServer:
    handler: Handler
    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    port: int = 0
    accepted: int = 0
    sent: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _active: int = 0
    _open: list[socket.socket] = field(default_factory=list)
    _listener: socket.socket | None = None
    _thread: threading.Thread | None = None

    def url(self, path: str = "/") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}{path}"

    def start(self) -> RawServer:
        listener = socket.create_server((self.host, 0))
        listener.settimeout(0.05)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            conns, self._open = self._open, []
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def _serve(self) -> None:
        assert self._listener is not None
        while not self.stop.is_set():
            try:
                conn, _peer = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                self._active += 1  # counted from the accept, so idle() cannot miss it
                self._open.append(conn)
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
                with self._lock:
                    self._open.append(conn)
            self.handler(conn, self)
        except OSError:  # ssl.SSLError and a client that went away included
            pass
        finally:
            conn.close()
            with self._lock:
                self._active -= 1

    def idle(self, timeout: float) -> bool:
        """Wait until every accepted connection's handler has ended (the client left or the
        answer was all sent); False if one still runs after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._active == 0:
                    return True
            self.stop.wait(0.01)
        return False

    # Helpers for handlers.

    def send(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        with self._lock:
            self.sent += len(data)

    def read_request(self, conn: socket.socket) -> tuple[str, str] | None:
        """The method and path of the next request on ``conn``; None when the client is gone."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk or len(data) > 65536:
                return None
            data += chunk
        method, path, *_rest = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        with self._lock:
            self.requests.append((method, path))
        return method, path

    def wait(self, seconds: float) -> bool:
        """Sleep unless the server is closing; False when it is."""
        return not self.stop.wait(seconds)


def response(status: str, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status}"]
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    if "Content-Length" not in (headers or {}) and "Transfer-Encoding" not in (headers or {}):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


NO_HEAD = response("405 Method Not Allowed", {"Allow": "GET", "Connection": "close"})


def answer(raw: bytes, head: bytes | None = NO_HEAD) -> Handler:
    """Reads a request and sends ``raw`` as the whole answer (``head`` for a HEAD, if given),
    then closes. Refusing HEAD makes the checker go on to the GET whose body it reads."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        request = server.read_request(conn)
        if request is None:
            return
        server.send(conn, head if head is not None and request[0] == "HEAD" else raw)

    return handle


def redirects(route: dict[str, str] | Callable[[str], str | None], delay: float = 0.0) -> Handler:
    """``path -> Location`` as 301s after ``delay`` seconds, keeping the connection open; a path
    without a route is a 200."""
    find = route.get if isinstance(route, dict) else route

    def handle(conn: socket.socket, server: RawServer) -> None:
        while (request := server.read_request(conn)) is not None:
            if delay and not server.wait(delay):
                return
            location = find(request[1])
            if location is None:
                server.send(conn, response("200 OK", body=b"" if request[0] == "HEAD" else b"ok"))
            else:
                server.send(conn, response("301 Moved Permanently", {"Location": location}))

    return handle


def drip_body(interval: float) -> Handler:
    """Headers at once, then one byte of a 1 MB body every ``interval`` seconds, forever."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        request = server.read_request(conn)
        if request is None:
            return
        if request[0] == "HEAD":
            server.send(conn, NO_HEAD)
            return
        server.send(conn, response("200 OK", {"Content-Length": str(1024 * 1024)}))
        while server.wait(interval):
            server.send(conn, b"x")

    return handle


def drip_head(interval: float) -> Handler:
    """The status line and then header after header, one byte every ``interval`` seconds."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        if server.read_request(conn) is None:
            return
        text = b"HTTP/1.1 200 OK\r\n" + b"X-Drip: x\r\n" * 10_000
        for index in range(len(text)):
            server.send(conn, text[index : index + 1])
            if not server.wait(interval):
                return

    return handle


def endless_chunks(conn: socket.socket, server: RawServer) -> None:
    """A chunked body that never ends: 8 KiB chunks for as long as the client reads."""
    request = server.read_request(conn)
    if request is None:
        return
    if request[0] == "HEAD":
        server.send(conn, NO_HEAD)
        return
    # A small send buffer keeps what the kernels hold between the two ends small, so that what
    # the server could send is close to what the client read.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32768)
    server.send(conn, response("200 OK", {"Transfer-Encoding": "chunked"}))
    chunk = b"2000\r\n" + b"x" * 8192 + b"\r\n"
    while not server.stop.is_set():
        server.send(conn, chunk)


def endless_chunk_size(conn: socket.socket, server: RawServer) -> None:
    """A chunked body whose first chunk-size line never ends."""
    request = server.read_request(conn)
    if request is None:
        return
    if request[0] == "HEAD":
        server.send(conn, NO_HEAD)
        return
    server.send(conn, response("200 OK", {"Transfer-Encoding": "chunked"}))
    digits = b"f" * 65536
    while not server.stop.is_set():
        server.send(conn, digits)


def huge_header_line(size: int) -> Handler:
    """A 200 whose one header line is ``size`` bytes long, sent 64 KiB at a time."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        if server.read_request(conn) is None:
            return
        server.send(conn, b"HTTP/1.1 200 OK\r\nX-Big: ")
        piece = b"a" * 65536
        for _ in range(size // len(piece)):
            server.send(conn, piece)
        server.send(conn, b"\r\nContent-Length: 0\r\n\r\n")

    return handle


def header_block(count: int, size: int) -> Handler:
    """A 200 with ``count`` headers of ``size`` bytes each: every line within http.client's
    limits, the whole far beyond what a response needs."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        if server.read_request(conn) is None:
            return
        server.send(conn, b"HTTP/1.1 200 OK\r\n")
        for index in range(count):
            server.send(conn, f"X-Filler-{index}: ".encode() + b"a" * size + b"\r\n")
        server.send(conn, b"Content-Length: 0\r\n\r\n")

    return handle


def tls_drip(interval: float) -> Handler:
    """For an https:// URL on a plain socket: the header of a 16 KiB TLS handshake record at once,
    then its body one byte every ``interval`` seconds."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        conn.recv(4096)  # the ClientHello
        server.send(conn, b"\x16\x03\x03\x40\x00")
        while server.wait(interval):
            server.send(conn, b"\x00")

    return handle


def reset(conn: socket.socket, server: RawServer) -> None:
    """Accepts, then resets the connection at once (SO_LINGER with a zero timeout, then close)."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
