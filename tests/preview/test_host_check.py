"""The preview's Host check holds whatever address it listens on: a name it does not know it is
reached by (one an attacker may point at it) is refused, bound to 127.0.0.2 or to 0.0.0.0 too."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chemsex_toolkit.preview.server import PreviewServer
from chemsex_toolkit.preview.site import PreviewSite

FIXTURE = Path(__file__).parents[1] / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> PreviewSite:
    content = tmp_path_factory.mktemp("host") / "content"
    shutil.copytree(FIXTURE, content)
    return PreviewSite(content)


@pytest.fixture(params=["127.0.0.1", "127.0.0.2", "0.0.0.0"])
def server(request: pytest.FixtureRequest, site: PreviewSite) -> Iterator[PreviewServer]:
    running = PreviewServer((request.param, 0), site)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(timeout=30)


def _status(server: PreviewServer, host: str) -> int:
    bound, port = str(server.server_address[0]), server.server_address[1]
    address = "127.0.0.1" if bound == "0.0.0.0" else bound
    connection = http.client.HTTPConnection(address, port, timeout=30)
    connection.request("GET", "/en/index.html", headers={"Host": host.format(port=port)})
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize(
    "host",
    ["attacker.example", "attacker.example:{port}", "127.0.0.1.attacker.example", "", "[evil]"],
)
def test_a_name_the_preview_does_not_know_is_refused(server: PreviewServer, host: str) -> None:
    assert _status(server, host) == 403


def test_addresses_and_its_own_names_are_served(server: PreviewServer) -> None:
    bound = str(server.server_address[0])
    assert _status(server, "localhost:{port}") == 200
    assert _status(server, "LOCALHOST.") == 200
    assert _status(server, f"{bound}:{{port}}") == 200
    assert _status(server, "[::1]:{port}") == 200
    if bound == "0.0.0.0":
        assert _status(server, socket.gethostname() + ":{port}") == 200
