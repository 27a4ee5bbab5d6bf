"""HTTP servers on loopback addresses standing in for hosts on the web."""

from __future__ import annotations

import email.utils
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Server:
    host: str
    port: int
    hits: Counter[str] = field(default_factory=Counter)
    methods: list[tuple[str, str]] = field(default_factory=list)
    sent_bytes: Counter[str] = field(default_factory=Counter)
    # Set when a streaming answer has stopped, because it was all sent or the client left.
    streamed: defaultdict[str, threading.Event] = field(
        default_factory=lambda: defaultdict(threading.Event)
    )

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(
            self, status: int, headers: dict[str, str] | None = None, body: bytes = b""
        ) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.handle_any()

        def do_GET(self) -> None:
            self.handle_any()

        def handle_any(self) -> None:
            path = self.path
            server.hits[path] += 1
            server.methods.append((self.command, path))
            count = server.hits[path]
            if path in ("/ok", "/c2", "/slash/", "/page"):
                self._send(200, body=b"hello")
            elif path == "/notfound":
                self._send(404)
            elif path == "/gone":
                self._send(410)
            elif path == "/forbidden":
                self._send(403)
            elif path == "/perm":
                self._send(301, {"Location": "/c2"})
            elif path == "/temp":
                self._send(302, {"Location": "/ok"})
            elif path == "/slash":
                self._send(301, {"Location": "/slash/"})
            elif path == "/loop-a":
                self._send(301, {"Location": "/loop-b"})
            elif path == "/loop-b":
                self._send(301, {"Location": "/loop-a"})
            elif path == "/chain":
                self._send(301, {"Location": "/c1"})
            elif path == "/c1":
                self._send(308, {"Location": "/c2"})
            elif path == "/nohead":
                self._send(405 if self.command == "HEAD" else 200, body=b"x")
            elif path == "/retry-seconds":
                self._send(429, {"Retry-After": "1"}) if count == 1 else self._send(200)
            elif path == "/retry-date":
                # HTTP dates have whole seconds: 2 s ahead is at least 1 s of waiting.
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                self._send(429, {"Retry-After": when}) if count == 1 else self._send(200)
            elif path == "/flaky":
                self._send(503) if count == 1 else self._send(200)
            elif path == "/always-429":
                self._send(429, {"Retry-After": "0"})
            elif path == "/slow":
                time.sleep(1.5)
                self._send(200)
            elif path == "/drop":
                self.close_connection = True
                self.connection.close()
            elif path == "/huge":
                if self.command == "HEAD":
                    self._send(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(50 * 1024 * 1024))
                self.end_headers()
                chunk = b"x" * 65536
                try:
                    for _ in range(800):
                        self.wfile.write(chunk)
                        server.sent_bytes[path] += len(chunk)
                except OSError:
                    pass
                finally:
                    server.streamed[path].set()
            elif path.startswith("/delay/"):
                time.sleep(0.05)
                self._send(200)
            else:
                self._send(404)

    return Handler


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """Two hosts: 127.0.0.1 and 127.0.0.2, each on a free port."""
    running = []
    for host in ("127.0.0.1", "127.0.0.2"):
        state = Server(host, 0)
        httpd = ThreadingHTTPServer((host, 0), _handler(state))
        httpd.daemon_threads = True
        state.port = httpd.server_address[1]
        # A short poll lets shutdown() return at once instead of after half a second.
        thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        running.append((httpd, state))
    yield [state for _httpd, state in running]
    for httpd, _state in running:
        httpd.shutdown()
        httpd.server_close()
