"""Atomic writes: a reader sees the old file or folder or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from chemsex_toolkit.errors import UsageError


def regular_or_missing(path: Path) -> os.stat_result | None:
    """``path``'s own status (a link not followed), None when nothing is there; ``UsageError``
    when it is something other than a regular file. A rename over it would replace a device
    (run as root, ``-o /dev/null`` would become a file) or a link someone else made."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(info.st_mode):
        return info
    if stat.S_ISLNK(info.st_mode):
        what = "a symbolic link"
    elif stat.S_ISDIR(info.st_mode):
        what = "a folder"
    else:
        what = "a device, pipe or socket"
    raise UsageError(f"{path} is {what}, not a regular file: nothing was written to it.")


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Text is written as UTF-8 with the newlines given (no platform translation). Refuses
    (``UsageError``) a ``path`` that is there and is not a regular file.
    """
    before = regular_or_missing(path)
    tmp_name = _written_beside(path, data)
    try:
        if before is not None:
            # Keep the permissions a user gave the file they edit.
            os.chmod(tmp_name, before.st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _written_beside(path: Path, data: str | bytes) -> str:
    """A temporary file beside ``path`` (so a rename cannot cross file systems) holding all of
    ``data``, flushed to disk; the caller renames or removes it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return tmp_name


def write_new(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically, where nothing is: a file that is there, or one
    that appears meanwhile, is never replaced (``UsageError``). The whole file is written under
    a temporary name, then linked to ``path``, which fails when the name is taken."""
    tmp_name = _written_beside(path, data)
    try:
        os.chmod(tmp_name, 0o644)
        try:
            os.link(tmp_name, path)
        except FileExistsError:
            raise UsageError(f"{path} is there already: it was not replaced.") from None
        except OSError:
            # A file system without hard links: the check and the rename are two steps.
            if os.path.lexists(path):
                raise UsageError(f"{path} is there already: it was not replaced.") from None
            os.replace(tmp_name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)


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
    if os.path.islink(target):
        # Never followed, nor left behind: a link in the output is no folder a build made.
        os.unlink(target)
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
