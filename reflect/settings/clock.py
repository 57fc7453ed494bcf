"""The clock: timestamps as the journal stores them."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """The current moment in UTC, to the second, as the journal stores `created`/`updated`."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
