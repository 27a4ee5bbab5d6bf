"""Performance suite: our commands and their peers, on the bundled content and at 10x and 100x.

    python benchmarks/suite.py [--scales bundled,10x,100x] [--runs 5] [--quick] [--no-link-peers]

Each measure runs its command as a child process several times and records the min and median
wall time and the child's own peak memory. The peers (check-jsonschema on every content file,
against our published schemas; mkdocs building our Markdown export) run on the same files in the
same run, and the link-check benchmark (benchmarks/links/bench.py) runs once. Prints a table and
the performance targets as PASS/FAIL, and writes everything to benchmarks/results/. Exits 0 when
a target fails; exits non-zero only when a command fails.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
RESULTS = BENCHMARKS / "results"
SCHEMAS = ROOT / "schemas"

# Synthetic scales (topics, items per topic, locales), generated with seed 1. "10x" and "100x" are
# that much larger than the bundled content in bytes (9.9x and 92x: the bundled content is 1 topic
# of 5 items in 3 languages; a synthetic item weighs what a bundled one does, a translation what
# its source does). "500x10" is the example the performance issue gives, 500 items in 11
# languages (about 220x); it is reported, not judged, and runs only when asked for.
SCALES: dict[str, tuple[int, int, int] | None] = {
    "bundled": None,
    "10x": (4, 10, 5),
    "100x": (10, 40, 5),
    "500x10": (10, 50, 10),
}
DEFAULT_SCALES = ("bundled", "10x", "100x")
JUDGED_SCALES = ("bundled", "10x", "100x")
SEED = 1
# Each build measure: its name after "build " and the formats it exports. "default" is what
# `build` exports without --format; PDF and XLSX have targets of their own in formats.py.
DEFAULT_FORMATS = "html,markdown,json"
BUILDS = {"html": "html", "markdown": "markdown", "json": "json", "default": DEFAULT_FORMATS}

# Targets of the performance issue.
COLD_START_LIMIT = 0.150  # seconds, `--version` and `--help`
BUNDLED_LIMIT = 1.0  # seconds, validate + build of the default formats, bundled content
SCALE_LIMIT = 110.0  # at 100x, each step at most this many times its bundled time
MEMORY_LIMIT = 300.0  # MB, peak memory of any of our commands
VS_SCHEMA_AT_100X = 2.0  # validate at least this many times faster than check-jsonschema


# The commands of one run of a measure, each with its working folder (None: the current one).
Invocations = list[tuple[list[str], Path | None]]


def single(command: list[str]) -> Invocations:
    return [(command, None)]


class CommandFailed(RuntimeError):
    """A measured command exited non-zero: the figures would be meaningless."""


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Measure:
    name: str
    scale: str
    peer: bool
    runs: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    ratio: float | None = None

    @property
    def min(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class Target:
    name: str
    status: str  # PASS, FAIL or SKIP
    detail: str


def _maxrss_mb(maxrss: int) -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def run_once(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``command``, returning its wall time and its own peak memory; raise if it fails.

    os.wait4 gives the resource usage of that one child, where getrusage(RUSAGE_CHILDREN) would
    give the largest of every child waited for so far.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code  # waited for already: Popen must not wait again
        if code != 0:
            out.seek(0)
            err.seek(0)
            tail = (out.read() + err.read()).decode(errors="replace").strip()[-2000:]
            raise CommandFailed(f"`{' '.join(command)}` exited {code}:\n{tail}")
    return Run(elapsed, _maxrss_mb(usage.ru_maxrss))


def executable(name: str) -> str:
    """The console script ``name`` of the running interpreter's environment, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed: run the suite with `nox -s bench`.")
    return found


class Suite:
    def __init__(self, runs: int, work: Path) -> None:
        self.runs = runs
        self.work = work
        self.measures: list[Measure] = []

    def measure(
        self,
        name: str,
        scale: str,
        commands: Callable[[], Invocations],
        peer: bool = False,
    ) -> Measure:
        """Time ``commands`` (several invocations summed into one run) ``self.runs`` times.

        ``commands`` is called before each run, so that it can clear the previous run's output.
        """
        result = Measure(name, scale, peer)
        for _ in range(self.runs):
            total = 0.0
            for command, cwd in commands():
                run = run_once(command, cwd)
                total += run.seconds
                result.peak_mb = max(result.peak_mb, run.peak_mb)
            result.runs.append(total)
        self.measures.append(result)
        shown = (
            f"{result.median * 1000:9.1f} ms" if result.median < 1 else f"{result.median:8.2f} s"
        )
        print(f"  {scale:<8} {name:<26} median {shown}", flush=True)
        return result

    def find(self, name: str, scale: str) -> Measure | None:
        return next((m for m in self.measures if m.name == name and m.scale == scale), None)


def fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    return folder


def content_for(scale: str, work: Path) -> tuple[Path, dict[str, Any]]:
    """The content folder of ``scale``, generated under ``work`` unless bundled."""
    shape = SCALES[scale]
    if shape is None:
        folder = ROOT / "content"
        info: dict[str, Any] = {"topics": None, "items": None, "locales": None}
    else:
        topics, items, locales = shape
        folder = work / "content" / scale
        started = time.perf_counter()
        run_once(
            [
                sys.executable,
                str(BENCHMARKS / "generate.py"),
                str(folder),
                f"--topics={topics}",
                f"--items={items}",
                f"--locales={locales}",
                f"--seed={SEED}",
            ]
        )
        info = {
            "topics": topics,
            "items": items,
            "locales": locales,
            "seed": SEED,
            "generate_seconds": round(time.perf_counter() - started, 3),
        }
    files = [p for p in folder.rglob("*") if p.is_file()]
    info["files"] = len(files)
    info["bytes"] = sum(p.stat().st_size for p in files)
    return folder, info


# Groups the files of a content folder (argv[1]) by kind with the toolkit's own classify(), in a
# child process: importing the package here would raise the suite's own peak memory, which every
# child later started inherits as the floor of its ru_maxrss (the kernel carries the high-water
# mark of the memory an exec replaces).
GROUP_FILES = """
import json, sys
from pathlib import Path
from chemsex_toolkit.loading.content import classify

root, groups = Path(sys.argv[1]), {}
for path in sorted(root.rglob("*")):
    relpath = path.relative_to(root).as_posix()
    if not path.is_file() or path.suffix not in (".yaml", ".yml"):
        continue
    if any(part.startswith(".") for part in relpath.split("/")):
        continue
    kind = classify(relpath)
    if kind is not None:
        groups.setdefault(kind, []).append(relpath)
print(json.dumps(groups))
"""


def schema_groups(content: Path) -> dict[str, list[str]]:
    """Content files (relative to ``content``) by the schema that describes them."""
    done = subprocess.run(
        [sys.executable, "-c", GROUP_FILES, str(content)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise CommandFailed(f"Could not group the content files by kind:\n{done.stderr}")
    groups: dict[str, list[str]] = json.loads(done.stdout)
    for kind in groups:
        if not (SCHEMAS / f"{kind}.schema.json").is_file():
            raise SystemExit(f"No schema for content files of kind {kind!r} in schemas/.")
    return groups


def bench_scale(suite: Suite, scale: str, content: Path) -> None:
    ours = executable("chemsex-toolkit")
    out = suite.work / "out" / scale
    out.mkdir(parents=True, exist_ok=True)
    build_command = [ours, "build", "--content", str(content)]
    if scale == "bundled":
        for flag in ("--version", "--help"):
            suite.measure(flag, scale, partial(single, [ours, flag]))
    suite.measure("validate", scale, partial(single, [ours, "validate", "--content", str(content)]))
    for name, formats in BUILDS.items():
        target = out / f"build-{name}"

        def build(formats: str = formats, target: Path = target) -> Invocations:
            fresh(target)
            return single(
                [*build_command, "--out", str(target), "--format", formats, "--locale", "all"]
            )

        suite.measure(f"build {name}", scale, build)
    status = [ours, "i18n", "status", "--content", str(content)]
    suite.measure("i18n status", scale, partial(single, status))

    # check-jsonschema: one invocation per schema, on every file that schema describes.
    checker = executable("check-jsonschema")
    groups = schema_groups(content)
    invocations: Invocations = [
        ([checker, "--schemafile", str(SCHEMAS / f"{kind}.schema.json"), *files], content)
        for kind, files in sorted(groups.items())
        if files
    ]
    suite.measure("check-jsonschema", scale, lambda: invocations, peer=True)

    # mkdocs build of our Markdown export of every locale.
    markdown = fresh(out / "mkdocs-docs")
    run_once([*build_command, "--out", str(markdown), "--format", "markdown", "--locale", "all"])
    site = out / "mkdocs-site"
    config = out / "mkdocs.yml"
    config.write_text(
        json.dumps(  # JSON is YAML: no quoting rules to get wrong.
            {
                "site_name": f"Benchmark {scale}",
                "docs_dir": str(markdown / "markdown"),
                "site_dir": str(site),
            }
        )
        + "\n",
        encoding="utf-8",
    )
    mkdocs = executable("mkdocs")

    def mkdocs_build() -> Invocations:
        fresh(site)
        return single([mkdocs, "build", "--quiet", "--config-file", str(config)])

    suite.measure("mkdocs build", scale, mkdocs_build, peer=True)


def bench_links(per_host: int, peers: bool) -> dict[str, Any]:
    """Run the link-check benchmark once, through its own functions."""
    sys.path.insert(0, str(BENCHMARKS / "links"))
    bench = importlib.import_module("bench")
    cache = Path(tempfile.gettempdir()) / "ct-link-bench"
    cache.mkdir(parents=True, exist_ok=True)
    servers = bench.Servers()
    hosts: int = len(bench.HOSTS)
    ideal: float = bench.PER_HOST_URLS / per_host * bench.LATENCY
    rows: list[dict[str, Any]] = []

    def record(name: str, value: float | str) -> int:
        stats: tuple[int, int] = servers.stats()
        hits, peak = stats
        seconds = value if isinstance(value, float) else None
        rows.append(
            {
                "tool": name,
                "seconds": seconds,
                "x_ideal": None if seconds is None else seconds / ideal,
                "note": None if seconds is not None else value,
                "requests": hits,
                "peak_per_host": peak,
            }
        )
        return peak

    try:
        servers.stats()
        record("chemsex-toolkit", bench.ours(servers.urls, per_host))
        if peers:
            os.environ.setdefault("NO_PROXY", "*")
            record("LinkChecker", bench.linkchecker(servers.index, per_host, cache))
            peak = record("linkinator", bench.linkinator(servers.index, per_host, cache))
            if peak > per_host:
                # linkinator has no per-host limit: compare at the load it really put on a host.
                record(f"ours @{peak}/host", bench.ours(servers.urls, peak))
    finally:
        servers.stop()
    return {
        "urls": len(servers.urls),
        "hosts": hosts,
        "latency_seconds": bench.LATENCY,
        "per_host": per_host,
        "ideal_seconds": ideal,
        "rows": rows,
    }


def check_targets(suite: Suite, scales: list[str]) -> list[Target]:
    targets: list[Target] = []

    def add(name: str, ok: bool | None, detail: str) -> None:
        status = "SKIP" if ok is None else "PASS" if ok else "FAIL"
        targets.append(Target(name, status, detail))

    def median(name: str, scale: str) -> float | None:
        found = suite.find(name, scale)
        return None if found is None else found.median

    for flag in ("--version", "--help"):
        value = median(flag, "bundled")
        add(
            f"cold start {flag} < {COLD_START_LIMIT * 1000:.0f} ms",
            None if value is None else value < COLD_START_LIMIT,
            "bundled scale not run" if value is None else f"{value * 1000:.1f} ms",
        )

    # `build` validates before it exports: one run does both, as CI would run it.
    validate, build = median("validate", "bundled"), median("build default", "bundled")
    name = f"validate and build default formats ({DEFAULT_FORMATS}, bundled) < {BUNDLED_LIMIT:g} s"
    if validate is None or build is None:
        add(name, None, "bundled not run")
    else:
        add(
            name,
            build < BUNDLED_LIMIT,
            f"build (validation included) {build:.3f} s; validate on its own {validate:.3f} s,"
            f" the two commands one after the other {validate + build:.3f} s",
        )

    steps = ["validate", *(f"build {name}" for name in BUILDS), "i18n status"]
    ratios = {
        step: m.ratio
        for step in steps
        if (m := suite.find(step, "100x")) is not None and m.ratio is not None
    }
    if not ratios:
        add(f"100x: every step <= {SCALE_LIMIT:g}x bundled", None, "100x and bundled not both run")
    else:
        worst = max(ratios, key=lambda step: ratios[step])
        add(
            f"100x: every step <= {SCALE_LIMIT:g}x bundled",
            all(r <= SCALE_LIMIT for r in ratios.values()),
            ", ".join(f"{step} {r:.1f}x" for step, r in ratios.items()) + f" (worst: {worst})",
        )

    ours = [m for m in suite.measures if not m.peer and m.scale in JUDGED_SCALES]
    heaviest = max(ours, key=lambda m: m.peak_mb, default=None)
    add(
        f"peak memory < {MEMORY_LIMIT:g} MB (up to 100x)",
        None if heaviest is None else heaviest.peak_mb < MEMORY_LIMIT,
        "nothing run"
        if heaviest is None
        else f"highest {heaviest.peak_mb:.0f} MB ({heaviest.name}, {heaviest.scale})",
    )

    for scale in scales:
        ours_t, peer_t = median("validate", scale), median("check-jsonschema", scale)
        if ours_t is None or peer_t is None:
            continue
        add(
            f"{scale}: validate <= check-jsonschema",
            ours_t <= peer_t,
            f"{ours_t:.3f} s vs {peer_t:.3f} s ({peer_t / ours_t:.2f}x)",
        )
    ours_t, peer_t = median("validate", "100x"), median("check-jsonschema", "100x")
    add(
        f"100x: validate >= {VS_SCHEMA_AT_100X:g}x faster than check-jsonschema",
        None if ours_t is None or peer_t is None else peer_t >= VS_SCHEMA_AT_100X * ours_t,
        "100x not run"
        if ours_t is None or peer_t is None
        else f"{ours_t:.3f} s vs {peer_t:.3f} s ({peer_t / ours_t:.2f}x)",
    )

    for scale in ("10x", "100x"):
        ours_t, peer_t = median("build default", scale), median("mkdocs build", scale)
        add(
            f"{scale}: build default formats ({DEFAULT_FORMATS}) faster than mkdocs build",
            None if ours_t is None or peer_t is None else ours_t < peer_t,
            f"{scale} not run"
            if ours_t is None or peer_t is None
            else f"{ours_t:.3f} s vs {peer_t:.3f} s ({peer_t / ours_t:.2f}x)",
        )
    return targets


def print_table(suite: Suite, scales: list[str]) -> None:
    order = {name: i for i, name in enumerate(dict.fromkeys(m.name for m in suite.measures))}
    rows = sorted(suite.measures, key=lambda m: (m.peer, order[m.name], scales.index(m.scale)))
    header = (
        f"{'measure':<28} {'scale':<8} {'min s':>9} {'median s':>9} {'peak MB':>8} "
        f"{'x bundled':>10}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for m in rows:
        name = f"{m.name} (peer)" if m.peer else m.name
        ratio = "" if m.ratio is None else f"{m.ratio:.1f}x"
        print(f"{name:<28} {m.scale:<8} {m.min:9.3f} {m.median:9.3f} {m.peak_mb:8.1f} {ratio:>10}")


def print_links(links: dict[str, Any]) -> None:
    print(
        f"\ncheck-links: {links['urls']} URLs over {links['hosts']} hosts, "
        f"{links['latency_seconds'] * 1000:.0f} ms each, {links['per_host']} per host at once; "
        f"ideal {links['ideal_seconds']:.2f} s"
    )
    for row in links["rows"]:
        shown = (
            f"{row['seconds']:6.2f} s  ({row['x_ideal']:5.2f}x ideal)"
            if row["seconds"] is not None
            else str(row["note"])
        )
        load = f"{row['requests']} requests, at most {row['peak_per_host']} at once per host"
        print(f"  {row['tool']:<16} {shown:<28} {load}")


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD") or None, "dirty": bool(git("status", "--porcelain"))}


def versions() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("chemsex-toolkit", "check-jsonschema", "mkdocs"):
        done = subprocess.run([executable(name), "--version"], capture_output=True, text=True)
        first = done.stdout.strip().splitlines()[0] if done.stdout.strip() else "?"
        found[name] = first.split(" from ")[0]  # mkdocs adds where it is installed
    return found


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--scales",
        help="comma-separated scales among "
        + ", ".join(SCALES)
        + " (default: "
        + ",".join(DEFAULT_SCALES)
        + "; --quick: "
        "bundled,10x)",
    )
    parser.add_argument("--runs", type=int, help="runs of each measure (default 5; --quick: 1)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 1 run, scales bundled and 10x, no link-check peers "
        "(--runs and --scales still apply when given)",
    )
    parser.add_argument(
        "--no-link-peers", action="store_true", help="skip LinkChecker and linkinator"
    )
    parser.add_argument("--no-links", action="store_true", help="skip the link-check benchmark")
    parser.add_argument("--link-per-host", type=int, default=4, help="per-host concurrency")
    parser.add_argument(
        "--work",
        type=Path,
        help="folder for generated content and outputs, kept afterwards "
        "(default: a temporary folder, removed afterwards)",
    )
    args = parser.parse_args(argv)
    default_scales = "bundled,10x" if args.quick else ",".join(DEFAULT_SCALES)
    args.scales = [s.strip() for s in (args.scales or default_scales).split(",") if s.strip()]
    unknown = [s for s in args.scales if s not in SCALES]
    if unknown or not args.scales:
        parser.error(f"unknown scale(s) {', '.join(unknown)}: choose among {', '.join(SCALES)}")
    args.scales = [s for s in SCALES if s in args.scales]  # bundled first: ratios need it
    if args.runs is None:
        args.runs = 1 if args.quick else 5
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.quick:
        args.no_link_peers = True
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    temporary = None
    if args.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="ct-bench-")
        work = Path(temporary.name)
    else:
        work = args.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
    suite = Suite(args.runs, work)
    scale_info: dict[str, dict[str, Any]] = {}
    try:
        tools = versions()  # also a warm-up: bytecode compiled, files in the page cache
        print(f"{args.runs} run(s) per measure; " + "; ".join(tools.values()), flush=True)
        for scale in args.scales:
            print(f"{scale}: preparing content", flush=True)
            content, scale_info[scale] = content_for(scale, work)
            bench_scale(suite, scale, content)
        # Every child's ru_maxrss starts from the suite's own peak (see GROUP_FILES): no figure
        # can read lower than this.
        floor = _maxrss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        links = None
        if not args.no_links:
            print("check-links benchmark", flush=True)
            links = bench_links(args.link_per_host, not args.no_link_peers)
    except CommandFailed as failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if temporary is not None:
            temporary.cleanup()

    for m in suite.measures:
        base = suite.find(m.name, "bundled")
        if m.scale != "bundled" and base is not None:
            m.ratio = m.median / base.median
    print_table(suite, args.scales)
    print(f"(peak MB cannot read below the suite's own peak memory, {floor:.1f} MB)")
    if links is not None:
        print_links(links)
    targets = check_targets(suite, args.scales)
    print("\ntargets")
    for target in targets:
        print(f"  {target.status:<4}  {target.name}: {target.detail}")

    report = {
        "timestamp": stamp,
        "git": git_state(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "versions": tools,
        "options": {
            "scales": args.scales,
            "runs": args.runs,
            "quick": args.quick,
            "link_peers": not args.no_link_peers,
        },
        "scales": scale_info,
        "memory_floor_mb": floor,
        "measures": [{**asdict(m), "min": m.min, "median": m.median} for m in suite.measures],
        "links": links,
        "targets": [asdict(t) for t in targets],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2) + "\n"
    (RESULTS / f"{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    print(f"\nSaved benchmarks/results/{stamp}.json and benchmarks/results/latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
