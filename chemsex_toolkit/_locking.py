"""Locks between processes that write the same folder, on every operating system."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock

from chemsex_toolkit.errors import UsageError

LOCK_NAME = ".build.lock"


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock: two processes writing into one folder take turns.

    The lock is ``flock`` on POSIX (``msvcrt.locking`` through filelock on Windows); it goes with
    the process, so a killed holder never blocks the next run. On POSIX the lock file is removed
    as the lock is let go, so that no empty file is left in every output folder.
    """
    path = folder / LOCK_NAME
    # One look, not two: the holder before removes the file as it lets go, and a file gone
    # between an "exists" and an "is a file" would read as something else.
    try:
        mode: int | None = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        # A planted link would make the lock open (and some filelock versions truncate) a file
        # elsewhere.
        raise UsageError(f"{path} is a symbolic link; remove it (a build makes its own lock file).")
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(f"{path} is not a regular file; remove it.")
    try:
        import fcntl
    except ImportError:  # Windows, where an open file cannot be removed either: it stays
        with FileLock(path, thread_local=False):
            yield
        return
    with _removed_when_released(path, fcntl.flock, fcntl.LOCK_EX):
        yield


@contextlib.contextmanager
def _removed_when_released(
    path: Path, flock: Callable[[int, int], None], exclusive: int
) -> Iterator[None]:
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        handle = os.open(path, flags, 0o644)
        try:
            flock(handle, exclusive)
            # The holder before may have removed the file as it let go: this lock is then on a
            # file nobody else opens, and the next comer makes a new one. Take that one instead.
            try:
                current = os.path.samestat(os.fstat(handle), os.lstat(path))
            except FileNotFoundError:
                current = False
            if current:
                try:
                    yield
                finally:
                    # Removed while still held: whoever waits on this file sees it is gone.
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)
                return
        finally:
            os.close(handle)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a leftover of a dead one may be tidied away)."""
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        still_active, query_limited_information, access_denied = 259, 0x1000, 5
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return ctypes.get_last_error() == access_denied
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    # Signal 0 checks without signalling (on Windows os.kill would end the process instead).
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
