"""Stats over a whole history: sessions per month, the functions' trend, interventions,
the developmental trajectory, goal counts and the gap between sessions. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from reflect.insight.readings import final_only, gap
from reflect.journal.records import GOAL_STATUSES, Contract, Goal, Session
from reflect.models import registry
from reflect.models.history import month_of


def _goal_counts(goals: list[Goal], today: date) -> dict[str, int]:
    statuses = Counter(goal.status for goal in goals)
    counts = {"opened": len(goals), **{status: statuses[status] for status in GOAL_STATUSES}}
    return {**counts, "overdue": sum(1 for goal in goals if goal.overdue(today))}


def stats(sessions: Iterable[Session], goals: Iterable[Goal],
          contract: Contract | None = None, *, today: date) -> dict[str, Any]:
    """Stats over the whole history: sessions per month, the Proctor trend per month,
    Heron counts, the Stoltenberg trajectory, goal counts and the gap between sessions.

    `goals.opened` counts every goal ever set; `goals.open` those still open.
    """
    final = final_only(sessions)
    months = Counter(month_of(session.held_on) for session in final)
    found: dict[str, Any] = {
        "sessions": len(final),
        "first": final[0].held_on.isoformat() if final else None,
        "last": final[-1].held_on.isoformat() if final else None,
        "per_month": dict(sorted(months.items())),
    }
    for model in registry().values():  # each supervision model's own figures
        if model.stats:
            found.update(model.stats(final, {"last_n": None, "today": today}))
    found["goals"] = _goal_counts(list(goals), today)
    found["gap"] = gap(final, contract, today)
    return found
