"""The preview's watcher on real folders: a save made right after the watcher was made is seen,
a renamed folder is reported, and setting the stop event ends the batches."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chemsex_toolkit.preview.watch import Watcher, WatchError

# Seconds to wait for a batch before the test fails instead of hanging: a batch comes within
# milliseconds, but the machine may be busy.
PATIENCE = 30


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def _batches(watcher: Watcher) -> queue.Queue[list[Path] | None]:
    """The watcher's batches, read in a thread as they come; None once it ends."""
    found: queue.Queue[list[Path] | None] = queue.Queue()

    def read() -> None:
        for batch in watcher.batches():
            found.put(batch)
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    return found


def test_a_save_right_after_the_watcher_was_made_is_seen(
    tmp_path: Path, stop: threading.Event
) -> None:
    saved = tmp_path / "item.yaml"
    saved.write_text("id: a\n", "utf-8")
    watcher = Watcher([tmp_path], stop)
    # Saved before the thread that reads the changes has even started.
    saved.write_text("id: b\n", "utf-8")
    batches = _batches(watcher)
    assert batches.get(timeout=PATIENCE) == [saved]


def test_a_renamed_folder_is_reported_and_stop_ends_the_batches(
    tmp_path: Path, stop: threading.Event
) -> None:
    folder = tmp_path / "items"
    folder.mkdir()
    (folder / "one.yaml").write_text("id: one\n", "utf-8")
    watcher = Watcher([tmp_path], stop)
    batches = _batches(watcher)
    folder.rename(tmp_path / "moved")
    seen: set[Path] = set()
    while tmp_path / "moved" not in seen:
        batch = batches.get(timeout=PATIENCE)
        assert batch is not None
        seen.update(batch)
    assert folder in seen
    stop.set()
    assert batches.get(timeout=PATIENCE) is None


def test_a_folder_that_cannot_be_watched_is_a_clear_error(
    tmp_path: Path, stop: threading.Event
) -> None:
    with pytest.raises(WatchError, match=r"Cannot watch .*missing"):
        Watcher([tmp_path / "missing"], stop)
