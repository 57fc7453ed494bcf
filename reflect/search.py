"""Turning what a person types into a safe full-text query.

Users type words, not FTS5 syntax: quotes, hyphens, AND, *, apostrophes and a lone `"`
must never reach SQLite as syntax. Every run of letters or digits becomes a quoted term,
and all terms must match (FTS5's implicit AND), so `don't "neglect"-case AND*` searches
for don, t, neglect, case and and.
"""

from __future__ import annotations

import re

_TERM = re.compile(r"\w+", re.UNICODE)


def terms(text: str) -> list[str]:
    return [t for t in _TERM.findall(text) if t.strip("_")]


def safe_query(text: str) -> str | None:
    """An FTS5 query matching every term in `text`, or None if it holds no searchable term."""
    found = terms(text)
    return " ".join(f'"{term}"' for term in found) if found else None
