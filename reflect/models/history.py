"""Reading a model's answers across a history of sessions: the helpers every model's
readings share. The sessions are final ones, oldest first; each has `id`, `held_on` and
`answers` ({model id: {prompt id: value}})."""

from __future__ import annotations

from datetime import date
from typing import Any

from reflect.settings.vocabulary import PLAN


def answers_of(session: Any, model: str) -> dict[str, Any]:
    found = session.answers.get(model)
    return found if isinstance(found, dict) else {}


def text_of(value: Any) -> str | None:
    """A text answer, or None when it is missing or blank."""
    return (value.strip() or None) if isinstance(value, str) else None


def newest(items: list[Any], last_n: int | None) -> list[Any]:
    """The last `last_n` items (all of them for None, none for 0 or less)."""
    if last_n is None:
        return items
    return items[-last_n:] if last_n > 0 else []


def month_of(day: date) -> str:
    return day.isoformat()[:7]  # YYYY-MM


class Final(list):
    """Sessions already final and in order: `final` and `held` take them as they are, so
    the several models reading one history sort it once."""


def final(sessions: Any) -> list[Any]:
    """The final sessions (drafts left out), oldest first; ties by creation, then id."""
    if type(sessions) is Final:
        return sessions
    kept = [s for s in sessions if s.status != "draft"]
    return Final(sorted(kept, key=lambda s: (s.held_on, s.created, s.id)))


def held(sessions: Any) -> list[Any]:
    """The final supervision sessions held, oldest first: plans (kind "plan") are
    preparation, not sessions, and count for no gap, frequency or total."""
    return Final(s for s in final(sessions) if getattr(s, "kind", None) != PLAN)
