"""Benchmark of the answers API on the bundled content.

    python benchmarks/answers.py [--runs 5] [--files 50]

- validate: ``validate_answers`` of one answers file with every item answered, a reason and an
  action each, and a plan of 1,000 rows (the page's limit), against the loaded toolkit.
- merge: ``merge_answers`` of ``--files`` such files (the page's team limit is 50).
- compare: ``compare_answers`` of two of them.

Prints the median of ``--runs`` runs of each; no target is set for these yet (issue 25 sets
targets for the workbook import and the network report, which come later).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import chemsex_toolkit
from chemsex_toolkit.answers.check import ContentKeys


def _file(toolkit: chemsex_toolkit.Toolkit, keys: ContentKeys, seed: int) -> dict[str, object]:
    answers = list(keys.colours)
    questions = keys.questions
    items = {
        item_id: {
            "answers": {q: answers[(seed + i + j) % len(answers)] for j, q in enumerate(questions)},
            "reasons": {q: f"Reason {seed} {q}" for q in questions},
            "action": f"Action {seed} for {item_id}",
            "fingerprint": fingerprint,
        }
        for i, (item_id, fingerprint) in enumerate(keys.fingerprints.items())
    }
    ids = list(keys.fingerprints)
    plan = [
        {
            "item": ids[n % len(ids)],
            "origin": ids[n % len(ids)],
            "what": f"Step {n}",
            "who": "",
            "when": "",
            "whenDate": "2026-06-30",
            "monitoring": "",
            "status": "planned",
        }
        for n in range(1000)
    ]
    return {
        "format": "chemsex-toolkit-answers",
        "formatVersion": 2,
        "toolkit": toolkit.id,
        "contentVersion": toolkit.version,
        "locale": "en",
        "savedAt": f"2026-03-{1 + seed % 28:02d}T10:00:00.000Z",
        "state": {
            "meta": {"service": "Bench", "date": "", "participants": f"Member {seed}"},
            "items": items,
            "plan": plan,
        },
    }


def _median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=50)
    options = parser.parse_args()
    toolkit = chemsex_toolkit.load()
    keys = ContentKeys.of(toolkit)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for seed in range(options.files):
            path = Path(folder) / f"member-{seed}.json"
            path.write_text(json.dumps(_file(toolkit, keys, seed), indent=2), encoding="utf-8")
            paths.append(path)
        size = paths[0].stat().st_size
        figures = {
            f"validate one file ({size // 1000} KB)": _median(
                options.runs, lambda: chemsex_toolkit.validate_answers(paths[0], toolkit)
            ),
            f"merge {options.files} files": _median(
                options.runs, lambda: chemsex_toolkit.merge_answers(paths)
            ),
            "compare two files": _median(
                options.runs, lambda: chemsex_toolkit.compare_answers(paths[0], paths[1], toolkit)
            ),
        }
    for name, seconds in figures.items():
        print(f"{name:32} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
