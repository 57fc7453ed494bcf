"""Readings across sessions that belong to no one supervision model: the gap between
sessions, the contract's review, whether the last record is agreed, goals due and reviewed,
and reviews that give no evidence.

Pure functions over records (sessions, goals, actions, an optional contract) and an
explicit `today`; no I/O, and every result is JSON-serialisable and deterministic. Each
supervision model's own readings over time (the balance of functions, interventions,
levels, DESC plans) are in its module in `reflect.models`. The caller passes the
records for one relationship: nothing here filters by person.

Only final sessions held count: a draft, or a plan (kind "plan"), is skipped everywhere.
Sessions are ordered by date held, then creation time, then id, so ties are stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from reflect.journal.records import Contract, Goal, Session
from reflect.models.history import held, text_of
from reflect.reflection.privacy import PrivatePrompts, changed_since_agreed

CONTRACT_REVIEW_SOON_DAYS = 28
GOALS_WITHIN_DAYS = 42


# --- sessions ---------------------------------------------------------------------------

def positive_int(terms: dict[str, Any], key: str) -> int | None:
    value = terms.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


# --- timing -----------------------------------------------------------------------------

def _average_gap(dates: list[date]) -> float | None:
    """Mean days between consecutive sessions (the span over the gaps), to one decimal."""
    return round((dates[-1] - dates[0]).days / (len(dates) - 1), 1) if len(dates) > 1 else None


def gap(sessions: Iterable[Session], contract: Contract | None, today: date) -> dict[str, Any]:
    """How long since the last session, the usual gap, and how both compare to the contract.

    `overdue` is True when more days have passed than the contract's `frequency_days`;
    `average_over` when the average gap is longer than it. Unknowns are None.
    """
    dates = [s.held_on for s in held(sessions)]
    frequency = positive_int(contract.terms, "frequency_days") if contract else None
    since = (today - dates[-1]).days if dates else None
    average = _average_gap(dates)
    known = frequency is not None
    return {
        "last_session": dates[-1].isoformat() if dates else None,
        "days_since": since,
        "average_days": average,
        "frequency_days": frequency,
        "next_due": (dates[-1] + timedelta(frequency)).isoformat() if dates and known else None,
        "overdue": since > frequency if since is not None and known else None,
        "average_over": average > frequency if average is not None and known else None,
    }


def contract_review(contract: Contract | None, today: date,
                    soon_days: int = CONTRACT_REVIEW_SOON_DAYS) -> dict[str, Any] | None:
    """When the contract is due for review; None without a contract or a review date.

    `due` is True from `soon_days` before the review date onwards (so an overdue review is
    also due); `overdue` once the date has passed.
    """
    if contract is None or contract.review_on is None:
        return None
    days = (contract.review_on - today).days
    return {"review_on": contract.review_on.isoformat(), "days_until": days,
            "due": days <= soon_days, "overdue": days < 0}


# --- the record -------------------------------------------------------------------------

def record_agreement(session: Session | None, private: PrivatePrompts) -> dict[str, Any] | None:
    """Whether a session's record is agreed and still as agreed; None without a session.

    The record is usually agreed by the supervisee, so one not yet agreed (or changed
    since) is business for the next session. `private` names the prompts kept out of the
    record (from the catalog): the agreed hash covers the record only. `agreed` is True
    only when it was agreed and has not changed since.
    """
    if session is None:
        return None
    changed = bool(changed_since_agreed(session, private))
    return {"id": session.id, "date": session.held_on.isoformat(),
            "agreed": session.agreed_on is not None and not changed,
            "agreed_by": session.agreed_by,
            "agreed_on": session.agreed_on.isoformat() if session.agreed_on else None,
            "changed_since_agreed": changed}


# --- goals and actions ------------------------------------------------------------------

def _by_due(goal: Goal) -> tuple[date, str]:
    return (goal.due or date.max, goal.id)


def _reviewed_within(goal: Goal, today: date, days: int) -> bool:
    latest = max((r.reviewed_on for r in goal.reviews), default=None)
    return latest is not None and 0 <= (today - latest).days <= days


def goals_for(goals: Iterable[Goal], today: date,
              within_days: int = GOALS_WITHIN_DAYS) -> dict[str, list[dict[str, Any]]]:
    """Open goals overdue, open goals due in the next `within_days` (today included), and
    goals of any status last reviewed within `within_days`; each as `Goal.to_dict(today)`.
    """
    ordered = sorted(goals, key=_by_due)
    horizon = today + timedelta(within_days)
    due = [g for g in ordered if g.status == "open" and g.due and today <= g.due <= horizon]
    return {
        "overdue": [g.to_dict(today) for g in ordered if g.overdue(today)],
        "due": [g.to_dict(today) for g in due],
        "reviewed": [g.to_dict(today) for g in ordered
                     if _reviewed_within(g, today, within_days)],
    }


def reviews_without_evidence(goals: Iterable[Goal], today: date,
                             within_days: int = GOALS_WITHIN_DAYS) -> list[dict[str, Any]]:
    """Goals whose latest review claims progress with no evidence, for goals still open or
    reviewed within `within_days`, by due date: `{"goal", "title", "date", "progress"}`.

    Only the latest review counts, because a later one with evidence backs the progress
    since; evidence is what appraisal and the CPD record ask for, so a review without it
    is something to bring next time.
    """
    found = []
    for goal in sorted(goals, key=_by_due):
        if not goal.reviews:
            continue
        latest = sorted(goal.reviews, key=lambda r: r.reviewed_on)[-1]  # ties: the last given
        if text_of(latest.evidence):
            continue
        if goal.status == "open" or _reviewed_within(goal, today, within_days):
            found.append({"goal": goal.id, "title": goal.title,
                          "date": latest.reviewed_on.isoformat(),
                          "progress": latest.progress})
    return found
