"""Benchmark of the HTML site in Chromium: the bundled content's page and the pages at 100x.

    python benchmarks/pages.py [--runs 7] [--quick] [--work DIR] [--chromium PATH]

Builds the HTML of the bundled content and of the 100x content (10 topics of 40 items), then
opens, side by side in one Chromium and in turn (bundled, 100x, bundled, ...), the bundled
topic's page and, at 100x, the largest topic's page and the combined plan (every topic's
summary and plan). For each page it measures, in the page:

- load: from the start of the navigation to the end of the load event (the inline script has
  set the page up by then: it runs before load);
- click: from a click on an answer to the next frame after it (the page saved the answer,
  updated the item, the progress, the summary and its chart);

and the page's size in bytes, also per topic of the bundled size (a 100x topic has 8 times the
bundled topic's items, so its page may weigh 8 times as much).

Prints a table and the targets (PASS/FAIL); writes benchmarks/results/pages-latest.json. Exits
0 when a target fails (targets are reported, not enforced); non-zero when a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from formats import generate  # noqa: E402
from suite import CommandFailed, executable, run_once  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"

LOAD_RATIO = 2.0  # the heaviest 100x page loads within this many times the bundled page
CLICK_RATIO = 2.0  # and answers a click within this many times
BYTES_PER_TOPIC = 150_000  # per topic of the bundled size (its number of items)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LOAD = "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd; }"
# A click on the last answer of the page's last item, then the frame that shows it.
CLICK = """async (id) => {
  const inputs = document.getElementById("item-" + id).querySelectorAll("input[type=radio]");
  const input = inputs[inputs.length - 1];
  const started = performance.now();
  input.click();
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - started;
}"""


def build_html(content: Path, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    run_once(
        [
            executable("chemsex-toolkit"),
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
            "--format",
            "html",
            "--locale",
            "en",
        ]
    )
    return out / "html" / "en"


def topic_pages(folder: Path) -> list[Path]:
    return [p for p in folder.glob("*.html") if p.name not in ("index.html", "action-plan.html")]


def items_on(page: Path) -> list[str]:
    """The item IDs a page shows (from its markup, as the page's script finds them)."""
    text = page.read_text("utf-8")
    return [part.split('"', 1)[0] for part in text.split('<article class="item" id="item-')[1:]]


def measure(browser: Any, page_path: Path, item: str) -> tuple[float, float]:
    """Milliseconds to load ``page_path`` and to answer a click, in a fresh context."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(page_path.as_uri(), wait_until="load")
        loaded = float(page.evaluate(LOAD))
        if item:
            clicked = float(page.evaluate(CLICK, item))
        else:  # the combined plan has no checklist: an edit of the plan's first row instead
            page.click("#add-row")
            clicked = float(
                page.evaluate(
                    """async () => {
                  const select = document.querySelector("#plan-rows select[data-column='status']");
                  const started = performance.now();
                  select.value = "done";
                  select.dispatchEvent(new Event("change", { bubbles: true }));
                  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
                  return performance.now() - started;
                }"""
                )
            )
        return loaded, clicked
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args, _unknown = parser.parse_known_args(argv)  # the suite's own options pass through
    runs = args.runs or (3 if args.quick else 7)
    work = args.work or Path(tempfile.mkdtemp(prefix="ct-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {"runs": runs, "load_average": [os.getloadavg()[0]]}
    targets: list[tuple[str, str, str]] = []
    try:
        bundled = build_html(generate("bundled", work), work / "out-bundled")
        big = build_html(generate("100x", work), work / "out-100x")
        bundled_page = max(topic_pages(bundled), key=lambda p: p.stat().st_size)
        bundled_items = len(items_on(bundled_page))
        heaviest = max(topic_pages(big), key=lambda p: p.stat().st_size)
        pages = {
            "bundled topic": (bundled_page, items_on(bundled_page)[-1]),
            "100x topic": (heaviest, items_on(heaviest)[-1]),
            "100x combined plan": (big / "action-plan.html", ""),
        }
        times: dict[str, dict[str, list[float]]] = {n: {"load": [], "click": []} for n in pages}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
            for path, item in pages.values():  # once untimed: the disk cache is warm
                measure(browser, path, item)
            for _run in range(runs):
                for name, (path, item) in pages.items():
                    loaded, clicked = measure(browser, path, item)
                    times[name]["load"].append(loaded)
                    times[name]["click"].append(clicked)
            browser.close()
    except CommandFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["load_average"].append(os.getloadavg()[0])
    medians = {n: {k: statistics.median(v) for k, v in t.items()} for n, t in times.items()}
    sizes = {}
    print(f"{'page':<20} {'bytes':>10} {'per topic':>10} {'load ms':>9} {'click ms':>9}")
    for name, (path, _item) in pages.items():
        size = path.stat().st_size
        # A page's share of bundled-size topics: its items over the bundled topic's.
        shares = max(1.0, len(items_on(path)) / bundled_items) if _item else 1.0
        sizes[name] = {"bytes": size, "per_topic": size / shares, "file": path.name}
        print(
            f"{name:<20} {size:>10} {size / shares:>10.0f} {medians[name]['load']:>9.1f} "
            f"{medians[name]['click']:>9.1f}"
        )
    results["pages"] = {n: {**sizes[n], **medians[n], "runs": times[n]} for n in pages}
    base = medians["bundled topic"]
    for kind, limit in (("load", LOAD_RATIO), ("click", CLICK_RATIO)):
        worst = max(("100x topic", "100x combined plan"), key=lambda n: medians[n][kind])
        ratio = medians[worst][kind] / base[kind]
        status = "PASS" if ratio <= limit else "FAIL"
        targets.append(
            (
                f"heaviest 100x page {kind} <= {limit:g}x bundled",
                status,
                f"{worst}: {medians[worst][kind]:.1f} ms vs {base[kind]:.1f} ms, {ratio:.2f}x",
            )
        )
    for name in ("bundled topic", "100x topic"):
        per_topic = sizes[name]["per_topic"]
        targets.append(
            (
                f"{name} page < {BYTES_PER_TOPIC // 1000} KB per bundled-size topic",
                "PASS" if per_topic < BYTES_PER_TOPIC else "FAIL",
                f"{per_topic / 1000:.0f} KB",
            )
        )
    print("\nTargets (page)")
    for name, status, detail in targets:
        print(f"  {status:<5} {name}: {detail}")
    results["targets"] = [{"name": n, "status": s, "detail": d} for n, s, d in targets]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pages-latest.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
