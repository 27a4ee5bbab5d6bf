"""Watching the content and the templates for saves, with watchfiles' native watcher.

The watcher is made, and every folder watched, when a ``Watcher`` is made: a file saved after
that is seen, even before the thread that waits for changes has run. (``watchfiles.watch()``
makes its watcher only when first iterated, in whichever thread iterates it, so a save just
after the preview started could go unseen.)
"""

from __future__ import annotations

import os
import platform
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from chemsex_toolkit.errors import ChemsexToolkitError

# Milliseconds: a batch of changes is handed over once STEP passes without a new one (a save
# that writes a file in a few calls is one batch), and at the latest after DEBOUNCE while
# changes keep coming (a checkout of many files). The watcher wakes every STEP to check for a
# stop, which is cheap.
STEP = 10
DEBOUNCE = 200


class WatchError(ChemsexToolkitError):
    """The folders cannot be watched (a folder gone, or the system's limit of watches)."""


class Watcher:
    """Changes under ``paths``, in batches, until ``stop`` is set."""

    def __init__(self, paths: Sequence[Path], stop: threading.Event) -> None:
        from watchfiles import DefaultFilter
        from watchfiles._rust_notify import RustNotify  # the documented backend of watch()

        self._stop = stop
        self._filter = DefaultFilter()
        try:
            self._notify = RustNotify(
                [str(path) for path in paths],
                False,
                _force_polling(),
                _poll_delay(),
                True,
                False,
            )
        except (OSError, RuntimeError) as error:
            raise WatchError(
                f"Cannot watch {', '.join(map(str, paths))}: {error}. Check that the folders"
                " exist; on Linux, a full inotify limit (fs.inotify.max_user_watches) is raised"
                " with sysctl."
            ) from None

    def batches(self) -> Iterator[list[Path]]:
        """Each batch of changed paths (files and folders, sorted), until ``stop``; the
        watcher is closed when this ends."""
        from watchfiles import Change

        with self._notify:
            while not self._stop.is_set():
                changes = self._notify.watch(DEBOUNCE, STEP, 0, self._stop)
                if isinstance(changes, str):  # "stop" (or "signal", "timeout": not asked for)
                    continue
                keep = self._filter
                paths = {Path(path) for change, path in changes if keep(Change(change), path)}
                if paths:
                    yield sorted(paths)


def _force_polling() -> bool:
    """Poll instead of being told, as ``watchfiles.watch()`` decides: when
    ``WATCHFILES_FORCE_POLLING`` says so, or on WSL, whose Windows drives tell nothing."""
    setting = os.environ.get("WATCHFILES_FORCE_POLLING")
    if setting:
        return setting.lower() not in {"false", "disable", "disabled"}
    release = platform.uname().release.lower()
    return "microsoft-standard" in release


def _poll_delay() -> int:
    setting = os.environ.get("WATCHFILES_POLL_DELAY_MS", "")
    return int(setting) if setting.isdecimal() else 300
