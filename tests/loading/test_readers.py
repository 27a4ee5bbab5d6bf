"""The fast reader and the round-trip reader must agree on every value and every position."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chemsex_toolkit.loading.events import resolve
from chemsex_toolkit.loading.roundtrip import to_plain
from chemsex_toolkit.loading.yamlio import Document, parse_yaml
from chemsex_toolkit.paths import bundled_content

CONTENT = bundled_content()
FILES = sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*.yaml"))


def _paths(node: Any, parts: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield parts
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*parts, index))


def _read(relpath: str, round_trip: bool) -> Document:
    path = CONTENT / relpath
    document, findings = parse_yaml(path.read_bytes(), path, relpath, round_trip=round_trip)
    assert document is not None and not findings
    return document


@pytest.mark.parametrize("relpath", FILES)
def test_same_data_and_positions(relpath: str) -> None:
    fast, slow = _read(relpath, False), _read(relpath, True)

    assert fast.plain() == to_plain(slow.data)
    for parts in _paths(fast.data):
        assert fast.locate(parts) == slow.locate(parts), parts
        if parts and isinstance(parts[-1], str):
            assert fast.locate_key(parts) == slow.locate_key(parts), parts
        value = fast.data
        for part in parts:
            value = value[part]
        if isinstance(value, str) and len(value) > 1:
            for offset in {0, len(value) // 2, len(value) - 1}:
                assert fast.locate_text(parts, offset) == slow.locate_text(parts, offset), parts


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),  # YAML 1.1 booleans are words in 1.2
        ("yes", "yes"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".inf", float("inf")),
        ("-.Inf", float("-inf")),
        ("1.0.0", "1.0.0"),
        ("2022-04-26", dt.date(2022, 4, 26)),
        ("2022-13-45", "2022-13-45"),
        ("2022-04-26 10:30:00", dt.datetime(2022, 4, 26, 10, 30)),
        ("2022-04-26 10:30", "2022-04-26 10:30"),  # a timestamp has seconds
        ("=", "="),  # not YAML 1.1's value key
        ("<<", "<<"),  # not a merge key
        ("0b101", "0b101"),  # no binary in the 1.2 core schema
        ("0x_1", "0x_1"),
        ("1:20", "1:20"),  # no sexagesimal numbers either
        ("010", 10),
        ("1_000", "1_000"),
        ("+", "+"),
        (".", "."),
        ("-", "-"),
    ],
)
def test_plain_scalars_resolve_by_yaml_1_2(text: str, value: object, tmp_path: Path) -> None:
    assert resolve(text) == value
    assert type(resolve(text)) is type(value)
    # The round-trip reader (used to write files back) agrees with the fast one.
    raw = f"key: {text}\n".encode()
    fast, problems = parse_yaml(raw, tmp_path / "x.yaml", "x.yaml")
    document, findings = parse_yaml(raw, tmp_path / "x.yaml", "x.yaml", round_trip=True)
    assert bool(findings) == bool(problems)
    if fast is not None and document is not None:
        assert document.plain()["key"] == fast.data["key"]
        assert type(document.plain()["key"]) is type(fast.data["key"])


def test_aliases_are_reported_and_never_expanded(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]" for i in range(20)]
    raw = ("\n".join(lines) + "\n").encode()

    document, findings = parse_yaml(raw, tmp_path / "x.yaml", "x.yaml")

    assert {f.code for f in findings} == {"CT108"}
    assert len(findings) == 10  # the first ten; the rest would only repeat them
    assert document is not None
    assert document.data["u"] == [None, None]
