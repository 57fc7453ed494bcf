"""Checking the journal: integrity, links and the search index, and retention reminders.

The domain behind `reflect check`; it reports and changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.settings.dates import retention_cutoff
from reflect.trust import driver

if TYPE_CHECKING:
    from reflect.journal.facade import Journal


@dataclass
class Finding:
    name: str
    what: str
    ok: bool
    problems: list[str] = field(default_factory=list)


@dataclass
class Reminder:
    name: str
    message: str
    count: int
    command: str | None = None


@dataclass
class CheckReport:
    journal: Path
    sessions: int
    findings: list[Finding]
    reminders: list[Reminder]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"journal": str(self.journal), "ok": self.ok, "sessions": self.sessions,
                "checks": [asdict(f) for f in self.findings],
                "reminders": [asdict(r) for r in self.reminders]}


def _integrity(db) -> Finding:
    rows = [str(row[0]) for row in db.execute("PRAGMA integrity_check")]
    return Finding("integrity", "the database file (PRAGMA integrity_check)", rows == ["ok"],
                   [] if rows == ["ok"] else rows)


def _foreign_keys(db) -> Finding:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    problems = [f"{table} row {rowid} points to a missing {parent}"
                for table, rowid, parent, _ in rows]
    return Finding("links", "links between records (PRAGMA foreign_key_check)", not rows,
                   problems)


def _search_index(db) -> Finding:
    """The index is sound and holds exactly the sessions not deleted.

    FTS5's check against the content table (rank 1) counts deleted sessions, which are
    rightly out of the index, as missing; with any of those, the index's own check (rank 0)
    and a comparison of which sessions it holds stand in.
    """
    what = "the search index (FTS5 integrity-check)"
    hidden = db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NOT NULL"
                        ).fetchone()[0]
    try:
        db.execute("INSERT INTO sessions_fts(sessions_fts, rank) VALUES ('integrity-check', ?)",
                   [0 if hidden else 1])
    except driver.DatabaseError as e:
        return Finding("search_index", what, False, [f"out of step with the sessions: {e}"])
    finally:
        db.conn.rollback()
    problems = _index_rows(db) if hidden else []
    return Finding("search_index", what, not problems, problems)


def _index_rows(db) -> list[str]:
    missing = db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NULL AND rowid"
                         " NOT IN (SELECT id FROM sessions_fts_docsize)").fetchone()[0]
    extra = db.execute("SELECT COUNT(*) FROM sessions_fts_docsize WHERE id NOT IN (SELECT"
                       " rowid FROM sessions WHERE deleted_at IS NULL)").fetchone()[0]
    return ([f"{missing} session(s) missing from it"] if missing else []) + (
        [f"{extra} entry(ies) for deleted or unknown sessions"] if extra else [])


def _reminders(db, retention: str | None, today: date) -> list[Reminder]:
    found = []
    if retention is None:
        found.append(Reminder("retention", "no retention period is set", 0,
                              "reflect config set retention 6y"))
    else:
        cutoff = retention_cutoff(retention, today).isoformat()
        older = db.execute("SELECT COUNT(*) FROM sessions WHERE held_on < ?",
                           [cutoff]).fetchone()[0]
        found.append(Reminder(
            "retention", f"{older} session(s) held before {cutoff} are older than your "
            f"retention period ({retention})", older,
            f"reflect purge --before {cutoff}" if older else None))
    deleted = db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NOT NULL"
                         ).fetchone()[0]
    if deleted:
        found.append(Reminder("deleted", f"{deleted} deleted session(s) are still in the file",
                              deleted, "reflect purge --deleted"))
    return found


def check(journal: Journal, retention: str | None, today: date | None = None) -> CheckReport:
    """Integrity, links and the search index (problems), and retention reminders (not)."""
    db = journal.db
    findings = [_integrity(db), _foreign_keys(db), _search_index(db)]
    sessions = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    return CheckReport(journal.path, sessions, findings,
                       _reminders(db, retention, today or date.today()))
