"""Reading files that strangers may have prepared: only regular files inside a given folder, and
never more bytes than the caller's limit allows.

A path can name a FIFO (reading blocks forever), a device (``/dev/zero`` never ends and reports a
size of 0), or a symbolic link to anywhere; ``stat().st_size`` can therefore not be trusted, and
a size check must count the bytes actually read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class OutsideFolder(OSError):
    """The path is a link that leads out of the folder it must stay in."""


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, stays within ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def read_capped(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit + 1`` of them (one more than
    allowed, so the caller can tell "too large" without reading on).

    Raises ``OutsideFolder`` when ``path`` leads out of ``root``, and ``OSError`` with a plain
    ``strerror`` for anything that is not a regular file or cannot be read."""
    target = path
    if root is not None:
        try:
            # Links inside the folder are fine: open what they name, resolved once.
            target = path.resolve()
            outside = not target.is_relative_to(root.resolve())
        except (OSError, RuntimeError):  # a loop of links
            outside = True
        if outside:
            raise OutsideFolder(errno.EACCES, "the link leads outside the folder", str(path))
    descriptor = os.open(target, _FLAGS | (_NOFOLLOW if root is not None else 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
