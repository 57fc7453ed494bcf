"""Writing an export to disk: owner-only, and never half a file.

Files are written into a temporary folder beside the target and moved into place, so an
interrupted export leaves either the old file or the new one. Files are 0600 and folders
0700, like the journal itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from reflect.settings.errors import BadInput
from reflect.trust import files

Files = Iterable[tuple[str, bytes]]  # a folder's files: (path inside it, content) in turn


class Folder:
    """A folder's files as an export makes them: iterate for (path, bytes) in turn, each
    made when reached. `identities` gets the record each file holds (kind, key) as it is
    made, so that nothing has to read that back from the front matter just written."""

    def __init__(self, files: Files, identities: dict[str, tuple[str, str]] | None = None):
        self.files = iter(files)
        self.identities = {} if identities is None else identities

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        return self.files


def not_the_journal(out: Path, journal: Path) -> None:
    """Refuse to write over the journal (or its -wal, -shm or -journal file), even when
    replacing is allowed: every record would go."""
    target = out.expanduser().resolve()
    own = journal.expanduser().resolve()
    names = {f"{own.name}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")}
    if (target.parent == own.parent and target.name in names) or any(
            _same_file(target, own.parent / name) for name in names):
        raise BadInput(f"{out} is the journal itself; writing there would replace every record",
                       hint="give another file name with --out")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two existing paths are one file (a hard link, another case of the name)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(out: Path, single: bool, force: bool, journal: Path) -> None:
    """Refuse, before any work, a target that would overwrite something without --force,
    and the journal itself always."""
    not_the_journal(out, journal)
    if out.is_dir():
        if single:
            raise BadInput(f"{out} is a folder; this export is one file",
                           hint="give a file name with --out")
        if any(out.iterdir()) and not force:
            raise BadInput(f"{out} is not empty",
                           hint="pass --force to replace reflect's files in it")
    elif out.exists():
        if not single:
            raise BadInput(f"{out} is a file; this export is a folder",
                           hint="give a folder name with --out, or pass --single")
        if out.stat().st_size and not force:
            raise BadInput(f"{out} exists", hint="pass --force to replace it")


def write_output(out: Path, output: Staged | Folder | bytes | Iterable[bytes],
                 owns: Callable[[Path], bool]) -> None:
    """Write one file (whole, or its parts as they are made), or a folder of files (as
    made, or staged already), replacing what an earlier export left."""
    if isinstance(output, Folder):
        output = stage(out, output)
    with _writing(out):
        if isinstance(output, Staged):
            _write_folder(out, output, owns)
        else:
            _write_file(out, output if isinstance(output, bytes) else _made(output))


def stage(out: Path, made: Files) -> Staged:
    """A folder's files staged beside `out` as they are made (see `Staged`)."""
    files.ensure_private_dir(out.parent)
    files.remove_staging(out)
    with _writing(out):
        return Staged(out, _made(made))


class Staged:
    """A folder's files, each written as soon as it is made: compared with the file at
    its place in `out` and, only when that differs (or is not the owner's only), written
    into a staging folder beside `out`, for `_write_folder` to move in place. Only names
    and hashes are held, so a folder of any size is made in the memory of one file."""

    def __init__(self, out: Path, made: Files):
        self.out = out
        self.hashes: dict[str, str] = {}  # path -> hash of the content made for it
        self.before: dict[str, str] = {}  # path -> hash of the file there, where there is one
        self.staged: set[str] = set()  # the paths whose content differs from what is there
        self.staging: Path | None = None
        try:
            for name, data in made:
                self._take(name, data)
        except BaseException:
            self.discard()
            raise

    def _take(self, name: str, data: bytes) -> None:
        self.hashes[name] = new = sha(data)
        path = self.out / name
        try:
            mode = path.stat().st_mode
            # only a regular file is read: a pipe of that name would never end
            old = path.read_bytes() if stat.S_ISREG(mode) else None
        except (FileNotFoundError, NotADirectoryError):
            old = None
        if old is not None:
            self.before[name] = new if old == data else sha(old)
            if old == data and mode & 0o077 == 0:
                return
        if self.staging is None:
            self.staging = files.staging_folder(self.out)
        files.ensure_private_dir((self.staging / name).parent)
        files.create_private(self.staging / name, data)
        self.staged.add(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.hashes)

    def __len__(self) -> int:
        return len(self.hashes)

    def __contains__(self, name: object) -> bool:
        return name in self.hashes

    def read(self, name: str) -> bytes:
        """The content made for `name`."""
        return ((self.staging if name in self.staged else self.out) / name).read_bytes()

    def discard(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _NotMade(Exception):
    """An OSError while an output was being made (a file it reads), not written."""


def _made(parts: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from parts
    except OSError as e:
        raise _NotMade from e


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """An OSError of writing `target` as one line naming what could not be written; one
    of making the output goes up as it came."""
    try:
        yield
    except _NotMade as e:
        raise e.__cause__ from None
    except OSError as e:
        raise BadInput(f"cannot write {e.filename or target}: {e.strerror or e}") from e


SMALL_OUTPUT = 16 * 1024 * 1024  # bytes an output is held in memory before it spills to disk


def assembled(output: bytes | Iterable[bytes]) -> BinaryIO:
    """One file's output made whole before any of it is shown, so that a failure half way
    leaves nothing on stdout: in memory while small, else in a temporary file (private,
    and gone when closed)."""
    spool = tempfile.SpooledTemporaryFile(max_size=SMALL_OUTPUT)
    try:
        with _writing(Path(tempfile.gettempdir())):
            spool.writelines([output] if isinstance(output, bytes) else _made(output))
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def write_file(path: Path, data: bytes, force: bool, journal: Path) -> None:
    """One owner-only file through a temp file, so a failure leaves no half file; an
    existing file is replaced only with `force`, and the journal never."""
    not_the_journal(path, journal)
    if path.is_dir():
        raise BadInput(f"{path} is a folder", hint="give a file name with --out")
    if path.exists() and not force:
        raise BadInput(f"{path} exists", hint="pass --yes to replace it")
    if not path.absolute().parent.is_dir():
        raise BadInput(f"cannot write {path}: the folder {path.absolute().parent} does not exist")
    try:
        _write_file(path, data)
    except OSError as e:
        raise BadInput(f"cannot write {e.filename or path}: {e.strerror or e}") from e


def _write_file(out: Path, data: bytes | Iterable[bytes]) -> None:
    files.ensure_private_dir(out.parent)
    files.remove_staging(out)
    files.write_atomic(out, data)


def _write_folder(out: Path, tree: Staged, owns: Callable[[Path], bool]) -> None:
    """Move the staged files in place: the staging folder itself for an empty target,
    else each file that changed.

    In a folder that already holds files (with --force), reflect's own files that the new
    export no longer has are removed; anything else there (.git, your own notes) stays.
    """
    try:
        if tree.staging is not None and not (out.exists() and any(out.iterdir())):
            (tree.staging / files.STAGING_MARK).unlink()
            files.replace(tree.staging, out)
            tree.staging = None
            return
        for name in sorted(tree.staged):
            files.ensure_private_dir((out / name).parent)
            files.replace(tree.staging / name, out / name)
        for name in files.files_below(out):
            if name not in tree and owns(out / name):
                (out / name).unlink()
    finally:
        tree.discard()
