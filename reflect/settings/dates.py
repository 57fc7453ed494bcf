"""The one date parser every command uses: ISO dates and the phrases people type."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Any

from reflect.settings.errors import BadInput

WEEKDAYS = [name.lower() for name in calendar.day_name]
MONTHS = [name.lower() for name in calendar.month_name]
_UNIT_DAYS = {"day": 1, "week": 7}
_RELATIVE = re.compile(r"^(?:(in)\s+)?(\d+)\s+(day|week|month)s?(?:\s+(ago))?$")

EXAMPLES = "YYYY-MM-DD, today, yesterday, tomorrow, 3 days ago, monday, in 6 weeks, end of march"


def _add_months(start: date, months: int) -> date:
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _iso(text: str) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise BadInput(f"{text!r} is not a real date") from None


def _relative(text: str, today: date) -> date | None:
    match = _RELATIVE.match(text)
    if not match:
        return None
    ahead, count, unit, ago = match.groups()
    if bool(ahead) == bool(ago):
        return None
    try:
        n = int(count) if ahead else -int(count)
        if unit == "month":
            return _add_months(today, n)
        return today + timedelta(days=n * _UNIT_DAYS[unit])
    except (OverflowError, ValueError):  # beyond the years 1 to 9999
        raise BadInput(f"{text!r} is too far away to be a date") from None


def _weekday(text: str, today: date) -> date | None:
    name = text.removeprefix("last ").strip()
    if name not in WEEKDAYS:
        return None
    back = (today.weekday() - WEEKDAYS.index(name)) % 7
    if text.startswith("last ") and back == 0:
        back = 7
    return today - timedelta(days=back)


def _end_of_month(text: str, today: date) -> date | None:
    match = re.fullmatch(r"end of ([a-z]+)", text)
    if not match or match.group(1) not in MONTHS[1:]:
        return None
    month = MONTHS.index(match.group(1))
    year = today.year if month >= today.month else today.year + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str, today: date | None = None) -> date:
    """Turn what the user typed into a date, or raise BadInput naming what is accepted.

    A weekday name means the most recent such day, today included; `end of MONTH` means
    the next time that month ends (this year's if it has not ended yet).
    """
    today = today or date.today()
    cleaned = " ".join(str(text).strip().lower().split())
    fixed = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if cleaned in fixed:
        return today + timedelta(days=fixed[cleaned])
    for parse in (_iso, lambda t: _relative(t, today), lambda t: _weekday(t, today),
                  lambda t: _end_of_month(t, today)):
        found = parse(cleaned)
        if found is not None:
            return found
    raise BadInput(f"cannot read {text!r} as a date", hint=f"try {EXAMPLES}")


def date_value(value: object) -> date | None:
    """A date from a YAML/JSON file: a date, a datetime, or text for `parse_date`."""
    if isinstance(value, datetime):  # YAML reads `2026-11-20 10:00` as a datetime
        return value.date()
    if value is None or isinstance(value, date):
        return value
    return parse_date(str(value))


def date_in_file(value: object, problems: list[str], label: str) -> date | None:
    """`date_value`, where a value that is not a date adds a problem under `label` and
    gives None."""
    try:
        return date_value(value)
    except BadInput as e:
        problems.append(f"{label}: {e.message}")
        return None


# retention periods ----------------------------------------------------------------

_PERIOD = re.compile(r"(\d+)\s*([ymd])")
_PERIOD_LIMITS = {"y": 100, "m": 1200, "d": 36500}


def parse_retention(value: Any) -> str | None:
    """A retention period as `6y`, `18m` or `90d` (years, months, days); `none` clears it."""
    text = "" if value is None else str(value).strip().lower()
    if text in ("", "none", "off"):
        return None
    match = _PERIOD.fullmatch(text)
    if not match or not 1 <= int(match[1]) <= _PERIOD_LIMITS[match[2]]:
        raise BadInput(f"expected a period like 6y, 18m or 90d (years, months, days) or none,"
                       f" got {text!r}")
    return f"{int(match[1])}{match[2]}"


def retention_cutoff(period: str, today: date) -> date:
    """Sessions held before this date are older than `period`."""
    count, unit = int(period[:-1]), period[-1]
    if unit == "d":
        return today - timedelta(days=count)
    months = count * 12 if unit == "y" else count
    return parse_date(f"{months} months ago", today)
