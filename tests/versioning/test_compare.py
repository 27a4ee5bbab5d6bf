"""Bump rules on real content changes to the minimal fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

import chemsex_toolkit
from chemsex_toolkit.messages import source_messages
from chemsex_toolkit.versioning import Bump, Diff, TextChange, ValueChange, bumped, compare


def _diff(old_dir: Path, new_dir: Path, translated: dict[str, set[str]] | None = None) -> Diff:
    old, new = chemsex_toolkit.load(old_dir), chemsex_toolkit.load(new_dir)
    return compare(old, new, source_messages(old), source_messages(new), translated or {})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def pair(tmp_path: Path, minimal_content: Path) -> tuple[Path, Path]:
    import shutil

    new = tmp_path / "new"
    shutil.copytree(minimal_content, new)
    return minimal_content, new


def test_no_change_needs_no_bump(pair: tuple[Path, Path]) -> None:
    diff = _diff(*pair)
    assert diff.required is Bump.NONE
    assert diff.version_ok()


def test_text_edit_is_a_patch(pair: tuple[Path, Path]) -> None:
    old, new = pair
    _edit(new / "topics/sample-topic/items/second-item.yaml", "in one line.", "in one short line.")
    diff = _diff(old, new, {"de": {"item.second-item.description", "item.first-item.title"}})
    assert diff.required is Bump.PATCH
    assert [c.message_id for c in diff.changed] == ["item.second-item.description"]
    assert "{+short+}" in diff.changed[0].word_diff()
    assert diff.stale == {"de": ["item.second-item.description"]}
    assert not diff.version_ok()  # still 1.0.0
    _edit(new / "toolkit.yaml", "version: 1.0.0", "version: 1.0.1")
    assert _diff(old, new).version_ok()


def test_an_optional_text_written_or_deleted_is_a_patch(pair: tuple[Path, Path]) -> None:
    old, new = pair
    toolkit = new / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8") + "credits: Written by the sample team.\n")
    diff = _diff(old, new)
    assert diff.changed == [TextChange("toolkit.credits", "", "Written by the sample team.")]
    assert diff.required is Bump.PATCH
    # And the other way: the credits deleted.
    diff = _diff(new, old)
    assert diff.changed == [TextChange("toolkit.credits", "Written by the sample team.", "")]
    assert diff.required is Bump.PATCH


def test_the_texts_of_an_added_or_removed_item_are_not_also_changes(
    pair: tuple[Path, Path],
) -> None:
    old, new = pair
    (new / "topics/sample-topic/items/second-item.yaml").unlink()
    _edit(new / "topics/sample-topic/topic.yaml", "[first-item, second-item]", "[first-item]")
    assert _diff(old, new).changed == []
    assert _diff(new, old).changed == []


def test_added_item_is_minor(pair: tuple[Path, Path]) -> None:
    old, new = pair
    items = new / "topics/sample-topic/items"
    (items / "third-item.yaml").write_text(
        (items / "second-item.yaml")
        .read_text()
        .replace("second-item", "third-item")
        .replace("The second item", "A brand new third item about something else entirely"),
        encoding="utf-8",
    )
    _edit(new / "topics/sample-topic/topic.yaml", "second-item]", "second-item, third-item]")
    diff = _diff(old, new)
    assert diff.required is Bump.MINOR
    assert ("item", "third-item") in diff.added
    _edit(new / "toolkit.yaml", "version: 1.0.0", "version: 1.0.1")
    assert not _diff(old, new).version_ok()
    _edit(new / "toolkit.yaml", "version: 1.0.1", "version: 1.1.0")
    assert _diff(old, new).version_ok()


def test_removed_item_is_major(pair: tuple[Path, Path]) -> None:
    old, new = pair
    (new / "topics/sample-topic/items/second-item.yaml").unlink()
    _edit(new / "topics/sample-topic/topic.yaml", "[first-item, second-item]", "[first-item]")
    diff = _diff(old, new)
    assert diff.required is Bump.MAJOR
    assert diff.removed == [("item", "second-item")]
    _edit(new / "toolkit.yaml", "version: 1.0.0", "version: 1.1.0")
    assert not _diff(old, new).version_ok()


def test_renamed_item_is_detected_and_major(pair: tuple[Path, Path]) -> None:
    old, new = pair
    items = new / "topics/sample-topic/items"
    text = (items / "first-item.yaml").read_text().replace("id: first-item", "id: opening-item")
    text = text.replace("first-item/adaptation", "opening-item/adaptation")
    (items / "opening-item.yaml").write_text(text, encoding="utf-8")
    (items / "first-item.yaml").unlink()
    _edit(new / "topics/sample-topic/topic.yaml", "[first-item,", "[opening-item,")
    _edit(new / "topics/sample-topic/topic.yaml", "item:first-item", "item:opening-item")
    diff = _diff(old, new)
    assert [(r.old_id, r.new_id) for r in diff.renamed] == [("first-item", "opening-item")]
    assert diff.removed == [] and diff.added == []
    assert diff.required is Bump.MAJOR


# Values other than text: each changes the exports, so each needs at least a patch release.
TOPIC = "topics/sample-topic"


def test_changed_link_url_is_a_patch(pair: tuple[Path, Path]) -> None:
    old, new = pair
    _edit(new / TOPIC / "links.yaml", "https://example.org/guide/", "https://example.org/g2/")
    diff = _diff(old, new)
    assert diff.values == [
        ValueChange(
            "link.sample-guide.url", "https://example.org/guide/", "https://example.org/g2/"
        )
    ]
    assert diff.changed == [] and diff.required is Bump.PATCH


def test_reordered_items_are_a_patch(pair: tuple[Path, Path]) -> None:
    old, new = pair
    _edit(new / TOPIC / "topic.yaml", "[first-item, second-item]", "[second-item, first-item]")
    diff = _diff(old, new)
    assert diff.values == [
        ValueChange(
            "topic.sample-topic.items", "first-item, second-item", "second-item, first-item"
        )
    ]
    assert diff.required is Bump.PATCH


def test_changed_item_resources_are_a_patch(pair: tuple[Path, Path]) -> None:
    old, new = pair
    item = new / TOPIC / "items/second-item.yaml"
    item.write_text(item.read_text("utf-8") + "resources: [sample-case]\n", "utf-8")
    diff = _diff(old, new)
    assert diff.values == [ValueChange("item.second-item.resources", "", "sample-case")]
    assert diff.required is Bump.PATCH


@pytest.mark.parametrize(
    ("old_line", "new_line", "change"),
    [
        (
            "authors: [A. Author]",
            "authors: [A. Author, B. Author]",
            ValueChange("resource.sample-case.authors", "A. Author", "A. Author, B. Author"),
        ),
        (
            'published: "2022-04-26"',
            'published: "2023-01-02"',
            ValueChange("resource.sample-case.published", "2022-04-26", "2023-01-02"),
        ),
        (
            "language: en",
            "language: en\nlink: sample-guide",
            ValueChange("resource.sample-case.link", "", "sample-guide"),
        ),
    ],
)
def test_changed_resource_metadata_is_a_patch(
    pair: tuple[Path, Path], old_line: str, new_line: str, change: ValueChange
) -> None:
    old, new = pair
    _edit(new / "resources/sample-case.yaml", old_line, new_line)
    diff = _diff(old, new)
    assert diff.values == [change]
    assert diff.required is Bump.PATCH


def test_added_item_is_not_also_a_reorder(pair: tuple[Path, Path]) -> None:
    """What is added, removed or renamed in a list is reported as such, not as a new order."""
    old, new = pair
    (new / TOPIC / "items/second-item.yaml").unlink()
    _edit(new / TOPIC / "topic.yaml", "[first-item, second-item]", "[first-item]")
    assert _diff(old, new).values == []


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [
        ("1.2.3", Bump.PATCH, (1, 2, 4)),
        ("1.2.3", Bump.MINOR, (1, 3, 0)),
        ("1.2.3", Bump.MAJOR, (2, 0, 0)),
        ("1.2.3", Bump.NONE, (1, 2, 3)),
    ],
)
def test_bumped(version: str, bump: Bump, expected: tuple[int, int, int]) -> None:
    assert bumped(version, bump) == expected


def test_word_diff_marks_removed_and_added_words() -> None:
    change = TextChange("x", "the quick brown fox", "the slow brown fox jumps")
    assert change.word_diff() == "the [-quick-] {+slow+} brown fox {+jumps+}"
