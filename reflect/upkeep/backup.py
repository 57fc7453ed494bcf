"""Backups of the journal: a consistent owner-only copy, and finding the copies beside it.

The domain behind `reflect backup`; it never prints and never asks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.journal import checks
from reflect.settings.errors import JournalError
from reflect.trust import files
from reflect.trust.files import fsync, stamp, unused

if TYPE_CHECKING:
    from reflect.journal.facade import Journal


def backups_beside(journal_path: Path) -> list[Path]:
    """Copies reflect made next to the journal: backups, and those kept before a change."""
    folder, name = journal_path.parent, journal_path.name
    found = set(folder.glob(f"{name}.backup-*")) | set(folder.glob(f"{name}.before-*.bak"))
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm", "-journal")))


def default_backup_path(journal_path: Path, folder: Path | None = None) -> Path:
    """`journal.db.backup-YYYYMMDD-HHMMSS` beside the journal (or in `folder`)."""
    folder = folder or journal_path.parent
    return unused(folder / f"{journal_path.name}.backup-{stamp()}")


def backup(journal: Journal, dest: Path | str | None = None, force: bool = False
           ) -> tuple[Path, list[str]]:
    """A consistent owner-only copy of the open journal; never overwrites a file.

    `dest` may be a folder: one that exists, or one named with a trailing slash, which is
    created (0700). A journal that fails SQLite's quick check is refused unless `force`
    (a damaged copy can still be worth keeping). Returns the copy and the damage found."""
    damage = checks.quick_problems(journal)
    if damage and not force:
        raise JournalError(f"the journal is damaged ({damage[0]}); no backup was made",
                           hint="restore an earlier backup, or pass --force to copy it as it is")
    if dest is not None and str(dest).endswith(("/", os.sep)):
        files.ensure_private_dir(Path(dest))
    if dest is None or Path(dest).is_dir():
        dest = default_backup_path(journal.path, Path(dest) if dest else None)
    # owner-only, refuses an existing file, and keyed like the journal when it is encrypted
    journal.backup_to(Path(dest))
    fsync(Path(dest))
    return Path(dest), damage
