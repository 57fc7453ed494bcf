"""The JSON export: every record of the chosen sessions, losslessly, in one document.

People, sessions, goals with their reviews, agreed actions and contracts, each list in a
fixed order, with nothing derived from the day of the export (no "overdue"), so an
unchanged journal exports to identical bytes. `reflect.sharing.importing` reads it back.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from reflect.sharing.exchange import FORMAT_VERSION, action_record, session_record
from reflect.sharing.export.selection import ExportData, Output, Tick


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _goal(goal, reviews: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": goal.id, "title": goal.title, "specific": goal.specific,
            "measurable": goal.measurable, "achievable": goal.achievable,
            "relevant": goal.relevant, "due": _day(goal.due), "function": goal.function,
            "partner": goal.partner, "session_id": goal.session_id, "status": goal.status,
            "status_note": goal.status_note, "created": goal.created,
            "updated": goal.updated, "reviews": reviews}


def _named(data: ExportData) -> set[str]:
    """Everyone the exported records mention, by name folded for comparison."""
    names = {g.partner for g in data.goals} | {a.who for a in data.actions}
    for session in data.sessions:
        names |= {session.with_name, session.presenter, *session.attendees}
    return {name.casefold() for name in names if name}


def _people(data: ExportData) -> list[dict[str, Any]]:
    named = _named(data)
    return [row for row in data.journal.people.rows()
            if data.whole or row["name"].casefold() in named]


def _contracts(data: ExportData, people: set[str]) -> list[dict[str, Any]]:
    return [row for row in data.journal.people.contract_rows() if row["person"] in people]


def export_json(data: ExportData, single: bool, tick: Tick) -> Output:
    """The whole selection as one JSON document (always one file, `single` or not)."""
    sessions = []
    for session in data.sessions:
        record = session_record(session, [g.id for g in data.goals_of(session.id)])
        sessions.append({**record, "body": session.body})
        tick()
    reviews = data.journal.goals.review_rows()
    people = _people(data)
    document = {
        "format_version": FORMAT_VERSION,
        "people": people,
        "sessions": sessions,
        "goals": [_goal(g, reviews.get(g.id, []))
                  for g in sorted(data.goals, key=lambda g: (g.created, g.id))],
        "actions": [action_record(a)
                    for a in sorted(data.actions, key=lambda a: (a.created, a.id))],
        "contracts": _contracts(data, {p["name"] for p in people}),
    }
    if data.redactor is not None:  # people, contracts and reviews name people too
        document = data.redactor.value(json.loads(json.dumps(document, default=_iso)))
    return (json.dumps(document, indent=2, ensure_ascii=False, default=_iso) + "\n").encode()
