"""Writing sessions: adding, changing (keeping each earlier state), answers and drafts.

`SessionWrites` is the writing half of the `Journal` facade; every write runs in one
`db.atomic()` transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session
from reflect.journal.search import answers_text
from reflect.settings.clock import after, now
from reflect.settings.vocabulary import normal_tag

if TYPE_CHECKING:
    from sqlite_utils import Database


class SessionWrites:
    """Changes to sessions; mixed into `Journal`, which provides `db` and the readers."""

    db: Database

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
        private_answers: Iterable[str] = (),
        front_matter: dict[str, Any] | None = None,
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
                "private_answers": _marks(private_answers),
                "front_matter": json.dumps(front_matter or {}, ensure_ascii=False),
                # indexed with the row, so the search index is written once, not again
                # when the answers go in
                "answers_text": answers_text(answers or {}),
            })
            self._set_tags(session_id, tags)
            self._set_answers(session_id, answers or {})
            self._set_people(session_id, attendees, presenter, notices)
        return self.session(session_id), notices

    def add_sessions(self, new: list[dict[str, Any]]) -> list[tuple[Session, list[str]]]:
        """Store many new sessions (an import) as `add_session` stores each, given its
        keyword arguments: each kind of row goes in with one statement, not one a row, and
        the sessions are read back together. Returns each with its notices, in order."""
        rows, stamp = _NewRows(), now()
        with self.db.atomic():
            for fields in new:
                self._new_rows(rows, fields, stamp)
            conn = self.db.conn
            conn.executemany(_INSERT_SESSION, rows.sessions)
            conn.executemany("INSERT INTO session_tags (session_id, tag_id) VALUES (?, ?)",
                             rows.tags)
            conn.executemany("INSERT INTO answers (session_id, model, prompt, value, position)"
                             " VALUES (?, ?, ?, ?, ?)", rows.answers)
            conn.executemany("INSERT OR IGNORE INTO session_people (session_id, person_id,"
                             " part) VALUES (?, ?, ?)", rows.parts)
        ids = [row[0] for row in rows.sessions]
        found = {session.id: session for session in self.sessions_by_id(ids)}
        return [(found[session_id], notices)
                for session_id, notices in zip(ids, rows.notices, strict=True)]

    def _new_rows(self, rows: _NewRows, fields: dict[str, Any], stamp: str) -> None:
        """One new session's rows, with its people and tags looked up (or added) in the same
        order `add_session` takes them, so that their ids and notices come out the same."""
        notices: list[str] = []
        session_id = fields.get("session_id") or uuid.uuid4().hex
        with_id = rows.person(self, fields.get("with_name"), notices)
        answers = fields.get("answers") or {}
        created = fields.get("created") or stamp
        interview, front_matter = fields.get("interview"), fields.get("front_matter")
        rows.sessions.append((
            session_id, fields["held_on"].isoformat(), fields["title"], fields["kind"],
            fields["role"], with_id, fields.get("duration"), fields.get("body", ""),
            fields.get("private", ""), fields.get("status", "final"), created,
            fields.get("updated") or created,
            json.dumps(interview) if interview is not None else None,
            fields.get("issue_presented"), fields.get("source_hash"),
            _marks(fields.get("private_answers", ())),
            json.dumps(front_matter or {}, ensure_ascii=False), answers_text(answers)))
        rows.tags += [(session_id, tag_id)
                      for tag_id in self._tag_ids(fields.get("tags", ()), rows.tag_ids)]
        rows.answers += [(session_id, model, prompt, json.dumps(value, ensure_ascii=False),
                          position) for position, (model, prompt, value) in enumerate(
                              (m, p, v) for m, values in answers.items()
                              for p, v in values.items())]
        for name, part in _parts(fields.get("attendees", ()), fields.get("presenter")):
            rows.parts.append((session_id, rows.person(self, name, notices), part))
        rows.notices.append(notices)

    SESSION_FIELDS = ("held_on", "title", "kind", "role", "with_name", "duration", "body",
                      "private", "issue_presented", "private_answers", "front_matter")

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
        if "private_answers" in row:
            row["private_answers"] = _marks(row["private_answers"])
        if "front_matter" in row:
            row["front_matter"] = json.dumps(row["front_matter"] or {}, ensure_ascii=False)
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
        for name, part in _parts(attendees, presenter):
            self.db["session_people"].insert(
                {"session_id": session_id, "person_id": self._person_id(name, notices),
                 "part": part}, ignore=True)

    def _set_tags(self, session_id: str, tags: Iterable[str]) -> None:
        self.db["session_tags"].delete_where("session_id = ?", [session_id])
        for tag_id in self._tag_ids(tags, {}):
            self.db["session_tags"].insert({"session_id": session_id, "tag_id": tag_id})

    def _tag_ids(self, tags: Iterable[str], known: dict[str, int]) -> list[int]:
        """The ids of `tags` in their one form, each once, a new tag added; `known` holds
        those already looked up (tag -> id), and gains these."""
        ids, seen = [], set()
        for tag in tags:
            tag = normal_tag(tag)
            if not tag or tag.lower() in seen:
                continue
            seen.add(tag.lower())
            if tag not in known:
                row = self.db.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE",
                                      [tag]).fetchone()
                known[tag] = row[0] if row else self.db.execute(
                    "INSERT INTO tags (name) VALUES (?)", [tag]).lastrowid
            ids.append(known[tag])
        return ids

    def replace_answers(self, session_id: str, answers: dict[str, dict[str, Any]]) -> None:
        """Set a session's answers as they are, keeping no version and leaving `updated`
        alone (for erasing: what goes must not survive in a version)."""
        with self.db.atomic():
            self._set_answers(session_id, answers)

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
        text = answers_text(answers)  # unchanged text: no write, and no re-indexing
        self.db.execute("UPDATE sessions SET answers_text = ? WHERE id = ?"
                        " AND answers_text IS NOT ?", [text, session_id, text])

    def refresh_goals_text(self, session_id: str | None) -> None:
        """Keep the searchable text of the goals set in a session in step with them."""
        if not session_id:
            return
        parts = [" ".join(filter(None, row)) for row in self.db.execute(
            "SELECT title, specific, measurable, achievable, relevant FROM goals"
            " WHERE session_id = ? ORDER BY created", [session_id])]
        text = "\n".join(parts)
        self.db.execute("UPDATE sessions SET goals_text = ? WHERE id = ?"
                        " AND goals_text IS NOT ?", [text, session_id, text])

    def save_answer(self, session_id: str, model: str, prompt: str, value: Any,
                    position: int, interview: dict[str, Any], keep_private: bool | None = None
                    ) -> None:
        """Store one answer (None removes it) and where the interview stands, together;
        `keep_private` True or False marks or unmarks it as kept private (None: as it was)."""
        with self.db.atomic():
            if keep_private is not None:
                self._mark(session_id, f"{model}.{prompt}", keep_private)
            self.db["answers"].delete_where(
                "session_id = ? AND model = ? AND prompt = ?", [session_id, model, prompt])
            if value is not None:
                self.db["answers"].insert({
                    "session_id": session_id, "model": model, "prompt": prompt,
                    "value": json.dumps(value, ensure_ascii=False), "position": position,
                })
            self._refresh_answers_text(session_id)
            self.set_interview(session_id, interview)

    def _mark(self, session_id: str, key: str, keep_private: bool) -> None:
        row = self.db.execute("SELECT private_answers FROM sessions WHERE id = ?",
                              [session_id]).fetchone()
        marks = set(json.loads(row[0] or "[]")) if row else set()
        marks = marks | {key} if keep_private else marks - {key}
        self.db.execute("UPDATE sessions SET private_answers = ? WHERE id = ?",
                        [_marks(marks), session_id])

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

    def sync_base(self, session_id: str) -> dict[str, str | None]:
        """The hashes of a session's content as last exported or imported; {} if none."""
        row = self.db.execute("SELECT sync_base FROM sessions WHERE id = ?",
                              [session_id]).fetchone()
        return json.loads(row[0]) if row and row[0] else {}

    def set_sync_bases(self, bases: dict[str, dict[str, str | None]]) -> None:
        """Remember each session's content hashes as a copy now holds them; the hashes of
        other copies (keys not given) stay (see `VaultStore.set_bases`)."""
        self.vault.set_bases("session", bases)

    def keep_as_version(self, copy: Session, when: str) -> int:
        """Keep `copy` (another copy of a session, from an import) as an earlier version,
        current at `when`, unless a version with the same state is there; its number."""
        snapshot = json.dumps(copy.snapshot(), ensure_ascii=False, sort_keys=True)
        with self.db.atomic():
            found = self.db.execute("SELECT version FROM session_versions WHERE session_id = ?"
                                    " AND snapshot = ?", [copy.id, snapshot]).fetchone()
            if found:
                return found[0]
            version = self.db.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM session_versions"
                " WHERE session_id = ?", [copy.id]).fetchone()[0]
            self.db["session_versions"].insert({"session_id": copy.id, "version": version,
                                                "created": when, "snapshot": snapshot})
        return version

    def _keep_version(self, session: Session) -> None:
        version = self.db.execute("SELECT coalesce(max(version), 0) + 1 FROM session_versions"
                                  " WHERE session_id = ?", [session.id]).fetchone()[0]
        self.db["session_versions"].insert({
            "session_id": session.id, "version": version, "created": session.updated,
            "snapshot": json.dumps(session.snapshot(), ensure_ascii=False, sort_keys=True)})

    def agree(self, session_id: str, by: str, on: date, digest: str) -> Session:
        with self.db.atomic():
            self.db["sessions"].update(session_id, {
                "agreed_by": by, "agreed_on": on.isoformat(), "agreed_hash": digest})
        return self.session(session_id)

    IMPORTED_STATE = ("status", "interview", "source_hash", "agreed_by", "agreed_hash",
                      "agreed_on")

    def set_imported_state(self, session_id: str, **state: Any) -> None:
        """Status, interview, source and agreement as an imported copy carries them."""
        unknown = set(state) - set(self.IMPORTED_STATE)
        if unknown:
            raise ValueError(f"not an imported state: {', '.join(sorted(unknown))}")
        if "interview" in state and state["interview"] is not None:
            state["interview"] = json.dumps(state["interview"])
        if isinstance(state.get("agreed_on"), date):
            state["agreed_on"] = state["agreed_on"].isoformat()
        with self.db.atomic():
            self.db["sessions"].update(session_id, state)

    def hide_session(self, session_id: str) -> None:
        """Delete as users mean it: hidden from list, search and export; recoverable."""
        with self.db.atomic():
            self.db["sessions"].update(session_id, {"deleted_at": now()})

    def unhide_session(self, session_id: str) -> None:
        """Undelete: the session changes now, so this wins over the older tombstone other
        machines may hold."""
        with self.db.atomic():
            deleted_at = self.db["sessions"].get(session_id)["deleted_at"]
            self.db["sessions"].update(session_id, {"deleted_at": None,
                                                    "updated": after(deleted_at)})
            self.db.execute("DELETE FROM tombstones WHERE kind = 'session' AND key = ?",
                            [session_id])


_INSERT_SESSION = (
    "INSERT INTO sessions (id, held_on, title, kind, role, with_id, duration, body, private,"
    " status, created, updated, interview, issue_presented, source_hash, private_answers,"
    " front_matter, answers_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


@dataclass
class _NewRows:
    """The rows of new sessions added together, and the people and tags they named."""

    sessions: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    parts: list[tuple] = field(default_factory=list)
    notices: list[list[str]] = field(default_factory=list)  # each session's
    tag_ids: dict[str, int] = field(default_factory=dict)
    person_ids: dict[str, int | None] = field(default_factory=dict)

    def person(self, writes: SessionWrites, name: str | None, notices: list[str]
               ) -> int | None:
        """The person's id, added (with a notice) the first time a new name comes."""
        key = name or ""
        if key not in self.person_ids:
            self.person_ids[key] = writes._person_id(name, notices)
        return self.person_ids[key]


def _parts(attendees: Iterable[str], presenter: str | None) -> list[tuple[str, str]]:
    """The people in a session besides the one it was with: (name, part)."""
    parts = [(name, "attendee") for name in attendees if name and name.strip()]
    return parts + [(presenter, "presenter")] if presenter else parts


def _marks(keys: Iterable[str]) -> str:
    """Answers kept private ("model.prompt"), stored as a sorted JSON list."""
    return json.dumps(sorted(set(keys)))
