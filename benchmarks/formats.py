"""Benchmark of the print and spreadsheet formats and of the live preview.

    python benchmarks/formats.py [--runs 5] [--quick] [--pdf-100x] [--serve-only] [--work DIR]

- PDF and XLSX: each exporter's own time per locale (content already validated, in a child
  process so its imports are paid once and not counted), and the peak memory of a whole
  `build --format xlsx` / `--format pdf` command.
- serve: from starting it to its first topic page, at the first start (Python compiles every
  module) and at the next, the start a user sees every day (the bytecode cache written, into the
  work folder, even where PYTHONDONTWRITEBYTECODE is set); and from writing a content file to
  having the updated page (the edited topic's page): the time until the server's
  event stream says "reload" and the page, fetched again, shows the new text. Once for an item of
  the source (every locale touched) and once for a translation (one locale), at the bundled size
  and at 100x; and the server's peak memory. The machine's load average is recorded beside
  these figures: on a busy machine they spread out.

Prints a table and the targets (PASS/FAIL/SKIP); writes benchmarks/results/formats-latest.json.
Exits 0 when a target fails (targets are reported, not enforced); non-zero when a command fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from suite import SCALES, SEED, CommandFailed, executable, run_once  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"

PDF_LIMIT = 3.0  # seconds per locale, bundled content
XLSX_LIMIT = 0.5  # seconds per locale, bundled content
SERVE_BUNDLED_LIMIT = 0.300  # seconds from save to updated page
SERVE_100X_LIMIT = 1.0
SERVE_START_LIMIT = 2.0  # seconds from starting serve to its first topic page (100x)
MEMORY_LIMIT = 300.0  # MB at 100x

# Times one exporter per locale on validated content; prints {"locale": seconds, ...}. The
# exporter's modules (an exporter imports its library, WeasyPrint or XlsxWriter, when it first
# exports) are imported before the clock starts, so that the first locale does not carry them:
# a build pays them once, not per locale. Their time is printed as "imports".
EXPORTER_TIMER = """
import importlib, json, pkgutil, sys, time
from pathlib import Path
from chemsex_toolkit.validation import validate
from chemsex_toolkit.exporting import ExportContext, registry
from chemsex_toolkit.exporting.locales import locale_views
report = validate(Path(sys.argv[1]))
exporter = registry.load(sys.argv[2])
started = time.perf_counter()
package = importlib.import_module(type(exporter).__module__)
for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
    importlib.import_module(module.name)
imports = time.perf_counter() - started
times = {}
for view in locale_views(report.content, None):
    started = time.perf_counter()
    for file in exporter.export(ExportContext(locales=[view], source=report.toolkit)):
        b"".join(file.chunks())
    times[view.locale] = time.perf_counter() - started
print(json.dumps({"imports": imports, "locales": times}))
"""


def generate(scale: str, work: Path) -> Path:
    shape = SCALES[scale]
    if shape is None:
        return ROOT / "content"
    topics, items, locales = shape
    folder = work / "content" / scale
    if not folder.exists():
        run_once(
            [
                sys.executable,
                str(ROOT / "benchmarks/generate.py"),
                str(folder),
                "--topics",
                str(topics),
                "--items",
                str(items),
                "--locales",
                str(locales),
                "--seed",
                str(SEED),
            ]
        )
    return folder


def exporter_times(content: Path, name: str) -> tuple[float, dict[str, float]]:
    """Seconds to import the exporter's modules, and seconds per locale."""
    done = subprocess.run(
        [sys.executable, "-c", EXPORTER_TIMER, str(content), name],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise CommandFailed(f"timing {name} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    return float(result["imports"]), dict(result["locales"])


def build_memory(content: Path, name: str, work: Path, locales: str = "all") -> tuple[float, float]:
    out = work / f"out-{name}"
    shutil.rmtree(out, ignore_errors=True)
    run = run_once(
        [
            executable("chemsex-toolkit"),
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
            "--format",
            name,
            "--locale",
            locales,
        ]
    )
    return run.seconds, run.peak_mb


class Server:
    """`chemsex-toolkit serve` in a child process, with its event stream open."""

    def __init__(self, content: Path, first_page: str = "/", cache: Path | None = None) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if cache is not None:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(cache)
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [executable("chemsex-toolkit"), "serve", "--content", str(content), "--port", "0"],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            # Stopped with Ctrl-C (SIGINT) below, which a shell's background job (a benchmark
            # run with nohup or &) starts ignored, and a child inherits.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        if not line.startswith("Previewing "):
            raise CommandFailed(f"serve did not start: {line}{self.process.stderr.read()}")
        self.port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))
        # The first page a browser would show, before the content's first validation ends.
        self.get(first_page)
        self.first_page_seconds = time.perf_counter() - started
        stream = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        stream.request("GET", "/__preview/events")
        self.events = self._events(stream.getresponse())
        assert next(self.events) == "hello"
        while next(self.events) != "findings":  # the content as found is validated
            pass

    @staticmethod
    def _events(response: http.client.HTTPResponse) -> Iterator[str]:
        name = ""
        while line := response.fp.readline().decode("utf-8"):
            if line.startswith("event: "):
                name = line[7:].strip()
            elif line == "\n" and name:
                yield name
                name = ""

    def get(self, path: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", path)
        return connection.getresponse().read().decode("utf-8")

    def save_to_page(self, file: Path, old: str, new: str, page: str, shown: str) -> float:
        """Seconds from writing ``new`` in place of ``old`` into ``file`` to ``page`` showing
        ``shown``."""
        text = file.read_text("utf-8")
        started = time.perf_counter()
        file.write_text(text.replace(old, new, 1), "utf-8")
        while next(self.events) != "reload":
            pass
        body = self.get(page)
        elapsed = time.perf_counter() - started
        if shown not in body:
            raise CommandFailed(f"{page} does not show {shown!r} after the reload event")
        # Untimed: let the background validation of this save finish, as it would while the
        # editor types the next change.
        while next(self.events) != "findings":
            pass
        return elapsed

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve_times(content: Path, work: Path, runs: int) -> dict[str, Any]:
    """Save-to-page times for a source item and a translation of ``content`` (copied)."""
    copy = work / f"serve-{content.name}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(content, copy)
    items = sorted((copy / "topics").glob("*/items/*.yaml"))
    item = items[0]
    translations = sorted((copy / "locales").glob("*/topics/*.yaml"))
    topic = item.parent.parent.name
    # Each topic has its page; the item's is the one that shows the edit.
    page = f"/en/{topic}.html"
    # The first start compiles every module; the target is for the start a user sees every
    # day after that.
    cache = work / "pycache"
    shutil.rmtree(cache, ignore_errors=True)
    cold = Server(copy, page, cache)
    cold.stop()
    server = Server(copy, page, cache)
    try:
        first_page = server.first_page_seconds
        server.get(page)
        source, translated = [], []
        title = next(
            line for line in item.read_text("utf-8").splitlines() if line.startswith("title: ")
        )
        for run in range(runs):
            new = f"{title} edit{run}"
            source.append(server.save_to_page(item, title, new, page, f" edit{run}<"))
            title = new
        if translations:
            locale = translations[0].parent.parent.name
            translated_page = f"/{locale}/{translations[0].stem}.html"
            server.get(translated_page)
            for run in range(runs):
                text = translations[0].read_text("utf-8")
                # The first translation written on one line (not a block).
                old = next(
                    line for line in text.splitlines() if re.fullmatch(r"    text: [^|>\s].*", line)
                )
                new = f"    text: 'Edit {run} {topic}'"
                translated.append(
                    server.save_to_page(
                        translations[0], old, new, translated_page, f"Edit {run} {topic}"
                    )
                )
        peak = server.peak_mb()
    finally:
        server.stop()
    return {
        "source": source,
        "translation": translated,
        "peak_mb": peak,
        "first_page": first_page,
        "first_page_compiling": cold.first_page_seconds,
    }


def print_and_spreadsheet_measures(
    args: argparse.Namespace,
    bundled: Path,
    big: Path,
    work: Path,
    runs: int,
    results: dict[str, Any],
    judge: Callable[[str, bool | None, str], None],
) -> None:
    """The PDF and XLSX measures."""
    for name, limit in (("pdf", PDF_LIMIT), ("xlsx", XLSX_LIMIT)):
        timed = [exporter_times(bundled, name) for _ in range(runs)]
        per_run = [locales for _, locales in timed]
        medians = {loc: statistics.median(r[loc] for r in per_run) for loc in per_run[0]}
        imports = statistics.median(i for i, _ in timed)
        results[f"{name}_bundled_per_locale"] = medians
        results[f"{name}_imports"] = imports
        worst = max(medians.values())
        print(
            f"  bundled  {name} per locale       "
            + ", ".join(f"{loc} {s * 1000:.0f} ms" for loc, s in medians.items())
            + f" (imports, once: {imports * 1000:.0f} ms)",
            flush=True,
        )
        judge(
            f"{name.upper()} per locale (bundled) < {limit:g} s",
            worst < limit,
            f"slowest locale {worst:.3f} s",
        )
    seconds, peak = build_memory(big, "xlsx", work)
    results["xlsx_100x_build"] = {"seconds": seconds, "peak_mb": peak}
    print(f"  100x     build xlsx (6 locales)  {seconds:.2f} s, {peak:.0f} MB", flush=True)
    judge(f"XLSX build memory (100x) < {MEMORY_LIMIT:g} MB", peak < MEMORY_LIMIT, f"{peak:.0f} MB")
    seconds, peak = build_memory(bundled, "pdf", work)
    results["pdf_bundled_build"] = {"seconds": seconds, "peak_mb": peak}
    print(f"  bundled  build pdf (3 locales)   {seconds:.2f} s, {peak:.0f} MB", flush=True)
    if args.pdf_100x or not args.quick:
        seconds, peak = build_memory(big, "pdf", work, locales="en")
        results["pdf_100x_build_en"] = {"seconds": seconds, "peak_mb": peak}
        print(f"  100x     build pdf (en)          {seconds:.2f} s, {peak:.0f} MB", flush=True)
        judge(
            f"PDF build memory (100x, one locale) < {MEMORY_LIMIT:g} MB",
            peak < MEMORY_LIMIT,
            f"{peak:.0f} MB",
        )
    else:
        judge(
            f"PDF build memory (100x) < {MEMORY_LIMIT:g} MB", None, "--quick: run with --pdf-100x"
        )


def _spread(seconds: list[float]) -> str:
    """The fastest and slowest of some runs, in ms."""
    return f"{min(seconds) * 1000:.0f}-{max(seconds) * 1000:.0f} ms" if seconds else "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--pdf-100x",
        action="store_true",
        help="Build the PDF at 100x even with --quick (about a minute of CPU).",
    )
    parser.add_argument(
        "--serve-only", action="store_true", help="Only the serve measures (no PDF, no XLSX)."
    )
    parser.add_argument("--work", type=Path, default=None)
    args, _unknown = parser.parse_known_args(argv)  # the suite's own options pass through
    runs = args.runs or (1 if args.quick else 5)
    work = args.work or Path(tempfile.mkdtemp(prefix="ct-formats-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"runs": runs}
    targets: list[tuple[str, str, str]] = []

    def judge(name: str, ok: bool | None, detail: str) -> None:
        status = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
        targets.append((name, status, detail))

    try:
        bundled = generate("bundled", work)
        big = generate("100x", work)
        if not args.serve_only:
            print_and_spreadsheet_measures(args, bundled, big, work, runs, results, judge)
        for scale, content, limit in (
            ("bundled", bundled, SERVE_BUNDLED_LIMIT),
            ("100x", big, SERVE_100X_LIMIT),
        ):
            load_before = os.getloadavg()[0]
            timing = serve_times(content, work, runs)
            timing["load_average"] = [load_before, os.getloadavg()[0]]
            results[f"serve_{scale}"] = timing
            source = statistics.median(timing["source"])
            translated = statistics.median(timing["translation"]) if timing["translation"] else 0
            print(
                f"  {scale:<8} serve save->page        source item {source * 1000:.0f} ms, "
                f"translation {translated * 1000:.0f} ms, peak {timing['peak_mb']:.0f} MB "
                f"(runs {_spread(timing['source'] + timing['translation'])}; load average "
                f"{load_before:.1f} before, {timing['load_average'][1]:.1f} after)",
                flush=True,
            )
            worst = max(source, translated)
            judge(
                f"serve save to updated page ({scale}) < {limit * 1000:g} ms",
                worst < limit,
                f"median {source * 1000:.0f} ms (source), {translated * 1000:.0f} ms (translation)",
            )
            print(
                f"  {scale:<8} serve start->first page  {timing['first_page'] * 1000:.0f} ms"
                f" (first start, compiling: {timing['first_page_compiling'] * 1000:.0f} ms)",
                flush=True,
            )
            if scale == "100x":
                judge(
                    f"serve start to first page (100x) < {SERVE_START_LIMIT:g} s",
                    timing["first_page"] < SERVE_START_LIMIT,
                    f"{timing['first_page'] * 1000:.0f} ms",
                )
                judge(
                    f"serve memory (100x) < {MEMORY_LIMIT:g} MB",
                    timing["peak_mb"] < MEMORY_LIMIT,
                    f"{timing['peak_mb']:.0f} MB",
                )
    except CommandFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\nTargets (print, spreadsheet, preview)")
    for name, status, detail in targets:
        print(f"  {status:<5} {name}: {detail}")
    results["targets"] = [{"name": n, "status": s, "detail": d} for n, s, d in targets]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "formats-latest.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
