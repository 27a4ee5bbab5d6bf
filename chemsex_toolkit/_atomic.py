"""Atomic writes: a reader sees the old file or folder or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Text is written as UTF-8 with the newlines given (no platform translation).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions a user gave the file they edit.
            os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _exchange_function() -> Callable[[Path, Path], bool] | None:
    """Linux's renameat2(RENAME_EXCHANGE), which swaps two paths in one step; None elsewhere
    (macOS, Windows, a C library or file system without it)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):
        return None
    at_fdcwd, rename_exchange = -100, 2

    def exchange(a: Path, b: Path) -> bool:
        done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
        return bool(done == 0)

    return exchange


_exchange = _exchange_function()


def swap_folder(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in ``target``'s place.

    Where the system can swap two folders in one step there is no moment without ``target``.
    Elsewhere the old folder is first renamed to ``.<name>.old-<pid>-<random>`` beside it, and
    :func:`stale_leftovers` lets the next run put it back if the process dies in between.
    """
    if not target.exists():
        os.replace(staging, target)
        return
    if _exchange is not None and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the old output
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
