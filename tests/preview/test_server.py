"""The preview server over real HTTP on 127.0.0.1: pages, events, findings, and the command
that runs it, stopped by Ctrl-C."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chemsex_toolkit.paths import bundled_content
from chemsex_toolkit.preview import Preview
from tests.support import takes_ctrl_c

# Real servers and child processes, waited on until they settle.
pytestmark = pytest.mark.slow

ITEM = "topics/chemsex-support/items/chemsex-knowledge.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(bundled_content(), target)
    return target


@pytest.fixture
def preview(content: Path) -> Iterator[Preview]:
    with Preview(content, port=0) as running:
        yield running


def _get(preview: Preview, path: str, host: str | None = None) -> http.client.HTTPResponse:
    port = preview.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    return connection.getresponse()


def _events(response: http.client.HTTPResponse) -> Iterator[tuple[str, str]]:
    """Server-sent events as (name, data), read as they arrive."""
    name = data = ""
    while True:
        line = response.fp.readline().decode("utf-8")
        if not line:
            return
        if line.startswith("event: "):
            name = line[7:].strip()
        elif line.startswith("data: "):
            data = line[6:].strip()
        elif line == "\n" and name:
            yield name, data
            name = data = ""


def test_serves_pages_with_the_reload_script_and_no_caching(preview: Preview) -> None:
    assert preview.url.startswith("http://127.0.0.1:")
    response = _get(preview, "/en/index.html")
    body = response.read().decode("utf-8")
    assert response.status == 200
    assert response.getheader("Cache-Control") == "no-store"
    assert 'data-generation="0"' in body and "/__preview/events" in body
    assert _get(preview, "/missing").status == 404


def test_another_host_name_is_refused(preview: Preview) -> None:
    """A web page elsewhere cannot read the preview by pointing a name at 127.0.0.1."""
    assert _get(preview, "/en/index.html", host="attacker.example").status == 403
    assert _get(preview, "/en/index.html", host="localhost").status == 200


def test_a_save_sends_reload_and_the_page_has_changed(preview: Preview, content: Path) -> None:
    stream = _get(preview, "/__preview/events")
    assert stream.getheader("Content-Type") == "text/event-stream"
    events = _events(stream)
    assert next(events) == ("hello", "0")
    item = content / ITEM
    item.write_text(
        item.read_text("utf-8").replace("title: Knowledge about ChemSex", "title: Saved title"),
        "utf-8",
    )
    # Findings may come first (validation of the content as found); the reload follows.
    assert next(e for e in events if e[0] != "findings") == ("reload", "1")
    body = _get(preview, "/en/index.html").read().decode("utf-8")
    assert "Saved title" in body and 'data-generation="1"' in body


def test_findings_are_served_as_json(preview: Preview, content: Path) -> None:
    events = _events(_get(preview, "/__preview/events"))
    assert next(events)[0] == "hello"
    (content / "topics/chemsex-support/topic.yaml").write_text("id: [\n", "utf-8")
    for name, _data in events:  # each "findings" event: the report may have changed
        assert name == "findings"
        report = json.loads(_get(preview, "/__preview/findings").read())
        if "last good state" in report["problem"]:
            break
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors and errors[0]["file"].startswith("topics/")
    assert {"code", "message", "hint", "line", "column"} <= set(errors[0])


def test_the_command_listens_on_loopback_and_stops_cleanly_on_ctrl_c(content: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "chemsex_toolkit",
            "serve",
            "--content",
            str(content),
            "--port",
            "0",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=takes_ctrl_c,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert first.startswith("Previewing "), first
        url = first.rsplit(" at ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/fr/index.html")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=60)
        rest = process.stderr.read()
        assert code == 0, rest
        assert "Stopped." in rest and "Traceback" not in rest, rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_open_hands_the_preview_address_to_the_browser(content: Path, tmp_path: Path) -> None:
    """--open goes through Python's webbrowser, which runs the command named by $BROWSER: here
    a script that writes down the address it was given."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n', "utf-8")
    browser.chmod(0o755)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "chemsex_toolkit",
            "serve",
            "--content",
            str(content),
            "--port",
            "0",
            "--open",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "BROWSER": str(browser)},
        preexec_fn=takes_ctrl_c,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        url = first.rsplit(" at ", 1)[1].strip()
        for line in process.stderr:  # the last line is printed after the browser was started
            if line.startswith("Watching"):
                break
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
        assert opened.read_text("utf-8") == url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
