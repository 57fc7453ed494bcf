"""Files the journal's owner alone may read: created owner-only, flushed, swapped whole.

The one owner of file safety; every module that writes a file uses these: owner-only
folders (0700, made with any missing parents), a umask under
which SQLite's own files (the journal, -wal, -shm) are created 0600, exclusive owner-only
creation, writing a file whole or not at all (a temp file beside it, then one rename),
staging and temporary folders that are 0700 and cleaned up, fsync of a file and of a
folder, a private byte-for-byte copy, a free name beside an existing file, and the stamp
that names backups and kept copies.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from reflect.settings.errors import JournalError


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable by the owner only (0700).

    Folders that already exist keep their modes: they are the user's, not ours.
    """
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
            os.chmod(path, 0o700)
        except FileExistsError:
            continue
        except OSError as e:
            raise JournalError(f"cannot create folder {path}: {e.strerror or e}") from e
    if not folder.is_dir():
        raise JournalError(f"{folder} is not a folder")


@contextmanager
def private_umask() -> Iterator[None]:
    """Files created meanwhile (by us or by SQLite) are the owner's only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def create_private(path: Path, data: bytes | Iterable[bytes] = b"") -> None:
    """Create `path` 0600 holding `data` (bytes, or its parts in turn, written as they
    come); FileExistsError if anything is there already."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as f:
        if isinstance(data, bytes):
            f.write(data)
        else:
            f.writelines(data)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace `path` with `data` in one step, 0600: an interruption leaves the old file or
    the new one, never half of one. The new file is built in a staging folder beside it,
    which `remove_staging` clears if the write was killed."""
    path = Path(path)
    staging = staging_folder(path)
    try:
        built = staging / "new"
        create_private(built, data)
        fsync(built)
        replace(built, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


STAGING_MARK = ".reflect-staging"  # inside every staging folder: what it was made for


def staging_folder(beside: Path) -> Path:
    """A new 0700 folder next to `beside` (named `.NAME-*`), to build something in first,
    marked inside as reflect's, for `beside`."""
    beside = Path(beside)
    folder = Path(tempfile.mkdtemp(dir=beside.parent, prefix=f".{beside.name}-"))
    create_private(folder / STAGING_MARK, beside.name.encode("utf-8"))
    return folder


def remove_staging(beside: Path) -> None:
    """Staging folders an interrupted write left next to `beside`: only those that prove
    they are reflect's, for `beside` (their mark); nothing else, whatever its name."""
    beside = Path(beside)
    for stale in beside.parent.glob(f".{beside.name}-*"):
        mark = stale / STAGING_MARK
        try:
            ours = (stale.is_dir() and not stale.is_symlink() and mark.is_file()
                    and mark.read_bytes() == beside.name.encode("utf-8"))
        except OSError:
            ours = False
        if ours:
            shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def private_temp_folder(prefix: str = "reflect-") -> Iterator[Path]:
    """A 0700 folder in the system's temp place, removed with all it holds afterwards,
    also on an error or Ctrl-C."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def erase(path: Path) -> None:
    """Overwrite a file's bytes with zeros, flush, then unlink it: what it held does not
    stay readable in the freed blocks of an ordinary file system."""
    try:
        size = Path(path).stat().st_size
        with open(path, "r+b") as f:
            for start in range(0, size, 1 << 20):
                f.write(b"\0" * min(1 << 20, size - start))
            f.flush()
            os.fsync(f.fileno())
    except FileNotFoundError:
        return
    Path(path).unlink(missing_ok=True)


def hold(path: Path) -> int:
    """An exclusive lock on `path` for as long as the returned descriptor is open; the
    system lets go of it when the process ends, however it ends."""
    import fcntl

    fd = os.open(path, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def held_elsewhere(path: Path) -> bool:
    """True while a live process holds `path` (see `hold`); False once it is free."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def stamp() -> str:
    """Local time as `YYYYMMDD-HHMMSS`, for the names of backups and kept copies."""
    return datetime.now().strftime("%Y%m%d-%H%M%S")


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


def files_below(folder: Path) -> list[str]:
    """The regular files under `folder`, as paths inside it ("goals/x.md"), in the order
    of their parts; hidden ones (.git, .obsidian, any name starting with a dot) left out,
    and anything that is not a regular file (a pipe would hang whoever reads it). What a
    folder of notes holds, for writing it and for reading it back."""
    found = []
    for place, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        inside = Path(place).relative_to(folder).as_posix()
        found += [name if inside == "." else f"{inside}/{name}" for name in names
                  if not name.startswith(".") and os.path.isfile(os.path.join(place, name))]
    return sorted(found, key=lambda name: name.split("/"))
