"""check-links through the CLI against hostile content, servers and caches: every output format
stays one line per record, ``--fix-redirects`` writes only what the URL rule accepts, a tampered
cache is ignored, git refs are never options, invalid content is never fetched."""

from __future__ import annotations

import json
import os
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from chemsex_toolkit.cli import main
from tests.links import hostile
from tests.links.hostile import RawServer

FIXTURE = Path(__file__).parents[1] / "fixtures" / "minimal"
LINKS = "topics/sample-topic/links.yaml"
Serve = Callable[..., RawServer]

# What a server may put into a Location header to write the report (or the YAML) itself.
HOSTILE_TAILS = [
    "x\x85  - id: injected",  # NEL: a line break to YAML 1.1 and to some terminals
    "x\x1b[2J\x1b[31m",  # terminal escape sequences
    "x\x0b::stop-commands::pwned",
    "x\x0c::error file=README.md::pwned",
    "x\u2028::error::pwned",  # line separator
    "x%0A::error::pwned",  # GitHub unescapes %0A in annotation data
    "x|<script>alert(1)</script>]]>",
]


@pytest.fixture
def serve() -> Iterator[Serve]:
    started: list[RawServer] = []

    def start(handler: hostile.Handler, **options: Any) -> RawServer:
        server = RawServer(handler, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def _content(tmp_path: Path, url: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    path = root / LINKS
    text = path.read_text("utf-8").replace("https://example.org/guide/", url)
    path.write_text("# Keep this comment.\n" + text, "utf-8")
    # The source page is not under test: exclude it from every run.
    return root


def _run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(
        main,
        [
            "check-links",
            "--content",
            str(root),
            "--timeout",
            "2",
            "--allow-private",
            "--exclude",
            "example[.]org",
            *args,
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def _redirecting(serve: Serve, tail: str) -> tuple[RawServer, str]:
    """A server whose /old redirects permanently to a URL ending in ``tail``, sent in UTF-8."""
    server = serve(hostile.redirects({}))
    location = f"http://127.0.0.1:{server.port}/{tail}"
    header = location.encode("utf-8").decode("latin-1")  # the bytes on the wire
    server.handler = hostile.redirects(lambda path: header if path == "/old" else None)
    return server, location


def _lines_are_records(text: str, prefixes: tuple[str, ...]) -> None:
    for line in text.split("\n"):
        assert line == "" or line.startswith(prefixes), repr(line)
    assert "\x1b" not in text and "\x85" not in text and "\u2028" not in text


@pytest.mark.parametrize("tail", HOSTILE_TAILS)
def test_no_output_format_lets_a_server_write_the_report(
    tmp_path: Path, serve: Serve, tail: str
) -> None:
    server, location = _redirecting(serve, tail)
    root = _content(tmp_path, server.url("/old"))
    github = _run(root, "--no-cache", "--format", "github")
    assert github.exit_code == 0
    _lines_are_records(github.stdout, ("::warning file=",))
    assert github.stdout.count("\n") == 1  # one annotation: the permanent redirect
    if "%0A" in tail:
        assert "%250A::error" in github.stdout  # GitHub shows it as text, not a line break

    text = _run(root, "--no-cache", "--format", "text").stdout
    _lines_are_records(text, ("REDIRECTED", "SKIPPED", " ", "2 URL(s)"))

    markdown = _run(root, "--no-cache", "--format", "markdown").stdout
    rows = [line for line in markdown.split("\n") if line.startswith("|")]
    assert len(rows) == 4  # header, rule, the redirect, the excluded source page
    assert all(row.count("|") - row.count("\\|") == 4 for row in rows)
    assert "<script" not in markdown

    junit = _run(root, "--no-cache", "--format", "junit").stdout
    suite = ET.fromstring(junit.encode("utf-8"))
    assert [case.get("name") for case in suite] == [
        server.url("/old"),
        "https://example.org/source/",
    ]

    report = json.loads(_run(root, "--no-cache", "--format", "json").stdout)
    assert report["results"][0]["final_url"] == location  # JSON keeps it exact, escaped


@pytest.mark.parametrize("tail", [t for t in HOSTILE_TAILS if "%0A" not in t])
def test_fix_redirects_refuses_a_location_that_breaks_the_url_rule(
    tmp_path: Path, serve: Serve, tail: str
) -> None:
    server, _location = _redirecting(serve, tail)
    root = _content(tmp_path, server.url("/old"))
    before = (root / LINKS).read_bytes()
    result = _run(root, "--no-cache", "--fix-redirects")
    assert result.exit_code == 0
    assert (root / LINKS).read_bytes() == before
    assert "not fixed" in result.stderr and "breaks the URL rule" in result.stderr
    _lines_are_records(result.stderr, ("not fixed",))


@pytest.mark.parametrize("tail", ["a'b#c", "it's", "a:b?c=d&e=f#g", "%23:x", "@home", "#frag"])
def test_fix_redirects_writes_a_yaml_scalar_and_keeps_comments(
    tmp_path: Path, serve: Serve, tail: str
) -> None:
    server, location = _redirecting(serve, tail)
    root = _content(tmp_path, server.url("/old"))
    result = _run(root, "--no-cache", "--fix-redirects")
    assert result.exit_code == 0, result.output
    after = (root / LINKS).read_text("utf-8")
    links = yaml.safe_load(after)["links"]
    assert [link["url"] for link in links] == ["https://example.org/source/", location]
    assert after.startswith("# Keep this comment.\n")
    assert _run(root, "--no-cache").exit_code == 0  # still valid content


def test_a_tampered_cache_is_ignored_with_a_warning(tmp_path: Path, serve: Serve) -> None:
    server, location = _redirecting(serve, "new")
    root = _content(tmp_path, server.url("/old"))
    before = (root / LINKS).read_bytes()
    cache = tmp_path / "links.json"
    now = time.time()
    entries: dict[str, Any] = {
        server.url("/old"): {
            "outcome": "redirected",
            "status": 301,
            "final_url": "https://evil.example/\x85  - id: injected\n    url: https://x/",
            "detail": "permanent redirect",
            "checked_at": now,
        },
        "https://example.org/source/": {
            "outcome": "ok",
            "status": "two hundred",
            "checked_at": now,
        },
    }
    cache.write_text(json.dumps({"format": "chemsex-toolkit-link-cache/1", "results": entries}))
    offline = _run(root, "--cache", str(cache), "--offline", "--fix-redirects")
    assert offline.exit_code == 0
    assert (root / LINKS).read_bytes() == before
    assert "odd entry or entries" in offline.output
    online = _run(root, "--cache", str(cache), "--fix-redirects")
    assert online.exit_code == 0
    assert yaml.safe_load((root / LINKS).read_text("utf-8"))["links"][1]["url"] == location
    stored = json.loads(cache.read_text())["results"]
    assert stored[server.url("/old")]["final_url"] == location  # the odd entry was replaced


@pytest.mark.parametrize("ref", ["--output=written.txt", "-p", " "])
def test_a_ref_is_never_read_as_an_option(
    tmp_path: Path, ref: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _content(tmp_path, "https://example.org/guide/")
    # In the folder for this test only: a working folder left behind would be every later
    # test's, which then finds content there instead of the bundled one.
    monkeypatch.chdir(tmp_path)
    result = _run(root, "--no-cache", f"--only-changed={ref}")
    assert result.exit_code == 2
    assert "is not a git revision" in result.output
    assert not (tmp_path / "written.txt").exists() and not (root / "written.txt").exists()


def test_invalid_content_is_not_fetched(tmp_path: Path, serve: Serve) -> None:
    server, _location = _redirecting(serve, "new")
    root = _content(tmp_path, server.url("/old"))
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"links:\n  - id: x\n    title: x\n    url: {server.url('/secret')}\n")
    (root / "resources/linked.yaml").symlink_to(outside)
    result = _run(root, "--no-cache")
    assert result.exit_code == 1
    assert "CT110" in result.stderr and "valid content only" in result.stderr
    assert server.requests == []


def test_a_cache_that_is_not_a_file_is_not_read(tmp_path: Path, serve: Serve) -> None:
    server, _location = _redirecting(serve, "new")
    root = _content(tmp_path, server.url("/ok"))
    cache = tmp_path / "links.json"
    os.mkfifo(cache)  # reading it would block for ever
    result = _run(root, "--cache", str(cache), "--offline")
    assert result.exit_code == 0
    assert "could not be read" in result.output and "not a regular file" in result.output


def test_a_linked_cache_file_is_neither_followed_nor_replaced(tmp_path: Path, serve: Serve) -> None:
    server, _location = _redirecting(serve, "new")
    root = _content(tmp_path, server.url("/ok"))
    real = tmp_path / "someone-elses.json"
    real.write_text("not yours", "utf-8")
    cache = tmp_path / "links.json"
    cache.symlink_to(real)
    result = _run(root, "--cache", str(cache))
    assert result.exit_code == 0, result.output
    assert "could not be read" in result.output and "not a regular file" in result.output
    assert cache.is_symlink() and real.read_text("utf-8") == "not yours"


def test_a_committed_cache_link_does_not_move_the_cache_folder(
    tmp_path: Path, serve: Serve
) -> None:
    server, _location = _redirecting(serve, "new")
    root = _content(tmp_path, server.url("/ok"))
    work = tmp_path / "repository"
    work.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (work / ".cache").symlink_to(elsewhere, target_is_directory=True)
    os.chdir(work)
    result = _run(root)  # the default cache, .cache/chemsex-toolkit/links.json
    assert result.exit_code == 0, result.output
    assert ".cache is a symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []


def test_a_deeply_nested_cache_is_a_note_not_a_traceback(tmp_path: Path, serve: Serve) -> None:
    server, _location = _redirecting(serve, "new")
    root = _content(tmp_path, server.url("/ok"))
    cache = tmp_path / "links.json"
    cache.write_text("[" * 200_000 + "]" * 200_000, "utf-8")
    result = _run(root, "--cache", str(cache), "--offline")
    assert result.exit_code == 0, result.output
    assert "nests too deeply" in result.output


def test_fix_redirects_refuses_a_linked_links_file(tmp_path: Path, serve: Serve) -> None:
    server, _location = _redirecting(serve, "new")
    root = _content(tmp_path, server.url("/old"))
    real = root / ".shadow" / "links.yaml"  # hidden: not read as content, inside the folder
    real.parent.mkdir()
    (root / LINKS).rename(real)
    (root / LINKS).symlink_to(os.path.relpath(real, (root / LINKS).parent))
    before = real.read_bytes()
    result = _run(root, "--no-cache", "--fix-redirects")
    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.output
    assert (root / LINKS).is_symlink() and real.read_bytes() == before
