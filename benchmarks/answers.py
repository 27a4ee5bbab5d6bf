"""Benchmark of the answers API on the bundled content.

    python benchmarks/answers.py [--runs 5] [--files 50]

- validate: ``validate_answers`` of one answers file with every item answered, a reason and an
  action each, and a plan of 1,000 rows (the page's limit), against the loaded toolkit.
- merge: ``merge_answers`` of ``--files`` such files (the page's team limit is 50).
- compare: ``compare_answers`` of two of them.
- import workbook: ``import_answers`` of the English workbook of the xlsx export, filled with
  openpyxl (every question answered, a reason and an action each, 30 plan rows), as
  ``chemsex-toolkit answers import`` runs it, the content loaded (and so validated) from its
  folder. Target < 0.5 s (issue 25). A second figure reads the same workbook against the
  toolkit already loaded: the workbook's own share.

Prints the median of ``--runs`` runs of each; the workbook import is the one with a target.
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


def _filled_workbook(toolkit: chemsex_toolkit.Toolkit, folder: Path) -> Path:
    """The bundled English workbook with every question answered, a reason and an action
    each, and 30 plan rows, filled through the cells a person fills."""
    import openpyxl

    from chemsex_toolkit.exporting.build import build
    from chemsex_toolkit.paths import bundled_content

    build(bundled_content(), folder, ["xlsx"], locales=["en"])
    book = openpyxl.load_workbook(folder / "xlsx" / "en.xlsx")
    labels = [a.label for a in toolkit.checklist.answers]
    checklist = book.worksheets[1]
    for row in range(7, checklist.max_row + 1):
        if checklist[f"H{row}"].value:
            checklist[f"D{row}"] = labels[row % len(labels)]
            checklist[f"E{row}"] = f"Reason {row}"
    for merged in checklist.merged_cells.ranges:
        if merged.min_col == 6:
            checklist.cell(merged.min_row, 6, f"Action {merged.min_row}")
    plan = book.worksheets[2]
    titles = [item.title for topic in toolkit.topics for item in topic.items]
    for row in range(6, 36):
        plan[f"A{row}"], plan[f"C{row}"] = titles[row % len(titles)], f"Step {row}"
    path = folder / "filled.xlsx"
    book.save(path)
    return path


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
        from chemsex_toolkit.paths import bundled_content

        workbook = _filled_workbook(toolkit, Path(folder))
        content = bundled_content()
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
            "import workbook (target 500)": _median(
                options.runs, lambda: chemsex_toolkit.import_answers(workbook, content)
            ),
            "  of which reading the workbook": _median(
                options.runs, lambda: chemsex_toolkit.import_answers(workbook, toolkit)
            ),
        }
    for name, seconds in figures.items():
        print(f"{name:32} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
