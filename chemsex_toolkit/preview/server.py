"""The preview's HTTP server: pages from a ``PreviewSite``, with a reload script injected.

The script is added here, to the bytes being served, and never to an exported file. The
exported pages forbid every script but their own and every request by their
Content-Security-Policy; the served copy's policy is widened by exactly the reload script's hash
and requests to this server, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
import socket
import threading
from functools import cache
from html import escape, unescape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any, cast

from chemsex_toolkit.findings import Severity
from chemsex_toolkit.preview.site import PreviewSite

EVENTS = "/__preview/events"
FINDINGS = "/__preview/findings"
# Seconds between keep-alive comments on an idle event stream (also how soon a stream notices
# that the server stops).
KEEPALIVE = 10.0

_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_WILDCARDS = frozenset({"", "0.0.0.0", "::"})


def known_names(bind: str) -> frozenset[str]:
    """The names the preview knows it is reached by when bound to ``bind``: the loopback
    names, the bind name itself and, bound to every address, this machine's own names.
    Whatever else a ``Host`` header names may be a name an attacker points here (DNS
    rebinding), so that a page elsewhere reads the preview as its own."""
    names = set(_LOOPBACK_HOSTS) | {bind}
    if bind in _WILDCARDS:
        names |= {socket.gethostname(), socket.getfqdn()}
    return frozenset(_host_name(name) for name in names if name)


def _host_name(host: str) -> str:
    """A host as compared: lower case, without brackets or a final dot."""
    return host.strip().strip("[]").rstrip(".").lower()


def _is_ip_literal(name: str) -> bool:
    """An address written out: no one can point it elsewhere, as a name can be."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@cache
def reload_script() -> str:
    return files("chemsex_toolkit.preview").joinpath("reload.js").read_text("utf-8")


def _script_hash() -> str:
    digest = hashlib.sha256(reload_script().encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def widen_policy(policy: str) -> str:
    """``policy`` allowing also the reload script (by hash) and requests to this server."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    out, has_script = [], False
    for directive in directives:
        name = directive.split()[0]
        if name == "script-src":
            directive, has_script = f"{directive} {_script_hash()}", True
        elif name == "connect-src":
            continue
        out.append(directive)
    if not has_script:
        out.append(f"script-src {_script_hash()}")
    out.append("connect-src 'self'")
    return "; ".join(out)


def inject(html: bytes, generation: int) -> bytes:
    """The page with the reload script before ``</body>`` and its policy widened for it.

    Works on the bytes and copies them once: at a large size the page is megabytes, and
    decoding, substituting and encoding it cost a noticeable part of a reload."""
    view = memoryview(html)
    pieces: list[bytes | memoryview] = []
    start = 0
    match = _CSP.search(html)
    if match is not None:
        policy = widen_policy(unescape(match.group(1).decode("utf-8")))
        pieces += [view[: match.start(1)], escape(policy).encode("utf-8")]
        start = match.end(1)
    script = f'<script data-generation="{generation}">{reload_script()}</script>'.encode()
    at = html.rfind(b"</body>")
    at = at if at >= start else len(html)
    pieces += [view[start:at], script, view[at:]]
    return b"".join(pieces)


class Broadcaster:
    """Events for the open pages: each stream waits for the next one."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._events: list[str] = []
        self.closed = False

    @property
    def count(self) -> int:
        with self._condition:
            return len(self._events)

    def send(self, event: str) -> None:
        with self._condition:
            self._events.append(event)
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def wait(self, seen: int, timeout: float) -> tuple[int, list[str]]:
        """The events after the first ``seen`` ones, waiting up to ``timeout`` for one."""
        with self._condition:
            self._condition.wait_for(lambda: len(self._events) > seen or self.closed, timeout)
            return len(self._events), self._events[seen:]


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: PreviewSite) -> None:
        self.site = site
        self.events = Broadcaster()
        self.served = threading.Event()  # set whenever a page was served
        self.names = known_names(address[0])
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page closed or reloaded mid-answer is no error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def findings_report(self) -> dict[str, Any]:
        site = self.site
        findings = list(site.findings)
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        return {
            "generation": site.generation,
            "summary": f"Preview: {errors} error(s), {warnings} warning(s)",
            "problem": site.problem,
            "findings": [f.as_dict() for f in findings],
        }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def preview(self) -> PreviewServer:
        """The server that made this handler: always a ``PreviewServer``, the only server this
        handler is given to, though ``BaseRequestHandler`` types its ``server`` as any server."""
        return cast(PreviewServer, self.server)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a request log would bury the messages that matter."""

    def do_GET(self) -> None:
        if not self._host_is_known():
            # A page elsewhere must not read the preview through a name that points here.
            self._send(HTTPStatus.FORBIDDEN, b"Forbidden host.\n", "text/plain; charset=utf-8")
            return
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            self._stream()
            return
        if path == FINDINGS:
            body = json.dumps(self.preview.findings_report()).encode("utf-8")
            self._send(HTTPStatus.OK, body, "application/json")
            return
        generation = self.preview.site.generation
        page = self.preview.site.page(path)
        if page is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found.\n", "text/plain; charset=utf-8")
            return
        body = page.body
        if page.content_type.startswith("text/html"):
            body = inject(body, generation)
        self._send(HTTPStatus.OK, body, page.content_type)
        self.preview.served.set()

    def _host_is_known(self) -> bool:
        """Whether the ``Host`` header names an address or a name the server knows it is
        reached by (``known_names``), whatever address it listens on."""
        host = (self.headers.get("Host") or "").strip()
        if host.startswith("["):
            name = host.split("]", 1)[0]
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        name = _host_name(name)
        return _is_ip_literal(name) or name in self.preview.names

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        events = self.preview.events
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = events.count
        try:
            self._event("hello", str(self.preview.site.generation))
            while not events.closed:
                seen, new = events.wait(seen, KEEPALIVE)
                for name in new:
                    self._event(name, str(self.preview.site.generation))
                if not new:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()
