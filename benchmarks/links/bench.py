"""Link-check benchmark: 500 URLs over 5 local hosts, each answering after 50 ms.

    python benchmarks/links/bench.py [--per-host 4] [--skip-peers]

Prints our wall time, the ideal (URLs per host / per-host concurrency x latency), and the wall
time of LinkChecker (PyPI) and linkinator (npm registry) on the same URLs at the same per-host
load, all in one run. Peers are installed into a temporary folder on first use.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import ClassVar

HOSTS = [f"127.0.0.{i}" for i in range(1, 6)]
PER_HOST_URLS = 100
LATENCY = 0.05


class Load:
    """Requests served and the most served at once by one host, to compare what each tool
    really asked of the servers."""

    lock = threading.Lock()
    active: ClassVar[dict[str, int]] = {}
    peak: ClassVar[dict[str, int]] = {}
    hits = 0

    @classmethod
    def reset(cls) -> None:
        with cls.lock:
            cls.active, cls.peak, cls.hits = {}, {}, 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    page = b""

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        if self.path == "/index.html":
            body = self.page
            kind = "text/html"
        else:
            host = self.server.server_address[0]
            with Load.lock:
                Load.hits += 1
                Load.active[host] = Load.active.get(host, 0) + 1
                Load.peak[host] = max(Load.peak.get(host, 0), Load.active[host])
            time.sleep(LATENCY)
            with Load.lock:
                Load.active[host] -= 1
            body, kind = b"ok", "text/plain"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    do_GET = _answer
    do_HEAD = _answer


class Server(ThreadingHTTPServer):
    # A deep listen backlog, so that a checker opening many connections at once is not slowed
    # by refused connections and SYN retries on the server's side.
    request_queue_size = 512
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients closing pooled connections early is normal here


def _serve_forever(conn: Connection) -> None:
    """The servers' own process: checkers measured must not share a GIL with the servers."""
    servers: list[ThreadingHTTPServer] = []
    urls: list[str] = []
    for host in HOSTS:
        httpd = Server((host, 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        port = httpd.server_address[1]
        urls += [f"http://{host}:{port}/page/{n}" for n in range(PER_HOST_URLS)]
    links = "".join(f'<a href="{u}">{i}</a>\n' for i, u in enumerate(urls))
    Handler.page = f"<!DOCTYPE html><html><body>{links}</body></html>".encode()
    index = f"http://{HOSTS[0]}:{servers[0].server_address[1]}/index.html"
    conn.send((urls, index))
    while True:
        command = conn.recv()
        if command == "stats":
            conn.send((Load.hits, max(Load.peak.values(), default=0)))
            Load.reset()
        elif command == "stop":
            for httpd in servers:
                httpd.shutdown()
            return


class Servers:
    """The five hosts, running in a child process."""

    def __init__(self) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve_forever, args=(child,), daemon=True)
        self.process.start()
        self.urls, self.index = self.conn.recv()

    def stats(self) -> tuple[int, int]:
        """Requests served and the most at once on one host since the last call."""
        self.conn.send("stats")
        hits, peak = self.conn.recv()
        return int(hits), int(peak)

    def stop(self) -> None:
        self.conn.send("stop")
        self.process.join(timeout=10)


def ours(urls: list[str], per_host: int) -> float:
    from chemsex_toolkit.links.address import Policy
    from chemsex_toolkit.links.check import Checker
    from chemsex_toolkit.links.result import Limits, Outcome

    limits = Limits(concurrency=per_host * len(HOSTS), per_host=per_host, timeout=5)
    started = time.perf_counter()
    # The servers stand on loopback addresses, which the checker refuses unless told.
    results = Checker(limits, policy=Policy(allow_private=True)).run(urls)
    elapsed = time.perf_counter() - started
    assert all(r.outcome is Outcome.OK for r in results.values()), "not every URL was ok"
    return elapsed


def linkchecker(index: str, per_host: int, cache: Path) -> float | str:
    venv = cache / "linkchecker-venv"
    exe = venv / "bin" / "linkchecker"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(venv / "bin/pip"), "install", "-q", "linkchecker"])
        if done.returncode != 0:
            return "could not install"
    config = cache / "linkcheckerrc"
    # LinkChecker's own politeness (at most 10 requests per second per host by default) is
    # raised to what the per-host concurrency allows, so it runs at the same load as ours.
    rate = per_host / LATENCY
    config.write_text(f"[checking]\nmaxrequestspersecond={rate}\nthreads={per_host * len(HOSTS)}\n")
    started = time.perf_counter()
    run = subprocess.run(
        [
            str(exe),
            "--config",
            str(config),
            "--check-extern",
            "--no-robots",
            "-r1",
            "--no-status",
            "-o",
            "none",
            index,
        ],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed if run.returncode in (0, 1) else f"failed: {run.stderr.strip()[:80]}"


def linkinator(index: str, per_host: int, cache: Path) -> float | str:
    folder = cache / "linkinator"
    exe = folder / "node_modules" / ".bin" / "linkinator"
    if not exe.exists():
        if shutil.which("npm") is None:
            return "npm missing"
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["npm", "install", "--silent", "--prefix", str(folder), "linkinator"])
        if done.returncode != 0:
            return "could not install"
    # linkinator has one global concurrency limit, no per-host one: give it the same total.
    started = time.perf_counter()
    run = subprocess.run(
        [str(exe), index, "--concurrency", str(per_host * len(HOSTS)), "--silent"],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed if run.returncode == 0 else f"failed: {(run.stdout + run.stderr).strip()[:80]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "ct-link-bench")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    servers = Servers()
    urls, index = servers.urls, servers.index
    ideal = PER_HOST_URLS / args.per_host * LATENCY
    rows: list[tuple[str, float | str, str]] = [("ideal", ideal, "")]

    def measure(name: str, value: float | str) -> int:
        hits, peak = servers.stats()
        rows.append((name, value, f"{hits} requests, at most {peak} at once per host"))
        return peak

    servers.stats()
    measure("chemsex-toolkit", ours(urls, args.per_host))
    if not args.skip_peers:
        os.environ.setdefault("NO_PROXY", "*")
        measure("LinkChecker", linkchecker(index, args.per_host, args.cache))
        peak = measure("linkinator", linkinator(index, args.per_host, args.cache))
        if peak > args.per_host:
            # linkinator has no per-host limit; compare at the load it actually put on a host.
            measure(f"ours @{peak}/host", ours(urls, peak))
    print(
        f"{len(urls)} URLs over {len(HOSTS)} hosts, {LATENCY * 1000:.0f} ms each, "
        f"{args.per_host} per host at once"
    )
    for name, value, load in rows:
        shown = (
            f"{value:6.2f} s  ({value / ideal:5.2f}x ideal)" if isinstance(value, float) else value
        )
        print(f"  {name:<16} {shown:<28} {load}")
    servers.stop()


if __name__ == "__main__":
    main()
