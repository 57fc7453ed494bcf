"""The clock: timestamps as the journal stores them, and as file names carry them."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """The current moment in UTC, to the second, as the journal stores `created`/`updated`."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def stamp() -> str:
    """Local time as `YYYYMMDD-HHMMSS`, for the names of backups and kept copies."""
    return datetime.now().strftime("%Y%m%d-%H%M%S")
