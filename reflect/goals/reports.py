"""Goal reports: a markdown summary of every goal, and an iCalendar file of due dates.

Both outputs depend only on the goals (and the markdown on the `today` it is given), never
on the clock, so exporting the same journal twice gives identical bytes (handy when the
report lives in version control or a shared folder that syncs on change).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from reflect.goals.smart import LETTER_NAMES
from reflect.journal.records import GOAL_STATUSES, Goal
from reflect.settings.templates import render

PRODID = "-//reflect//goals//EN"
REMIND_BEFORE = timedelta(days=7)
_PARTS = ("specific", "measurable", "achievable", "relevant")


def ordered(goals: list[Goal]) -> list[Goal]:
    """Open goals first, soonest due first; undated goals after dated ones."""
    return sorted(goals, key=lambda g: (g.status != "open", g.due is None,
                                        g.due or date.max, g.title.lower(), g.id))


def smart_parts(goal: Goal) -> list[tuple[str, str]]:
    """The written SMART parts as (display name, text), blank ones left out."""
    written = ((LETTER_NAMES[name], (getattr(goal, name) or "").strip()) for name in _PARTS)
    return [(label, text) for label, text in written if text]


def _counts(goals: list[Goal]) -> dict[str, int]:
    statuses = list(GOAL_STATUSES) + sorted({g.status for g in goals} - set(GOAL_STATUSES))
    return {status: sum(g.status == status for g in goals) for status in statuses}


def _scorecard_lines(scorecard: dict[str, dict[str, str]] | None) -> list[dict[str, str]]:
    if not scorecard:
        return []
    return [{"name": LETTER_NAMES.get(letter, letter), **result}
            for letter, result in scorecard.items()]


def _view(goal: Goal, today: date, scorecard: dict[str, dict[str, str]] | None
          ) -> dict[str, Any]:
    return {
        "goal": goal,
        "overdue": goal.overdue(today),
        "parts": smart_parts(goal),
        "scorecard": _scorecard_lines(scorecard),
        "reviews": sorted(goal.reviews, key=lambda r: r.reviewed_on),
    }


def goals_markdown(goals: list[Goal], today: date,
                   scorecards: dict[str, dict] | None = None) -> str:
    """The goals report: YAML front matter, then each goal with its parts and reviews."""
    scorecards = scorecards or {}
    front_matter = {"title": "Goals", "generated": True, "total": len(goals),
                    "counts": _counts(goals)}
    views = [_view(goal, today, scorecards.get(goal.id)) for goal in ordered(goals)]
    text = render("goals.md.j2", front_matter=front_matter, goals=views)
    return text.rstrip("\n") + "\n"


def _stamp(goal: Goal) -> datetime:
    """DTSTAMP from the goal's last change, so an unchanged goal exports identically."""
    try:
        stamp = datetime.fromisoformat(goal.updated.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        # A record without a readable timestamp still needs a stable stamp.
        stamp = datetime.combine(goal.due or date(1970, 1, 1), datetime.min.time())
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc)


def _description(goal: Goal) -> str:
    lines = [f"{label}: {text}" for label, text in smart_parts(goal)]
    if goal.partner:
        lines.append(f"Shared with: {goal.partner}")
    return "\n".join(lines) or goal.title


def _event(goal: Goal):
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", f"{goal.id}@reflect")
    event.add("dtstamp", _stamp(goal))
    event.add("dtstart", goal.due)
    event.add("dtend", goal.due + timedelta(days=1))
    event.add("summary", f"Goal due: {goal.title}")
    event.add("description", _description(goal))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Goal due in a week: {goal.title}")
    alarm.add("trigger", -REMIND_BEFORE)
    event.add_component(alarm)
    return event


def goals_ics(goals: list[Goal]) -> bytes:
    """An iCalendar file with an all-day event, and a week's reminder, per open dated goal.

    Overdue goals stay in the calendar, so they remain visible.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for goal in ordered(goals):
        if goal.status == "open" and goal.due is not None:
            calendar.add_component(_event(goal))
    return calendar.to_ical()
