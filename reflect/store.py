"""The journal: opens the SQLite file, applies migrations, reads and writes records.

Returns plain records and raises `ReflectError`s; it never prints.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from reflect import crypto, driver, paths
from reflect.errors import Ambiguous, BadInput, JournalError, NotFound
from reflect.migrations import answers_text, known_names, migrations
from reflect.records import Person, Session

SQLITE_HEADER = crypto.SQLITE_HEADER
BUSY_TIMEOUT_MS = 5000
MIN_PREFIX = 4
BULK_IDS = 500  # above this many sessions, related rows are read through a subquery
Chosen = tuple[str, list] | None  # the query (and its parameters) that picked sessions


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def _private_umask() -> Iterator[None]:
    """Files SQLite creates meanwhile (journal, -wal, -shm) are the owner's only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _create_file(path: Path) -> None:
    paths.ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as e:
        raise JournalError(f"cannot create journal {path}: {e.strerror or e}") from e
    os.close(fd)


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


def _check_file(path: Path, passphrase: str | None) -> None:
    if path.is_dir():
        raise JournalError(f"journal {path} is a folder, not a file")
    if not os.access(path, os.R_OK | os.W_OK):
        raise JournalError(f"cannot read and write journal {path}: permission denied")
    with open(path, "rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if crypto.is_encrypted(path):
        if passphrase is None:
            raise crypto.EncryptedJournal(f"journal {path} is encrypted; its passphrase is "
                                          "needed")
    elif header == SQLITE_HEADER and passphrase is not None:
        raise JournalError(f"journal {path} is not encrypted", hint="reflect encrypt does it")
    elif header and header != SQLITE_HEADER:
        raise JournalError(f"{path} is not a reflect journal (not an SQLite database)")


def _check_schema(db: Database, path: Path) -> None:
    """Refuse, before writing anything, a file that is not ours or is from a newer reflect."""
    applied = [m.name for m in migrations.applied(db)]
    if not applied and db.table_names():
        raise JournalError(f"{path} is an SQLite database but not a reflect journal")
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise JournalError(
            f"journal {path} was written by a newer version of reflect (schema {unknown[-1]})",
            hint="upgrade reflect to open it",
        )


def _set_pragmas(db: Database) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")


def _backup_before_upgrade(db: Database, path: Path, passphrase: str | None) -> None:
    """An existing journal about to change shape is copied beside itself first."""
    if not migrations.applied(db):
        return
    pending = migrations.pending(db)
    if pending:
        from reflect.backups import backup_to, before_migration_path

        backup_to(db.conn, before_migration_path(path, pending[0].name), passphrase)


def open_journal(path: Path, passphrase: str | None = None) -> Journal:
    """Open the journal at `path`, creating it (owner-only) and migrating it as needed.

    With a passphrase the journal is encrypted (SQLCipher): keyed right after connecting,
    and a new one is created encrypted. An encrypted journal without one is refused.
    """
    path = Path(path)
    if not path.exists():
        _create_file(path)
    _check_file(path, passphrase)
    with _private_umask():
        conn = crypto.connect(str(path), passphrase, name=f"journal {path}")
        db = JournalDatabase(conn)
        try:
            _check_schema(db, path)
            _set_pragmas(db)
            _backup_before_upgrade(db, path, passphrase)
            migrations.apply(db)
        except driver.DatabaseError as e:
            conn.close()
            raise JournalError(f"cannot open journal {path}: {e}") from e
        except BaseException:
            conn.close()
            raise
    return Journal(path, db, passphrase)


@dataclass
class SessionFilter:
    date_from: date | None = None
    date_to: date | None = None
    with_name: str | None = None
    tag: str | None = None
    kind: str | None = None
    limit: int | None = None
    deleted: bool = False  # True: only deleted (hidden) sessions; False: only live ones
    model: str | None = None
    ids: list[str] | None = None


def _where(criteria: SessionFilter) -> tuple[list[str], list[Any]]:
    """SQL conditions (on sessions `s` and the other person `p`) for `criteria`."""
    where = [f"s.deleted_at IS {'NOT ' if criteria.deleted else ''}NULL"]
    params: list[Any] = []
    for condition, value in (
        ("s.held_on >= ?", criteria.date_from and criteria.date_from.isoformat()),
        ("s.held_on <= ?", criteria.date_to and criteria.date_to.isoformat()),
        ("p.name = ? COLLATE NOCASE", criteria.with_name and criteria.with_name.strip()),
        ("s.kind = ?", criteria.kind),
        ("s.id IN (SELECT st.session_id FROM session_tags st JOIN tags t ON t.id = st.tag_id"
         " WHERE t.name = ? COLLATE NOCASE)", criteria.tag and criteria.tag.strip()),
        ("s.id IN (SELECT session_id FROM answers WHERE model = ?)", criteria.model),
    ):
        if value:
            where.append(condition)
            params.append(value)
    if criteria.ids:
        where.append(f"s.id IN ({','.join('?' * len(criteria.ids))})")
        params.extend(criteria.ids)
    return where, params


_SESSION_SELECT = """
    SELECT s.*, p.name AS with_name FROM sessions s
    LEFT JOIN people p ON p.id = s.with_id
"""


class Journal:
    """An open journal. Writes run in `db.atomic()` transactions."""

    def __init__(self, path: Path, db: Database, passphrase: str | None = None):
        self.path = path
        self.db = db
        self.passphrase = passphrase  # backups of an encrypted journal get the same key

    def close(self) -> None:
        self.db.close()

    # people ---------------------------------------------------------------

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
        """People and contracts (see `reflect.peoplestore`)."""
        from reflect.peoplestore import PeopleStore

        return PeopleStore(self)

    @property
    def goals(self):
        """Goals and agreed actions (see `reflect.goalstore`)."""
        from reflect.goalstore import GoalStore

        return GoalStore(self)

    # sessions -------------------------------------------------------------

    def add_session(
        self,
        *,
        held_on: date,
        title: str,
        kind: str,
        role: str,
        with_name: str | None = None,
        duration: int | None = None,
        body: str = "",
        private: str = "",
        tags: Iterable[str] = (),
        answers: dict[str, dict[str, Any]] | None = None,
        status: str = "final",
        interview: dict[str, Any] | None = None,
        attendees: Iterable[str] = (),
        presenter: str | None = None,
        issue_presented: str | None = None,
        session_id: str | None = None,
        created: str | None = None,
        updated: str | None = None,
        source_hash: str | None = None,
    ) -> tuple[Session, list[str]]:
        """Store a new session; returns it and notices for the user (e.g. a person added).

        `session_id`, `created` and `updated` are given only when importing a record
        that already has them; otherwise a new id and the current time are used.
        """
        notices: list[str] = []
        session_id = session_id or uuid.uuid4().hex
        stamp = now()
        with self.db.atomic():
            self.db["sessions"].insert({
                "id": session_id, "held_on": held_on.isoformat(), "title": title,
                "kind": kind, "role": role, "with_id": self._person_id(with_name, notices),
                "duration": duration, "body": body, "private": private, "status": status,
                "created": created or stamp, "updated": updated or created or stamp,
                "interview": json.dumps(interview) if interview is not None else None,
                "issue_presented": issue_presented, "source_hash": source_hash,
            })
            self._set_tags(session_id, tags)
            self._set_answers(session_id, answers or {})
            self._set_people(session_id, attendees, presenter, notices)
        return self.session(session_id), notices

    SESSION_FIELDS = ("held_on", "title", "kind", "role", "with_name", "duration", "body",
                      "private", "issue_presented")

    def update_session(self, session_id: str, changes: dict[str, Any],
                       updated: str | None = None) -> tuple[Session, list[str]]:
        """Change fields (SESSION_FIELDS, tags, answers, attendees, presenter) of a session.

        The state before the change is kept as a version first, so nothing is lost.
        """
        notices: list[str] = []
        row = {k: v for k, v in changes.items() if k in self.SESSION_FIELDS}
        if "held_on" in row:
            row["held_on"] = row["held_on"].isoformat()
        if "with_name" in row:
            row["with_id"] = self._person_id(row.pop("with_name"), notices)
        with self.db.atomic():
            self._keep_version(self.session(session_id))
            self.db["sessions"].update(session_id, {**row, "updated": updated or now()})
            if "tags" in changes:
                self._set_tags(session_id, changes["tags"])
            if "answers" in changes:
                self._set_answers(session_id, changes["answers"])
            if "attendees" in changes or "presenter" in changes:
                current = self.session(session_id)
                self._set_people(session_id, changes.get("attendees", current.attendees),
                                 changes.get("presenter", current.presenter), notices)
        return self.session(session_id), notices

    def _person_id(self, name: str | None, notices: list[str]) -> int | None:
        if not name:
            return None
        person, created = self.ensure_person(name)
        if created:
            notices.append(f"Added {person.name} to people.")
        return person.id

    def _set_people(self, session_id: str, attendees: Iterable[str], presenter: str | None,
                    notices: list[str]) -> None:
        self.db["session_people"].delete_where("session_id = ?", [session_id])
        parts = [(name, "attendee") for name in attendees if name and name.strip()]
        if presenter:
            parts.append((presenter, "presenter"))
        for name, part in parts:
            self.db["session_people"].insert(
                {"session_id": session_id, "person_id": self._person_id(name, notices),
                 "part": part}, ignore=True)

    def _set_tags(self, session_id: str, tags: Iterable[str]) -> None:
        self.db["session_tags"].delete_where("session_id = ?", [session_id])
        seen = set()
        for tag in tags:
            tag = tag.strip()
            if not tag or tag.lower() in seen:
                continue
            seen.add(tag.lower())
            rows = list(self.db["tags"].rows_where("name = ? COLLATE NOCASE", [tag]))
            tag_id = rows[0]["id"] if rows else self.db["tags"].insert({"name": tag}).last_pk
            self.db["session_tags"].insert({"session_id": session_id, "tag_id": tag_id})

    def _set_answers(self, session_id: str, answers: dict[str, dict[str, Any]]) -> None:
        self.db["answers"].delete_where("session_id = ?", [session_id])
        position = 0
        for model, values in answers.items():
            for prompt, value in values.items():
                self.db["answers"].insert({
                    "session_id": session_id, "model": model, "prompt": prompt,
                    "value": json.dumps(value, ensure_ascii=False), "position": position,
                })
                position += 1
        self._refresh_answers_text(session_id)

    def _refresh_answers_text(self, session_id: str) -> None:
        """Keep the searchable copy of a session's text answers in step with them."""
        answers = self._answers_for([session_id]).get(session_id, {})
        self.db.execute("UPDATE sessions SET answers_text = ? WHERE id = ?",
                        [answers_text(answers), session_id])

    def refresh_goals_text(self, session_id: str | None) -> None:
        """Keep the searchable text of the goals set in a session in step with them."""
        if not session_id:
            return
        parts = [" ".join(filter(None, row)) for row in self.db.execute(
            "SELECT title, specific, measurable, achievable, relevant FROM goals"
            " WHERE session_id = ? ORDER BY created", [session_id])]
        self.db.execute("UPDATE sessions SET goals_text = ? WHERE id = ?",
                        ["\n".join(parts), session_id])

    def resolve_id(self, table: str, ref: str, noun: str = "session") -> str:
        """The full id in `table` for `ref`, a unique prefix of at least four characters."""
        ref = ref.strip().lower()
        if len(ref) < MIN_PREFIX:
            raise BadInput(f"{noun} id {ref!r} is too short",
                           hint=f"give at least {MIN_PREFIX} characters")
        if not re.fullmatch(r"[0-9a-f]+", ref):
            raise NotFound(f"no {noun} with id {ref!r}")
        found = [r[0] for r in self.db.execute(
            f"SELECT id FROM [{table}] WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 6",
            [len(ref), ref],
        )]
        if not found:
            raise NotFound(f"no {noun} with id {ref!r}")
        if len(found) > 1:
            shown = ", ".join(f[: len(ref) + 4] for f in found[:5])
            raise Ambiguous(f"{noun} id {ref!r} is ambiguous: it matches {shown}",
                            hint="give more characters")
        return found[0]

    def resolve_session_id(self, ref: str) -> str:
        return self.resolve_id("sessions", ref)

    def session(self, ref: str) -> Session:
        session_id = self.resolve_session_id(ref)
        rows = self.db.execute(_SESSION_SELECT + " WHERE s.id = ?", [session_id])
        return self._load(rows)[0]

    def live_session(self, ref: str) -> Session:
        """The session for `ref`, refusing one that has been deleted (hidden)."""
        session = self.session(ref)
        if session.deleted_at:
            raise NotFound(f"session {session.id[:8]} is deleted",
                           hint=f"reflect undelete {session.id[:8]} brings it back")
        return session

    def sessions(self, criteria: SessionFilter | None = None) -> list[Session]:
        """Sessions matching `criteria`, newest first."""
        criteria = criteria or SessionFilter()
        where, params = _where(criteria)
        tail = " WHERE " + " AND ".join(where)
        tail += " ORDER BY s.held_on DESC, s.created DESC, s.rowid DESC"
        if criteria.limit is not None:
            tail += " LIMIT ?"
            params.append(criteria.limit)
        chosen = ("SELECT s.id FROM sessions s LEFT JOIN people p ON p.id = s.with_id" + tail,
                  params)
        return self._load(self.db.execute(_SESSION_SELECT + tail, params), chosen)

    def search(self, fts_query: str, criteria: SessionFilter, limit: int
               ) -> tuple[list[dict[str, Any]], int]:
        """Best matches first (newest first on ties), with a highlighted snippet; and the
        total number of matches. `fts_query` is FTS5 syntax, already made safe."""
        where, params = _where(criteria)
        base = (" FROM sessions_fts JOIN sessions s ON s.rowid = sessions_fts.rowid"
                " LEFT JOIN people p ON p.id = s.with_id WHERE sessions_fts MATCH ? AND "
                + " AND ".join(where))
        total = self.db.execute("SELECT count(*)" + base, [fts_query, *params]).fetchone()[0]
        cursor = self.db.execute(
            "SELECT s.id, s.held_on, s.title, p.name, sessions_fts.rank,"
            " snippet(sessions_fts, -1, '**', '**', '…', 14)" + base
            + " ORDER BY sessions_fts.rank, s.held_on DESC, s.created DESC LIMIT ?",
            [fts_query, *params, limit])
        keys = ("id", "date", "title", "with", "score", "snippet")
        return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()], total
        params: list[Any] = []

    def _load(self, cursor, chosen: Chosen = None) -> list[Session]:
        """Sessions from `cursor`'s rows with their tags, answers and people; `chosen`
        is the query that picked them, used instead of a long list of ids."""
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        ids = [row["id"] for row in rows]
        chosen = chosen if len(ids) > BULK_IDS else None
        tags, answers = self._tags_for(ids, chosen), self._answers_for(ids, chosen)
        people = self._people_for(ids, chosen)
        return [
            Session(
                id=row["id"], held_on=date.fromisoformat(row["held_on"]), title=row["title"],
                kind=row["kind"], role=row["role"], with_name=row["with_name"],
                duration=row["duration"], body=row["body"], status=row["status"],
                created=row["created"], updated=row["updated"],
                tags=tags.get(row["id"], []), answers=answers.get(row["id"], {}),
                interview=json.loads(row["interview"]) if row["interview"] else None,
                attendees=people.get((row["id"], "attendee"), []),
                presenter=(people.get((row["id"], "presenter")) or [None])[0],
                issue_presented=row["issue_presented"], source_hash=row["source_hash"],
                private=row["private"] or "", deleted_at=row["deleted_at"],
                agreed_by=row["agreed_by"], agreed_hash=row["agreed_hash"],
                agreed_on=date.fromisoformat(row["agreed_on"]) if row["agreed_on"] else None,
            )
            for row in rows
        ]

    def _in_ids(self, sql: str, ids: list[str], chosen: Chosen = None) -> list[tuple]:
        """Rows of `sql` for the sessions `ids` (`{marks}` stands for the id list).

        For many sessions the query that chose them stands in for the list: SQLite runs
        that as one subquery, much faster than thousands of parameters."""
        if not ids:
            return []
        if chosen is not None:
            return list(self.db.execute(sql.format(marks=chosen[0]), chosen[1]))
        marks = ",".join("?" * len(ids))
        return list(self.db.execute(sql.format(marks=marks), ids))

    def _tags_for(self, ids: list[str], chosen: Chosen = None) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for session_id, name in self._in_ids(
            "SELECT st.session_id, t.name FROM session_tags st JOIN tags t ON t.id = st.tag_id"
            " WHERE st.session_id IN ({marks}) ORDER BY t.name COLLATE NOCASE", ids, chosen
        ):
            found.setdefault(session_id, []).append(name)
        return found

    def _people_for(self, ids: list[str], chosen: Chosen = None
                    ) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        for session_id, part, name in self._in_ids(
            "SELECT sp.session_id, sp.part, p.name FROM session_people sp JOIN people p"
            " ON p.id = sp.person_id WHERE sp.session_id IN ({marks}) ORDER BY p.name", ids, chosen
        ):
            found.setdefault((session_id, part), []).append(name)
        return found

    def _answers_for(self, ids: list[str], chosen: Chosen = None
                     ) -> dict[str, dict[str, dict[str, Any]]]:
        found: dict[str, dict[str, dict[str, Any]]] = {}
        rows = self._in_ids(
            "SELECT session_id, model, prompt, value FROM answers"
            " WHERE session_id IN ({marks}) ORDER BY position", ids, chosen)
        # One parse of all values together: each is a JSON text, so they join as an array.
        values = json.loads("[" + ",".join(row[3] for row in rows) + "]")
        for (session_id, model, prompt, _), value in zip(rows, values, strict=True):
            found.setdefault(session_id, {}).setdefault(model, {})[prompt] = value
        return found

    def save_answer(self, session_id: str, model: str, prompt: str, value: Any,
                    position: int, interview: dict[str, Any]) -> None:
        """Store one answer (None removes it) and where the interview stands, together."""
        with self.db.atomic():
            self.db["answers"].delete_where(
                "session_id = ? AND model = ? AND prompt = ?", [session_id, model, prompt])
            if value is not None:
                self.db["answers"].insert({
                    "session_id": session_id, "model": model, "prompt": prompt,
                    "value": json.dumps(value, ensure_ascii=False), "position": position,
                })
            self._refresh_answers_text(session_id)
            self.set_interview(session_id, interview)

    def set_interview(self, session_id: str, interview: dict[str, Any] | None) -> None:
        with self.db.atomic():
            self.db["sessions"].update(session_id, {
                "interview": json.dumps(interview) if interview is not None else None,
                "updated": now(),
            })

    def finalise(self, session_id: str, answers: dict[str, dict[str, Any]]) -> Session:
        """Mark a draft as a final record holding exactly `answers`."""
        with self.db.atomic():
            self._set_answers(session_id, answers)
            self.db["sessions"].update(session_id, {
                "status": "final", "interview": None, "updated": now()})
        return self.session(session_id)

    def drafts(self) -> list[Session]:
        return [s for s in self.sessions() if s.status == "draft"]

    def previous_answers(self, session: Session, model: str) -> dict[str, Any] | None:
        """`model`'s answers in the latest earlier final session with the same person."""
        if not session.with_name:
            return None
        for earlier in self.sessions(SessionFilter(with_name=session.with_name,
                                                   date_to=session.held_on)):
            if earlier.id == session.id or earlier.status != "final":
                continue
            if earlier.held_on == session.held_on and earlier.created >= session.created:
                continue
            if model in earlier.answers:
                return earlier.answers[model]
        return None

    def _keep_version(self, session: Session) -> None:
        version = self.db.execute("SELECT coalesce(max(version), 0) + 1 FROM session_versions"
                                  " WHERE session_id = ?", [session.id]).fetchone()[0]
        self.db["session_versions"].insert({
            "session_id": session.id, "version": version, "created": session.updated,
            "snapshot": json.dumps(session.snapshot(), ensure_ascii=False, sort_keys=True)})

    def versions(self, session_id: str) -> list[tuple[int, str, dict[str, Any]]]:
        """Earlier states of a session, oldest first: (version, when it was current, state)."""
        return [(row["version"], row["created"], json.loads(row["snapshot"]))
                for row in self.db["session_versions"].rows_where(
                    "session_id = ?", [session_id], order_by="version")]

    def agree(self, session_id: str, by: str, on: date, digest: str) -> Session:
        with self.db.atomic():
            self.db["sessions"].update(session_id, {
                "agreed_by": by, "agreed_on": on.isoformat(), "agreed_hash": digest})
        return self.session(session_id)

    def hide_session(self, session_id: str) -> None:
        """Delete as users mean it: hidden from list, search and export; recoverable."""
        with self.db.atomic():
            self.db["sessions"].update(session_id, {"deleted_at": now()})

    def unhide_session(self, session_id: str) -> None:
        with self.db.atomic():
            self.db["sessions"].update(session_id, {"deleted_at": None})

    def erase_session(self, session_id: str) -> None:
        """Erase a session with its answers, versions and links; its text leaves the index."""
        with self.db.atomic():
            self.db["sessions"].delete(session_id)

    def search_ids(self, fts_query: str) -> list[str]:
        """Ids of sessions whose indexed text matches an FTS5 query (already quoted)."""
        return [r[0] for r in self.db.execute(
            "SELECT s.id FROM sessions_fts JOIN sessions s ON s.rowid = sessions_fts.rowid"
            " WHERE sessions_fts MATCH ?", [fts_query]
        )]
