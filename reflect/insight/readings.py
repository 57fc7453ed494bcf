"""Readings across sessions: the balance of functions, interventions, levels, gaps, goals.

Pure functions over records (sessions, goals, actions, an optional contract) and an
explicit `today`; no I/O, and every result is JSON-serialisable and deterministic. The
per-session logic of each supervision model stays in `reflect.models`; this module only
gathers those results over time. The caller passes the records for one relationship:
nothing here filters by person.

Only final sessions count: a session whose status is "draft" is skipped everywhere.
Sessions are ordered by date held, then creation time, then id, so ties are stable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from reflect.journal.records import Contract, Goal, Session
from reflect.models import heron, proctor, stoltenberg

CONTRACT_REVIEW_SOON_DAYS = 28
GOALS_WITHIN_DAYS = 42


# --- sessions ---------------------------------------------------------------------------

def final_only(sessions: Iterable[Session]) -> list[Session]:
    """The final sessions, oldest first."""
    kept = [s for s in sessions if s.status != "draft"]
    return sorted(kept, key=lambda s: (s.held_on, s.created, s.id))


def answers_of(session: Session, model: str) -> dict[str, Any]:
    found = session.answers.get(model)
    return found if isinstance(found, dict) else {}


def text_of(value: Any) -> str | None:
    """A text answer, or None when it is missing or blank."""
    return (value.strip() or None) if isinstance(value, str) else None


def _newest(items: list[Any], last_n: int | None) -> list[Any]:
    """The last `last_n` items (all of them for None, none for 0 or less)."""
    if last_n is None:
        return items
    return items[-last_n:] if last_n > 0 else []


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def positive_int(terms: dict[str, Any], key: str) -> int | None:
    value = terms.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


# --- Proctor ----------------------------------------------------------------------------

def _splits(sessions: Iterable[Session]) -> list[tuple[Session, dict[str, int]]]:
    """(session, shares) for each final session with a usable Proctor split."""
    found = []
    for session in final_only(sessions):
        shares = proctor.results(answers_of(session, "proctor")).get("balance")
        if shares:
            found.append((session, shares))
    return found


def _mean(splits: Sequence[tuple[Session, dict[str, int]]]) -> dict[str, int] | None:
    """The mean of the splits' shares, in whole percentages summing to 100."""
    summed = {name: sum(shares[name] for _, shares in splits) for name in proctor.FUNCTIONS}
    return proctor.to_percentages(summed) if splits else None


def balance(sessions: Iterable[Session], last_n: int | None = 6,
            threshold: int = proctor.NEUTRAL_THRESHOLD) -> dict[str, Any]:
    """The mean Proctor balance over the newest `last_n` final sessions with a split.

    `last_n=None` takes them all. `series` gives each session's shares, oldest first.
    `shares` is the mean share per function in whole percentages summing to 100; a
    function is `neglected` when that shown share is under `threshold` (so exactly the
    threshold is not neglected, and the flag always agrees with the number shown).
    """
    used = _newest(_splits(sessions), last_n)
    shares = _mean(used)
    neglected = [n for n in proctor.FUNCTIONS if shares and shares[n] < threshold]
    series = [{"id": s.id, "date": s.held_on.isoformat(), **split} for s, split in used]
    return {"sessions": len(used), "last_n": last_n, "threshold": threshold,
            "shares": shares, "neglected": neglected, "series": series}


def balance_by_month(sessions: Iterable[Session]) -> dict[str, dict[str, Any]]:
    months: dict[str, list[tuple[Session, dict[str, int]]]] = {}
    for session, shares in _splits(sessions):
        months.setdefault(month_of(session.held_on), []).append((session, shares))
    return {month: {**(_mean(used) or {}), "sessions": len(used)}
            for month, used in sorted(months.items())}


# --- Heron ------------------------------------------------------------------------------

def interventions(sessions: Iterable[Session], last_n: int | None = 6) -> dict[str, Any]:
    """Heron categories used, and needed but not used, over the newest `last_n` sessions.

    A session counts when it recorded Heron answers (used or needed); `last_n=None` counts
    them all. Both count dicts list every category in the canonical order.
    """
    rated = [s for s in final_only(sessions) if {"used", "needed"} & set(answers_of(s, "heron"))]
    counted = _newest(rated, last_n)
    used: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for session in counted:
        found = heron.results(answers_of(session, "heron"))
        used.update(found.get("used", []))
        missing.update(found.get("needed_missing", []))
    return {"sessions": len(counted),
            "used": {c: used[c] for c in heron.CATEGORIES},
            "needed_missing": {c: missing[c] for c in heron.CATEGORIES}}


# --- Stoltenberg ------------------------------------------------------------------------

def _direction(now: int, before: int) -> str:
    return "up" if now > before else "down" if now < before else "same"


def _domain(rated: list[tuple[Session, dict[str, int]]], domain: str) -> dict[str, Any]:
    series = [{"date": s.held_on.isoformat(), "level": levels[domain]}
              for s, levels in rated if domain in levels]
    change = (_direction(series[-1]["level"], series[-2]["level"])
              if len(series) > 1 else None)
    return {"series": series, "latest": series[-1]["level"] if series else None,
            "change": change}


def development(sessions: Iterable[Session]) -> dict[str, Any]:
    """Stoltenberg levels over time: per domain its series, latest level and last change.

    `overall` applies the model's overall rule to each domain's latest level (so a
    session that rated only one domain does not hide the others), and `stance` is the
    model's stance for it. `overall_series` gives the overall level of each rated session.
    """
    rated = [(s, levels) for s in final_only(sessions)
             if (levels := stoltenberg.levels_in(answers_of(s, "stoltenberg")))]
    domains = {d: _domain(rated, d) for d in stoltenberg.DOMAINS}
    latest = {d: found["latest"] for d, found in domains.items() if found["latest"]}
    overall = stoltenberg.overall_level(latest) if latest else None
    return {"sessions": len(rated), "domains": domains, "overall": overall,
            "stance": stoltenberg.STANCES[overall] if overall else None,
            "overall_series": [{"date": s.held_on.isoformat(),
                                "level": stoltenberg.overall_level(levels)}
                               for s, levels in rated]}


# --- DESC -------------------------------------------------------------------------------

def pending_desc(sessions: Iterable[Session]) -> list[dict[str, Any]]:
    """Planned DESC conversations not yet marked held (`held` is not true), oldest first."""
    pending = []
    for session in final_only(sessions):
        answers = answers_of(session, "desc")
        if not answers or answers.get("held") is True:
            continue
        pending.append({"id": session.id, "date": session.held_on.isoformat(),
                        "with": session.with_name,
                        **{step: text_of(answers.get(step)) for step in ("describe", "specify")},
                        "follow_up": text_of(answers.get("follow_up"))})
    return pending


# --- timing -----------------------------------------------------------------------------

def _average_gap(dates: list[date]) -> float | None:
    """Mean days between consecutive sessions (the span over the gaps), to one decimal."""
    return round((dates[-1] - dates[0]).days / (len(dates) - 1), 1) if len(dates) > 1 else None


def gap(sessions: Iterable[Session], contract: Contract | None, today: date) -> dict[str, Any]:
    """How long since the last session, the usual gap, and how both compare to the contract.

    `overdue` is True when more days have passed than the contract's `frequency_days`;
    `average_over` when the average gap is longer than it. Unknowns are None.
    """
    dates = [s.held_on for s in final_only(sessions)]
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
