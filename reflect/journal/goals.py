"""Goals, their reviews, and agreed actions, as the journal stores them."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from reflect.journal.records import Action, Goal, Review
from reflect.journal.store import Store
from reflect.settings.errors import BadInput, NotFound

_GOAL_SELECT = """
    SELECT g.*, p.name AS partner FROM goals g LEFT JOIN people p ON p.id = g.partner_id
"""
_ACTION_SELECT = """
    SELECT a.*, p.name AS who FROM actions a LEFT JOIN people p ON p.id = a.who_id
"""
# Goals and actions agreed in a deleted session are hidden with it, until it is undeleted.
_SHOWN = ("NOT EXISTS (SELECT 1 FROM sessions hidden WHERE hidden.id = {0}.session_id"
          " AND hidden.deleted_at IS NOT NULL)")
GOAL_FIELDS = ("title", "specific", "measurable", "achievable", "relevant", "due", "function",
               "partner", "session_id")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class GoalFilter:
    status: str | None = "open"
    partner: str | None = None
    session_id: str | None = None
    due_before: date | None = None


class GoalStore(Store):
    """Reads and writes goals and actions in an open journal."""


    def _person_id(self, name: str | None) -> int | None:
        if not name:
            return None
        person = self.journal.find_person(name)
        if person is None:
            raise NotFound(f"no person called {name!r} in the journal",
                           hint="check the spelling, or record a session with them first")
        return person.id

    # goals ----------------------------------------------------------------

    def add(self, fields: dict[str, Any]) -> Goal:
        """Store a new open goal from `fields` (the names in GOAL_FIELDS)."""
        from reflect.settings.clock import now

        goal_id, stamp = uuid.uuid4().hex, now()
        with self.db.atomic():
            self.db["goals"].insert({"id": goal_id, **self._row(fields), "status": "open",
                                     "created": stamp, "updated": stamp})
            self.journal.refresh_goals_text(fields.get("session_id"))
        return self.goal(goal_id)

    def _row(self, fields: dict[str, Any]) -> dict[str, Any]:
        row = {k: v for k, v in fields.items() if k in GOAL_FIELDS and k != "partner"}
        if "due" in row:
            row["due"] = row["due"].isoformat() if row["due"] else None
        if "partner" in fields:
            row["partner_id"] = self._person_id(fields["partner"])
        return row

    def update(self, goal_id: str, fields: dict[str, Any]) -> Goal:
        from reflect.settings.clock import now

        before = self.goal(goal_id).session_id
        with self.db.atomic():
            self.db["goals"].update(goal_id, {**self._row(fields), "updated": now()})
            self.journal.refresh_goals_text(before)
            self.journal.refresh_goals_text(fields.get("session_id"))
        return self.goal(goal_id)

    def goal(self, ref: str) -> Goal:
        goal_id = self.journal.resolve_id("goals", ref, "goal")
        return self._load_goals(_GOAL_SELECT + " WHERE g.id = ?", [goal_id])[0]

    def list(self, criteria: GoalFilter | None = None) -> list[Goal]:
        """Goals matching `criteria`, by due date (undated last)."""
        criteria = criteria or GoalFilter()
        where, params = [_SHOWN.format("g")], []
        if criteria.status:
            where.append("g.status = ?")
            params.append(criteria.status)
        if criteria.partner:
            where.append("p.name = ? COLLATE NOCASE")
            params.append(criteria.partner.strip())
        if criteria.session_id:
            where.append("g.session_id = ?")
            params.append(criteria.session_id)
        if criteria.due_before:
            where.append("g.due IS NOT NULL AND g.due <= ?")
            params.append(criteria.due_before.isoformat())
        sql = _GOAL_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY g.due IS NULL, g.due, g.created"
        return self._load_goals(sql, params)

    def with_person(self, name: str) -> list[Goal]:
        """Open goals whose partner is `name` or that came from a session with them."""
        sql = _GOAL_SELECT + """ LEFT JOIN sessions s ON s.id = g.session_id
            LEFT JOIN people sp ON sp.id = s.with_id
            WHERE g.status = 'open' AND (p.name = ? COLLATE NOCASE OR sp.name = ? COLLATE NOCASE)
            AND """ + _SHOWN.format("g") + " ORDER BY g.due IS NULL, g.due, g.created"
        return self._load_goals(sql, [name, name])

    def _load_goals(self, sql: str, params: list) -> list[Goal]:
        cursor = self.conn.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        reviews = self._reviews([row["id"] for row in rows])
        return [Goal(
            id=row["id"], title=row["title"], specific=row["specific"],
            measurable=row["measurable"], achievable=row["achievable"],
            relevant=row["relevant"], due=_day(row["due"]), function=row["function"],
            partner=row["partner"], session_id=row["session_id"], status=row["status"],
            status_note=row["status_note"], created=row["created"], updated=row["updated"],
            reviews=reviews.get(row["id"], []),
        ) for row in rows]

    def _reviews(self, ids: list[str]) -> dict[str, list[Review]]:
        found: dict[str, list[Review]] = {}
        if not ids:
            return found
        marks = ",".join("?" * len(ids))
        for row in self.conn.execute(
            f"SELECT goal_id, reviewed_on, progress, note, evidence FROM goal_reviews"
            f" WHERE goal_id IN ({marks}) ORDER BY reviewed_on, created, progress, note, id",
            ids
        ):
            found.setdefault(row[0], []).append(Review(_day(row[1]), row[2], row[3], row[4]))
        return found

    def review_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every goal's reviews as stored, by goal id, in the order they were given."""
        found: dict[str, list[dict[str, Any]]] = {}
        for goal_id, day, progress, note, evidence, created in self.conn.execute(
            "SELECT goal_id, reviewed_on, progress, note, evidence, created FROM goal_reviews"
            " ORDER BY goal_id, reviewed_on, created, progress, note, id"
        ):
            found.setdefault(goal_id, []).append({"date": day, "progress": progress,
                                                  "note": note, "evidence": evidence,
                                                  "created": created})
        return found

    def updated_of(self, goal_id: str) -> str | None:
        """When the goal with exactly this id last changed; None if there is none."""
        row = self.conn.execute("SELECT updated FROM goals WHERE id = ?", [goal_id]).fetchone()
        return row[0] if row else None

    def take_in(self, row: dict[str, Any], reviews: list[dict[str, Any]]) -> None:
        """A goal from an import, replacing the journal's copy of its fields; its reviews
        join the journal's (see `merge_reviews`)."""
        before = self.conn.execute("SELECT session_id FROM goals WHERE id = ?",
                                   [row["id"]]).fetchone()
        self.db["goals"].upsert(row, pk="id")
        for session_id in {row["session_id"], before[0] if before else None}:
            self.journal.refresh_goals_text(session_id)  # so search finds imported goals
        self.merge_reviews(row["id"], reviews)

    def merge_reviews(self, goal_id: str, reviews: list[dict[str, Any]]) -> int:
        """Reviews from another copy of a goal, joined to the journal's: a review is known
        by its day, progress, note and evidence, and the journal ends with as many of each
        as either copy holds (a review given twice stays twice); the earlier `created` of
        two stands. Reviews only ever grow, so machines that swap copies come to hold the
        same ones. The number added."""
        def key(row) -> tuple:
            return (row["reviewed_on"], row["progress"], row["note"], row["evidence"])

        held: dict[tuple, list[tuple[int, str]]] = {}
        for row in self.db["goal_reviews"].rows_where("goal_id = ?", [goal_id],
                                                       order_by="created, id"):
            held.setdefault(key(row), []).append((row["id"], row["created"]))
        added, seen = 0, Counter()
        for review in sorted(reviews, key=lambda r: r["created"] or ""):
            found = held.get(key(review), [])
            index = seen[key(review)]
            seen[key(review)] += 1
            if index >= len(found):
                self.db["goal_reviews"].insert({"goal_id": goal_id, **review})
                added += 1
            elif review["created"] and review["created"] < found[index][1]:
                self.db["goal_reviews"].update(found[index][0], {"created": review["created"]})
        return added

    def set_updated(self, goal_id: str, stamp: str) -> None:
        self.db["goals"].update(goal_id, {"updated": stamp})

    def review(self, goal_id: str, review: Review) -> Goal:
        from reflect.settings.clock import now

        if not 0 <= review.progress <= 100:
            raise BadInput(f"progress must be from 0 to 100, not {review.progress}")
        with self.db.atomic():
            self.db["goal_reviews"].insert({
                "goal_id": goal_id, "reviewed_on": review.reviewed_on.isoformat(),
                "progress": review.progress, "note": review.note, "evidence": review.evidence,
                "created": now()})
            self.db["goals"].update(goal_id, {"updated": now()})
        return self.goal(goal_id)

    def set_status(self, goal_id: str, status: str, note: str | None = None) -> Goal:
        from reflect.settings.clock import now

        with self.db.atomic():
            self.db["goals"].update(goal_id, {"status": status, "status_note": note,
                                              "updated": now()})
        return self.goal(goal_id)

    # actions --------------------------------------------------------------

    def add_action(self, what: str, who: str | None, due: date | None,
                   session_id: str | None) -> Action:
        from reflect.settings.clock import now

        action_id = uuid.uuid4().hex
        with self.db.atomic():
            self.db["actions"].insert({
                "id": action_id, "what": what, "who_id": self._person_id(who),
                "due": due.isoformat() if due else None, "done_on": None,
                "session_id": session_id, "created": now()})
        return self.action(action_id)

    def action(self, ref: str) -> Action:
        action_id = self.journal.resolve_id("actions", ref, "action")
        return self._load_actions(_ACTION_SELECT + " WHERE a.id = ?", [action_id])[0]

    def actions(self, open_only: bool = False, who: str | None = None,
                session_id: str | None = None) -> list[Action]:
        """Open ones first, by due date."""
        where, params = [_SHOWN.format("a")], []
        if open_only:
            where.append("a.done_on IS NULL")
        if who:
            where.append("p.name = ? COLLATE NOCASE")
            params.append(who)
        if session_id:
            where.append("a.session_id = ?")
            params.append(session_id)
        sql = _ACTION_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY a.done_on IS NOT NULL, a.due IS NULL, a.due, a.created"
        return self._load_actions(sql, params)

    def actions_with(self, name: str) -> list[Action]:
        """Open actions for `name`, or agreed in a session with them."""
        sql = _ACTION_SELECT + """ LEFT JOIN sessions s ON s.id = a.session_id
            LEFT JOIN people sp ON sp.id = s.with_id
            WHERE a.done_on IS NULL AND (p.name = ? COLLATE NOCASE OR sp.name = ? COLLATE NOCASE)
            AND """ + _SHOWN.format("a") + " ORDER BY a.due IS NULL, a.due, a.created"
        return self._load_actions(sql, [name, name])

    def _load_actions(self, sql: str, params: list) -> list[Action]:
        cursor = self.conn.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [Action(id=r["id"], what=r["what"], who=r["who"], due=_day(r["due"]),
                       done_on=_day(r["done_on"]), session_id=r["session_id"],
                       created=r["created"])
                for r in (dict(zip(columns, row, strict=True)) for row in cursor.fetchall())]

    def done_on_of(self, action_id: str) -> tuple[bool, str | None]:
        """Whether the action with exactly this id exists, and the day it was done."""
        row = self.conn.execute("SELECT done_on FROM actions WHERE id = ?", [action_id]).fetchone()
        return (row is not None, row[0] if row else None)

    def take_in_action(self, row: dict[str, Any]) -> None:
        """An action from an import, as it was exported (its id and dates kept)."""
        self.db["actions"].insert(row)

    def take_in_changes(self, action_id: str, row: dict[str, Any]) -> None:
        """An action's fields as another copy has them (what, who_id, due, session_id,
        done_on)."""
        self.db["actions"].update(action_id, row)

    def mark_done(self, action_id: str, day: date) -> Action:
        with self.db.atomic():
            self.db["actions"].update(action_id, {"done_on": day.isoformat()})
        return self.action(action_id)
