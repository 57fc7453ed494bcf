"""Heron's six-category intervention analysis: the mix used, and what was missing.

Results:
    used                the interventions used, in the order of CATEGORIES
    authoritative_share whole percentage of the used interventions that are authoritative
    facilitative_share  the rest, so the two always sum to 100
    needed_missing      needed but not used (present whenever `needed` was answered)
    needed_and_used     needed and used, only when there are any
The shares are absent when nothing was marked as used.
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


def _in_order(chosen: Any) -> list[str]:
    """The known categories among a multi answer, in the standard order."""
    if not isinstance(chosen, (list, tuple, set)):
        return []
    return [category for category in CATEGORIES if category in chosen]


def _shares(used: list[str]) -> dict[str, int]:
    if not used:
        return {}
    authoritative = sum(1 for category in used if category in AUTHORITATIVE)
    # Round half up so an even split of an odd count does not depend on banker's rounding.
    share = (authoritative * 200 + len(used)) // (2 * len(used))
    return {"authoritative_share": share, "facilitative_share": 100 - share}


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The intervention mix of this session; `previous` is not used."""
    found: dict[str, Any] = {}
    used = _in_order(answers.get("used"))
    if "used" in answers:
        found["used"] = used
        found.update(_shares(used))
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


MODEL = Model("heron", results, rank=20, brings="ask_next",
              prepare=lambda sessions, options: {
                  "interventions": interventions(sessions, options["last_n"])},
              stats=lambda sessions, options: {"interventions": interventions(sessions, None)})
