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

from typing import Any

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
