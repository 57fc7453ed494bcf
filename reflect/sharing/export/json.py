"""The JSON export: every record of the chosen sessions, losslessly, in one document.

People, sessions, goals with their reviews, agreed actions and contracts, each list in a
fixed order, with nothing derived from the day of the export (no "overdue"), so an
unchanged journal exports to identical bytes. `reflect.sharing.importing` reads it back.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from reflect.sharing.exchange import (
    FORMAT_VERSION,
    action_record,
    goal_record,
    session_record,
    tombstone_record,
)
from reflect.sharing.export.selection import ExportData, Output, Tick


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export_json(data: ExportData, single: bool, tick: Tick) -> Output:
    """The whole selection as one JSON document (always one file, `single` or not)."""
    sessions = []
    for session in data.sessions:
        record = session_record(session, [g.id for g in data.goals_of(session.id)],
                                carries_private=data.include_private)
        sessions.append({**record, "body": session.body})
        data.remember(session)
        tick()
    reviews = data.journal.goals.review_rows()
    people = data.people()
    document = {
        "format_version": FORMAT_VERSION,
        "people": people,
        "sessions": sessions,
        "goals": [goal_record(g, reviews.get(g.id, []))
                  for g in sorted(data.goals, key=lambda g: (g.created, g.id))],
        "actions": [action_record(a)
                    for a in sorted(data.actions, key=lambda a: (a.created, a.id))],
        "contracts": data.contracts({p["name"] for p in people}),
        "deleted": [tombstone_record(t) for t in data.tombstones()],
    }
    if data.redactor is not None:  # people, contracts and reviews name people too
        document = data.redactor.value(json.loads(json.dumps(document, default=_iso)))
        document["redacted"] = True  # names replaced: never imported back
    return (json.dumps(document, indent=2, ensure_ascii=False, default=_iso) + "\n").encode()
