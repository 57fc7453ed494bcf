"""Shaping goals and agreed actions: drafts, defaults, checks, and the file format.

The SMART check itself lives in `reflect.goals.smart`; storage in `reflect.journal.goals`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from reflect.goals import smart
from reflect.settings.dates import WEEKDAYS, parse_date
from reflect.settings.errors import BadInput, NotFound, PromptSetError

PROCTOR_FUNCTIONS = ("normative", "formative", "restorative")


class UnknownPerson(NotFound):
    """A partner or action owner who is not in the journal yet."""

    def __init__(self, name: str):
        super().__init__(f"no person called {name!r} in the journal",
                         hint="check the spelling, or add them when asked on a terminal")
        self.name = name


@dataclass
class GoalDraft:
    """A goal as the user gave it, before defaults and checks."""

    title: str = ""
    specific: str = ""
    measurable: str = ""
    achievable: str = ""
    relevant: str = ""
    due: date | None = None
    partner: str | None = None
    session: str | None = None
    function: str | None = None

    @property
    def session_id(self) -> str | None:
        return self.session


FILE_KEYS = tuple(f.name for f in fields(GoalDraft))


def check_function(function: str | None, where: str = "") -> None:
    """A goal's function is a Proctor function or a model's id (or none); `where` names
    the goal in the message."""
    if function and function not in PROCTOR_FUNCTIONS:
        from reflect.reflection.promptsets import load_catalog

        if function not in load_catalog().sets:
            raise BadInput(f"{where}function {function!r} is neither a Proctor function "
                           f"({', '.join(PROCTOR_FUNCTIONS)}) nor a model id")


def prepare(journal, draft: GoalDraft, today: date, allow_past: bool = False
            ) -> dict[str, Any]:
    """The fields to store: defaults filled in, the partner and session checked."""
    title = " ".join(draft.title.split())
    if not title:
        raise BadInput("a goal needs a title")
    due = draft.due or smart.default_due(today)
    if due < today and not allow_past:
        raise BadInput(f"the due date {due} is in the past",
                       hint="give a future date, or --allow-past to record it anyway")
    if draft.partner and journal.find_person(draft.partner) is None:
        raise UnknownPerson(draft.partner)
    function = (draft.function or "").strip().lower() or None
    check_function(function)
    session_id = journal.resolve_session_id(draft.session) if draft.session else None
    return {"title": title, "specific": draft.specific.strip(),
            "measurable": draft.measurable.strip(), "achievable": draft.achievable.strip(),
            "relevant": draft.relevant.strip(), "due": due, "partner": draft.partner,
            "session_id": session_id, "function": function}


def prepare_with_partner(journal, draft: GoalDraft, today: date, allow_past: bool,
                         add_partner: Callable[[str], bool]) -> dict[str, Any]:
    """`prepare`, adding an unknown accountability partner to people when
    `add_partner(name)` agrees."""
    try:
        return prepare(journal, draft, today, allow_past)
    except UnknownPerson as e:
        if not add_partner(e.name):
            raise
        journal.ensure_person(e.name)
        return prepare(journal, draft, today, allow_past)


def add_goals(journal, prepared: list[dict[str, Any]]) -> list:
    """Store checked goals (see `prepare`): all of them, or none."""
    with journal.transaction():
        return [journal.goals.add(fields) for fields in prepared]


def update_goal(journal, goal_id: str, prepared: dict[str, Any], status: str | None = None):
    """Change a goal's checked fields and, if given, its status, together. A new status
    starts without the old one's note (a reopened goal's reason for dropping, say)."""
    with journal.transaction():
        goal = journal.goals.update(goal_id, prepared)
        if status is not None and status != goal.status:
            goal = journal.goals.set_status(goal_id, status, None)
    return goal


def drafts_from_data(data: Any, source: str) -> list[GoalDraft]:
    """Goal drafts from a parsed YAML/JSON file: one mapping or a list of them."""
    from pydantic import ValidationError

    from reflect.goals.goal_file import GoalFile
    from reflect.settings.validation import problems as translated

    items = data if isinstance(data, list) else [data]
    problems, drafts = [], []
    if not items:
        problems.append("no goals in the file; expected a mapping or a list of them")
    unknown = {"extra_forbidden": f"unknown key; expected one of {', '.join(FILE_KEYS)}"}
    for index, item in enumerate(items, 1):
        where = f"goal {index}: " if isinstance(data, list) else ""
        if not isinstance(item, dict):
            problems.append(f"{where}expected a mapping with title, specific, ... due")
            continue
        try:
            goal = GoalFile.model_validate(item)
        except ValidationError as e:
            found = translated(e, prefix=where, words=unknown)
            problems += sorted(found, key=lambda p: "unknown key" not in p)
            continue
        drafts.append(GoalDraft(**{k: v for k, v in goal.model_dump().items()
                                   if v is not None}))
    if problems:
        raise PromptSetError(source, problems)
    return drafts


_BY = re.compile(r"^(?P<what>.+?)\s+by\s+(?P<when>[^,;]+?)\s*$", re.IGNORECASE)


def parse_action(text: str, today: date) -> tuple[str, date | None]:
    """`send the chronology to Jo by friday` -> ("send the chronology to Jo", that Friday).

    The last " by " followed by a date sets the due date; a weekday means the next such
    day after today (an agreed action looks forward: "by friday" said on a Friday means next
    week's). Without one, the action has no due date.
    """
    text = " ".join(text.split())
    if not text:
        raise BadInput("an action needs some text")
    match = _BY.match(text)
    if match:
        when = match.group("when").lower()
        try:
            due = parse_date(when, today)
        except BadInput:
            return text, None
        if when in WEEKDAYS and due <= today:
            due += timedelta(days=7)
        return match.group("what"), due
    return text, None


def window_end(text: str, today: date) -> date:
    """The last day of a window like `30d`, `6w`, `3m` or `14` (days) from today."""
    match = re.fullmatch(r"\s*(\d+)\s*(d|days?|w|weeks?|m|months?)?\s*", text.lower())
    if not match:
        raise BadInput(f"cannot read {text!r} as a period", hint="try 14d, 6w or 3m")
    count, unit = int(match.group(1)), (match.group(2) or "d")[0]
    if unit == "m":
        return smart.add_months(today, count)
    return today + timedelta(days=count * (7 if unit == "w" else 1))


SOON_DAYS = 14


def reminders(journal, today: date, with_name: str | None = None) -> list[str]:
    """One line per goal due or overdue, and per open action with `with_name`."""
    lines = []
    for goal in journal.goals.list():
        if goal.due is None or goal.due > today + timedelta(days=SOON_DAYS):
            continue
        state = "overdue" if goal.overdue(today) else "due"
        partner = f", with {goal.partner}" if goal.partner else ""
        lines.append(f"Goal {state} {goal.due}: {goal.title}{partner} ({goal.id[:8]})")
    if with_name:
        for action in journal.goals.actions_with(with_name):
            due = f" by {action.due}" if action.due else ""
            late = " (overdue)" if action.overdue(today) else ""
            lines.append(f"Open action: {action.what}{due}{late} ({action.id[:8]})")
    return lines
