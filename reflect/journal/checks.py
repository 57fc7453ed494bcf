"""The journal's own checks: the file, the links between records, the search index, and
counts of sessions by age and state. `reflect.upkeep.check` turns them into a report."""

from __future__ import annotations

from datetime import date

from reflect.trust import driver


def integrity_problems(journal) -> list[str]:
    """What SQLite's integrity check finds wrong with the file; empty when it is sound."""
    rows = [str(row[0]) for row in journal.db.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def quick_problems(journal) -> list[str]:
    """What SQLite's quick check (pages and structure, not every index entry) finds."""
    try:
        rows = [str(row[0]) for row in journal.db.execute("PRAGMA quick_check")]
    except driver.DatabaseError as e:  # damage bad enough that the check itself stops
        return [str(e)]
    return [] if rows == ["ok"] else rows


def link_problems(journal) -> list[str]:
    """Rows that point at a record that is not there."""
    return [f"{table} row {rowid} points to a missing {parent}"
            for table, rowid, parent, _ in journal.db.execute("PRAGMA foreign_key_check")]


def search_index_problems(journal) -> list[str]:
    """The index is sound and holds exactly the sessions not deleted.

    FTS5's check against the content table (rank 1) counts deleted sessions, which are
    rightly out of the index, as missing; with any of those, the index's own check (rank 0)
    and a comparison of which sessions it holds stand in.
    """
    db = journal.db
    hidden = count_sessions(journal, deleted=True)
    try:
        db.execute("INSERT INTO sessions_fts(sessions_fts, rank) VALUES ('integrity-check', ?)",
                   [0 if hidden else 1])
    except driver.DatabaseError as e:
        return [f"out of step with the sessions: {e}"]
    finally:
        db.conn.rollback()
    return _index_rows(db) if hidden else []


def _index_rows(db) -> list[str]:
    missing = db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NULL AND rowid"
                         " NOT IN (SELECT id FROM sessions_fts_docsize)").fetchone()[0]
    extra = db.execute("SELECT COUNT(*) FROM sessions_fts_docsize WHERE id NOT IN (SELECT"
                       " rowid FROM sessions WHERE deleted_at IS NULL)").fetchone()[0]
    return ([f"{missing} session(s) missing from it"] if missing else []) + (
        [f"{extra} entry(ies) for deleted or unknown sessions"] if extra else [])


def count_sessions(journal, held_before: date | None = None, deleted: bool | None = None
                   ) -> int:
    """How many sessions (live and deleted) there are, held before a day, or deleted."""
    where, params = ["1"], []
    if held_before is not None:
        where.append("held_on < ?")
        params.append(held_before.isoformat())
    if deleted is not None:
        where.append(f"deleted_at IS {'NOT ' if deleted else ''}NULL")
    return journal.db.execute("SELECT COUNT(*) FROM sessions WHERE " + " AND ".join(where),
                              params).fetchone()[0]
