"""Opening the journal: the SQLite file, its checks, pragmas and migrations.

`open_journal` is the one place that connects to a journal, sets its pragmas and applies
migrations; it returns the `Journal` facade. Nothing here prints.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.journal import schema
from reflect.journal.facade import Journal
from reflect.settings.errors import JournalError
from reflect.trust import cipher, driver, files
from reflect.trust.cipher import SQLITE_HEADER
from reflect.trust.files import create_private, private_umask

if TYPE_CHECKING:
    from sqlite_utils import Database


def _create_file(path: Path) -> None:
    files.ensure_private_dir(path.parent)
    try:
        create_private(path)
    except FileExistsError:
        return
    except OSError as e:
        raise JournalError(f"cannot create journal {path}: {e.strerror or e}") from e


def _refuse_empty(path: Path) -> None:
    """An existing journal of 0 bytes is damage, never a new journal to start in."""
    if path.is_file() and path.stat().st_size == 0:
        raise JournalError(f"journal {path} is empty (0 bytes); it was damaged or cut short",
                           hint=f"reflect restore BACKUP brings back a backup, or delete {path}"
                           " to start afresh")


def _check_file(path: Path, passphrase: str | None) -> None:
    if path.is_dir():
        raise JournalError(f"journal {path} is a folder, not a file")
    if not os.access(path, os.R_OK | os.W_OK):
        raise JournalError(f"cannot read and write journal {path}: permission denied")
    with open(path, "rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if cipher.is_encrypted(path):
        if passphrase is None:
            raise cipher.EncryptedJournal(f"journal {path} is encrypted; its passphrase is "
                                          "needed")
    elif header == SQLITE_HEADER and passphrase is not None:
        raise JournalError(f"journal {path} is not encrypted", hint="reflect encrypt does it")
    elif header and header != SQLITE_HEADER:
        raise JournalError(f"{path} is not a reflect journal (not an SQLite database)")


def check_schema(db: Database, path: Path) -> None:
    """Refuse, before writing anything, a file that is not ours or is from a newer reflect."""
    from reflect.journal.migrations import known_names, migrations

    applied = [m.name for m in migrations.applied(db)]
    if not applied and db.table_names():
        raise JournalError(f"{path} is an SQLite database but not a reflect journal")
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise JournalError(
            f"journal {path} was written by a newer version of reflect (schema {unknown[-1]})",
            hint="upgrade reflect to open it",
        )


def describe_copy(conn, source: Path) -> tuple[int, str | None, str]:
    """A sound reflect journal's session count, latest session date and schema, read
    through `conn` (another copy: a backup); a damaged or foreign file is a JournalError."""
    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise JournalError(f"{source} is damaged: {result[0]}", hint="try another backup")
    from sqlite_utils import Database

    from reflect.journal.migrations import migrations

    db = Database(conn)
    check_schema(db, source)
    applied = migrations.applied(db)
    if not applied:
        raise JournalError(f"{source} is not a reflect journal")
    sessions, latest = conn.execute("SELECT COUNT(*), MAX(held_on) FROM sessions").fetchone()
    return sessions, latest, applied[-1].name


def _set_pragmas(conn) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {driver.BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it, for writes


def _backup_before_upgrade(db: Database, path: Path, passphrase: str | None) -> None:
    """An existing journal about to change shape is copied beside itself first."""
    from reflect.journal.migrations import migrations

    if not migrations.applied(db):
        return
    pending = migrations.pending(db)
    if pending:
        from reflect.trust.backup import backup_to, before_migration_path

        backup_to(db.conn, before_migration_path(path, pending[0].name), passphrase)


def _checked_and_migrated(conn, path: Path, passphrase: str | None):
    """A journal not known to be current: checked, copied aside and migrated (the only
    path that imports sqlite-utils)."""
    from reflect.journal.database import JournalDatabase
    from reflect.journal.migrations import migrations

    db = JournalDatabase(conn)
    check_schema(db, path)
    _set_pragmas(conn)
    _backup_before_upgrade(db, path, passphrase)
    migrations.apply(db)
    return db


def open_journal(path: Path, passphrase: str | None = None) -> Journal:
    """Open the journal at `path`, creating it (owner-only) and migrating it as needed.

    With a passphrase the journal is encrypted (SQLCipher): keyed right after connecting,
    and a new one is created encrypted. An encrypted journal without one is refused.
    """
    path = Path(path)
    if path.exists():
        _refuse_empty(path)
    else:
        _create_file(path)
    erased, left = cipher.sweep_leftovers(path)
    _check_file(path, passphrase)
    with private_umask():
        conn = cipher.connect(str(path), passphrase, name=f"journal {path}")
        try:
            db = None if schema.is_current(conn) else _checked_and_migrated(conn, path,
                                                                           passphrase)
            if db is None:
                _set_pragmas(conn)
        except driver.DatabaseError as e:
            conn.close()
            raise JournalError(f"cannot open journal {path}: {e}") from e
        except BaseException:
            conn.close()
            raise
    journal = Journal(path, conn, passphrase, db=db)
    journal.swept, journal.leftovers = erased, left
    return journal
