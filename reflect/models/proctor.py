"""Proctor's three functions: the rough share of attention each had, and what was short.

The shares are rough and overlap in practice (talking a case through can serve
accountability, learning and support at once); they describe where attention went, and one
session never shows a function neglected: the guidance is to alternate focus over time.

Results of one session:
    balance         {normative, formative, restorative}: whole percentages summing to 100
    given_total     the total the user gave, only when it was not 100 and had to be scaled
    dominant        the function with the largest share, or None when the top is shared
    least_attention functions under NEUTRAL_THRESHOLD percent this time, in the usual order
    needed_more     the function the user needed more of (absent for "balance was right")
balance, dominant and least_attention are absent when no split was given or it was all zero.

Over sessions, `balance` applies the neglect rule; see its docstring.
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
    found["least_attention"] = [name for name in FUNCTIONS
                                if balance[name] < NEUTRAL_THRESHOLD]
    return found


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The balance of functions in this session; `previous` is not used."""
    found = _balance_results(answers.get("split"))
    needed_more = answers.get("needed_more")
    if needed_more in FUNCTIONS:
        found["needed_more"] = needed_more
    return found


# across sessions ----------------------------------------------------------------------


MIN_SESSIONS = 3  # fewer sessions than this in the window: nothing is called neglected
RECENT = 3  # the latest sessions in which a run of low shares, or requests, count
ASKED = 2  # asked for in this many of the RECENT sessions: neglected, whatever its share


def _rated(sessions: Iterable[Any]) -> list[tuple[Any, dict[str, int] | None, Any]]:
    """(session, shares or None, needed_more) for each final session with Proctor answers."""
    found = []
    for session in final(sessions):
        answers = answers_of(session, "proctor")
        if answers.get("split") is None and answers.get("needed_more") is None:
            continue
        found.append((session, results(answers).get("balance"), answers.get("needed_more")))
    return found


def _splits(sessions: Iterable[Any]) -> list[tuple[Any, dict[str, int]]]:
    """(session, shares) for each final session with a usable Proctor split."""
    return [(session, shares) for session, shares, _ in _rated(sessions) if shares]


def _weights(splits: Sequence[tuple[Any, dict[str, int]]]) -> list[float]:
    """Each session's weight: its length where known; a session of unknown length counts
    as long as the known ones on average (or all alike when none is known)."""
    known = [s.duration for s, _ in splits if getattr(s, "duration", None)]
    usual = sum(known) / len(known) if known else 1.0
    return [float(getattr(s, "duration", None) or usual) for s, _ in splits]


def _mean(splits: Sequence[tuple[Any, dict[str, int]]]) -> dict[str, int] | None:
    """The mean of the splits' shares, weighted by session length, in whole percentages
    summing to 100."""
    if not splits:
        return None
    weights = _weights(splits)
    summed = {name: sum(shares[name] * w for (_, shares), w in zip(splits, weights, strict=True))
              for name in FUNCTIONS}
    return to_percentages({name: round(value * 1000) for name, value in summed.items()})


def _evidence(name: str, rated: list, threshold: int) -> dict[str, Any]:
    """Whether `name` is neglected over the window `rated` (oldest first), and why."""
    splits = [(s, shares) for s, shares, _ in rated if shares]
    weights = _weights(splits)
    low = [w for (_, shares), w in zip(splits, weights, strict=True) if shares[name] < threshold]
    mostly_low = len(splits) >= MIN_SESSIONS and sum(low) > sum(weights) / 2
    recent = [shares for _, shares in splits[-RECENT:]]
    low_run = len(recent) == RECENT and all(s[name] < threshold for s in recent)
    asked = sum(1 for _, _, wanted in rated[-RECENT:] if wanted == name)
    content = rated[-1][2] == "balance_right" if rated else False
    if len(rated) < MIN_SESSIONS:
        neglected = False
    elif content:  # the supervisee's own view stands unless the pattern is long
        neglected = (mostly_low or low_run) and len(low) >= MIN_SESSIONS
    else:
        neglected = mostly_low or low_run or asked >= ASKED
    words = [f"under {threshold}% in {len(low)} of the last {len(splits)} sessions"] if (
        splits) else []
    if asked:
        words.append(f"asked for {'once' if asked == 1 else f'{asked} times'} in the last "
                     f"{min(RECENT, len(rated))}")
    if content:
        words.append("though the latest session said the balance was about right")
    return {"neglected": neglected, "low": len(low), "of": len(splits), "asked": asked,
            "text": f"{name} " + "; ".join(words) if words else name}


def balance(sessions: Iterable[Any], last_n: int | None = 6,
            threshold: int = NEUTRAL_THRESHOLD) -> dict[str, Any]:
    """The Proctor balance over the newest `last_n` final sessions with Proctor answers.

    `last_n=None` takes them all. `shares` is the mean share per function, weighted by
    session length where known, in whole percentages summing to 100; `series` gives each
    session's shares, oldest first. A function is `neglected` only on a pattern, never on
    one session (see README, "What reflect concludes"):
    - nothing, with fewer than MIN_SESSIONS sessions in the window;
    - under `threshold` in most of the window (weighted by length), or in each of the
      latest RECENT sessions with a split, whatever came before;
    - or asked for (`needed_more`) in ASKED of the latest RECENT sessions, whatever its share;
    - but when the latest session said the balance was about right, only a share pattern
      over at least MIN_SESSIONS low sessions outweighs that.
    `evidence` says, for each neglected function, what the pattern was.
    """
    rated = newest(_rated(sessions), last_n)
    used = [(s, shares) for s, shares, _ in rated if shares]
    found = {name: _evidence(name, rated, threshold) for name in FUNCTIONS}
    neglected = [name for name in FUNCTIONS if found[name]["neglected"]]
    series = [{"id": s.id, "date": s.held_on.isoformat(), **split} for s, split in used]
    return {"sessions": len(used), "last_n": last_n, "threshold": threshold,
            "shares": _mean(used), "neglected": neglected, "series": series,
            "evidence": {name: found[name]["text"] for name in neglected}}


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
    return {"balance": found, "neglected_functions": found["neglected"],
            "neglect_evidence": found["evidence"]}


def _stats(sessions: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    return {"balance": _without_series(balance(sessions, None)),
            "balance_by_month": balance_by_month(sessions)}


MODEL = Model("proctor", results, prepare=_prepare, stats=_stats, brings="bring_next", rank=10)
