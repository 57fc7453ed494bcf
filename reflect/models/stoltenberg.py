"""Stoltenberg and McNeill's integrated developmental model: levels per domain.

Results:
    levels   {domain: 1-4} for each answered domain (motivation, autonomy, awareness)
    overall  one level for the person now (rule below)
    stance   the supervisor stance that usually fits the overall level
    mixed    True when the answered domains are not all at the same level
    change   {domain: "up" | "down" | "same"} against the previous session, for the
             domains answered both times; absent without a previous session
All keys are absent when no domain was rated.

The overall rule: the median of the answered domain levels, rounded down. With three
domains that is the middle one, so one domain running ahead does not lift the whole
profile; with two it is their mean rounded down (levels 2 and 3 give 2); with one it is
that level. Rounding down keeps the support offered on the generous side, since
development is uneven and a new role can take someone back a level in one domain.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from typing import Any

from reflect.models import Model
from reflect.models.history import answers_of, final

DOMAINS = ("motivation", "autonomy", "awareness")

STANCES = {
    1: "Offer a safe, well-structured space with clear guidance and frequent, specific "
       "encouragement; keep the focus manageable.",
    2: "Ease off on structure and direct advice; support them through swings in "
       "confidence and let supervision feel like support more than assessment.",
    3: "Work as a joint, more equal task: follow their lead on casework, draw on their "
       "own style, and reflect together on process.",
    4: "Act as a consultant to an integrated practitioner: they set the agenda, and "
       "attention turns to the wider system and to supporting others.",
}


def level_of(answer: Any) -> int | None:
    """The level from a choice answer such as "level_3" (or a bare 3); None if unreadable."""
    text = str(answer).removeprefix("level_") if answer is not None else ""
    if not text.isdigit():
        return None
    level = int(text)
    return level if level in STANCES else None


def levels_in(answers: dict[str, Any] | None) -> dict[str, int]:
    """The rated domains in a set of answers, in the model's order."""
    if not answers:
        return {}
    found = {domain: level_of(answers.get(domain)) for domain in DOMAINS}
    return {domain: level for domain, level in found.items() if level is not None}


def overall_level(levels: dict[str, int]) -> int:
    """The median of the domain levels, rounded down (see the module docstring)."""
    return math.floor(statistics.median(levels.values()))


def _change(now: int, before: int) -> str:
    return "up" if now > before else "down" if now < before else "same"


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Levels, overall level, fitting stance and movement since the previous session."""
    levels = levels_in(answers)
    if not levels:
        return {}
    overall = overall_level(levels)
    found: dict[str, Any] = {
        "levels": levels,
        "overall": overall,
        "stance": STANCES[overall],
        "mixed": len(set(levels.values())) > 1,
    }
    before = levels_in(previous)
    change = {d: _change(levels[d], before[d]) for d in levels if d in before}
    if change:
        found["change"] = change
    return found


# across sessions ----------------------------------------------------------------------


def _direction(now: int, before: int) -> str:
    return "up" if now > before else "down" if now < before else "same"


def _domain(rated: list[tuple[Any, dict[str, int]]], domain: str) -> dict[str, Any]:
    series = [{"date": s.held_on.isoformat(), "level": levels[domain]}
              for s, levels in rated if domain in levels]
    change = (_direction(series[-1]["level"], series[-2]["level"])
              if len(series) > 1 else None)
    return {"series": series, "latest": series[-1]["level"] if series else None,
            "change": change}


def development(sessions: Iterable[Any]) -> dict[str, Any]:
    """Stoltenberg levels over time: per domain its series, latest level and last change.

    `overall` applies the model's overall rule to each domain's latest level (so a
    session that rated only one domain does not hide the others), and `stance` is the
    model's stance for it. `overall_series` gives the overall level of each rated session.
    """
    rated = [(s, levels) for s in final(sessions)
             if (levels := levels_in(answers_of(s, "stoltenberg")))]
    domains = {d: _domain(rated, d) for d in DOMAINS}
    latest = {d: found["latest"] for d, found in domains.items() if found["latest"]}
    overall = overall_level(latest) if latest else None
    return {"sessions": len(rated), "domains": domains, "overall": overall,
            "stance": STANCES[overall] if overall else None,
            "overall_series": [{"date": s.held_on.isoformat(),
                                "level": overall_level(levels)}
                               for s, levels in rated]}


def _monthly(found: dict[str, Any]) -> dict[str, Any]:
    """Development with each series cut to the last rating of each month."""
    def per_month(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
        last: dict[str, Any] = {}
        for point in series:
            last[point["date"][:7]] = point["level"]
        return [{"month": month, "level": level} for month, level in last.items()]

    domains = {name: {**domain, "series": per_month(domain["series"])}
               for name, domain in found["domains"].items()}
    return {**found, "domains": domains, "overall_series": per_month(found["overall_series"])}


MODEL = Model("stoltenberg", results, rank=30,
              prepare=lambda sessions, options: {"levels": development(sessions)},
              stats=lambda sessions, options: {"development": _monthly(development(sessions))})
