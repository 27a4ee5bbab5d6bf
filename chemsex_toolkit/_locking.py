"""Locks between processes that write the same folder, on every operating system."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock

from chemsex_toolkit.errors import UsageError

LOCK_NAME = ".build.lock"


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock: two processes writing into one folder take turns.

    filelock uses ``flock`` on POSIX and ``msvcrt.locking`` on Windows; the lock goes with the
    process, so a killed holder never blocks the next run.
    """
    path = folder / LOCK_NAME
    if path.is_symlink():
        # A planted link would make the lock open (and some filelock versions truncate) a file
        # elsewhere.
        raise UsageError(f"{path} is a symbolic link; remove it (a build makes its own lock file).")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path} is not a regular file; remove it.")
    with FileLock(path, thread_local=False):
        yield


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
