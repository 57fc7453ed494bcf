"""Purging: erasing sessions for good, so that no word of them is left in the file.

The domain behind `reflect purge`: a plan first (what would go, and counts of what goes
with it), then the erasure through the journal, a VACUUM and a WAL checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.journal.facade import chunks
from reflect.settings.errors import BadInput, NotFound

if TYPE_CHECKING:
    from reflect.journal.facade import Journal


@dataclass
class PurgeCriteria:
    before: date | None = None
    with_name: str | None = None
    deleted: bool = False


@dataclass
class PurgePlan:
    criteria: PurgeCriteria
    sessions: list[dict[str, Any]]
    counts: dict[str, int]

    @property
    def ids(self) -> list[str]:
        return [s["id"] for s in self.sessions]


_COUNTS = {
    "private reflections": "SELECT COUNT(*) FROM sessions WHERE private != '' AND id IN ({})",
    "answers": "SELECT COUNT(*) FROM answers WHERE session_id IN ({})",
    "earlier versions": "SELECT COUNT(*) FROM session_versions WHERE session_id IN ({})",
    "tag links": "SELECT COUNT(*) FROM session_tags WHERE session_id IN ({})",
    "attendees": "SELECT COUNT(*) FROM session_people WHERE session_id IN ({})",
    "goals kept, unlinked": "SELECT COUNT(*) FROM goals WHERE session_id IN ({})",
    "actions kept, unlinked": "SELECT COUNT(*) FROM actions WHERE session_id IN ({})",
}


def _purge_where(journal: Journal, criteria: PurgeCriteria) -> tuple[str, list[Any]]:
    if criteria.before is None and not criteria.deleted:
        raise BadInput("say what to purge: --before DATE, --deleted, or both")
    if criteria.with_name and criteria.before is None:
        raise BadInput("--with narrows --before", hint="give --before DATE too")
    clauses, params = [], []
    if criteria.before is not None:
        clause, params = "s.held_on < ?", [criteria.before.isoformat()]
        if criteria.with_name:
            person = journal.find_person(criteria.with_name)
            if person is None:
                raise NotFound(f"no person called {criteria.with_name!r}")
            clause += (" AND (s.with_id = ? OR s.id IN"
                       " (SELECT session_id FROM session_people WHERE person_id = ?))")
            params += [person.id, person.id]
        clauses.append(f"({clause})")
    if criteria.deleted:
        clauses.append("s.deleted_at IS NOT NULL")
    return " OR ".join(clauses), params


def plan_purge(journal: Journal, criteria: PurgeCriteria) -> PurgePlan:
    """What a purge with `criteria` would erase: the sessions, and counts of what goes too."""
    where, params = _purge_where(journal, criteria)
    cursor = journal.db.execute(
        "SELECT s.id, s.held_on, s.title, p.name AS with_name, s.deleted_at FROM sessions s"
        f" LEFT JOIN people p ON p.id = s.with_id WHERE {where}"
        " ORDER BY s.held_on, s.created, s.id", params)
    columns = [c[0] for c in cursor.description]
    sessions = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    ids = [s["id"] for s in sessions]
    counts = {"sessions": len(ids),
              "of them deleted": sum(1 for s in sessions if s["deleted_at"])}
    for label, sql in _COUNTS.items():
        counts[label] = sum(journal.db.execute(sql.format(",".join("?" * len(chunk))),
                                               chunk).fetchone()[0]
                            for chunk in chunks(ids))
    return PurgePlan(criteria, sessions, counts)


def purge(journal: Journal, plan: PurgePlan) -> bool:
    """Erase the planned sessions for good; True when the WAL could be emptied as well.

    secure_delete zeroes the freed pages, the FTS5 index (secure-delete on) drops the text
    through the delete trigger, VACUUM rebuilds the file without free pages, and the
    checkpoint truncates the WAL that still held earlier copies of the pages.
    """
    db = journal.db
    db.execute("PRAGMA secure_delete = ON")
    journal.erase_sessions(plan.ids)
    db.vacuum()
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return busy == 0
