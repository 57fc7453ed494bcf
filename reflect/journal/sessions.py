"""Reading sessions: by id or prefix, by criteria, with their tags, answers and people.

`SessionReads` is the reading half of the `Journal` facade (see `reflect.journal.facade`);
`SessionFilter` says which sessions a command wants.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session
from reflect.settings.errors import Ambiguous, BadInput, NotFound
from reflect.settings.vocabulary import normal_tag

if TYPE_CHECKING:
    from sqlite_utils import Database

MIN_PREFIX = 4
BULK_IDS = 500  # above this many sessions, related rows are read through a subquery
Chosen = tuple[str, list] | None  # the query (and its parameters) that picked sessions


@dataclass
class SessionFilter:
    date_from: date | None = None
    date_to: date | None = None
    with_name: str | None = None
    tag: str | None = None
    kind: str | None = None
    limit: int | None = None
    deleted: bool = False  # True: only deleted (hidden) sessions; False: only live ones
    models: list[str] | None = None  # only sessions that answered one of these models
    ids: list[str] | None = None
    texts: bool = True  # False: without the free and private reflection (figures need neither)
    answers: bool = True  # False: without the answers either (a list of headings)


def where_clauses(criteria: SessionFilter) -> tuple[list[str], list[Any]]:
    """SQL conditions (on sessions `s` and the other person `p`) for `criteria`."""
    where = [f"s.deleted_at IS {'NOT ' if criteria.deleted else ''}NULL"]
    params: list[Any] = []
    for condition, value in (
        ("s.held_on >= ?", criteria.date_from and criteria.date_from.isoformat()),
        ("s.held_on <= ?", criteria.date_to and criteria.date_to.isoformat()),
        ("p.name = ? COLLATE NOCASE", criteria.with_name and criteria.with_name.strip()),
        ("s.kind = ?", criteria.kind),
        ("s.id IN (SELECT st.session_id FROM session_tags st JOIN tags t ON t.id = st.tag_id"
         " WHERE t.name = ? COLLATE NOCASE)", criteria.tag and normal_tag(criteria.tag)),
    ):
        if value:
            where.append(condition)
            params.append(value)
    if criteria.models:
        marks = ",".join("?" * len(criteria.models))
        where.append(f"s.id IN (SELECT session_id FROM answers WHERE model IN ({marks}))")
        params.extend(criteria.models)
    if criteria.ids:
        where.append(f"s.id IN ({','.join('?' * len(criteria.ids))})")
        params.extend(criteria.ids)
    return where, params


# The columns a Session is made of (not the search index's texts or sync bookkeeping).
_COLUMNS = ("id", "held_on", "title", "kind", "role", "duration", "status", "created",
            "updated", "issue_presented", "source_hash", "deleted_at", "agreed_by",
            "agreed_on", "agreed_hash", "private_answers")
_TEXTS = ("body", "private", "front_matter", "interview")
# sessions `s` with the other person `p`, as every query here reads them
SESSIONS_FROM = " FROM sessions s LEFT JOIN people p ON p.id = s.with_id"
# The columns `_load` makes a Session of, in the order it takes them.
_LOADED = ("id", "held_on", "title", "kind", "role", "with_name", "duration", "body",
           "status", "created", "updated", "interview", "issue_presented", "source_hash",
           "private", "deleted_at", "agreed_by", "agreed_hash", "agreed_on", "private_answers",
           "front_matter")
SESSION_SELECT = ("SELECT " + ", ".join(f"s.{c}" for c in (*_COLUMNS, *_TEXTS))
                  + ", p.name AS with_name" + SESSIONS_FROM)
# The same rows without the reflection's text and the other large columns that nothing
# counted needs (front matter kept from other tools, an interview's state).
FIGURES_SELECT = ("SELECT " + ", ".join(f"s.{c}" for c in _COLUMNS)
                  + ", '' AS body, '' AS private, NULL AS front_matter, NULL AS interview"
                  + ", p.name AS with_name" + SESSIONS_FROM)


def _in_parts(values: list[str]) -> Iterator[tuple[list[str], str]]:
    """`values` BULK_IDS at a time, each part with its parameter marks ("?,?,?")."""
    for start in range(0, len(values), BULK_IDS):
        part = values[start:start + BULK_IDS]
        yield part, ",".join("?" * len(part))


def _json(text: str | None, empty: str):
    """A JSON column's value; the common empty ones without parsing."""
    if not text or text == empty:
        return [] if empty == "[]" else {}
    return json.loads(text)


class SessionReads:
    """Queries over sessions; mixed into `Journal`, which provides `conn` (the driver's
    connection) and `db` (sqlite-utils over it)."""

    db: Database

    def resolve_id(self, table: str, ref: str, noun: str = "session") -> str:
        """The full id in `table` for `ref`, a unique prefix of at least four characters."""
        ref = ref.strip().lower()
        if len(ref) < MIN_PREFIX:
            raise BadInput(f"{noun} id {ref!r} is too short",
                           hint=f"give at least {MIN_PREFIX} characters")
        if not re.fullmatch(r"[0-9a-f]+", ref):
            raise NotFound(f"no {noun} with id {ref!r}")
        # ids are lower-case hex, so those starting with `ref` are the range [ref, ref+"g"):
        # a range on the primary key's index, not a scan of the table
        found = [r[0] for r in self.conn.execute(
            f"SELECT id FROM [{table}] WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            [ref, ref + "g"],
        )]
        if not found:
            raise NotFound(f"no {noun} with id {ref!r}")
        if len(found) > 1:
            shown = ", ".join(f[: len(ref) + 4] for f in found[:5])
            raise Ambiguous(f"{noun} id {ref!r} is ambiguous: it matches {shown}",
                            hint="give more characters")
        return found[0]

    def stamp_of(self, session_id: str | None = None, source_hash: str | None = None
                 ) -> dict[str, str] | None:
        """{"id", "updated"} of the session with exactly this id, or made from this source
        (an imported file's hash); None when there is none."""
        column, value = ("id", session_id) if session_id else ("source_hash", source_hash)
        if not value:
            return None
        row = self.conn.execute(f"SELECT id, updated FROM sessions WHERE {column} = ?",
                                [value]).fetchone()
        return {"id": row[0], "updated": row[1]} if row else None

    def known_sources(self, hashes: list[str]) -> set[str]:
        """Those of `hashes` that a session was made from (see `stamp_of`): one query for
        many, where an import would otherwise ask once a file."""
        return self._found("SELECT source_hash FROM sessions WHERE source_hash IN ({marks})",
                           hashes)

    def known_sessions(self, ids: list[str]) -> set[str]:
        """Those of `ids` the journal holds a session with (deleted or not) or a tombstone
        for (a session erased): a query for many, where an import would ask once each."""
        return self._found("SELECT id FROM sessions WHERE id IN ({marks})", ids) | \
            self._found("SELECT key FROM tombstones WHERE kind = 'session'"
                        " AND key IN ({marks})", ids)

    def _found(self, sql: str, values: list[str]) -> set[str]:
        """The first column of `sql`'s rows, `{marks}` standing for `values`."""
        return {row[0] for part, marks in _in_parts(values)
                for row in self.conn.execute(sql.format(marks=marks), part)}

    def sessions_by_id(self, ids: list[str], texts: bool = True) -> list[Session]:
        """The sessions with exactly these ids, read together, in no particular order;
        without `texts`, only their headings (no reflection, no answers)."""
        select = SESSION_SELECT if texts else FIGURES_SELECT
        return [session for part, marks in _in_parts(ids) for session in self._load(
            self.conn.execute(select + f" WHERE s.id IN ({marks})", part), None, texts)]

    def any_answers(self, ids: list[str]) -> bool:
        """Whether any of these sessions holds answers to a model's prompts."""
        return any(self.conn.execute(
            f"SELECT 1 FROM answers WHERE session_id IN ({marks}) LIMIT 1", part).fetchone()
            for part, marks in _in_parts(ids))

    def resolve_session_id(self, ref: str) -> str:
        return self.resolve_id("sessions", ref)

    def session(self, ref: str) -> Session:
        session_id = self.resolve_session_id(ref)
        rows = self.conn.execute(SESSION_SELECT + " WHERE s.id = ?", [session_id])
        return self._load(rows)[0]

    def live_session(self, ref: str) -> Session:
        """The session for `ref`, refusing one that has been deleted (hidden)."""
        session = self.session(ref)
        if session.deleted_at:
            raise NotFound(f"session {session.id[:8]} is deleted",
                           hint=f"reflect undelete {session.id[:8]} brings it back")
        return session

    def session_order(self, criteria: SessionFilter) -> tuple[list[str], list[str]]:
        """The ids of the sessions matching `criteria`, oldest first (by date, then when
        made, then id), and those of the drafts among them: what an export goes through,
        without reading the sessions."""
        where, params = where_clauses(criteria)
        ids, drafts = [], []
        for session_id, status in self.conn.execute(
                "SELECT s.id, s.status" + SESSIONS_FROM + " WHERE " + " AND ".join(where)
                + " ORDER BY s.held_on, s.created, s.id", params):
            ids.append(session_id)
            if status == "draft":
                drafts.append(session_id)
        return ids, drafts

    def sessions(self, criteria: SessionFilter | None = None) -> list[Session]:
        """Sessions matching `criteria`, newest first."""
        criteria = criteria or SessionFilter()
        where, params = where_clauses(criteria)
        condition = " WHERE " + " AND ".join(where)
        tail = condition + " ORDER BY s.held_on DESC, s.created DESC, s.rowid DESC"
        if criteria.limit is not None:
            tail += " LIMIT ?"
            params.append(criteria.limit)
        # the query that chose them, for their tags, answers and people: in order only
        # when the order picks which ones (a limit)
        chosen = ("SELECT s.id" + SESSIONS_FROM
                  + (tail if criteria.limit is not None else condition), params)
        select = SESSION_SELECT if criteria.texts else FIGURES_SELECT
        return self._load(self.conn.execute(select + tail, params), chosen, criteria.answers)

    def _load(self, cursor, chosen: Chosen = None, with_answers: bool = True
              ) -> list[Session]:
        """Sessions from `cursor`'s rows with their tags, people and (`with_answers`)
        answers; `chosen` is the query that picked them, used instead of a long list of
        ids."""
        at = {column[0]: n for n, column in enumerate(cursor.description)}
        pick = itemgetter(*(at[name] for name in _LOADED))
        rows = cursor.fetchall()  # tuples: a dict a row held every row twice over
        ids = [row[at["id"]] for row in rows]
        chosen = chosen if len(ids) > BULK_IDS else None
        tags = self._tags_for(ids, chosen)
        answers = self._answers_for(ids, chosen) if with_answers else {}
        people = self._people_for(ids, chosen)
        days: dict[str, date] = {}  # one date object a day, however many sessions
        one = sys.intern  # the few kinds, roles, statuses and names: one string each
        sessions = []
        for row in rows:  # the columns in `_LOADED`'s order
            (session_id, held_on, title, kind, role, with_name, duration, body, status,
             created, updated, interview, issue_presented, source_hash, private, deleted_at,
             agreed_by, agreed_hash, agreed_on, private_answers, front_matter) = pick(row)
            if held_on not in days:
                days[held_on] = date.fromisoformat(held_on)
            sessions.append(Session(
                id=session_id, held_on=days[held_on], title=title, kind=one(kind),
                role=one(role), with_name=with_name and one(with_name), duration=duration,
                body=body, status=one(status), created=created, updated=updated,
                tags=tags.get(session_id, []), answers=answers.get(session_id, {}),
                interview=json.loads(interview) if interview else None,
                attendees=people.get((session_id, "attendee"), []),
                presenter=(people.get((session_id, "presenter")) or [None])[0],
                issue_presented=issue_presented, source_hash=source_hash,
                private=private or "", deleted_at=deleted_at, agreed_by=agreed_by,
                agreed_hash=agreed_hash,
                agreed_on=date.fromisoformat(agreed_on) if agreed_on else None,
                private_answers=_json(private_answers, "[]"),
                front_matter=_json(front_matter, "{}"),
            ))
        return sessions

    def _in_ids(self, sql: str, ids: list[str], chosen: Chosen = None) -> list[tuple]:
        """Rows of `sql` for the sessions `ids` (`{marks}` stands for the id list).

        For many sessions the query that chose them stands in for the list: SQLite runs
        that as one subquery, much faster than thousands of parameters."""
        if not ids:
            return []
        if chosen is not None:
            return list(self.conn.execute(sql.format(marks=chosen[0]), chosen[1]))
        marks = ",".join("?" * len(ids))
        return list(self.conn.execute(sql.format(marks=marks), ids))

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

    def drafts(self) -> list[Session]:
        return [s for s in self.sessions() if s.status == "draft"]

    def previous_answers(self, session: Session, model: str) -> dict[str, Any] | None:
        """`model`'s answers in the latest earlier final session with the same person."""
        if not session.with_name:
            return None
        day = session.held_on.isoformat()
        row = self.conn.execute(  # newest first, as `sessions` orders them: one row read
            "SELECT s.id" + SESSIONS_FROM + " WHERE s.deleted_at IS NULL AND s.status = 'final'"
            " AND p.name = ? COLLATE NOCASE AND s.id != ? AND s.held_on <= ?"  # a range
            " AND (s.held_on < ? OR s.created < ?)"
            " AND EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id AND a.model = ?)"
            " ORDER BY s.held_on DESC, s.created DESC, s.rowid DESC LIMIT 1",
            [session.with_name.strip(), session.id, day, day, session.created, model],
        ).fetchone()
        return self._answers_for([row[0]])[row[0]][model] if row else None

    def versions(self, session_id: str) -> list[tuple[int, str, dict[str, Any]]]:
        """Earlier states of a session, oldest first: (version, when it was current, state)."""
        return [(row["version"], row["created"], json.loads(row["snapshot"]))
                for row in self.db["session_versions"].rows_where(
                    "session_id = ?", [session_id], order_by="version")]
