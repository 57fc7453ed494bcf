"""The `Journal` facade: one open journal, composing the stores that read and write it.

Sessions are read through `SessionReads` and written through `SessionWrites`; people and
contracts live in `PeopleStore`, goals and actions in `GoalStore`; search and erasing are
here. Methods return plain records and raise `ReflectError`s; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.journal.earlier import EarlierAnswers
from reflect.journal.records import Person
from reflect.journal.search import search_sessions
from reflect.journal.sessions import SessionFilter, SessionReads
from reflect.journal.vault import person_key
from reflect.journal.writes import SessionWrites
from reflect.settings.clock import now
from reflect.settings.errors import BadInput

if TYPE_CHECKING:
    from sqlite_utils import Database


class Journal(SessionReads, SessionWrites):
    """An open journal: sessions (read and written), people, goals, search and erasing."""

    def __init__(self, path: Path, conn, passphrase: str | None = None,
                 db: Database | None = None):
        self.path = path
        self.conn = conn  # the driver's connection: reads go through it
        self._db = db
        self.passphrase = passphrase  # backups of an encrypted journal get the same key
        self.swept: list[Path] = []  # leftovers of interrupted conversions erased on opening
        self.leftovers: list[Path] = []  # those a running conversion still holds

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, for writes (imported on first use)."""
        if self._db is None:
            from reflect.journal.database import JournalDatabase

            self._db = JournalDatabase(self.conn)
        return self._db

    def close(self) -> None:
        self.conn.close()

    def find_person(self, name: str) -> Person | None:
        row = self.conn.execute("SELECT id, name, role FROM people WHERE name = ?"
                                " COLLATE NOCASE", [name.strip()]).fetchone()
        return Person(*row) if row else None

    def ensure_person(self, name: str, role: str | None = None) -> tuple[Person, bool]:
        """The person called `name`, created if new; the flag says whether it was created."""
        name = " ".join(name.split())
        if not name:
            raise BadInput("a person's name cannot be empty")
        found = self.find_person(name)
        if found:
            return found, False
        with self.db.atomic():
            pk = self.db["people"].insert({"name": name, "role": role, "created": now()}).last_pk
            self.vault.unbury("person", person_key(name))
        return Person(pk, name, role), True

    @property
    def people(self):
        """People and contracts (see `reflect.journal.people`)."""
        from reflect.journal.people import PeopleStore

        return PeopleStore(self)

    @property
    def vault(self):
        """Sync bases, tombstones and kept copies (see `reflect.journal.vault`)."""
        from reflect.journal.vault import VaultStore

        return VaultStore(self)

    @property
    def goals(self):
        """Goals and agreed actions (see `reflect.journal.goals`)."""
        from reflect.journal.goals import GoalStore

        return GoalStore(self)

    def transaction(self):
        """One transaction for a domain step of several writes: all of them, or none (a
        savepoint when one is open already, so that a failed step undoes only itself)."""
        return self.db.transaction()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see the journal as it was at the first of them, while other
        commands go on writing (the journal is in WAL mode): an export reads its sessions
        over many seconds, and one deleted or retitled meanwhile must not leave it half in
        one state and half in the other. Write after it, not inside."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("SELECT 1 FROM sessions LIMIT 1").fetchall()  # it starts here
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @property
    def redact_names(self):
        """The user's own names to redact (see `reflect.journal.redaction`)."""
        from reflect.journal.redaction import RedactNames

        return RedactNames(self)

    def backup_to(self, dest: Path) -> Path:
        """A consistent owner-only copy, keyed like the journal (see `trust.backup`)."""
        from reflect.trust.backup import backup_to

        return backup_to(self.db.conn, dest, self.passphrase)

    def earlier_answers(self) -> EarlierAnswers:
        """`previous_answers` for many sessions, asked in order of time: a query for a
        page of candidates, where an export would otherwise ask once for each note and
        model."""
        return EarlierAnswers(self)

    def search(self, fts_query: str, criteria: SessionFilter, limit: int
               ) -> tuple[list[dict[str, Any]], int]:
        """Best matches first, with a snippet, and the total (see `search_sessions`)."""
        return search_sessions(self.conn, fts_query, criteria, limit)

    def erase_sessions(self, ids: list[str]) -> None:
        """Erase sessions for good (see `reflect.journal.erasing`)."""
        from reflect.journal.erasing import erase_sessions

        erase_sessions(self, ids)
