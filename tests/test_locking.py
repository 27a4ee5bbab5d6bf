"""The output folder's lock: builds take turns, and no lock file is left behind."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from chemsex_toolkit._locking import LOCK_NAME, locked


@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot remove an open file")
def test_no_lock_file_is_left_behind(tmp_path: Path) -> None:
    with locked(tmp_path):
        assert (tmp_path / LOCK_NAME).is_file()
    assert list(tmp_path.iterdir()) == []


def test_holders_never_overlap_though_the_file_comes_and_goes(tmp_path: Path) -> None:
    """Each holder removes the file as it lets go, while others wait on it: a waiter that gets
    a removed file must start again on the new one, or two would hold the lock at once."""
    inside: list[int] = []
    overlaps: list[int] = []
    guard = threading.Lock()

    failures: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for _ in range(40):
                with locked(tmp_path):
                    with guard:
                        if inside:
                            overlaps.append(worker)
                        inside.append(worker)
                    with guard:
                        inside.remove(worker)
        except BaseException as failure:  # a thread's error would otherwise be only a warning
            failures.append(failure)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert overlaps == []
