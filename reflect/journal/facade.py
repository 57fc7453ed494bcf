"""The `Journal` facade: one open journal, composing the stores that read and write it.

Sessions are read through `SessionReads` and written through `SessionWrites`; people and
contracts live in `PeopleStore`, goals and actions in `GoalStore`; search and erasing are
here. Methods return plain records and raise `ReflectError`s; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from reflect.journal.records import Person
from reflect.journal.search import search_sessions
from reflect.journal.sessions import SessionFilter, SessionReads
from reflect.journal.writes import SessionWrites
from reflect.settings.clock import now
from reflect.settings.errors import BadInput

ERASE_CHUNK = 500  # ids per statement when erasing many sessions


class Journal(SessionReads, SessionWrites):
    """An open journal: sessions (read and written), people, goals, search and erasing."""

    def __init__(self, path: Path, db: Database, passphrase: str | None = None):
        self.path = path
        self.db = db
        self.passphrase = passphrase  # backups of an encrypted journal get the same key

    def close(self) -> None:
        self.db.close()

    def find_person(self, name: str) -> Person | None:
        rows = list(self.db["people"].rows_where("name = ? COLLATE NOCASE", [name.strip()]))
        return Person(rows[0]["id"], rows[0]["name"], rows[0]["role"]) if rows else None

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
        return Person(pk, name, role), True

    @property
    def people(self):
        """People and contracts (see `reflect.journal.people`)."""
        from reflect.journal.people import PeopleStore

        return PeopleStore(self)

    @property
    def goals(self):
        """Goals and agreed actions (see `reflect.journal.goals`)."""
        from reflect.journal.goals import GoalStore

        return GoalStore(self)

    def search(self, fts_query: str, criteria: SessionFilter, limit: int
               ) -> tuple[list[dict[str, Any]], int]:
        """Best matches first, with a snippet, and the total (see `search_sessions`)."""
        return search_sessions(self.db, fts_query, criteria, limit)

    def erase_sessions(self, ids: list[str]) -> None:
        """Erase sessions for good, with their answers, versions and links, in one
        transaction; a tag only they used goes too (a tag can name a family). Their text
        leaves the search index through its delete trigger."""
        with self.db.atomic():
            for chunk in chunks(ids):
                marks = ",".join("?" * len(chunk))
                tag_ids = [r[0] for r in self.db.execute(
                    f"SELECT DISTINCT tag_id FROM session_tags WHERE session_id IN ({marks})",
                    chunk)]
                self.db.execute(f"DELETE FROM sessions WHERE id IN ({marks})", chunk)
                for tag_id in tag_ids:
                    self.db.execute("DELETE FROM tags WHERE id = ? AND id NOT IN"
                                    " (SELECT tag_id FROM session_tags)", [tag_id])


def chunks(ids: list[str]) -> Iterator[list[str]]:
    """`ids` in slices small enough for one statement's parameters."""
    for start in range(0, len(ids), ERASE_CHUNK):
        yield ids[start:start + ERASE_CHUNK]
