"""Benchmark of hostile inputs against their limits: what a stranger's pull request can make a
CI run spend.

    python benchmarks/limits.py [--keys 90000] [--blob-mb 400] [--work DIR] [--package DIR]

- findings: `validate` of the minimal fixture with one item file of KEYS unknown keys (about
  1 MB), in the text and JSON formats: wall time, peak memory, bytes of output.
- diff: `diff HEAD content` in a repository whose committed content holds a blob of BLOB_MB
  megabytes of zeros (deleted since): wall time and peak memory, git's included.

Peak memory is the largest ``ru_maxrss`` of the command and the processes it starts, taken in
a fresh process that runs nothing else. ``--package DIR`` measures the ``chemsex_toolkit``
package in DIR instead of the installed one (an older version, from ``git archive REV
chemsex_toolkit schemas | tar -x -C DIR``), to compare. Prints a table with each command's
exit code; writes nothing else.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
ITEM = "topics/sample-topic/items/first-item.yaml"

# Runs the command in a process of its own and reports the peak memory of its descendants.
_PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.PIPE,"
    " stderr=subprocess.DEVNULL)\n"
    "print(done.returncode, len(done.stdout),"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure(cwd: Path, package: Path | None, *args: str) -> tuple[int, float, int, int]:
    """Exit code, seconds, peak memory (KB) and bytes of output of ``chemsex-toolkit ARGS``
    run in ``cwd``."""
    command = [sys.executable, "-P", "-m", "chemsex_toolkit", *args]
    env = dict(os.environ)
    if package is not None:
        env["PYTHONPATH"] = str(package.resolve())
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(cwd), *command],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    code, size, peak = (int(value) for value in done.stdout.split())
    return code, seconds, peak, size


def _flooded(work: Path, keys: int) -> Path:
    content = work / "flooded"
    shutil.copytree(FIXTURE, content)
    item = content / ITEM
    extra = "".join(f"k{n:06d}: 1\n" for n in range(keys))
    item.write_text(item.read_text("utf-8") + extra, "utf-8")
    return content


def _repository(work: Path, blob_mb: int) -> Path:
    repo = work / "repo"
    shutil.copytree(FIXTURE, repo / "content")
    blob = repo / "content/resources/zeros.yaml"
    with open(blob, "wb") as handle:
        handle.truncate(blob_mb * 1024 * 1024)
    git = ["git", "-c", "user.name=b", "-c", "user.email=b@b", "-C", str(repo)]
    for step in (["init", "-q"], ["add", "."], ["commit", "-qm", "blob"]):
        subprocess.run([*git, *step], check=True, capture_output=True)
    blob.unlink()
    return repo


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=90_000)
    parser.add_argument("--blob-mb", type=int, default=400)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--package", type=Path, default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = options.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        rows = []
        content = _flooded(work, options.keys)
        for output in ("text", "json"):
            figures = measure(
                work, options.package, "validate", "--content", str(content), "--format", output
            )
            rows.append((f"validate {options.keys:,} unknown keys, {output}", *figures))
        repo = _repository(work, options.blob_mb)
        figures = measure(repo, options.package, "diff", "HEAD", "content")
        rows.append((f"diff HEAD content, {options.blob_mb} MB blob", *figures))
    print(f"{'measure':<44} {'exit':>4} {'seconds':>8} {'peak MB':>8} {'output bytes':>13}")
    for name, code, seconds, peak, size in rows:
        print(f"{name:<44} {code:>4} {seconds:>8.2f} {peak / 1024:>8.0f} {size:>13,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
