"""Heron's six-category intervention analysis: the kinds used, and what was missing.

Results:
    used                the categories marked used, in the order of CATEGORIES
    used_by_group       {"authoritative": [...], "facilitative": [...]}, when any was used
    authoritative_share 100 or 0, only when every category used is in one group
    facilitative_share  the rest, so the two always sum to 100
    needed_missing      needed but not used (present whenever `needed` was answered)
    needed_and_used     needed and used, only when there are any

The prompt set asks which kinds were used, not how often or for how long, so a mixed
session has no honest proportion: one authoritative tick beside two facilitative ones may
still be an hour of advice with a word of praise at the end. The shares are given only where
they are certain, a session whose interventions all came from one group; in a mixed session
they are absent, and the grouped lists say what was used.

Across sessions, `interventions()` counts each category used and needed-but-missing, and
`unmet_needs()` names the needs missed again and again, which `prepare` turns into agenda
items (`unmet_interventions`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from reflect.models import Model
from reflect.models.history import answers_of, final, newest

AUTHORITATIVE = ("prescriptive", "informative", "confronting")
FACILITATIVE = ("cathartic", "catalytic", "supportive")
CATEGORIES = AUTHORITATIVE + FACILITATIVE
GROUPS = {"authoritative": AUTHORITATIVE, "facilitative": FACILITATIVE}
UNMET_AT_LEAST = 2  # a need missed once is a gap in one session, not a pattern


def group_of(category: str) -> str:
    """The group a category belongs to: authoritative or facilitative."""
    return "authoritative" if category in AUTHORITATIVE else "facilitative"


def _in_order(chosen: Any) -> list[str]:
    """The known categories among a multi answer, in the standard order."""
    if not isinstance(chosen, (list, tuple, set)):
        return []
    return [category for category in CATEGORIES if category in chosen]


def _by_group(used: list[str]) -> dict[str, Any]:
    """The categories used, grouped; and the shares when one group holds them all.

    Only then is a share true of the interventions themselves (and of the time they took),
    whatever their number: all of them were authoritative, or all facilitative."""
    if not used:
        return {}
    grouped = {name: [c for c in used if c in members] for name, members in GROUPS.items()}
    found: dict[str, Any] = {"used_by_group": grouped}
    if not grouped["facilitative"]:
        found.update(authoritative_share=100, facilitative_share=0)
    elif not grouped["authoritative"]:
        found.update(authoritative_share=0, facilitative_share=100)
    return found


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The interventions of this session; `previous` is not used."""
    found: dict[str, Any] = {}
    used = _in_order(answers.get("used"))
    if "used" in answers:
        found["used"] = used
        found.update(_by_group(used))
    if "needed" in answers:
        needed = _in_order(answers.get("needed"))
        found["needed_missing"] = [category for category in needed if category not in used]
        both = [category for category in needed if category in used]
        if both:
            found["needed_and_used"] = both
    return found


# across sessions ----------------------------------------------------------------------


def interventions(sessions: Iterable[Any], last_n: int | None = 6) -> dict[str, Any]:
    """Heron categories used, and needed but not used, over the newest `last_n` sessions.

    A session counts when it recorded Heron answers (used or needed); `last_n=None` counts
    them all. Both count dicts list every category in the canonical order.
    """
    rated = [s for s in final(sessions) if {"used", "needed"} & set(answers_of(s, "heron"))]
    counted = newest(rated, last_n)
    used: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for session in counted:
        found = results(answers_of(session, "heron"))
        used.update(found.get("used", []))
        missing.update(found.get("needed_missing", []))
    return {"sessions": len(counted),
            "used": {c: used[c] for c in CATEGORIES},
            "needed_missing": {c: missing[c] for c in CATEGORIES}}


def unmet_needs(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The categories needed but not given again and again, from `interventions()`.

    A category is an unmet need when it was marked needed but not used in at least half
    of the sessions counted, and in at least UNMET_AT_LEAST of them: 1 of 1, 1 of 2 or
    2 of 5 is not enough; 2 of 2, 2 of 4 or 4 of 6 is. One session cannot offer every
    kind of help, so a single gap says little; the same help asked for and not received
    in half the recent sessions is a pattern worth time in the next one. It rests on
    `needed`, the answer that says what was wanted, never on how often a kind was used.
    Each is `{"category", "group", "missing", "sessions"}`, in the canonical order.
    """
    sessions = found.get("sessions") or 0
    missing = found.get("needed_missing") or {}
    return [{"category": c, "group": group_of(c), "missing": missing[c], "sessions": sessions}
            for c in CATEGORIES
            if missing.get(c, 0) >= UNMET_AT_LEAST and 2 * missing[c] >= sessions]


def _prepare(sessions: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    """What `prepare` shows: the counts, and the needs left unmet again and again."""
    found = interventions(sessions, options["last_n"])
    return {"interventions": found, "unmet_interventions": unmet_needs(found)}


MODEL = Model("heron", results, rank=20, brings="ask_next", prepare=_prepare,
              stats=lambda sessions, options: {"interventions": interventions(sessions, None)})
