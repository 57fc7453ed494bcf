"""Preparing the next session with one person: everything a supervisor needs, and an agenda.

Pure: the caller passes this relationship's own records and `today` (see
`reflect.insight.readings` and each model in `reflect.models` for the rules each part
follows).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from reflect.insight.agenda import suggested_agenda
from reflect.insight.readings import (
    GOALS_WITHIN_DAYS,
    contract_review,
    final_only,
    gap,
    goals_for,
    positive_int,
)
from reflect.journal.records import Action, Contract, Goal, Session
from reflect.models import registry
from reflect.models.history import answers_of, text_of


def _open_actions(actions: Iterable[Action], today: date) -> list[dict[str, Any]]:
    waiting = [a for a in actions if a.done_on is None]
    waiting.sort(key=lambda a: (a.due or date.max, a.created, a.id))
    return [a.to_dict(today) for a in waiting]


def _bring_next(last: Session | None) -> dict[str, str | None]:
    """What the last session carried forward, per model that asks for it: what to bring
    (Proctor), what to ask of supervision (Heron)."""
    return {model.id: text_of(answers_of(last, model.id).get(model.brings)) if last else None
            for model in registry().values() if model.brings}


def prepare(person: str, sessions: Iterable[Session], goals: Iterable[Goal],
            actions: Iterable[Action], contract: Contract | None, today: date, *,
            last_n: int = 6, threshold: int | None = None,
            goals_within_days: int = GOALS_WITHIN_DAYS,
            length_minutes: int | None = None) -> dict[str, Any]:
    """Everything a supervisor needs to prepare the next session with `person`.

    The records passed are this relationship's own. Each supervision model in the
    registry adds its readings (`threshold` is the neglect threshold, None for the
    model's own). The agenda runs for `length_minutes`, else the contract's
    `length_minutes`, else 60.
    """
    final = final_only(sessions)
    goal_groups = goals_for(goals, today, goals_within_days)
    review = contract_review(contract, today)
    insight: dict[str, Any] = {
        "person": person, "today": today.isoformat(),
        "first_session": not final,
        "last_session": final[-1].held_on.isoformat() if final else None,
        "gap": gap(final, contract, today),
        "bring_next": _bring_next(final[-1] if final else None),
        "actions_open": _open_actions(actions, today),
        "goals_due": goal_groups["overdue"] + goal_groups["due"],
        "goals_reviewed": goal_groups["reviewed"],
    }
    options = {"last_n": last_n, "neglect_threshold": threshold, "today": today}
    for model in registry().values():  # each supervision model's own readings
        if model.prepare:
            insight.update(model.prepare(final, options))
    insight.update({
        "contract": contract.to_dict() if contract else None,
        "contract_review": review, "contract_review_due": bool(review and review["due"]),
    })
    agreed = positive_int(contract.terms, "length_minutes") if contract else None
    insight["agenda"] = suggested_agenda(insight, length_minutes or agreed or 60)
    return insight
