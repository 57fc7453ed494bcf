"""Insights across sessions: what a supervisor needs to prepare the next one, and stats.

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

from reflect.errors import BadInput
from reflect.models import heron, proctor, stoltenberg
from reflect.records import GOAL_STATUSES, Action, Contract, Goal, Session

CONTRACT_REVIEW_SOON_DAYS = 28
GOALS_WITHIN_DAYS = 42


# --- sessions ---------------------------------------------------------------------------

def _final(sessions: Iterable[Session]) -> list[Session]:
    """The final sessions, oldest first."""
    kept = [s for s in sessions if s.status != "draft"]
    return sorted(kept, key=lambda s: (s.held_on, s.created, s.id))


def _answers(session: Session, model: str) -> dict[str, Any]:
    found = session.answers.get(model)
    return found if isinstance(found, dict) else {}


def _text(value: Any) -> str | None:
    """A text answer, or None when it is missing or blank."""
    return (value.strip() or None) if isinstance(value, str) else None


def _newest(items: list[Any], last_n: int | None) -> list[Any]:
    """The last `last_n` items (all of them for None, none for 0 or less)."""
    if last_n is None:
        return items
    return items[-last_n:] if last_n > 0 else []


def _month(day: date) -> str:
    return day.strftime("%Y-%m")


def _positive_int(terms: dict[str, Any], key: str) -> int | None:
    value = terms.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


# --- Proctor ----------------------------------------------------------------------------

def _splits(sessions: Iterable[Session]) -> list[tuple[Session, dict[str, int]]]:
    """(session, shares) for each final session with a usable Proctor split."""
    found = []
    for session in _final(sessions):
        shares = proctor.results(_answers(session, "proctor")).get("balance")
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


def _balance_by_month(sessions: Iterable[Session]) -> dict[str, dict[str, Any]]:
    months: dict[str, list[tuple[Session, dict[str, int]]]] = {}
    for session, shares in _splits(sessions):
        months.setdefault(_month(session.held_on), []).append((session, shares))
    return {month: {**(_mean(used) or {}), "sessions": len(used)}
            for month, used in sorted(months.items())}


# --- Heron ------------------------------------------------------------------------------

def interventions(sessions: Iterable[Session], last_n: int | None = 6) -> dict[str, Any]:
    """Heron categories used, and needed but not used, over the newest `last_n` sessions.

    A session counts when it recorded Heron answers (used or needed); `last_n=None` counts
    them all. Both count dicts list every category in the canonical order.
    """
    rated = [s for s in _final(sessions) if {"used", "needed"} & set(_answers(s, "heron"))]
    counted = _newest(rated, last_n)
    used: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for session in counted:
        found = heron.results(_answers(session, "heron"))
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
    rated = [(s, levels) for s in _final(sessions)
             if (levels := stoltenberg.levels_in(_answers(s, "stoltenberg")))]
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
    for session in _final(sessions):
        answers = _answers(session, "desc")
        if not answers or answers.get("held") is True:
            continue
        pending.append({"id": session.id, "date": session.held_on.isoformat(),
                        "with": session.with_name,
                        **{step: _text(answers.get(step)) for step in ("describe", "specify")},
                        "follow_up": _text(answers.get("follow_up"))})
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
    dates = [s.held_on for s in _final(sessions)]
    frequency = _positive_int(contract.terms, "frequency_days") if contract else None
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


def _open_actions(actions: Iterable[Action], today: date) -> list[dict[str, Any]]:
    waiting = [a for a in actions if a.done_on is None]
    waiting.sort(key=lambda a: (a.due or date.max, a.created, a.id))
    return [a.to_dict(today) for a in waiting]


# --- the suggested agenda ---------------------------------------------------------------

_Item = tuple[str, int, str]  # (item, weight, why)

_FUNCTION_ITEMS = {
    "normative": "Cases, decisions and workload",
    "formative": "Learning and development",
    "restorative": "Wellbeing and the emotional impact of the work",
}
_FUNCTION_FOCUS = {
    "normative": "accountability: case decisions, standards and workload",
    "formative": "learning: knowledge, skills and other ways of working",
    "restorative": "support: morale, stress and how the work is affecting them",
}


def _first_session_items(insight: dict[str, Any]) -> list[_Item]:
    who = insight.get("person") or "the supervisee"
    recorded = "Check the contract already recorded together. " if insight.get("contract") else ""
    return [
        ("Introductions and supervision history", 2,
         "What supervision has been like before, what helped and what did not."),
        ("Frequency, length and format of sessions", 1,
         f"{recorded}Agree how often you meet, for how long, and how."),
        ("Confidentiality and its limits", 1,
         "What stays in the room, and when a concern has to go further."),
        ("How sessions are recorded and who agrees the record", 1,
         "Who writes the record, where it is kept, and how it is agreed."),
        ("What can be brought, and who owns the agenda", 1,
         "Cases, feelings about the work, learning, workload, personal issues that "
         "affect work, ethical worries."),
        (f"What {who} brings today", 2, "Their own hopes for supervision and anything live now."),
        ("Close: agree the contract and the next date", 1,
         "Note what was agreed so it can be reviewed later."),
    ]


def _check_in(insight: dict[str, Any]) -> _Item:
    timing = insight.get("gap") or {}
    why = "Arrive, settle, and agree the agenda and timings together."
    if timing.get("overdue"):
        why += (f" It has been {timing['days_since']} days since the last session, longer "
                f"than the agreed {timing['frequency_days']}.")
    return ("Check-in and agenda", 1, why)


def _review(insight: dict[str, Any]) -> list[_Item]:
    actions = insight.get("actions_open") or []
    goals = insight.get("goals_due") or []
    if not actions and not goals:
        return []
    late = sum(1 for a in actions if a.get("overdue")) + sum(1 for g in goals if g.get("overdue"))
    why = f"{len(actions)} open action(s) and {len(goals)} goal(s) due or overdue"
    why += f", {late} of them overdue." if late else "."
    return [("Review agreed actions and goals", 2 if late else 1, why)]


def _brings(insight: dict[str, Any]) -> _Item:
    who = insight.get("person") or "the supervisee"
    asked = insight.get("bring_next") or {}
    notes = [f"Planned last time: {asked['proctor']}"] if asked.get("proctor") else []
    notes += [f"Asked of supervision: {asked['heron']}"] if asked.get("heron") else []
    why = " ".join(notes) or "Room for what they want to bring."
    return (f"What {who} brings", 2, why)


def _desc(insight: dict[str, Any]) -> list[_Item]:
    pending = insight.get("pending_desc") or []
    if not pending:
        return []
    oldest = pending[0]
    why = f"Planned on {oldest['date']} and not yet held"
    why += f"; the change wanted: {oldest['specify']}." if oldest.get("specify") else "."
    if len(pending) > 1:
        why += f" ({len(pending)} planned conversations are waiting.)"
    return [("Planned difficult conversation", 2, why)]


def _neglected_why(name: str, insight: dict[str, Any]) -> str:
    found = insight.get("balance") or {}
    share = (found.get("shares") or {}).get(name)
    measured = (f" It averaged {share}% over the last {found.get('sessions')} session(s), "
                f"under {found.get('threshold')}%." if share is not None else "")
    return (f"{_FUNCTION_FOCUS[name].capitalize()}.{measured} Give it protected time so "
            "other business cannot crowd it out.")


def _functions(insight: dict[str, Any]) -> tuple[list[_Item], list[_Item]]:
    """Items for the three functions: the neglected ones to place early, and cases onwards."""
    neglected = [n for n in insight.get("neglected_functions") or [] if n in _FUNCTION_ITEMS]
    first = [(_FUNCTION_ITEMS[n], 2, _neglected_why(n, insight))
             for n in neglected if n != "normative"]
    cases_why = (_neglected_why("normative", insight) if "normative" in neglected
                 else f"Time for {_FUNCTION_FOCUS['normative']}.")
    cases = (_FUNCTION_ITEMS["normative"], 2 if first else 3, cases_why)
    rest = [n for n in ("formative", "restorative") if n not in neglected]
    if len(rest) == 2:
        return first, [cases, ("Learning and wellbeing", 2,
                               "Keep room for learning and for support, not only cases.")]
    later = [(_FUNCTION_ITEMS[n], 1, f"Keep some time for {_FUNCTION_FOCUS[n]}.")
             for n in rest]
    return first, [cases, *later]


def _contract(insight: dict[str, Any]) -> list[_Item]:
    review = insight.get("contract_review") or {}
    timing = insight.get("gap") or {}
    reasons = []
    if review.get("due"):
        when = "was" if review.get("overdue") else "is"
        reasons.append(f"The review date {when} {review['review_on']}.")
    if timing.get("average_over"):
        reasons.append(f"Sessions have been {timing['average_days']} days apart on average, "
                       f"against an agreed {timing['frequency_days']}.")
    return [("Review the supervision contract", 1, " ".join(reasons))] if reasons else []


def _regular_items(insight: dict[str, Any]) -> list[_Item]:
    neglected, from_cases = _functions(insight)
    return [
        _check_in(insight), *neglected, *_review(insight), _brings(insight),
        *_desc(insight), *from_cases, *_contract(insight),
        ("Close: agree actions, the next date and the record", 1,
         "Say who does what by when, and agree what goes in the record."),
    ]


def _slots(weights: list[int], slots: int) -> list[int]:
    """Slots in proportion to weight, at least one each; the item owed most gets the
    next slot (and the one given most beyond its due gives one back), earlier first."""
    total = sum(weights)
    shares = [max(1, slots * weight // total) for weight in weights]

    def owed(i: int) -> int:
        return slots * weights[i] - shares[i] * total

    while sum(shares) != slots:
        if sum(shares) < slots:
            shares[max(range(len(shares)), key=owed)] += 1
        else:
            shares[min((i for i, n in enumerate(shares) if n > 1), key=owed)] -= 1
    return shares


def _timebox(items: list[_Item], length: int) -> list[dict[str, Any]]:
    if length < 1:
        raise BadInput(f"a session of {length} minutes cannot hold an agenda",
                       hint="give a length of at least one minute")
    unit = 5 if length % 5 == 0 and length // 5 >= len(items) else 1
    while len(items) > length // unit:  # very short session: drop the lightest, last first
        items = _drop_lightest(items)
    boxes = _slots([weight for _, weight, _ in items], length // unit)
    return [{"item": item, "minutes": box * unit, "why": why}
            for (item, _, why), box in zip(items, boxes, strict=True)]


def _drop_lightest(items: list[_Item]) -> list[_Item]:
    """The items without the last of those with the lowest weight."""
    lightest = min(weight for _, weight, _ in items)
    index = max(i for i, (_, weight, _) in enumerate(items) if weight == lightest)
    return items[:index] + items[index + 1:]


def suggested_agenda(insight: dict[str, Any], length_minutes: int = 60) -> list[dict[str, Any]]:
    """A suggested agenda, each item `{"item", "minutes", "why"}`, summing to the length.

    `insight` is what `prepare` gathers (a partial dict is fine). The rules:
    - No history (`first_session`): an agenda for agreeing the contract: introductions
      and supervision history; frequency, length and format; confidentiality; records;
      what can be brought; what they bring today; closing by agreeing the contract.
    - Otherwise, in this order: check-in (noting a longer gap than agreed); each neglected
      formative or restorative function as its own item, early, so business cannot crowd
      it out and it wins ties for time; review of actions and goals, when any are open or
      due (weighted up when any are overdue); what they bring (last session's plan and
      what they asked of supervision); a pending DESC conversation; cases and workload
      (normative, said to be neglected when it is); the functions not neglected, as one
      "Learning and wellbeing" item or a light item each; contract review when its date
      is due or sessions have been further apart than agreed; a closing item.
    - Time is shared in proportion to weight (cases 3, or 2 when another function is
      neglected; neglected functions, "Learning and wellbeing", what they bring and DESC
      2; the rest 1, review 2 with anything overdue) by largest remainder, with at least
      one slot per item and earlier items winning ties. Slots are 5 minutes when the
      length allows it, else 1 minute; in a session too short for one slot each, the
      lightest items are dropped, last first.
    """
    first = insight.get("first_session", False)
    items = _first_session_items(insight) if first else _regular_items(insight)
    return _timebox(items, length_minutes)


# --- preparing a session, and stats -----------------------------------------------------

def _bring_next(last: Session | None) -> dict[str, str | None]:
    """What the last session planned to bring (Proctor) and asked of supervision (Heron)."""
    if last is None:
        return {"proctor": None, "heron": None}
    return {"proctor": _text(_answers(last, "proctor").get("bring_next")),
            "heron": _text(_answers(last, "heron").get("ask_next"))}


def prepare(person: str, sessions: Iterable[Session], goals: Iterable[Goal],
            actions: Iterable[Action], contract: Contract | None, today: date, *,
            last_n: int = 6, threshold: int = proctor.NEUTRAL_THRESHOLD,
            goals_within_days: int = GOALS_WITHIN_DAYS,
            length_minutes: int | None = None) -> dict[str, Any]:
    """Everything a supervisor needs to prepare the next session with `person`.

    The records passed are this relationship's own. The agenda runs for
    `length_minutes`, else the contract's `length_minutes`, else 60.
    """
    final = _final(sessions)
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
    agreed = _positive_int(contract.terms, "length_minutes") if contract else None
    insight["agenda"] = suggested_agenda(insight, length_minutes or agreed or 60)
    return insight


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
    final = _final(sessions)
    months = Counter(_month(session.held_on) for session in final)
    return {
        "sessions": len(final),
        "first": final[0].held_on.isoformat() if final else None,
        "last": final[-1].held_on.isoformat() if final else None,
        "per_month": dict(sorted(months.items())),
        "balance": balance(final, None),
        "balance_by_month": _balance_by_month(final),
        "interventions": interventions(final, None),
        "development": development(final),
        "goals": _goal_counts(list(goals), today),
        "gap": gap(final, contract, today),
    }
