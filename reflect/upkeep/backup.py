"""Backups of the journal: a consistent owner-only copy, and finding the copies beside it.

The domain behind `reflect backup`; it never prints and never asks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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


def backup(journal: Journal, dest: Path | None = None) -> Path:
    """A consistent owner-only copy of the open journal; never overwrites a file."""
    if dest is None or Path(dest).is_dir():
        dest = default_backup_path(journal.path, Path(dest) if dest else None)
    # owner-only, refuses an existing file, and keyed like the journal when it is encrypted
    journal.backup_to(Path(dest))
    fsync(Path(dest))
    return Path(dest)
