"""Erasing for good: what a purge would take, the erasure of whole sessions or of their
private reflection, and compacting the file.

`reflect.upkeep.purge` decides what to purge and asks first; this runs the SQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from reflect.settings.clock import now

ERASE_CHUNK = 500  # ids per statement when erasing many sessions

# What goes (or is kept, unlinked) with the sessions erased, counted for the plan.
_RELATED = {
    "private reflections": "SELECT COUNT(*) FROM sessions WHERE private != '' AND id IN ({})",
    "answers": "SELECT COUNT(*) FROM answers WHERE session_id IN ({})",
    "earlier versions": "SELECT COUNT(*) FROM session_versions WHERE session_id IN ({})",
    "tag links": "SELECT COUNT(*) FROM session_tags WHERE session_id IN ({})",
    "attendees": "SELECT COUNT(*) FROM session_people WHERE session_id IN ({})",
    "goals kept, unlinked": "SELECT COUNT(*) FROM goals WHERE session_id IN ({})",
    "actions kept, unlinked": "SELECT COUNT(*) FROM actions WHERE session_id IN ({})",
}


def chunks(ids: list[str]) -> Iterator[list[str]]:
    """`ids` in slices small enough for one statement's parameters."""
    for start in range(0, len(ids), ERASE_CHUNK):
        yield ids[start:start + ERASE_CHUNK]


def candidates(journal, before: date | None, person_id: int | None, deleted: bool
               ) -> list[dict[str, Any]]:
    """Sessions held before `before` (with `person_id` there, if given), or deleted ones,
    oldest first: id, held_on, title, with_name, deleted_at."""
    clauses, params = [], []
    if before is not None:
        clause, params = "s.held_on < ?", [before.isoformat()]
        if person_id is not None:
            clause += (" AND (s.with_id = ? OR s.id IN"
                       " (SELECT session_id FROM session_people WHERE person_id = ?))")
            params += [person_id, person_id]
        clauses.append(f"({clause})")
    if deleted:
        clauses.append("s.deleted_at IS NOT NULL")
    if not clauses:
        return []
    cursor = journal.db.execute(
        "SELECT s.id, s.held_on, s.title, p.name AS with_name, s.deleted_at FROM sessions s"
        f" LEFT JOIN people p ON p.id = s.with_id WHERE {' OR '.join(clauses)}"
        " ORDER BY s.held_on, s.created, s.id", params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def related_counts(journal, ids: list[str]) -> dict[str, int]:
    """How much else goes with the sessions `ids`, by what it is."""
    return {label: sum(journal.db.execute(sql.format(",".join("?" * len(chunk))),
                                          chunk).fetchone()[0] for chunk in chunks(ids))
            for label, sql in _RELATED.items()}


def erase_sessions(journal, ids: list[str]) -> None:
    """Erase sessions for good, with their answers, versions and links, in one
    transaction; a tag only they used goes too (a tag can name a family). Their text
    leaves the search index through its delete trigger."""
    db = journal.db
    db.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed, not left as they were
    with db.atomic():
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            tag_ids = [r[0] for r in db.execute(
                f"SELECT DISTINCT tag_id FROM session_tags WHERE session_id IN ({marks})",
                chunk)]
            # a tombstone (the id and when, no text) carries the erasure to other machines;
            # it is dated now, so it wins over an undelete made before the purge
            db.execute("INSERT OR REPLACE INTO tombstones (kind, key, deleted_at)"
                       f" SELECT 'session', id, ? FROM sessions WHERE id IN ({marks})",
                       [now(), *chunk])
            db.execute(f"DELETE FROM sessions WHERE id IN ({marks})", chunk)
            for tag_id in tag_ids:
                db.execute("DELETE FROM tags WHERE id = ? AND id NOT IN"
                           " (SELECT tag_id FROM session_tags)", [tag_id])


def compact(journal) -> bool:
    """Rebuild the file without free pages and empty the WAL, which still held earlier
    copies of erased pages; True when the WAL could be emptied (no other reader)."""
    db = journal.db
    db.vacuum()
    return db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0


Answers = dict[str, dict[str, Any]]


def erase_private(journal, ids: list[str],
                  record_of: Callable[[Answers, list[str]], Answers]) -> dict[str, int]:
    """Erase the private reflection of sessions `ids` for good, from the session and from
    every earlier version, in one transaction: the private text, and the answers that
    `record_of` (answers, answers marked private -> the record's answers) leaves out. The
    record, its agreement and the `updated` time are untouched. Counts of what went."""
    db = journal.db
    db.execute("PRAGMA secure_delete = ON")
    gone = {"private reflections": 0, "private answers": 0, "earlier versions cleared": 0}
    with db.atomic():
        for session_id in ids:
            session = journal.session(session_id)
            record = record_of(session.answers, session.private_answers)
            dropped = _count(session.answers) - _count(record)
            if dropped:
                journal.replace_answers(session_id, record)
            if session.private or session.private_answers:
                db.execute("UPDATE sessions SET private = '', private_answers = '[]'"
                           " WHERE id = ?", [session_id])
            gone["private reflections"] += bool(session.private)
            gone["private answers"] += dropped
            for row_id, text in db.execute(
                    "SELECT id, snapshot FROM session_versions WHERE session_id = ?",
                    [session_id]).fetchall():
                state = json.loads(text)
                cleared = dict(state)
                if state.get("answers"):
                    cleared["answers"] = record_of(state["answers"],
                                                   state.get("private_answers") or [])
                cleared.update({key: empty for key, empty in (("private", ""),
                                                              ("private_answers", []))
                                if state.get(key)})
                if cleared != state:
                    db.execute("UPDATE session_versions SET snapshot = ? WHERE id = ?",
                               [json.dumps(cleared, ensure_ascii=False), row_id])
                    gone["earlier versions cleared"] += 1
    return gone


def _count(answers: dict[str, dict[str, Any]]) -> int:
    return sum(len(values) for values in answers.values())
