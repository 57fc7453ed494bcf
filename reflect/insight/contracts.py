"""The supervision contract: its terms, the areas open for discussion, and frequency."""

from __future__ import annotations

import re
from typing import Any

from reflect.settings.errors import BadInput

# Areas commonly agreed as open for discussion (id: wording for the contract).
AREAS = {
    "colleagues": "Colleagues, managers and the wider organisation",
    "themes": "Themes arising from the work",
    "feelings": "Strong feelings the work stirs up, such as anger or embarrassment",
    "learning": "Professional goals and learning plans",
    "wellbeing": "Self-care, stress, time management and workload",
    "personal": "Personal issues that affect work, or the other way round",
    "awkward": "Work the supervisee feels awkward about",
    "ethics": "Ethical questions, such as attachment or losing objectivity",
}

TERM_LABELS = {
    "frequency": "How often",
    "length_minutes": "Usual length (minutes)",
    "format": "Format",
    "agenda_owner": "Who owns the agenda and time",
    "roles": "Roles and responsibilities",
    "dual_role": "When the supervisor is also the line manager",
    "accountability": "Regulatory and accountability matters",
    "confidentiality": "Limits of confidentiality",
    "records": "How the session is recorded and who agrees the record",
    "support": "Support options agreed at the outset (employee assistance, debriefing)",
    "learning_styles": "How each of us learns best",
    "preparation": "How each of us prepares",
    "areas": "Open for discussion",
    "history": "Supervision so far",
}
# The terms written as a line or two of text, in the order a contract lists them.
TEXT_TERMS = tuple(key for key in TERM_LABELS if key not in ("areas", "history"))

_UNITS = {"day": 1, "week": 7, "fortnight": 14, "month": 30}
_WORDS = {"weekly": 7, "fortnightly": 14, "monthly": 30}


def frequency_days(text: str) -> int:
    """Days between sessions from `every 4 weeks`, `fortnightly`, `monthly`, `6w`, `28`."""
    cleaned = " ".join(text.lower().split())
    if cleaned in _WORDS:
        return _WORDS[cleaned]
    match = re.fullmatch(r"(?:every\s+)?(\d+)?\s*(d|w|m|days?|weeks?|fortnights?|months?)",
                         cleaned)
    if cleaned.isdecimal():
        return int(cleaned)
    if not match:
        raise BadInput(f"cannot read {text!r} as a frequency",
                       hint="try: every 4 weeks, fortnightly, monthly, 6w")
    count = int(match.group(1) or 1)
    unit = match.group(2)
    days = {"d": 1, "w": 7, "m": 30}.get(unit) or _UNITS[unit.rstrip("s")]
    if count < 1:
        raise BadInput("the frequency must be at least one day")
    return count * days


def area_text(item: str) -> str:
    """An area by its id, or the user's own words for one not on the list."""
    return AREAS.get(item.strip().lower(), item.strip())


def new_terms(previous: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """The next version's terms: the previous ones with `changes` applied (None = unchanged)."""
    terms = dict(previous or {})
    for key, value in changes.items():
        if value is None:
            continue
        if key == "frequency":
            terms["frequency_days"] = frequency_days(value)
        if key == "areas":
            value = [area_text(item) for item in value]
        terms[key] = value
    return terms
