"""A real Chromium (Debian's, driven by Playwright) and the bundled content built to HTML."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.paths import bundled_content
from tests.browser import steps

ROOT = Path(__file__).parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
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


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Pages of their own context at a given viewport; each must end without a script error."""
    opened: list[tuple[BrowserContext, list[str]]] = []

    def make(viewport: dict[str, int] = DESKTOP, **options: Any) -> Page:
        context = browser.new_context(accept_downloads=True, viewport=viewport, **options)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        opened.append((context, errors))
        return page

    yield make
    for context, errors in opened:
        context.close()
        assert errors == [], errors


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def sized_page(request: pytest.FixtureRequest, open_page: Callable[..., Page]) -> Page:
    """The same test on a phone (390 px) and on a desktop (1366 px)."""
    page: Page = open_page(request.param)
    return page


@pytest.fixture(scope="session")
def axe() -> Axe:
    """axe-core as the axe-playwright-python package ships it: no download at test time."""
    return Axe()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def http_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The session's temporary folder (every site the tests build) over a loopback HTTP server,
    as `serve` shows a site: (the folder, its address)."""
    root = tmp_path_factory.getbasetemp()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def over_http(http_server: tuple[Path, str]) -> Iterator[None]:
    """This test opens its pages over loopback HTTP (``steps.address``), not from disk.

    For the tests that carry stored answers from one document to the next (a reload, another
    topic's page, a second tab): Chromium now and then gives a document opened from a file a
    storage area of its own, cut off from every other document's (about one reload in thirty
    seen; none in hundreds over HTTP), which would fail them for a reason that is not the page's.
    Every other test opens the files from disk, as a team works offline."""
    steps.SERVED = http_server
    yield
    steps.SERVED = None
