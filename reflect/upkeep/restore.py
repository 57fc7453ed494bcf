"""Restoring the journal from a backup: check the backup, keep the current journal, swap.

The domain behind `reflect restore`; it never prints and never asks. The command shows
what the backup holds and asks before anything is replaced.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from reflect.journal.connection import describe_copy, open_journal
from reflect.settings.errors import BadInput, JournalError, NotFound
from reflect.trust import cipher, driver, files
from reflect.trust.backup import backup_to
from reflect.trust.cipher import SQLITE_HEADER, EncryptedJournal, is_encrypted
from reflect.trust.files import copy_private, fsync, private_umask, stamp, unused


@dataclass
class BackupSummary:
    path: Path
    sessions: int
    latest: str | None
    schema: str


@dataclass
class Restored:
    summary: BackupSummary
    kept: Path | None


def _open_read_only(source: Path, passphrase: str | None = None):
    """A connection that cannot change `source`, nor leave -wal or -shm files beside it."""
    wal = Path(f"{source}-wal")
    # A WAL with content must be read through (mode=ro); otherwise immutable creates nothing.
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
    return cipher.connect(f"file:{quote(str(source.resolve()))}?{mode}", passphrase,
                          name=source, uri=True)


def _require_database_file(source: Path, journal_path: Path, passphrase: str | None) -> None:
    if not source.exists():
        raise NotFound(f"no file {source}")
    if source.is_dir():
        raise BadInput(f"{source} is a folder, not a journal")
    if journal_path.exists() and source.resolve() == journal_path.resolve():
        raise BadInput(f"{source} is the journal itself")
    try:
        with open(source, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise JournalError(f"cannot read {source}: {e.strerror or e}") from e
    if is_encrypted(source):
        if passphrase is None:
            raise EncryptedJournal(f"{source} is encrypted; its passphrase is needed")
    elif header != SQLITE_HEADER:
        raise JournalError(f"{source} is not a reflect journal (not an SQLite database)")


def _summary(conn, source: Path) -> BackupSummary:
    sessions, latest, schema = describe_copy(conn, source)
    return BackupSummary(source, sessions, latest, schema)


def inspect_backup(source: Path, journal_path: Path,
                   passphrase: str | None = None) -> BackupSummary:
    """Check that `source` is a sound reflect journal this version can open; change nothing."""
    source = Path(source).expanduser()
    _require_database_file(source, journal_path, passphrase)
    try:
        conn = _open_read_only(source, passphrase)
        try:
            return _summary(conn, source)
        finally:
            conn.close()
    except driver.DatabaseError as e:
        raise JournalError(f"{source} is damaged or not a reflect journal: {e}") from e


def restore(source: Path, journal_path: Path, passphrase: str | None = None) -> Restored:
    """Replace the journal with the checked backup at `source`, keeping the current one.

    An encrypted backup needs its `passphrase`, and the journal restored from it keeps it.
    """
    summary = inspect_backup(source, journal_path, passphrase)
    files.ensure_private_dir(journal_path.parent)
    with private_umask():
        incoming = _copy_in(summary.path, journal_path, passphrase)
        try:
            kept = _swap(incoming, journal_path, passphrase)
        except BaseException:
            incoming.unlink(missing_ok=True)
            raise
    open_journal(journal_path, passphrase).close()  # migrates a backup from an older reflect
    return Restored(summary, kept)


def _copy_in(source: Path, journal_path: Path, passphrase: str | None) -> Path:
    """The backup, copied through the backup API to a hidden file beside the journal."""
    incoming = journal_path.with_name(f".{journal_path.name}.restore-{uuid.uuid4().hex[:12]}")
    conn = _open_read_only(source, passphrase)
    try:
        backup_to(conn, incoming, passphrase)
        fsync(incoming)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    return incoming


def _swap(incoming: Path, journal_path: Path, passphrase: str | None) -> Path | None:
    """Keep the current journal aside, then move `incoming` into its place in one step."""
    kept = None
    lock = _lock(journal_path, passphrase) if journal_path.exists() else None
    try:
        if journal_path.exists():
            kept = _set_aside(journal_path)
        files.replace(incoming, journal_path)
    finally:
        if lock is not None:
            lock.close()
    return kept


def _lock(journal_path: Path, passphrase: str | None):
    """Fold the WAL into the journal and hold it exclusively; None if it is too damaged.

    An encrypted journal is keyed with the backup's passphrase; with another, it is kept
    aside as a damaged one would be.
    """
    key = passphrase if cipher.is_encrypted(journal_path) else None
    try:
        conn = cipher.connect(str(journal_path), key, isolation_level=None)
    except (driver.DatabaseError, cipher.WrongPassphrase):
        return None
    try:
        cipher.take_journal(conn, "BEGIN EXCLUSIVE")
    except driver.DatabaseError:
        return None
    return conn


def _set_aside(journal_path: Path) -> Path:
    """Copy the journal (and a WAL a damaged one left) aside; drop its stale -wal, -shm."""
    kept = unused(journal_path.with_name(f"{journal_path.name}.before-restore-{stamp()}.bak"))
    copy_private(journal_path, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{journal_path}{suffix}")
        if not side.exists():
            continue
        if suffix == "-wal" and side.stat().st_size:
            copy_private(side, Path(f"{kept}-wal"))  # SQLite pairs it with the copy
        # Left beside the new file, an old WAL would be replayed into it.
        side.unlink()
    return kept
