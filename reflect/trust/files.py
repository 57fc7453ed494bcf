"""Files the journal's owner alone may read: created owner-only, flushed, swapped whole.

The primitives every module that writes private files uses: a umask under which SQLite's
own files (the journal, -wal, -shm) are created 0600, exclusive owner-only creation,
fsync of a file and of a folder, a private byte-for-byte copy, and a free name beside an
existing file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def private_umask() -> Iterator[None]:
    """Files created meanwhile (by us or by SQLite) are the owner's only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def create_private(path: Path) -> None:
    """Create `path` empty and 0600; FileExistsError if anything is there already."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_private(source: Path, dest: Path) -> None:
    """A byte-for-byte copy to a new owner-only file, flushed to disk."""
    fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())


def replace(source: Path, dest: Path) -> None:
    """Move `source` over `dest` in one step, and make the move itself durable."""
    os.replace(source, dest)
    fsync(Path(dest).parent)


def unused(path: Path) -> Path:
    """`path`, or the same name with -2, -3 ... when a file of that name exists."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate
