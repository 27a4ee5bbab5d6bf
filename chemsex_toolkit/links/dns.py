"""Resolving host names once per run, so that the address judged is the address connected to."""

from __future__ import annotations

import ipaddress
import socket
import threading
from urllib.parse import unquote

from chemsex_toolkit.links.address import IPAddress


def literal(host: str) -> IPAddress | None:
    """``host`` as an address when it is one in standard notation (``%25`` zone IDs too)."""
    for text in (host, unquote(host)):
        try:
            return ipaddress.ip_address(text)
        except ValueError:
            continue
    return None


def resolve(host: str) -> list[IPAddress] | socket.gaierror:
    """Every address of ``host``, or the resolver's error.

    The system resolver also reads the short and numeric spellings (``127.1``, ``2130706433``,
    ``0x7f.0.0.1``, ``0177.0.0.1``) exactly as the connection would."""
    found = literal(host)
    if found is not None:
        return [found]
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        return error
    except (OSError, UnicodeError) as error:
        return socket.gaierror(socket.EAI_NONAME, f"Name or service not known ({error})")
    addresses: list[IPAddress] = []
    for info in infos:
        ip = literal(str(info[4][0]))
        if ip is not None and ip not in addresses:
            addresses.append(ip)
    if not addresses:
        return socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return addresses


class Resolver:
    """``resolve`` with one answer per name for the whole run (no rebinding between the check of
    an address and the connection to it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, list[IPAddress] | socket.gaierror] = {}

    def addresses(self, host: str) -> list[IPAddress] | socket.gaierror:
        host = host.lower().rstrip(".") or host
        with self._lock:
            known = self._known.get(host)
        if known is None:
            known = resolve(host)
            with self._lock:
                known = self._known.setdefault(host, known)
        return known

    def key(self, host: str) -> str:
        """What politeness limits are counted by: the host's first address, else its name."""
        found = self.addresses(host)
        if isinstance(found, socket.gaierror):
            return host.lower()
        return str(min(found, key=lambda ip: (ip.version, int(ip))))
