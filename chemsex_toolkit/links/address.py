"""Which network addresses the checker may talk to.

Content comes from pull requests by anyone, and the checker runs in CI next to cloud metadata
services and internal hosts. So by default only public addresses are contacted, at every hop; the
judgement is made on the address a name resolves to, never on how the URL spells the host
(``2130706433``, ``0x7f.1``, ``[::ffff:127.0.0.1]`` and ``localhost`` are all loopback).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

# Never contacted, whatever the options: cloud metadata (169.254.169.254) is link-local.
_NEVER = frozenset({"link-local", "unspecified", "multicast", "reserved"})


def address_kind(address: str | IPAddress) -> str:
    """public, private, loopback, link-local, unspecified, multicast or reserved."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:  # what DNS64 gives for an IPv4-only host: judge the IPv4 address
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if ip.is_loopback:
        return "loopback"
    if ip.is_reserved:
        return "reserved"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "private"
    return "public" if ip.is_global else "private"


@dataclass(frozen=True)
class Policy:
    """Only public addresses, unless ``allow_private`` (for intranets and tests): then loopback
    and private addresses too, but never link-local, unspecified, multicast or reserved ones,
    and never from a public server into a private one."""

    allow_private: bool = False

    def refused(self, ip: IPAddress, origin: IPAddress | None = None) -> str | None:
        """The kind of ``ip`` when it must not be contacted (after a redirect from ``origin``)."""
        kind = address_kind(ip)
        if kind == "public":
            return None
        if not self.allow_private or kind in _NEVER:
            return kind
        if origin is None:
            return None
        source = address_kind(origin)
        if kind == "loopback" and source != "loopback":
            return kind
        if kind == "private" and source == "public":
            return kind
        return None

    def hint(self) -> str:
        return "" if self.allow_private else " (only public addresses are checked)"


def with_article(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
