"""What went wrong with a request, in a few words: every exception becomes a reason."""

from __future__ import annotations

import email.utils
import errno
import http.client
import socket
import ssl
import time

import requests
import urllib3.exceptions
from urllib3.util.response import assert_header_parsing


def causes(error: BaseException) -> list[BaseException]:
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


def protocol_level(error: BaseException) -> tuple[str, bool] | None:
    """A short reason for an answer that broke HTTP, and whether asking again might help."""
    chain = causes(error)
    for item in chain:
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
    for item in chain:
        text = str(item)
        if isinstance(item, urllib3.exceptions.ProtocolError) and "chunk" in text:
            return f"malformed chunked body: {text}"[:200], False
        if isinstance(item, urllib3.exceptions.ProtocolError) and "prematurely" in text:
            return "the body was cut short", True
    return None


def tls_reason(error: BaseException) -> str:
    """What TLS said, without the layers of wrapping around it."""
    for item in causes(error):
        if isinstance(item, ssl.SSLCertVerificationError):
            return f"certificate verify failed: {item.verify_message}"
        if isinstance(item, ssl.SSLError) and item.reason:
            return str(item.reason).replace("_", " ").lower()
    return str(error)


def timed_out(error: BaseException) -> bool:
    """A read that timed out (urllib3 counts a refused connection as a timeout too: not that)."""
    return any(
        isinstance(item, TimeoutError | urllib3.exceptions.ReadTimeoutError)
        for item in causes(error)
    )


def header_problem(response: requests.Response) -> str | None:
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


def retry_after(value: str | None, cap: float) -> float | None:
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


def network_level(error: BaseException) -> tuple[str, bool]:
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
