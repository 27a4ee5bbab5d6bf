"""Loading again with a ``FileCache``: only the files that changed are read, and the result is
what a load from scratch gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chemsex_toolkit.findings import Problem
from chemsex_toolkit.loading import Content, FileCache, load_content

SOURCE = Path(__file__).parents[1] / "fixtures" / "multi-topic"
# An item and a topic other than the first: a cache keyed wrongly would mix topics up.
ITEM = "topics/prep-topic/items/prep-access.yaml"
TOPIC = "topics/prep-topic/topic.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SOURCE, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _same_as_fresh(loaded: Content) -> None:
    fresh = load_content(loaded.root)
    assert loaded.toolkit == fresh.toolkit
    assert loaded.partial == fresh.partial
    assert sorted(loaded.problems, key=repr) == sorted(fresh.problems, key=repr)
    assert loaded.refused == fresh.refused
    assert loaded.incomplete == fresh.incomplete
    assert set(loaded.documents) == set(fresh.documents)


def test_a_load_reads_every_file_once_then_only_what_changed(content: Path) -> None:
    cache = FileCache()
    first = load_content(content, cache)
    assert ITEM in cache.last_read and "toolkit.yaml" in cache.last_read
    assert len(cache.last_read) == len(first.documents)

    again = load_content(content, cache)
    assert cache.last_read == []
    assert again.toolkit == first.toolkit

    _edit(content / ITEM, "title: Access to PrEP", "title: Getting PrEP")
    edited = load_content(content, cache)
    assert cache.last_read == [ITEM]
    assert edited.toolkit is not None
    assert edited.toolkit.item("prep-access").title == "Getting PrEP"
    # The unchanged files are the very documents read before.
    assert edited.documents[TOPIC] is first.documents[TOPIC]
    _same_as_fresh(edited)


def test_forget_reads_a_file_again_whatever_its_version(content: Path) -> None:
    cache = FileCache()
    load_content(content, cache)
    cache.forget([ITEM])
    load_content(content, cache)
    assert cache.last_read == [ITEM]


def test_a_deleted_file_is_missed_and_a_renamed_one_found(content: Path) -> None:
    cache = FileCache()
    load_content(content, cache)
    moved = content / "topics/prep-topic/items/elsewhere.yaml"
    (content / ITEM).rename(moved)
    renamed = load_content(content, cache)
    assert cache.last_read == [moved.relative_to(content).as_posix()]
    assert renamed.toolkit is None and ITEM not in renamed.documents
    # Listed but missing, and there but not listed.
    assert {p.code for p in renamed.problems} >= {"CT302", "CT307"}
    _same_as_fresh(renamed)

    moved.unlink()
    deleted = load_content(content, cache)
    assert cache.last_read == []
    _same_as_fresh(deleted)

    shutil.copyfile(SOURCE / ITEM, content / ITEM)
    restored = load_content(content, cache)
    assert cache.last_read == [ITEM]
    assert restored.toolkit is not None
    _same_as_fresh(restored)


def test_a_broken_file_is_reported_until_it_is_fixed(content: Path) -> None:
    cache = FileCache()
    load_content(content, cache)
    (content / TOPIC).write_text("id: [unclosed\n", "utf-8")
    broken = load_content(content, cache)
    assert broken.toolkit is None
    assert TOPIC in {p.place.file for p in broken.problems}
    again = load_content(content, cache)
    assert cache.last_read == []  # a broken file is not read again either while unchanged
    _same_as_fresh(again)
    shutil.copyfile(SOURCE / TOPIC, content / TOPIC)
    fixed = load_content(content, cache)
    assert cache.last_read == [TOPIC]
    assert fixed.toolkit is not None
    _same_as_fresh(fixed)


def test_files_are_listed_in_path_order_without_hidden_ones_or_links_out(
    content: Path, tmp_path: Path
) -> None:
    from chemsex_toolkit.loading.content import _content_files

    (content / "a").mkdir()
    (content / "a/b.yaml").write_text("id: b\n", "utf-8")
    (content / "a-b").mkdir()
    (content / "a-b/c.yaml").write_text("id: c\n", "utf-8")
    (content / ".hidden").mkdir()
    (content / ".hidden/d.yaml").write_text("id: d\n", "utf-8")
    (tmp_path / "outside.yaml").write_text("id: e\n", "utf-8")
    (content / "out.yaml").symlink_to(tmp_path / "outside.yaml")
    (content / "topics-link").symlink_to(content / "topics", target_is_directory=True)
    problems: list[Problem] = []
    listed = [relpath for relpath, _path in _content_files(content, problems)]
    # Ordered by path parts, as sorting paths does: "a/..." before "a-b/...".
    assert listed[:2] == ["a/b.yaml", "a-b/c.yaml"]
    assert listed == sorted(listed, key=lambda relpath: relpath.split("/"))
    assert not [p for p in listed if p.startswith((".", "topics-link")) or p == "out.yaml"]
    assert [(p.code, p.place.file) for p in problems] == [("CT110", "out.yaml")]
    assert ITEM in listed
