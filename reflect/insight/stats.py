"""Stats over a whole history: sessions per month, the functions' trend, interventions,
the developmental trajectory, goal counts and the gap between sessions. Pure.

One relationship's history (`stats --with NAME`) is read as one series. A whole journal
mixes people, and two of its readings describe one person's course only: a developmental
level (Sam at 3 then Jo at 1 is not a fall) and the gap between sessions (against that
person's own contract). Those are read per person, under `people`; the top-level
`development` and `gap` then cover the sessions that name nobody, the one thread left.
Sessions per month, the Proctor balance, Heron counts and goals stay whole-journal: they
add up across people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from reflect.insight.readings import gap
from reflect.journal.records import GOAL_STATUSES, Contract, Goal, Session
from reflect.models import Model, history, registry
from reflect.models.history import month_of

# Model readings that follow one person's course, so they are never pooled across people.
PER_PERSON = ("development",)


def _goal_counts(goals: list[Goal], today: date) -> dict[str, int]:
    statuses = Counter(goal.status for goal in goals)
    counts = {"opened": len(goals), **{status: statuses[status] for status in GOAL_STATUSES}}
    return {**counts, "overdue": sum(1 for goal in goals if goal.overdue(today))}


def _readings(final: list[Session], today: date, models: Iterable[Model]) -> dict[str, Any]:
    """Each model's stats over `final`, merged in registry order."""
    found: dict[str, Any] = {}
    for model in models:
        if model.stats:
            found.update(model.stats(final, {"last_n": None, "today": today}))
    return found


def _followers(models: Iterable[Model], figures: dict[str, dict[str, Any]]) -> list[Model]:
    """The models whose figures include a reading that follows one person's course."""
    return [model for model in models if set(figures.get(model.id, {})) & set(PER_PERSON)]


def _course(final: list[Session], contract: Contract | None, today: date,
            models: list[Model]) -> dict[str, Any]:
    """One person's own course: their sessions, development and gap against their contract."""
    readings = _readings(final, today, models)
    return {
        "sessions": len(final),
        "first": final[0].held_on.isoformat() if final else None,
        "last": final[-1].held_on.isoformat() if final else None,
        **{key: value for key, value in readings.items() if key in PER_PERSON},
        "gap": gap(final, contract, today),
    }


def _per_person(final: list[Session], contracts: Mapping[str, Contract], today: date,
                models: list[Model]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the course of the sessions naming nobody, {name: that person's course}), by name."""
    threads: dict[str | None, list[Session]] = defaultdict(list)
    for session in final:
        threads[session.with_name].append(session)
    names = sorted((n for n in threads if n), key=lambda n: (n.lower(), n))
    nobody = _course(threads.get(None, []), None, today, models)
    return nobody, {name: _course(threads[name], contracts.get(name), today, models)
                    for name in names}


def stats(sessions: Iterable[Session], goals: Iterable[Goal],
          contract: Contract | None = None, *, today: date,
          contracts: Mapping[str, Contract] | None = None) -> dict[str, Any]:
    """Stats over the whole history: sessions per month, the Proctor trend per month,
    Heron counts, the Stoltenberg trajectory, goal counts and the gap between sessions.

    `goals.opened` counts every goal ever set; `goals.open` those still open. Without
    `contracts` the sessions are one relationship's (with its `contract`). Given
    `contracts` (each person's latest, by name; an empty mapping too), they are a whole
    journal: `people` gives each named person's sessions, `development` and `gap`
    (against their own contract), and the top-level `development` and `gap` read only the
    sessions that name nobody (`unnamed_sessions` of them).
    """
    final = history.held(sessions)  # plans are preparation, not sessions held
    months = Counter(month_of(session.held_on) for session in final)
    models = list(registry().values())
    figures = {model.id: model.stats(final, {"last_n": None, "today": today})
               for model in models if model.stats}
    found: dict[str, Any] = {
        "sessions": len(final),
        "first": final[0].held_on.isoformat() if final else None,
        "last": final[-1].held_on.isoformat() if final else None,
        "per_month": dict(sorted(months.items())),
        **{key: value for model_figures in figures.values()
           for key, value in model_figures.items()},
        "goals": _goal_counts(list(goals), today),
        "gap": gap(final, contract, today),
    }
    if contracts is not None:
        nobody, people = _per_person(final, contracts, today, _followers(models, figures))
        found.update({key: nobody[key] for key in (*PER_PERSON, "gap") if key in nobody})
        found.update({"unnamed_sessions": nobody["sessions"], "people": people})
    return found
