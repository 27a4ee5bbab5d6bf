"""A real Chromium (Debian's, driven by Playwright) and the bundled content built to HTML."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.paths import bundled_content

ROOT = Path(__file__).parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_VERSION = "4.14.1"
# Flags that keep Chromium from calling home: this machine has no network, and a test must see
# only the requests the page itself makes.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML export of the bundled content, in every shipped locale."""
    out = tmp_path_factory.mktemp("site")
    build(bundled_content(), out, ["html"])
    return out / "html"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, tmp_path: Path) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core from the npm registry, fetched once into .cache/ and reused."""
    cache = ROOT / ".cache" / f"axe-core-{AXE_VERSION}"
    script = cache / "package" / "axe.min.js"
    if not script.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "pack",
                f"axe-core@{AXE_VERSION}",
                "--silent",
                "--pack-destination",
                str(cache),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        with tarfile.open(cache / f"axe-core-{AXE_VERSION}.tgz") as archive:
            archive.extractall(cache, filter="data")
    return script.read_text(encoding="utf-8")
