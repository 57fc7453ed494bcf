"""Proctor's three functions: the share of a session given to each, and what was short.

Results:
    balance      {normative, formative, restorative}: whole percentages summing to 100
    given_total  the total the user gave, only when it was not 100 and had to be scaled
    dominant     the function with the largest share, or None when the top is shared
    neglected    functions under NEUTRAL_THRESHOLD percent, in the usual order
    needed_more  the function the user needed more of (absent for "balance was right")
balance, dominant and neglected are absent when no split was given or it was all zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reflect.models import Model
from reflect.models.history import answers_of, final, month_of, newest

FUNCTIONS = ("normative", "formative", "restorative")

# Under a fifth of a session is the point where a function has, in practice, been
# squeezed out; over several sessions each should get a real share.
NEUTRAL_THRESHOLD = 20


def _share(value: Any) -> int:
    """A part of the split as a non-negative int; anything unreadable counts as 0."""
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def to_percentages(parts: dict[str, int]) -> dict[str, int]:
    """Scale parts to whole percentages summing to 100 by largest-remainder rounding.

    Ties in the remainder go to the part listed first, so the result is stable.
    """
    total = sum(parts.values())
    exact = {key: value * 100 / total for key, value in parts.items()}
    floors = {key: int(share) for key, share in exact.items()}
    short = 100 - sum(floors.values())
    by_remainder = sorted(parts, key=lambda key: exact[key] - floors[key], reverse=True)
    for key in by_remainder[:short]:
        floors[key] += 1
    return floors


def _dominant(parts: dict[str, int]) -> str | None:
    """The largest part; judged on what was given, so rounding never breaks a real tie."""
    top = max(parts.values())
    leaders = [name for name, share in parts.items() if share == top]
    return leaders[0] if len(leaders) == 1 else None


def _balance_results(split: Any) -> dict[str, Any]:
    if not isinstance(split, dict):
        return {}
    parts = {name: _share(split.get(name)) for name in FUNCTIONS}
    total = sum(parts.values())
    if total == 0:
        return {}
    balance = parts if total == 100 else to_percentages(parts)
    found: dict[str, Any] = {"balance": balance}
    if total != 100:
        found["given_total"] = total
    found["dominant"] = _dominant(parts)
    found["neglected"] = [name for name in FUNCTIONS if balance[name] < NEUTRAL_THRESHOLD]
    return found


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The balance of functions in this session; `previous` is not used."""
    found = _balance_results(answers.get("split"))
    needed_more = answers.get("needed_more")
    if needed_more in FUNCTIONS:
        found["needed_more"] = needed_more
    return found


# across sessions ----------------------------------------------------------------------


def _splits(sessions: Iterable[Any]) -> list[tuple[Any, dict[str, int]]]:
    """(session, shares) for each final session with a usable Proctor split."""
    found = []
    for session in final(sessions):
        shares = results(answers_of(session, "proctor")).get("balance")
        if shares:
            found.append((session, shares))
    return found


def _mean(splits: Sequence[tuple[Any, dict[str, int]]]) -> dict[str, int] | None:
    """The mean of the splits' shares, in whole percentages summing to 100."""
    summed = {name: sum(shares[name] for _, shares in splits) for name in FUNCTIONS}
    return to_percentages(summed) if splits else None


def balance(sessions: Iterable[Any], last_n: int | None = 6,
            threshold: int = NEUTRAL_THRESHOLD) -> dict[str, Any]:
    """The mean Proctor balance over the newest `last_n` final sessions with a split.

    `last_n=None` takes them all. `series` gives each session's shares, oldest first.
    `shares` is the mean share per function in whole percentages summing to 100; a
    function is `neglected` when that shown share is under `threshold` (so exactly the
    threshold is not neglected, and the flag always agrees with the number shown).
    """
    used = newest(_splits(sessions), last_n)
    shares = _mean(used)
    neglected = [n for n in FUNCTIONS if shares and shares[n] < threshold]
    series = [{"id": s.id, "date": s.held_on.isoformat(), **split} for s, split in used]
    return {"sessions": len(used), "last_n": last_n, "threshold": threshold,
            "shares": shares, "neglected": neglected, "series": series}


def balance_by_month(sessions: Iterable[Any]) -> dict[str, dict[str, Any]]:
    months: dict[str, list[tuple[Any, dict[str, int]]]] = {}
    for session, shares in _splits(sessions):
        months.setdefault(month_of(session.held_on), []).append((session, shares))
    return {month: {**(_mean(used) or {}), "sessions": len(used)}
            for month, used in sorted(months.items())}


def _without_series(found: dict[str, Any]) -> dict[str, Any]:
    """A balance without its per-session series: over a whole journal the monthly
    trend says the same in far less (5,000 sessions would make a 2 MB answer)."""
    return {key: value for key, value in found.items() if key != "series"}


def _prepare(sessions: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    found = balance(sessions, options["last_n"],
                    options.get("neglect_threshold") or NEUTRAL_THRESHOLD)
    return {"balance": found, "neglected_functions": found["neglected"]}


def _stats(sessions: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    return {"balance": _without_series(balance(sessions, None)),
            "balance_by_month": balance_by_month(sessions)}


MODEL = Model("proctor", results, prepare=_prepare, stats=_stats, brings="bring_next", rank=10)
