"""The checker against servers that misbehave on purpose: it must end in bounded time and
memory, classify every URL, and never follow a redirect into a private or link-local address.

Every server here is started by the test on loopback. A guard refuses any other connection and
resolves no name (numeric addresses only), so nothing here reaches a network or a DNS server.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import ssl
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trustme
import urllib3.util.connection

from chemsex_toolkit.links import address, transport
from chemsex_toolkit.links.address import Policy, address_kind
from chemsex_toolkit.links.check import Checker
from chemsex_toolkit.links.result import Limits, Outcome, Result
from tests.links import hostile
from tests.links.hostile import RawServer, response

# Each case waits for a real deadline to pass: seconds, not milliseconds.
pytestmark = pytest.mark.slow

# The servers stand on loopback, which the checker refuses unless told.
LOOPBACK = Policy(allow_private=True)
# A per-read timeout longer than any drip interval below, so only the deadline can end a drip.
LIMITS = Limits(
    concurrency=8, per_host=2, timeout=2.0, retries=1, backoff=0.05, budget=20, request_deadline=1.5
)

Serve = Callable[..., RawServer]


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every connection the checker opens, recorded; any that is not to loopback is refused.
    Names do not resolve, as if none existed; numeric addresses do, in all their spellings."""
    attempts: list[tuple[str, int]] = []
    original = urllib3.util.connection.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def numeric_only(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "localhost":
            return real_getaddrinfo(host, port, *args, **kwargs)
        kwargs["flags"] = kwargs.get("flags", 0) | socket.AI_NUMERICHOST
        try:
            return real_getaddrinfo(host, port, *args, **kwargs)
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        attempts.append(address)
        host = address[0].strip("[]")
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            if host != "localhost":
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            loopback = True
        if not loopback:
            raise OSError(errno.ENETUNREACH, f"the tests connect to loopback only, not {host}")
        return original(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", numeric_only)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", guarded)
    return attempts


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Starts raw servers on a free loopback port; all are closed after the test."""
    started: list[RawServer] = []

    def start(handler: hostile.Handler, **options: Any) -> RawServer:
        server = RawServer(handler, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def _run(*urls: str, limits: Limits = LIMITS) -> tuple[dict[str, Result], float]:
    started = time.monotonic()
    results = Checker(limits, policy=LOOPBACK).run(list(urls))
    return results, time.monotonic() - started


def _one(url: str, limits: Limits = LIMITS) -> tuple[Result, float]:
    results, elapsed = _run(url, limits=limits)
    assert set(results) == {url}
    return results[url], elapsed


# 1. Slow drip: the deadline ends what per-read timeouts cannot.


def test_dripping_body_is_cut_off_at_the_deadline(serve: Serve) -> None:
    server = serve(hostile.drip_body(0.5))
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.UNVERIFIABLE
    assert result.detail == "timed out: no complete answer within 1.5 s"
    assert 1.4 < elapsed < 4
    assert [method for method, _path in server.requests] == ["HEAD", "GET"]  # not retried


def test_dripping_status_line_and_headers_are_cut_off_at_the_deadline(serve: Serve) -> None:
    server = serve(hostile.drip_head(0.2))
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.UNVERIFIABLE
    assert result.detail.startswith("timed out: no complete answer")
    assert 1.4 < elapsed < 4


def test_dripping_tls_handshake_is_cut_off_at_the_deadline(serve: Serve) -> None:
    server = serve(hostile.tls_drip(0.2))
    url = server.url("/").replace("http://", "https://")
    result, elapsed = _one(url)
    assert result.outcome is Outcome.UNVERIFIABLE
    assert result.detail.startswith("timed out: no complete answer")
    assert 1.4 < elapsed < 4


def test_deadline_covers_all_redirects_of_one_attempt(serve: Serve) -> None:
    # Each hop answers in 0.4 s, well within the per-read timeout; ten of them do not fit in 1.5 s.
    server = serve(hostile.redirects(lambda path: f"/hop{int(path[4:]) + 1}", delay=0.4))
    result, elapsed = _one(server.url("/hop0"))
    assert result.outcome is Outcome.UNVERIFIABLE
    assert result.detail.startswith("timed out: no complete answer")
    assert elapsed < 4
    assert len(server.requests) <= 5


# 2. Endless bodies: read up to the cap, then let go.


def test_endless_chunked_body_is_read_only_up_to_the_cap(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = 0
    original = transport._CappedReader.readinto

    def counting(self: transport._CappedReader, buffer: Any) -> int | None:
        nonlocal read
        count = original(self, buffer)
        read += count or 0
        return count

    monkeypatch.setattr(transport._CappedReader, "readinto", counting)
    server = serve(hostile.endless_chunks)
    tracemalloc.start()
    try:
        result, elapsed = _one(server.url("/"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is Outcome.OK and result.status == 200  # streaming is not breaking
    assert elapsed < 3
    assert read < LIMITS.body_cap + 64 * 1024  # what the checker took from the socket
    assert peak < 3 * 1024 * 1024
    assert server.idle(30)  # the closed connection stopped the server's sending
    assert server.sent < 8 * 1024 * 1024


def test_endless_chunk_size_line_is_a_malformed_body(serve: Serve) -> None:
    server = serve(hostile.endless_chunk_size)
    tracemalloc.start()
    try:
        result, elapsed = _one(server.url("/"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is Outcome.BROKEN
    assert result.detail.startswith("malformed chunked body")
    assert elapsed < 3
    assert peak < 3 * 1024 * 1024


def test_header_block_beyond_the_response_cap_is_cut_off(serve: Serve) -> None:
    # 100 lines of 60 KiB: each line and their number within http.client's limits, 6 MB in all.
    server = serve(hostile.header_block(100, 60 * 1024))
    tracemalloc.start()
    try:
        result, elapsed = _one(server.url("/"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is Outcome.BROKEN
    cap = LIMITS.body_cap + transport.HEADER_ALLOWANCE
    assert result.detail == f"malformed response: more than {cap} bytes in one answer"
    assert elapsed < 3
    assert peak < 4 * 1024 * 1024


# 3. Redirect loops and chains.


def test_redirect_loop_is_broken(serve: Serve) -> None:
    server = serve(hostile.redirects({"/a": "/b", "/b": "/a"}))
    result, elapsed = _one(server.url("/a"))
    assert result.outcome is Outcome.BROKEN and result.detail == "redirect loop"
    assert elapsed < 2
    assert len(server.requests) == 2


def test_redirect_loop_across_two_hosts_is_broken(serve: Serve) -> None:
    second = serve(hostile.redirects({}), host="127.0.0.2")
    first = serve(hostile.redirects({"/x": second.url("/y")}))
    second.handler = hostile.redirects({"/y": first.url("/x")})
    result, elapsed = _one(first.url("/x"))
    assert result.outcome is Outcome.BROKEN and result.detail == "redirect loop"
    assert elapsed < 2


def test_redirect_chain_longer_than_the_limit_is_broken(serve: Serve) -> None:
    # Never the same address twice, so only the hop limit can stop it.
    server = serve(hostile.redirects(lambda path: f"/hop{int(path[4:]) + 1}"))
    result, elapsed = _one(server.url("/hop0"))
    assert result.outcome is Outcome.BROKEN and result.detail == "too many redirects"
    assert elapsed < 2
    assert len(server.requests) == LIMITS.max_redirects + 1


# 4. Private and special addresses, at every hop.


@pytest.mark.parametrize(
    ("origin", "target", "allowed"),
    [
        ("127.0.0.1", "127.0.0.2", True),  # loopback to loopback: the tests' own servers
        ("::1", "127.0.0.1", True),
        ("8.8.8.8", "1.1.1.1", True),  # public to public
        ("2606:4700::1111", "2001:4860:4860::8888", True),
        ("10.0.0.1", "10.0.0.2", True),  # within a private network
        ("127.0.0.1", "192.168.1.10", True),
        ("10.0.0.1", "8.8.8.8", True),  # private to public
        ("8.8.8.8", "10.0.0.1", False),  # public into private
        ("8.8.8.8", "172.16.0.1", False),
        ("8.8.8.8", "192.168.1.1", False),
        ("8.8.8.8", "100.64.0.1", False),  # shared address space (carrier NAT)
        ("2606:4700::1111", "fc00::1", False),  # unique local
        ("2606:4700::1111", "fec0::1", False),  # site-local
        ("8.8.8.8", "127.0.0.1", False),  # public into loopback
        ("2606:4700::1111", "::1", False),
        ("8.8.8.8", "::ffff:127.0.0.1", False),  # loopback, IPv4-mapped
        ("10.0.0.1", "127.0.0.1", False),  # private into loopback
        ("8.8.8.8", "169.254.169.254", False),  # link-local: cloud metadata
        ("127.0.0.1", "169.254.169.254", False),  # from anywhere
        ("10.0.0.1", "169.254.0.1", False),
        ("::1", "fe80::1", False),
        ("2606:4700::1111", "fe80::1%eth0", False),
        ("8.8.8.8", "::ffff:169.254.169.254", False),
        ("8.8.8.8", "64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("8.8.8.8", "64:ff9b::808:808", True),  # NAT64 of 8.8.8.8: what DNS64 gives
        ("8.8.8.8", "0.0.0.0", False),  # unspecified
        ("8.8.8.8", "::", False),
        ("127.0.0.1", "0.0.0.0", False),
        ("8.8.8.8", "224.0.0.1", False),  # multicast
        ("8.8.8.8", "ff02::1", False),
        ("8.8.8.8", "240.0.0.1", False),  # reserved
        ("8.8.8.8", "255.255.255.255", False),
    ],
)
def test_redirect_rule_when_private_addresses_are_allowed(
    origin: str, target: str, allowed: bool
) -> None:
    refused = LOOPBACK.refused(ipaddress.ip_address(target), ipaddress.ip_address(origin))
    assert (refused is None) is allowed


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("64:ff9b::808:808", None),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("100.64.0.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
    ],
)
def test_only_public_addresses_by_default(target: str, kind: str | None) -> None:
    ip = ipaddress.ip_address(target)
    assert Policy().refused(ip) == kind
    assert Policy().refused(ip, ipaddress.ip_address("8.8.8.8")) == kind


def test_address_kind() -> None:
    assert address_kind("169.254.169.254") == "link-local"
    assert address_kind("fe80::1") == "link-local"
    assert address_kind("127.0.0.1") == "loopback"
    assert address_kind("::1") == "loopback"
    assert address_kind("10.1.2.3") == "private"
    assert address_kind("93.184.216.34") == "public"
    assert address_kind("::") == "unspecified"


@pytest.mark.parametrize(
    ("spelling", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),  # one decimal number
        ("0x7f000001", "127.0.0.1"),  # one hexadecimal number
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("127.1", "127.0.0.1"),  # short
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),  # IPv4-mapped
        ("[::1]", "::1"),
        ("localhost", "127.0.0.1"),
    ],
)
def test_first_request_to_loopback_in_any_spelling_is_refused_by_default(
    serve: Serve, loopback_only: list[tuple[str, int]], spelling: str, address: str
) -> None:
    server = serve(hostile.redirects({}))
    url = f"http://{spelling}:{server.port}/"
    results = Checker(LIMITS).run([url])
    result = results[url]
    assert result.outcome is Outcome.BROKEN
    assert result.detail.startswith("a loopback address (")
    if spelling != "localhost":  # localhost may resolve to ::1 first
        assert f"({address})" in result.detail
    assert result.detail.endswith("(only public addresses are checked); not checked")
    assert loopback_only == [] and server.requests == []  # nothing was sent anywhere


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://2852039166/latest/meta-data/",  # the same, as one number
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[fe80::1%25eth0]/",
        "http://0.0.0.0:{port}/",
        "http://10.0.0.1/",
        "http://[fc00::1]/",
    ],
)
def test_first_request_to_a_special_address_is_refused_even_when_private_is_allowed(
    serve: Serve, loopback_only: list[tuple[str, int]], url: str
) -> None:
    server = serve(hostile.redirects({}))
    url = url.format(port=server.port)
    private = "10.0.0.1" in url or "fc00" in url
    results = Checker(LIMITS, policy=Policy(allow_private=not private)).run([url])
    assert results[url].outcome is Outcome.BROKEN
    assert results[url].detail.endswith("; not checked")
    assert loopback_only == [] and server.requests == []


@pytest.mark.parametrize(
    ("location", "address"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[::ffff:169.254.169.254]/latest/meta-data/", "::ffff:a9fe:a9fe"),
        ("http://2852039166/latest/meta-data/", "169.254.169.254"),  # the same, as one number
        ("http://0.0.0.0:{port}/", "0.0.0.0"),  # reaches this machine on Linux
    ],
)
def test_redirect_to_a_special_address_is_not_followed(
    serve: Serve, loopback_only: list[tuple[str, int]], location: str, address: str
) -> None:
    server = serve(hostile.redirects({}))
    server.handler = hostile.redirects({"/": location.format(port=server.port)})
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN
    assert result.detail.startswith("redirects to a")
    assert result.detail.endswith(f"address ({address})")
    assert elapsed < 2
    assert {host for host, _port in loopback_only} == {"127.0.0.1"}  # it never connected there


@pytest.mark.parametrize("target", ["127.0.0.2", "10.0.0.1"])
def test_redirect_from_a_public_server_into_a_private_one_is_not_followed(
    serve: Serve,
    monkeypatch: pytest.MonkeyPatch,
    loopback_only: list[tuple[str, int]],
    target: str,
) -> None:
    # The policy sees the server at 127.0.0.1 as a public one; the test still connects to it.
    real = address.address_kind

    def kind(ip: str | address.IPAddress) -> str:
        return "public" if str(ip) == "127.0.0.1" else real(ip)

    monkeypatch.setattr(address, "address_kind", kind)
    server = serve(hostile.redirects({"/": f"http://{target}:9/page"}))
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN
    kind_name = "loopback" if target.startswith("127.") else "private"
    assert result.detail == f"redirects to a {kind_name} address ({target})"
    assert result.final_url == f"http://{target}:9/page"
    assert elapsed < 2
    assert {host for host, _port in loopback_only} == {"127.0.0.1"}


def test_redirect_between_loopback_servers_is_followed(serve: Serve) -> None:
    second = serve(hostile.redirects({}), host="127.0.0.2")
    first = serve(hostile.redirects({"/": second.url("/page")}))
    result, elapsed = _one(first.url("/"))
    assert result.outcome is Outcome.REDIRECTED and result.final_url == second.url("/page")
    assert elapsed < 2


def test_redirect_to_a_name_that_does_not_resolve_is_broken_not_offline(serve: Serve) -> None:
    server = serve(hostile.redirects({"/": "http://no-such-host.invalid/page"}))
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN and not result.network_error
    assert result.detail == "redirects to a name that does not resolve (no-such-host.invalid)"
    assert elapsed < 5


def test_a_name_resolves_once_so_it_cannot_point_elsewhere_when_connecting(
    serve: Serve, monkeypatch: pytest.MonkeyPatch, loopback_only: list[tuple[str, int]]
) -> None:
    """DNS rebinding: the first answer (public) is judged; a later one (loopback) never used."""
    answers = iter(["127.0.0.1", "127.0.0.2"])
    real = socket.getaddrinfo

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.test":
            host = next(answers)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    first = serve(hostile.redirects({"/": "/again"}))
    url = f"http://rebind.test:{first.port}/"
    results = Checker(LIMITS, policy=LOOPBACK).run([url])
    assert results[url].outcome is Outcome.REDIRECTED
    assert {host for host, _port in loopback_only} == {"127.0.0.1"}


def test_userinfo_is_never_sent(
    serve: Serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login netrc password secret\n")
    (tmp_path / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    seen: list[bytes] = []

    def record(conn: socket.socket, server: RawServer) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        seen.append(data)
        server.send(conn, response("200 OK", {"Connection": "close"}))

    server = serve(record)
    url = f"http://user:pass@127.0.0.1:{server.port}/"
    result, _elapsed = _one(url)
    assert result.outcome is Outcome.OK
    assert seen and all(b"authorization" not in request.lower() for request in seen)
    assert all(b"user" not in request for request in seen)


# 5. Invalid TLS.


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def _tls(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


@pytest.fixture(scope="module")
def self_signed(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server context with the CA's own certificate and key: a self-signed certificate."""
    folder = tmp_path_factory.mktemp("self-signed")
    (folder / "cert.pem").write_bytes(ca.cert_pem.bytes())
    (folder / "key.pem").write_bytes(ca.private_key_pem.bytes())
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


@pytest.fixture
def trusted(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes requests trust the test CA, as it would a public one."""
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(ca.cert_pem.bytes())
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))


def test_self_signed_certificate_is_a_tls_failure(
    serve: Serve, self_signed: ssl.SSLContext
) -> None:
    server = serve(hostile.redirects({}), tls=self_signed)
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN
    assert result.detail.startswith("TLS failure")
    assert "self-signed certificate" in result.detail
    assert elapsed < 3
    assert server.accepted == 1  # not retried: it will not get better


def test_certificate_from_an_unknown_authority_is_a_tls_failure(
    serve: Serve, ca: trustme.CA
) -> None:
    server = serve(hostile.redirects({}), tls=_tls(ca.issue_cert("127.0.0.1")))
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN and result.detail.startswith("TLS failure")
    assert "unable to get local issuer certificate" in result.detail
    assert elapsed < 3


@pytest.mark.usefixtures("trusted")
def test_trusted_certificate_is_ok(serve: Serve, ca: trustme.CA) -> None:
    # The control: the same server with a certificate the client trusts passes.
    server = serve(hostile.redirects({}), tls=_tls(ca.issue_cert("127.0.0.1")))
    result, _elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.OK


@pytest.mark.usefixtures("trusted")
def test_certificate_for_another_name_is_a_tls_failure(serve: Serve, ca: trustme.CA) -> None:
    server = serve(hostile.redirects({}), tls=_tls(ca.issue_cert("other.example")))
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN and result.detail.startswith("TLS failure")
    assert "mismatch" in result.detail
    assert elapsed < 3


@pytest.mark.usefixtures("trusted")
def test_expired_certificate_is_a_tls_failure(serve: Serve, ca: trustme.CA) -> None:
    now = datetime.now(UTC)
    cert = ca.issue_cert(
        "127.0.0.1", not_before=now - timedelta(days=30), not_after=now - timedelta(days=1)
    )
    server = serve(hostile.redirects({}), tls=_tls(cert))
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN and result.detail.startswith("TLS failure")
    assert "expired" in result.detail
    assert elapsed < 3


def test_plain_http_on_an_https_address_is_a_tls_failure(serve: Serve) -> None:
    def plain(conn: socket.socket, server: RawServer) -> None:
        conn.recv(4096)  # a ClientHello, which a plain HTTP server answers with a 400
        server.send(conn, response("400 Bad Request", {"Connection": "close"}))

    server = serve(plain)
    result, elapsed = _one(server.url("/").replace("http://", "https://"))
    assert result.outcome is Outcome.BROKEN and result.detail.startswith("TLS failure")
    assert elapsed < 3


# 6. Malformed responses.

TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("handler", "outcome", "detail"),
    [
        pytest.param(
            hostile.answer(b"HELLO\r\n\r\n", head=None),
            Outcome.BROKEN,
            "not an HTTP response",
            id="garbage",
        ),
        pytest.param(
            hostile.answer(b"HTTP/1.1 OK\r\n\r\n", head=None),
            Outcome.BROKEN,
            "not an HTTP response",
            id="status-without-code",
        ),
        pytest.param(
            hostile.answer(b"HTTP/1.1 2000 Fine\r\nContent-Length: 0\r\n\r\n", head=None),
            Outcome.BROKEN,
            "not an HTTP response",
            id="status-code-out-of-range",
        ),
        pytest.param(
            hostile.answer(b"", head=None),
            Outcome.BROKEN,
            "the server closed the connection without answering",
            id="empty-answer",
        ),
        pytest.param(
            hostile.answer(
                b"HTTP/1.1 200 OK\r\nThis line has no colon\r\nContent-Length: 2\r\n\r\nok",
                head=None,
            ),
            Outcome.UNVERIFIABLE,
            "malformed response headers",
            id="header-without-colon",
        ),
        pytest.param(
            hostile.huge_header_line(TEN_MB),
            Outcome.BROKEN,
            "malformed response: got more than 65536 bytes when reading header line",
            id="10-MB-header-line",
        ),
        pytest.param(
            hostile.header_block(1000, 10),
            Outcome.BROKEN,
            "malformed response: got more than 100 headers",
            id="too-many-headers",
        ),
        pytest.param(
            hostile.answer(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n0123456789"),
            Outcome.BROKEN,
            "the body was cut short (10 bytes read, 99990 more expected)",
            id="content-length-lies",
        ),
        pytest.param(
            hostile.answer(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
            ),
            Outcome.BROKEN,
            "malformed chunked body",
            id="invalid-chunk-size",
        ),
        pytest.param(
            hostile.answer(
                response("301 Moved Permanently", {"Location": "http://[::1"}), head=None
            ),
            Outcome.BROKEN,
            "malformed response: Invalid IPv6 URL",
            id="location-not-a-url",
        ),
        pytest.param(
            hostile.answer(response("302 Found", {"Location": "file:///etc/passwd"}), head=None),
            Outcome.BROKEN,
            "redirects to 'file:///etc/passwd', not a web address; not followed",
            id="location-not-the-web",
        ),
    ],
)
def test_malformed_response_is_classified(
    serve: Serve, handler: hostile.Handler, outcome: Outcome, detail: str
) -> None:
    server = serve(handler)
    tracemalloc.start()
    try:
        result, elapsed = _one(server.url("/"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is outcome
    assert result.detail.startswith(detail)
    assert elapsed < 3
    assert peak < 4 * 1024 * 1024


def test_content_length_that_is_never_delivered_times_out(serve: Serve) -> None:
    def handle(conn: socket.socket, server: RawServer) -> None:
        request = server.read_request(conn)
        if request is not None and request[0] == "HEAD":
            server.send(conn, hostile.NO_HEAD)
        elif request is not None:
            server.send(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
            server.stop.wait(10)

    server = serve(handle)
    limits = Limits(timeout=0.3, retries=1, backoff=0.05, budget=20, request_deadline=5)
    result, elapsed = _one(server.url("/"), limits)
    assert result.outcome is Outcome.UNVERIFIABLE and result.detail == "timed out"
    assert elapsed < 3


# 7. Connection reset.


def test_connection_reset_is_broken_after_the_retries(serve: Serve) -> None:
    server = serve(hostile.reset)
    result, elapsed = _one(server.url("/"))
    assert result.outcome is Outcome.BROKEN
    assert result.detail in (
        "the server reset the connection",
        "the server closed the connection without answering",
    )
    assert server.accepted == 1 + LIMITS.retries
    assert elapsed < 3


# All at once, and a checker bug.


def test_a_run_over_every_hostile_server_ends_in_bounded_time(
    serve: Serve, self_signed: ssl.SSLContext
) -> None:
    expected: dict[str, Outcome] = {}
    for handler, outcome in [
        (hostile.drip_body(0.5), Outcome.UNVERIFIABLE),
        (hostile.drip_head(0.2), Outcome.UNVERIFIABLE),
        (hostile.endless_chunks, Outcome.OK),
        (hostile.endless_chunk_size, Outcome.BROKEN),
        (hostile.header_block(100, 60 * 1024), Outcome.BROKEN),
        (hostile.huge_header_line(TEN_MB), Outcome.BROKEN),
        (hostile.answer(b"HELLO\r\n\r\n", head=None), Outcome.BROKEN),
        (hostile.redirects({"/": "/"}), Outcome.BROKEN),
        (hostile.redirects({"/": "http://169.254.169.254/"}), Outcome.BROKEN),
        (hostile.reset, Outcome.BROKEN),
        (hostile.redirects({}), Outcome.OK),
    ]:
        expected[serve(handler).url("/")] = outcome
    expected[serve(hostile.redirects({}), tls=self_signed).url("/")] = Outcome.BROKEN
    results, elapsed = _run(*expected)
    assert {url: r.outcome for url, r in results.items()} == expected
    assert all(r.detail for r in results.values() if r.outcome is not Outcome.OK)
    assert not any(r.detail.startswith("checker error") for r in results.values())
    assert elapsed < 5


def test_a_checker_error_is_a_result_not_a_hang(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve(hostile.redirects({}))
    bad, good = server.url("/bad"), server.url("/good")
    real = Checker._check

    def failing(self: Checker, url: str) -> Result:
        if url == bad:
            raise RuntimeError("a bug")
        return real(self, url)

    monkeypatch.setattr(Checker, "_check", failing)
    results, elapsed = _run(bad, good)
    assert results[bad].outcome is Outcome.UNVERIFIABLE
    assert results[bad].detail == "checker error: RuntimeError: a bug"
    assert results[good].outcome is Outcome.OK
    assert elapsed < 2
