"""Benchmark of the network report (``build_report``) on the bundled content.

    python benchmarks/report.py [--sizes 250,500,1000] [--runs 3]

For each size, that many answers files of the bundled content (every item answered, a reason
to each question, an action per item and a plan of 20 rows; one service in three assessed on
three dates, months apart) are written once, and ``build_report`` writes the html, xlsx and json
reports of them in a fresh process, ``--runs`` times, after a report of one file that pays for
the imports and template compiling. Prints the median time of the report, that first cost
beside it, and the largest peak memory (resident set) of those processes.

Targets (issue 25): 1,000 files < 5 s (with the first cost) and < 300 MB, linear in the number
of files (the time per file at the largest size within 1.5x of that at the smallest). Exits 1
when one is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import chemsex_toolkit
from chemsex_toolkit.answers.check import ContentKeys

SECONDS, MEGABYTES, LINEAR = 5.0, 300, 1.5

CHILD = """
import json, resource, sys, time
import chemsex_toolkit
folder, out = sys.argv[1], sys.argv[2]
begin = time.perf_counter()
toolkit = chemsex_toolkit.load()
# One file first, so that imports and template compiling are not counted per file.
chemsex_toolkit.build_report([sys.argv[3]], out + "-warm", content=toolkit)
warm = time.perf_counter() - begin
start = time.perf_counter()
result = chemsex_toolkit.build_report([folder], out, content=toolkit)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "warm": warm, "mb": peak, "files": result.figures.files}))
"""


def _file(toolkit: chemsex_toolkit.Toolkit, keys: ContentKeys, n: int) -> dict[str, object]:
    answers = list(keys.colours)
    # Of every five files, three are one service's assessments months apart.
    k = n % 5
    service, dated = f"{n // 5}{'aaabc'[k]}", (k if k < 3 else 0)
    ids = list(keys.fingerprints)
    return {
        "format": "chemsex-toolkit-answers",
        "formatVersion": 2,
        "toolkit": toolkit.id,
        "contentVersion": toolkit.version,
        "locale": "en",
        "savedAt": f"2026-0{1 + dated * 3}-01T10:00:00.000Z",
        "state": {
            "meta": {"service": f"Service {service}", "date": f"2026-0{1 + dated * 3}-01"},
            "items": {
                item_id: {
                    "answers": {
                        q: answers[(n + i + j) % len(answers)] for j, q in enumerate(keys.questions)
                    },
                    "reasons": {q: f"Reason {n} {q}" for q in keys.questions},
                    "action": f"Action {n} for {item_id}",
                    "fingerprint": fingerprint,
                }
                for i, (item_id, fingerprint) in enumerate(keys.fingerprints.items())
            },
            "plan": [
                {"item": ids[k % len(ids)], "what": f"Step {k}", "status": "planned"}
                for k in range(20)
            ],
        },
    }


def _run(folder: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(out), str(folder / "00000.json")],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000")
    parser.add_argument("--runs", type=int, default=3)
    options, _ = parser.parse_known_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    toolkit = chemsex_toolkit.load()
    keys = ContentKeys.of(toolkit)
    per_file: dict[int, float] = {}
    missed = []
    print(f"network report over the bundled content, median of {options.runs} run(s)")
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        for size in sizes:
            folder = root / f"in-{size}"
            folder.mkdir()
            for n in range(size):
                text = json.dumps(_file(toolkit, keys, n), indent=2)
                (folder / f"{n:05d}.json").write_text(text, encoding="utf-8")
            runs = [_run(folder, root / f"out-{size}-{r}") for r in range(options.runs)]
            assert all(run["files"] == size for run in runs), runs
            seconds = statistics.median(run["seconds"] for run in runs)
            warm = statistics.median(run["warm"] for run in runs)
            peak = max(run["mb"] for run in runs)
            per_file[size] = seconds / size
            print(
                f"  {size:>5} files: {seconds:6.2f} s (+ {warm:.2f} s loading the content and"
                f" the first report), peak {peak:6.1f} MB, {1000 * seconds / size:.2f} ms per file"
            )
            if size >= 1000 and (seconds + warm >= SECONDS or peak >= MEGABYTES):
                missed.append(f"{size} files: {seconds:.2f} s / {peak:.0f} MB")
    ratio = per_file[sizes[-1]] / per_file[sizes[0]]
    print(f"  time per file at {sizes[-1]} vs {sizes[0]}: {ratio:.2f}x (target < {LINEAR}x)")
    if ratio >= LINEAR:
        missed.append(f"not linear: {ratio:.2f}x")
    for line in missed:
        print(f"MISSED {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
