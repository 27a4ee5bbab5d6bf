"""Screenshots of the self-assessment for the README: phone, desktop and print.

Builds the bundled content, fills in an example assessment in Chromium and writes PNG files to
docs/images/. Run it with `nox -s screenshots`; pass a Chromium path as the first argument if it
is not on the PATH as `chromium`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.paths import bundled_content

IMAGES = Path(__file__).parent / "images"
ANSWERS = {
    "chemsex-knowledge": ["yes", "partly", "yes", "partly"],
    "chemsex-participation": ["no", "no", "partly", "not-applicable"],
    "chemsex-harm-reduction": ["yes", "yes", "partly", "yes"],
    "chemsex-promotion": ["partly", "no"],
}
ACTIONS = {
    "chemsex-participation": (
        "Invite two peer volunteers to co-design the support evening",
        "Volunteer coordinator",
        "2026-05-31",
        "Count sessions co-led by peers each quarter",
    ),
    "chemsex-knowledge": (
        "Half-day training on chemsex for all testing staff",
        "Team lead",
        "2026-06-30",
        "Short quiz before and after the training",
    ),
}


def fill_in(page: Page) -> None:
    """An assessment a CBVCT team might be halfway through."""
    page.fill("#meta-service", "Checkpoint Example")
    page.fill("#meta-date", "2026-03-12")
    page.fill("#meta-participants", "Ana (coordinator), Ben (peer worker), Chloé (nurse)")
    questions = ["in-place", "documented", "adapted", "working"]
    for item, answers in ANSWERS.items():
        for question, answer in zip(questions, answers, strict=False):
            page.check(f"input[name='{item}--{question}'][value='{answer}']")
    page.fill(
        "#reason-chemsex-participation--working",
        "We start the peer programme in May; too early to tell.",
    )
    for item, (what, who, when, monitoring) in ACTIONS.items():
        page.fill(f"#action-{item}", what)
        page.click(f"button.add-to-plan[data-item='{item}']")
        row = page.locator(page.locator(f"#item-{item} .feedback a").get_attribute("href") or "")
        row.locator("textarea[data-column='who']").fill(who)
        row.locator("input[data-column='whenDate']").fill(when)
        row.locator("textarea[data-column='monitoring']").fill(monitoring)
    page.select_option("#plan-rows tr:first-child select[data-column='status']", "in-progress")


def main(chromium: str) -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        build(bundled_content(), Path(tmp), ["html"])
        page_url = (Path(tmp) / "html" / "en" / "chemsex-support.html").as_uri()
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        shots = {
            "desktop": {"width": 1366, "height": 900},
            "phone": {"width": 390, "height": 844},
        }
        for name, viewport in shots.items():
            context = browser.new_context(
                viewport=viewport,
                device_scale_factor=2 if name == "phone" else 1,
                reduced_motion="reduce",
            )
            page = context.new_page()
            page.goto(page_url)
            fill_in(page)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(IMAGES / f"{name}-overview.png"))
            page.locator("#item-chemsex-participation").scroll_into_view_if_needed()
            page.evaluate("document.getElementById('item-chemsex-participation').scrollIntoView()")
            page.screenshot(path=str(IMAGES / f"{name}-item.png"))
            page.evaluate("document.getElementById('action-plan').scrollIntoView()")
            page.screenshot(path=str(IMAGES / f"{name}-plan.png"))
            if name == "desktop":
                page.set_viewport_size({"width": 794, "height": 1123})
                page.emulate_media(media="print")
                for mode in ["print-checklist", "print-blank", "print-summary"]:
                    page.evaluate(f"document.body.classList.add('{mode}')")
                    page.evaluate("window.scrollTo(0, 0)")
                    page.screenshot(path=str(IMAGES / f"{mode}.png"))
                    page.evaluate(f"document.body.classList.remove('{mode}')")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else shutil.which("chromium") or "/usr/bin/chromium")
