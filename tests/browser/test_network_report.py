"""The network report's HTML page in Chromium: axe-core finds nothing at phone and desktop
widths, it works from disk with no request but its own file, its style is allowed by its policy,
and nothing overflows a phone's width (wide tables scroll in their own region)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

import chemsex_toolkit
from tests.browser.conftest import DESKTOP, PHONE
from tests.network.make import answers_document, every, write

CONTENT = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    toolkit = chemsex_toolkit.load(CONTENT)
    folder = tmp_path_factory.mktemp("answers")
    first = toolkit.topics[0].items[0].id
    question = toolkit.checklist.questions[0].id
    write(
        folder / "n1.json", answers_document(toolkit, "North", "2025-01-10", every(toolkit, "no"))
    )
    write(
        folder / "n2.json", answers_document(toolkit, "North", "2025-09-10", every(toolkit, "yes"))
    )
    write(
        folder / "s.json",
        answers_document(toolkit, "<b>South</b>", "2025-05-01", {first: {question: "partly"}}),
    )
    write(
        folder / "w.json", answers_document(toolkit, "West", "", every(toolkit, "not-applicable"))
    )
    (folder / "bad.json").write_text("{", encoding="utf-8")
    out = tmp_path_factory.mktemp("report")
    chemsex_toolkit.build_report([folder], out, content=toolkit, reports=["html"])
    return out / "html" / "index.html"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_network_report_is_axe_clean_offline_and_fits_the_screen(
    open_page: Callable[..., Page], axe: Axe, report: Path, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    requests: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console", lambda message: refused.append(message.text) if message.type == "error" else None
    )
    page.goto(report.as_uri())
    assert requests == [report.as_uri()]
    assert refused == []
    collapse = page.eval_on_selector("table", "t => getComputedStyle(t).borderCollapse")
    assert collapse == "collapse"  # the inline style ran under the page's policy
    assert page.locator("figure svg[role=img]").count() >= 3
    assert page.get_by_text("<b>South</b>").count() >= 1  # shown as text, not markup
    assert page.get_by_role("heading", level=1).count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
    results = axe.run(page)
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert violations == []
    assert results.response["testEngine"]["name"] == "axe-core"
