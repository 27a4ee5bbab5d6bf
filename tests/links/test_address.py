"""The address policy (the SSRF guard) on its own, without a network: what each address is,
however it is spelled, and which the checker may contact, at the first hop and after a
redirect."""

from __future__ import annotations

import ipaddress

import pytest

from chemsex_toolkit.links.address import Policy, address_kind, with_article

PUBLIC = ipaddress.ip_address("93.184.215.14")
PRIVATE = ipaddress.ip_address("10.0.0.7")
LOOPBACK = ipaddress.ip_address("127.0.0.1")


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.215.14", "public"),
        ("2606:4700:4700::1111", "public"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("fd00::1", "private"),
        ("fec0::1", "private"),  # site-local, deprecated but still routed on some intranets
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        # IPv4 inside IPv6: judged by the IPv4 address, not the IPv6 spelling.
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:93.184.215.14", "public"),
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b::5db8:d70e", "public"),  # NAT64 of 93.184.215.14
    ],
)
def test_kind_of_an_address(address: str, kind: str) -> None:
    assert address_kind(address) == kind
    assert address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    "address", ["169.254.169.254", "0.0.0.0", "224.0.0.1", "240.0.0.1", "127.0.0.1", "10.0.0.7"]
)
def test_by_default_only_public_addresses_are_contacted(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert Policy().refused(ip) == address_kind(ip)
    assert Policy().refused(PUBLIC) is None
    assert Policy().refused(PUBLIC, origin=PRIVATE) is None


@pytest.mark.parametrize("address", ["169.254.169.254", "::", "ff02::1", "240.0.0.1"])
def test_some_addresses_are_never_contacted_even_when_private_ones_are_allowed(
    address: str,
) -> None:
    ip = ipaddress.ip_address(address)
    assert Policy(allow_private=True).refused(ip) == address_kind(ip)
    assert Policy(allow_private=True).refused(ip, origin=LOOPBACK) == address_kind(ip)


def test_allowing_private_addresses_allows_them_at_the_first_hop() -> None:
    policy = Policy(allow_private=True)
    assert policy.refused(PRIVATE) is None
    assert policy.refused(LOOPBACK) is None


def test_a_redirect_never_leads_inwards() -> None:
    policy = Policy(allow_private=True)
    # From a public server: neither into the intranet nor to this machine.
    assert policy.refused(PRIVATE, origin=PUBLIC) == "private"
    assert policy.refused(LOOPBACK, origin=PUBLIC) == "loopback"
    # From an intranet server: within the intranet, but not to this machine.
    assert policy.refused(PRIVATE, origin=ipaddress.ip_address("10.9.9.9")) is None
    assert policy.refused(LOOPBACK, origin=PRIVATE) == "loopback"
    # From this machine: anywhere allowed.
    assert policy.refused(LOOPBACK, origin=LOOPBACK) is None
    assert policy.refused(PRIVATE, origin=LOOPBACK) is None


def test_hint_says_why_only_by_default() -> None:
    assert Policy().hint() == " (only public addresses are checked)"
    assert Policy(allow_private=True).hint() == ""


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [("loopback", "a loopback"), ("link-local", "a link-local"), ("unspecified", "an unspecified")],
)
def test_kind_with_its_article(kind: str, phrase: str) -> None:
    assert with_article(kind) == phrase
