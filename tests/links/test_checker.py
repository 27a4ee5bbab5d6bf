"""The checker against real HTTP servers on loopback: every result class and behaviour."""

from __future__ import annotations

import time

import pytest

from chemsex_toolkit.links.address import Policy
from chemsex_toolkit.links.check import Checker
from chemsex_toolkit.links.failures import retry_after
from chemsex_toolkit.links.result import Limits, Outcome, Result
from tests.links.conftest import Server

# The test servers stand on loopback, which the checker refuses unless told.
LOOPBACK = Policy(allow_private=True)
FAST = Limits(concurrency=8, per_host=2, timeout=0.5, retries=2, backoff=0.05, budget=20)


def _check(*urls: str, limits: Limits = FAST) -> dict[str, Result]:
    return Checker(limits, policy=LOOPBACK).run(list(urls))


def test_result_classes(servers: list[Server]) -> None:
    a, b = servers
    results = _check(
        a.url("/ok"),
        a.url("/notfound"),
        a.url("/gone"),
        a.url("/forbidden"),
        a.url("/perm"),
        a.url("/temp"),
        a.url("/slash"),
        b.url("/chain"),
        b.url("/loop-a"),
        "mailto:team@example.org",
        "mailto:not-an-address",
    )
    outcome = {url: r.outcome for url, r in results.items()}
    assert outcome[a.url("/ok")] is Outcome.OK
    assert outcome[a.url("/notfound")] is Outcome.BROKEN
    assert results[a.url("/gone")].status == 410 and outcome[a.url("/gone")] is Outcome.BROKEN
    assert outcome[a.url("/forbidden")] is Outcome.UNVERIFIABLE
    assert outcome[a.url("/perm")] is Outcome.REDIRECTED
    assert results[a.url("/perm")].final_url == a.url("/c2")
    assert outcome[a.url("/temp")] is Outcome.OK  # temporary redirects are not nagged
    assert outcome[a.url("/slash")] is Outcome.OK  # nor a trailing slash
    assert results[b.url("/chain")].final_url == b.url("/c2")
    assert outcome[b.url("/chain")] is Outcome.REDIRECTED
    assert outcome[b.url("/loop-a")] is Outcome.BROKEN
    assert results[b.url("/loop-a")].detail == "redirect loop"
    assert outcome["mailto:team@example.org"] is Outcome.SKIPPED
    assert outcome["mailto:not-an-address"] is Outcome.BROKEN


def test_head_refused_falls_back_to_get(servers: list[Server]) -> None:
    a = servers[0]
    assert _check(a.url("/nohead"))[a.url("/nohead")].outcome is Outcome.OK
    assert [m for m, p in a.methods if p == "/nohead"] == ["HEAD", "GET"]


@pytest.mark.slow  # waits out the server's Retry-After, one second or more
@pytest.mark.parametrize("path", ["/retry-seconds", "/retry-date"])
def test_retry_after_is_honoured(servers: list[Server], path: str) -> None:
    a = servers[0]
    started = time.monotonic()
    result = _check(a.url(path))[a.url(path)]
    assert result.outcome is Outcome.OK
    assert a.hits[path] >= 2
    assert time.monotonic() - started >= 0.5  # it waited for the server's word


def test_retry_after_parsing() -> None:
    assert retry_after("7", cap=30) == 7
    assert retry_after("999", cap=30) == 30
    assert retry_after("nonsense", cap=30) is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", cap=30) == 0


def test_transient_server_error_is_retried(servers: list[Server]) -> None:
    a = servers[0]
    assert _check(a.url("/flaky"))[a.url("/flaky")].outcome is Outcome.OK
    assert a.hits["/flaky"] >= 2


def test_rate_limit_beyond_the_budget_is_unverifiable(servers: list[Server]) -> None:
    a = servers[0]
    result = _check(a.url("/always-429"))[a.url("/always-429")]
    assert result.outcome is Outcome.UNVERIFIABLE and result.status == 429
    assert a.hits["/always-429"] == 1 + FAST.retries  # one HEAD per try, then it gives up


def test_slow_response_times_out_as_unverifiable(servers: list[Server]) -> None:
    a = servers[0]
    limits = Limits(timeout=0.3, retries=0, backoff=0.01, budget=5)
    result = _check(a.url("/slow"), limits=limits)[a.url("/slow")]
    assert result.outcome is Outcome.UNVERIFIABLE and result.detail == "timed out"


def test_huge_body_is_not_downloaded(servers: list[Server]) -> None:
    a = servers[0]
    result = _check(a.url("/huge"))[a.url("/huge")]
    assert result.outcome is Outcome.OK
    assert a.streamed["/huge"].wait(30)  # the server saw the connection close
    assert a.sent_bytes["/huge"] < 5 * 1024 * 1024


def test_dropped_connection_is_broken_not_a_crash(servers: list[Server]) -> None:
    a = servers[0]
    result = _check(a.url("/drop"))[a.url("/drop")]
    assert result.outcome is Outcome.BROKEN
    assert a.hits["/drop"] >= 2  # retried first


def test_unknown_host_and_refused_port(servers: list[Server]) -> None:
    a = servers[0]
    dead = "http://no-such-host.invalid/page"
    closed = "http://127.0.0.1:9/page"
    results = _check(a.url("/ok"), dead, closed)
    assert results[dead].outcome is Outcome.BROKEN and results[dead].network_error
    assert results[closed].outcome is Outcome.BROKEN
    assert results[closed].detail == "connection refused"


def test_per_host_limit_is_respected(servers: list[Server]) -> None:
    a, b = servers
    urls = [a.url(f"/delay/{i}") for i in range(12)] + [b.url(f"/delay/{i}") for i in range(12)]
    limits = Limits(concurrency=16, per_host=3, timeout=2, budget=20)
    checker = Checker(limits, policy=LOOPBACK)
    peak: dict[str, int] = {}
    queue = checker._queue
    original = queue.take

    def spy() -> object:
        job = original()
        for host, active in queue._active.items():
            peak[host] = max(peak.get(host, 0), active)
        return job

    queue.take = spy  # type: ignore[method-assign]
    results = checker.run(urls)
    assert all(r.outcome is Outcome.OK for r in results.values())
    # Three at once per host, never more: the limit is reached and kept. (How fast that is, is
    # for the benchmarks: a loaded machine makes wall-clock bounds in tests fail at random.)
    assert max(peak.values()) == 3
    assert len(peak) == 2  # both hosts, each at its own limit


def test_politeness_counts_by_address_not_by_spelling(servers: list[Server]) -> None:
    a = servers[0]
    spellings = ["127.0.0.1", "2130706433", "127.1", "0x7f.0.0.1"]
    urls = [f"http://{host}:{a.port}/delay/{i}" for i, host in enumerate(spellings * 3)]
    checker = Checker(Limits(concurrency=16, per_host=2, timeout=2, budget=20), policy=LOOPBACK)
    peak: dict[str, int] = {}
    queue = checker._queue
    original = queue.take

    def spy() -> object:
        job = original()
        for host, active in queue._active.items():
            peak[host] = max(peak.get(host, 0), active)
        return job

    queue.take = spy  # type: ignore[method-assign]
    results = checker.run(urls)
    assert all(r.outcome is Outcome.OK for r in results.values()), results
    assert set(peak) == {"127.0.0.1"}  # four spellings, one server, one limit
    assert max(peak.values()) == 2
