"""Writing an export to disk: owner-only, and never half a file.

Files are written into a temporary folder beside the target and moved into place, so an
interrupted export leaves either the old file or the new one. Files are 0600 and folders
0700, like the journal itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from reflect.settings.errors import BadInput
from reflect.trust import files

Tree = dict[str, bytes]  # relative path inside the export folder -> content


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


def write_output(out: Path, output: Tree | bytes | Iterable[bytes],
                 owns: Callable[[Path], bool], unchanged: set[str] | None = None) -> None:
    """Write one file (whole, or its parts as they are made), or a folder of files,
    replacing what an earlier export left; `unchanged` names files known to hold what
    the folder's would (read for other reasons already), so they are not read again."""
    with _writing(out):
        if isinstance(output, dict):
            _write_folder(out, output, owns, unchanged)
        else:
            _write_file(out, output if isinstance(output, bytes) else _made(output))


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


def _write_folder(out: Path, tree: Tree, owns: Callable[[Path], bool],
                  unchanged: set[str] | None = None) -> None:
    """Stage every file, then move the folder (or, into a used folder, each file) in place.

    In a folder that already holds files (with --force), reflect's own files that the new
    export no longer has are removed; anything else there (.git, your own notes) stays.
    """
    files.ensure_private_dir(out.parent)
    files.remove_staging(out)
    fresh = not out.exists() or not any(out.iterdir())
    # into a folder that holds an earlier export, only the files that changed are written
    changed = tree if fresh else {name: data for name, data in tree.items()
                                  if not _holds(out / name, data, None if unchanged is None
                                                else name in unchanged)}
    staging = files.staging_folder(out)
    try:
        for name, data in sorted(changed.items()):
            files.ensure_private_dir((staging / name).parent)
            files.create_private(staging / name, data)
        if fresh:
            (staging / files.STAGING_MARK).unlink()
            files.replace(staging, out)
            return
        for name in sorted(changed):
            files.ensure_private_dir((out / name).parent)
            files.replace(staging / name, out / name)
        for name in files.files_below(out):
            if name not in tree and owns(out / name):
                (out / name).unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _holds(path: Path, data: bytes, known: bool | None = None) -> bool:
    """Whether the file at `path` already holds exactly `data` (`known` when the caller
    has compared them already; else read to see) and is the owner's only."""
    if known is False:
        return False
    try:
        status = path.stat()
        same = known or (status.st_size == len(data) and path.read_bytes() == data)
        return same and status.st_mode & 0o077 == 0
    except OSError:
        return False
