"""Goals at a terminal: the SMART questions one by one, and saving checked goals.

Each goal is checked (SMART scorecard on stderr) before any is stored; an unknown
accountability partner may be added to people when a person is there to confirm.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import typer

from reflect.goals import smart
from reflect.goals.drafts import GoalDraft, add_goals, prepare_with_partner
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.terminal import render
from reflect.terminal.ask import ask_with_help, interactive

PARTS = ("specific", "measurable", "achievable", "relevant")
QUESTIONS = {
    "title": "A short title for the goal",
    "specific": "Specific: what new practice will you adopt?",
    "measurable": "Measurable: how will you know it has changed?",
    "achievable": "Achievable: over what period, with what resources and evidence?",
    "relevant": "Relevant: which development need or local priority does it serve?",
}


def build_goal(draft: GoalDraft) -> GoalDraft:
    """Walk the five SMART parts at the terminal, one by one, with guidance on `?`."""
    render.notice("Shaping a SMART goal. Type ? for guidance; Enter keeps what is shown.")
    while not draft.title:
        draft.title = ask_with_help(QUESTIONS["title"])
    for part in PARTS:
        setattr(draft, part, ask_with_help(QUESTIONS[part], getattr(draft, part),
                                  smart.GUIDANCE.get(part, "")))
    default_due = draft.due or smart.default_due(date.today())
    while True:
        typed = ask_with_help("Time-bound: report back by", default_due.isoformat(),
                     smart.GUIDANCE.get("due", ""))
        try:
            draft.due = parse_date(typed)
            break
        except BadInput as e:
            render.notice(f"  {e.one_line()}")
    draft.partner = ask_with_help("Accountability partner (Enter for none)",
                                  draft.partner or "") or None
    return draft


def checked_fields(journal, draft: GoalDraft, today: date, allow_past: bool) -> dict:
    """Checked fields; on a terminal an unknown partner may be added to people."""
    return prepare_with_partner(journal, draft, today, allow_past, _add_partner)


def _add_partner(name: str) -> bool:
    return interactive() and typer.confirm(f"{name} is not in your journal yet. Add them?",
                                           default=True, err=True)


def scorecard(fields: dict, today: date) -> dict:
    return smart.check(SimpleNamespace(**fields), today)


def save_goals(journal, drafts: list[GoalDraft], strict: bool = False,
               allow_past: bool = False) -> list:
    """Check every draft, then store them all or none; scorecards go to stderr."""
    today = date.today()
    prepared = [checked_fields(journal, d, today, allow_past) for d in drafts]
    cards = [scorecard(fields, today) for fields in prepared]
    for fields, card in zip(prepared, cards, strict=True):
        render.smart_scorecard(fields["title"], card)
    if strict:
        unmet = [f"{f['title']}: {', '.join(smart.unmet(c))}"
                 for f, c in zip(prepared, cards, strict=True) if smart.unmet(c)]
        if unmet:
            raise BadInput("not SMART yet (--strict): " + "; ".join(unmet))
    return add_goals(journal, prepared)
