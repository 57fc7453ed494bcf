"""Stats over a whole history: sessions per month, the functions' trend, interventions,
the developmental trajectory, goal counts and the gap between sessions. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from reflect.insight.readings import (
    balance,
    balance_by_month,
    development,
    final_only,
    gap,
    interventions,
    month_of,
)
from reflect.journal.records import GOAL_STATUSES, Contract, Goal, Session


def _goal_counts(goals: list[Goal], today: date) -> dict[str, int]:
    statuses = Counter(goal.status for goal in goals)
    counts = {"opened": len(goals), **{status: statuses[status] for status in GOAL_STATUSES}}
    return {**counts, "overdue": sum(1 for goal in goals if goal.overdue(today))}


def _without_series(found: dict[str, Any]) -> dict[str, Any]:
    """A balance without its per-session series: over a whole journal the monthly
    trend says the same in far less (5,000 sessions would make a 2 MB answer)."""
    return {key: value for key, value in found.items() if key != "series"}


def _monthly(found: dict[str, Any]) -> dict[str, Any]:
    """Development with each series cut to the last rating of each month."""
    def per_month(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
        last: dict[str, Any] = {}
        for point in series:
            last[point["date"][:7]] = point["level"]
        return [{"month": month, "level": level} for month, level in last.items()]

    domains = {name: {**domain, "series": per_month(domain["series"])}
               for name, domain in found["domains"].items()}
    return {**found, "domains": domains, "overall_series": per_month(found["overall_series"])}


def stats(sessions: Iterable[Session], goals: Iterable[Goal],
          contract: Contract | None = None, *, today: date) -> dict[str, Any]:
    """Stats over the whole history: sessions per month, the Proctor trend per month,
    Heron counts, the Stoltenberg trajectory, goal counts and the gap between sessions.

    `goals.opened` counts every goal ever set; `goals.open` those still open.
    """
    final = final_only(sessions)
    months = Counter(month_of(session.held_on) for session in final)
    return {
        "sessions": len(final),
        "first": final[0].held_on.isoformat() if final else None,
        "last": final[-1].held_on.isoformat() if final else None,
        "per_month": dict(sorted(months.items())),
        "balance": _without_series(balance(final, None)),
        "balance_by_month": balance_by_month(final),
        "interventions": interventions(final, None),
        "development": _monthly(development(final)),
        "goals": _goal_counts(list(goals), today),
        "gap": gap(final, contract, today),
    }
