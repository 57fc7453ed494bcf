"""What every store of an open journal shares: reads through the driver's connection,
writes through sqlite-utils over the same connection (imported only when something
writes), so a command that only reads never imports sqlite-utils."""

from __future__ import annotations


class Store:
    """A part of an open journal (people, goals, sync bookkeeping, redaction names)."""

    def __init__(self, journal):
        self.journal = journal
        self.conn = journal.conn  # reads

    @property
    def db(self):
        """sqlite-utils over the same connection, for writes."""
        return self.journal.db
