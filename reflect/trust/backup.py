"""Consistent copies of a journal through SQLite's online backup API, owner-only."""

from __future__ import annotations

from pathlib import Path

from reflect.settings.errors import JournalError
from reflect.trust import cipher, driver
from reflect.trust.files import create_private, private_umask, stamp


def backup_to(conn, dest: Path, passphrase: str | None = None) -> Path:
    """Copy the open database behind `conn` to `dest` (created 0600; must not exist).

    The online backup API copies a consistent snapshot even while another process writes.
    A source keyed with `passphrase` gives a copy keyed with it too: it stays encrypted.
    """
    dest = Path(dest)
    try:
        create_private(dest)
    except FileExistsError:
        raise JournalError(f"{dest} already exists; nothing was overwritten") from None
    except OSError as e:
        raise JournalError(f"cannot create backup {dest}: {e.strerror or e}") from e
    try:
        with private_umask():
            target = cipher.connect(str(dest), passphrase, name=dest)
            try:
                conn.backup(target)
            finally:
                target.close()
    except driver.DatabaseError as e:
        dest.unlink(missing_ok=True)
        raise JournalError(f"backup to {dest} failed: {e}") from e
    return dest


def before_migration_path(journal: Path, first_pending: str) -> Path:
    """Where the copy made before upgrading `journal` goes: beside it, named for the step."""
    return journal.with_name(f"{journal.name}.before-{first_pending}-{stamp()}.bak")
