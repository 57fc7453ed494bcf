"""Preparing the next session with one person: what either side needs, and an agenda.

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
    gap,
    goals_for,
    positive_int,
    record_agreement,
    reviews_without_evidence,
)
from reflect.journal.records import Action, Contract, Goal, Session
from reflect.models import Model, history, registry
from reflect.models.history import answers_of, newest, text_of
from reflect.reflection.privacy import PrivatePrompts


def _open_actions(actions: Iterable[Action], today: date) -> list[dict[str, Any]]:
    waiting = [a for a in actions if a.done_on is None]
    waiting.sort(key=lambda a: (a.due or date.max, a.created, a.id))
    return [a.to_dict(today) for a in waiting]


def _carried(recent: list[Session], model: Model) -> Session | None:
    """The newest of `recent` whose answer to the model's `brings` prompt is not blank and
    not kept private (the agenda may be shared; private reflection stays out of it)."""
    key = f"{model.id}.{model.brings}"
    return next((s for s in reversed(recent)
                 if text_of(answers_of(s, model.id).get(model.brings))
                 and key not in s.private_answers), None)


def _bring_next(final: list[Session], last_n: int) -> dict[str, Any]:
    """What recent sessions carried forward, per model that asks for it: what to bring
    (Proctor), what to ask of supervision (Heron), each with the session it came from.

    The newest answer that is not blank among the last `last_n` sessions: a later session
    that did not ask (free text, other questions) leaves it standing, a later answer
    replaces it, and after `last_n` sessions it is taken as dealt with.
    """
    recent = newest(final, last_n)
    texts: dict[str, str | None] = {}
    sources: dict[str, dict[str, str] | None] = {}
    for model in registry().values():
        if model.brings:
            source = _carried(recent, model)
            texts[model.id] = text_of(answers_of(source, model.id).get(model.brings)
                                      ) if source else None
            sources[model.id] = ({"date": source.held_on.isoformat(), "session": source.id,
                                  "as": source.role} if source else None)
    return {"bring_next": texts, "bring_next_from": sources}


def prepare(person: str, sessions: Iterable[Session], goals: Iterable[Goal],
            actions: Iterable[Action], contract: Contract | None, today: date, *,
            last_n: int = 6, threshold: int | None = None,
            goals_within_days: int = GOALS_WITHIN_DAYS,
            length_minutes: int | None = None, role: str = "supervisor",
            private: PrivatePrompts | None = None,
            elsewhere: Iterable[Session] = ()) -> dict[str, Any]:
    """Everything needed to prepare the next session with `person`.

    The records passed are this relationship's own. Each supervision model in the
    registry adds its readings (`threshold` is the neglect threshold, None for the
    model's own). `role` is the part of the one preparing ("supervisor", "supervisee" or
    "peer"), kept as `as` so the agenda speaks for that side. `private` names the prompts
    kept out of the record, so an agreed record can be checked unchanged. The agenda runs
    for `length_minutes`, else the contract's `length_minutes`, else 60.

    Only sessions held count for the history, the gap and the models' readings; plans
    (kind "plan") and `elsewhere` (entries with others that plan a conversation with this
    person) only bring their pending DESC conversations.
    """
    sessions = list(sessions)
    final = history.held(sessions)
    entries = history.final([*sessions, *elsewhere])
    goals = list(goals)
    goal_groups = goals_for(goals, today, goals_within_days)
    review = contract_review(contract, today)
    record = record_agreement(final[-1] if final else None, private or {})
    insight: dict[str, Any] = {
        "person": person, "as": role, "today": today.isoformat(),
        "first_session": not final,
        "last_session": final[-1].held_on.isoformat() if final else None,
        "gap": gap(final, contract, today),
        **_bring_next(final, last_n),
        "last_record_agreed": record["agreed"] if record else None, "last_record": record,
        "actions_open": _open_actions(actions, today),
        "goals_due": goal_groups["overdue"] + goal_groups["due"],
        "goals_reviewed": goal_groups["reviewed"],
        "reviews_without_evidence": reviews_without_evidence(goals, today, goals_within_days),
    }
    options = {"last_n": last_n, "neglect_threshold": threshold, "today": today,
               "person": person, "entries": entries}
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
