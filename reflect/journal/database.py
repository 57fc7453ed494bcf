"""sqlite-utils' Database as the journal writes through it (imported only to write or
migrate; reads go through the driver's connection)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


class JournalDatabase(Database):
    """sqlite-utils' Database, with write transactions that take the write lock at once.

    A plain BEGIN starts as a reader; when it then needs to write while another process
    writes, SQLite fails at once with "database is locked" instead of waiting out the
    busy timeout. BEGIN IMMEDIATE waits for the lock, so two commands writing at once
    take turns.
    """

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: sqlite-utils' savepoints
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
