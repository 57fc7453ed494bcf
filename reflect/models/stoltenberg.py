"""Stoltenberg and McNeill's integrated developmental model: a level per domain, and the
stance that fits each domain.

A person can sit at different levels in motivation, autonomy and awareness, so nothing here
folds the domains into one number where they disagree. Results:
    levels      {domain: 1-4} for each answered domain
    stances     {domain: the supervisor's stance that usually fits that domain's level}:
                structure and feedback where a domain is low, room to lead where it is high
    overall     one level only when the answered domains are within one level of each
                other (their median, rounded down, keeping support on the generous side);
                None when they are further apart
    spread      [lowest, highest] level: "levels 1-4, uneven" when `overall` is None
    integrated  True only when all three domains are rated, every one at 3 or above, and
                `overall` is 4: one domain lower is not integrated, whatever the others say
    change      {domain: "up" | "down" | "same"} against the previous session, for the
                domains rated both times; absent without a previous session
    falls       the domains that went down since then (a new role, team or kind of work can
                take someone back a level in one area): consider more structure there
    stance      the shared stance when `overall` is a level, else None
All keys are absent when no domain was rated.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from reflect.models import Model
from reflect.models.history import answers_of, final

DOMAINS = ("motivation", "autonomy", "awareness")
STALE_AFTER = timedelta(days=183)  # a rating older than six months no longer sets a stance

STANCES = {
    1: "Offer a safe, well-structured space with clear guidance and frequent, specific "
       "encouragement; keep the focus manageable.",
    2: "Ease off on structure and direct advice; support them through swings in "
       "confidence and let supervision feel like support more than assessment.",
    3: "Work as a joint, more equal task: follow their lead on casework, draw on their "
       "own style, and reflect together on process.",
    4: "They lead the agenda; keep the accountability items you hold (casework decisions, "
       "safeguarding, standards) and turn attention to the wider system and to supporting "
       "others.",
}
FALL_ADVICE = "Consider more structure in this area for now."


def level_of(answer: Any) -> int | None:
    """The level from a choice answer such as "level_3" (or a bare 3); None if unreadable."""
    text = str(answer).removeprefix("level_") if answer is not None else ""
    if not text.isdecimal():
        return None
    level = int(text)
    return level if level in STANCES else None


def levels_in(answers: dict[str, Any] | None) -> dict[str, int]:
    """The rated domains in a set of answers, in the model's order."""
    if not answers:
        return {}
    found = {domain: level_of(answers.get(domain)) for domain in DOMAINS}
    return {domain: level for domain, level in found.items() if level is not None}


def overall_level(levels: dict[str, int]) -> int | None:
    """One level for the profile when its domains are within one level of each other: their
    median, rounded down (two domains at 3 and 4 give 3). None when they are further apart,
    since no single level describes an uneven profile."""
    if not levels or max(levels.values()) - min(levels.values()) > 1:
        return None
    return math.floor(statistics.median(levels.values()))


def profile(levels: dict[str, int]) -> dict[str, Any]:
    """What a set of domain levels says: stances, overall or spread, integrated."""
    overall = overall_level(levels)
    return {
        "levels": levels,
        "stances": {domain: STANCES[level] for domain, level in levels.items()},
        "overall": overall,
        "spread": [min(levels.values()), max(levels.values())],
        "integrated": (overall == 4 and min(levels.values()) >= 3
                       and len(levels) == len(DOMAINS)),
        "stance": STANCES[overall] if overall else None,
    }


def _change(now: int, before: int) -> str:
    return "up" if now > before else "down" if now < before else "same"


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Levels, stances, overall level and movement since the previous session."""
    levels = levels_in(answers)
    if not levels:
        return {}
    found = profile(levels)
    before = levels_in(previous)
    change = {d: _change(levels[d], before[d]) for d in levels if d in before}
    if change:
        found["change"] = change
        found["falls"] = [d for d, moved in change.items() if moved == "down"]
    return found


# across sessions ----------------------------------------------------------------------


def _direction(now: int, before: int) -> str:
    return "up" if now > before else "down" if now < before else "same"


def _domain(rated: list[tuple[Any, dict[str, int]]], domain: str,
            today: date | None) -> dict[str, Any]:
    series = [{"date": s.held_on.isoformat(), "level": levels[domain]}
              for s, levels in rated if domain in levels]
    change = (_direction(series[-1]["level"], series[-2]["level"])
              if len(series) > 1 else None)
    rated_on = series[-1]["date"] if series else None
    stale = bool(rated_on and today and today - date.fromisoformat(rated_on) > STALE_AFTER)
    return {"series": series, "latest": series[-1]["level"] if series else None,
            "rated_on": rated_on, "stale": stale, "change": change,
            "advice": FALL_ADVICE if change == "down" and not stale else None}


def development(sessions: Iterable[Any], today: date | None = None) -> dict[str, Any]:
    """Stoltenberg levels over time: per domain its series, latest level with the date it
    was rated, whether that rating is stale (older than six months on `today`), and the
    last change, with advice after a fall.

    The profile (`stances`, `overall`, `spread`, `integrated`, `stance`) is read from each
    domain's latest rating that is not stale, so a session that rated only one domain does
    not hide the others and an old rating does not set today's stance.
    `overall_series` gives each rated session's overall level (None where uneven).
    """
    rated = [(s, levels) for s in final(sessions)
             if (levels := levels_in(answers_of(s, "stoltenberg")))]
    domains = {d: _domain(rated, d, today) for d in DOMAINS}
    current = {d: found["latest"] for d, found in domains.items()
               if found["latest"] and not found["stale"]}
    empty = {"stances": {}, "overall": None, "spread": None, "integrated": False,
             "stance": None}
    shown = {k: v for k, v in profile(current).items() if k != "levels"} if current else empty
    return {"sessions": len(rated), "domains": domains, **shown,
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
              prepare=lambda sessions, options: {
                  "levels": development(sessions, options.get("today"))},
              stats=lambda sessions, options: {
                  "development": _monthly(development(sessions, options.get("today")))})
