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
from typing import Any

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
