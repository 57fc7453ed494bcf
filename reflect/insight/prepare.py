"""Preparing the next session with one person: everything a supervisor needs, and an agenda.

Pure: the caller passes this relationship's own records and `today` (see
`reflect.insight.readings` for the rules each part follows).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from reflect.insight.agenda import suggested_agenda
from reflect.insight.readings import (
    GOALS_WITHIN_DAYS,
    answers_of,
    balance,
    contract_review,
    development,
    final_only,
    gap,
    goals_for,
    interventions,
    pending_desc,
    positive_int,
    text_of,
)
from reflect.journal.records import Action, Contract, Goal, Session
from reflect.models import proctor


def _open_actions(actions: Iterable[Action], today: date) -> list[dict[str, Any]]:
    waiting = [a for a in actions if a.done_on is None]
    waiting.sort(key=lambda a: (a.due or date.max, a.created, a.id))
    return [a.to_dict(today) for a in waiting]


def _bring_next(last: Session | None) -> dict[str, str | None]:
    """What the last session planned to bring (Proctor) and asked of supervision (Heron)."""
    if last is None:
        return {"proctor": None, "heron": None}
    return {"proctor": text_of(answers_of(last, "proctor").get("bring_next")),
            "heron": text_of(answers_of(last, "heron").get("ask_next"))}


def prepare(person: str, sessions: Iterable[Session], goals: Iterable[Goal],
            actions: Iterable[Action], contract: Contract | None, today: date, *,
            last_n: int = 6, threshold: int = proctor.NEUTRAL_THRESHOLD,
            goals_within_days: int = GOALS_WITHIN_DAYS,
            length_minutes: int | None = None) -> dict[str, Any]:
    """Everything a supervisor needs to prepare the next session with `person`.

    The records passed are this relationship's own. The agenda runs for
    `length_minutes`, else the contract's `length_minutes`, else 60.
    """
    final = final_only(sessions)
    goal_groups = goals_for(goals, today, goals_within_days)
    found_balance = balance(final, last_n, threshold)
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
        "balance": found_balance, "neglected_functions": found_balance["neglected"],
        "interventions": interventions(final, last_n),
        "levels": development(final), "pending_desc": pending_desc(final),
        "contract": contract.to_dict() if contract else None,
        "contract_review": review, "contract_review_due": bool(review and review["due"]),
    }
    agreed = positive_int(contract.terms, "length_minutes") if contract else None
    insight["agenda"] = suggested_agenda(insight, length_minutes or agreed or 60)
    return insight
