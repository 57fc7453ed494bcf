"""Full-text search: what a person types made safe, and the ranked query over sessions.

Users type words, not FTS5 syntax: quotes, hyphens, AND, *, apostrophes and a lone `"`
must never reach SQLite as syntax. Every run of letters or digits becomes a quoted term,
and all terms must match (FTS5's implicit AND), so `don't "neglect"-case AND*` searches
for don, t, neglect, case and and.
"""

from __future__ import annotations

import re
from typing import Any

from reflect.journal.sessions import SessionFilter, where_clauses

_TERM = re.compile(r"\w+", re.UNICODE)


def terms(text: str) -> list[str]:
    return [t for t in _TERM.findall(text) if t.strip("_")]


def safe_query(text: str) -> str | None:
    """An FTS5 query matching every term in `text`, or None if it holds no searchable term."""
    found = terms(text)
    return " ".join(f'"{term}"' for term in found) if found else None


def answers_text(answers: dict) -> str:
    """The searchable words of a session's answers: every text value, one per line."""
    found: list[str] = []
    for values in answers.values():
        for value in values.values():
            if isinstance(value, str) and value.strip():
                found.append(value.strip())
    return "\n".join(found)


def search_sessions(conn, fts_query: str, criteria: SessionFilter, limit: int
                    ) -> tuple[list[dict[str, Any]], int]:
    """Best matches first (newest first on ties), with a highlighted snippet; and the
    total number of matches. `fts_query` is FTS5 syntax, already made safe."""
    where, params = where_clauses(criteria)
    base = (" FROM sessions_fts JOIN sessions s ON s.rowid = sessions_fts.rowid"
            " LEFT JOIN people p ON p.id = s.with_id WHERE sessions_fts MATCH ? AND "
            + " AND ".join(where))
    if _every_live_session(where, params):
        total = _count_matches(conn, fts_query)
    else:
        total = conn.execute("SELECT count(*)" + base, [fts_query, *params]).fetchone()[0]
    cursor = conn.execute(
        "SELECT s.id, s.held_on, s.title, p.name, sessions_fts.rank,"
        " snippet(sessions_fts, -1, '**', '**', '…', 14)" + base
        + " ORDER BY sessions_fts.rank, s.held_on DESC, s.created DESC LIMIT ?",
        [fts_query, *params, limit])
    keys = ("id", "date", "title", "with", "score", "snippet")
    return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()], total


def _every_live_session(where: list[str], params: list[Any]) -> bool:
    """Whether these conditions (from `where_clauses`) keep every session not deleted."""
    return (where, params) == where_clauses(SessionFilter())


def _count_matches(conn, fts_query: str) -> int:
    """How many sessions not deleted match, counted in the index alone.

    The index holds exactly those sessions (its triggers take a session out when it is
    deleted and put it back when it is undeleted), so joining every match to `sessions`
    to check only adds the cost of reading each matching row: 0.1 s for a word in each of
    100,000 sessions, against a few milliseconds here.
    """
    return conn.execute("SELECT count(*) FROM sessions_fts WHERE sessions_fts MATCH ?",
                        [fts_query]).fetchone()[0]
