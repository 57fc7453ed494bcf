"""The clock: timestamps as the journal stores them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def after(stamp: str | None) -> str:
    """Now, or one second after `stamp` when that is not earlier (stamps are to the second,
    so a change made in the same second as `stamp` is still seen as later)."""
    current = now()
    if stamp is None:
        return current
    try:
        later = (datetime.fromisoformat(stamp) + timedelta(seconds=1)).astimezone(timezone.utc)
    except ValueError:
        return current
    return max(current, later.isoformat(timespec="seconds"))


def now() -> str:
    """The current moment in UTC, to the second, as the journal stores `created`/`updated`."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
