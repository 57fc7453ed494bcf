"""Full-text search: what a person types made safe, and the ranked query over sessions.

Users type words, not FTS5 syntax: quotes, hyphens, AND, *, apostrophes and a lone `"`
must never reach SQLite as syntax. Every run of letters or digits becomes a quoted term,
and all terms must match (FTS5's implicit AND), so `don't "neglect"-case AND*` searches
for don, t, neglect, case and and.
"""

from __future__ import annotations

import json
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


_MATCHES = (" FROM sessions_fts JOIN sessions s ON s.rowid = sessions_fts.rowid"
            " LEFT JOIN people p ON p.id = s.with_id WHERE sessions_fts MATCH ?")
_SNIPPET = "snippet(sessions_fts, -1, '**', '**', '…', 14)"
_KEYS = ("id", "date", "title", "with", "score", "snippet")
_SEEKS = 100  # the most shown sessions an unfiltered search looks up one by one


def search_sessions(conn, fts_query: str, criteria: SessionFilter, limit: int
                    ) -> tuple[list[dict[str, Any]], int]:
    """Best matches first (newest first on ties), with a highlighted snippet; and the
    total number of matches. `fts_query` is FTS5 syntax, already made safe."""
    where, params = where_clauses(criteria)
    if _every_live_session(where, params):
        total = _count_matches(conn, fts_query)
        return _best_matches(conn, fts_query, where, limit), total
    base = _MATCHES + " AND " + " AND ".join(where)
    total = conn.execute("SELECT count(*)" + base, [fts_query, *params]).fetchone()[0]
    cursor = conn.execute(
        f"SELECT s.id, s.held_on, s.title, p.name, sessions_fts.rank, {_SNIPPET}" + base
        + " ORDER BY sessions_fts.rank, s.held_on DESC, s.created DESC LIMIT ?",
        [fts_query, *params, limit])
    return [dict(zip(_KEYS, row, strict=True)) for row in cursor.fetchall()], total


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


def _best_matches(conn, fts_query: str, live: list[str], limit: int) -> list[dict[str, Any]]:
    """The rows an unfiltered search shows, in order: ranked in the index alone (see
    `_count_matches`), then only those sessions read, with `live` (the conditions that
    keep deleted ones out) checked again as they are."""
    ranks = dict(_best_ranks(conn, fts_query, limit))
    # The rank is not asked for again here: each session looked up would weigh the
    # query's terms over every match once more.
    # A few are found fastest by rowid, a seek each; many in one pass over the matches
    # (`+` keeps the rowid from being used to seek), as each seek costs some 500 steps.
    rowid = "sessions_fts.rowid" if len(ranks) <= _SEEKS else "+sessions_fts.rowid"
    rows = conn.execute(
        f"SELECT sessions_fts.rowid, s.id, s.held_on, s.title, p.name, {_SNIPPET}, s.created"
        + _MATCHES + f" AND {rowid} IN (SELECT value FROM json_each(?)) AND "
        + " AND ".join(live), [fts_query, json.dumps(list(ranks))]).fetchall()
    rows.sort(key=lambda row: (row[2], row[6]), reverse=True)  # newest first on ties
    rows.sort(key=lambda row: ranks[row[0]])  # a stable sort: ties stay newest first
    return [dict(zip(_KEYS, (*row[1:5], ranks[row[0]], row[5]), strict=True))
            for row in rows[:limit]]


def _best_ranks(conn, fts_query: str, limit: int) -> list[tuple[int, float]]:
    """The index's rowid and rank of the `limit` best matches and of every match that ties
    with the last of them, any of which may take its place by being newer."""
    # `+rank`, not `rank`: ordered by the bare column, FTS5 sorts every match itself;
    # SQLite's own sorter keeps only the best `limit` as it goes, twice as fast.
    best = conn.execute("SELECT rowid, rank FROM sessions_fts WHERE sessions_fts MATCH ?"
                        " ORDER BY +rank LIMIT ?", [fts_query, limit + 1]).fetchall()
    if len(best) <= limit or best[limit][1] != best[limit - 1][1]:
        return best[:limit]
    return conn.execute("SELECT rowid, rank FROM sessions_fts WHERE sessions_fts MATCH ?"
                        " AND rank <= ?", [fts_query, best[limit - 1][1]]).fetchall()
