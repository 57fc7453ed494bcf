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

    Inside a transaction already open, `atomic` (each write of the stores, and every
    insert sqlite-utils makes) is simply part of it: an error goes up to the transaction,
    which undoes it. Only `transaction` (a domain step that may fail on its own while the
    rest goes on) sets a savepoint there; a savepoint per row made large imports slow.
    """

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # part of the transaction open around it
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

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A step that is all or nothing on its own: a transaction, or inside one a
        savepoint, so that its failure undoes only it."""
        if self.conn.in_transaction:
            with super().atomic():  # sqlite-utils' savepoint
                yield self
            return
        with self.atomic():
            yield self
