"""Consistent copies of a journal through SQLite's online backup API, owner-only."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reflect import crypto, driver
from reflect.errors import JournalError


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def backup_to(conn, dest: Path, passphrase: str | None = None) -> Path:
    """Copy the open database behind `conn` to `dest` (created 0600; must not exist).

    The online backup API copies a consistent snapshot even while another process writes.
    A source keyed with `passphrase` gives a copy keyed with it too: it stays encrypted.
    """
    dest = Path(dest)
    try:
        fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise JournalError(f"{dest} already exists; nothing was overwritten") from None
    except OSError as e:
        raise JournalError(f"cannot create backup {dest}: {e.strerror or e}") from e
    os.close(fd)
    old = os.umask(0o077)
    try:
        target = crypto.connect(str(dest), passphrase, name=dest)
        try:
            conn.backup(target)
        finally:
            target.close()
    except driver.DatabaseError as e:
        dest.unlink(missing_ok=True)
        raise JournalError(f"backup to {dest} failed: {e}") from e
    finally:
        os.umask(old)
    return dest


def before_migration_path(journal: Path, first_pending: str) -> Path:
    """Where the copy made before upgrading `journal` goes: beside it, named for the step."""
    return journal.with_name(f"{journal.name}.before-{first_pending}-{stamp()}.bak")
