"""The guided interview at a terminal: each prompt shown, each answer saved as it is given.

Every answer is saved the moment it is given, so Ctrl-C or a closed terminal loses
nothing typed: the session stays a draft that `reflect resume` continues. After saving,
the interview offers SMART goals and agreed actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from reflect.journal.records import Session
from reflect.reflection.interview import AnswerError, Interview, Step, parse_typed
from reflect.settings.errors import BadInput, ReflectError
from reflect.terminal import render
from reflect.terminal.ask import ask_line, yes

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Catalog, Prompt

KIND_HINTS = {
    "choice": "Type a number.",
    "multi": "Type one or more numbers, e.g. 1,3.",
    "scale": "Type a number from {min} to {max}.",
    "split": "Type {n} whole percentages that add up to 100, e.g. {example}.",
    "date": "A date: YYYY-MM-DD, today, yesterday, 3 days ago, monday.",
    "confirm": "y or n.",
}


def _given(value: Any) -> bool:
    return value not in (None, "", [], {})


def _hint(prompt: Prompt, skippable: bool = True) -> str:
    hint = KIND_HINTS.get(prompt.kind, "")
    if prompt.kind == "split":
        example = " ".join(["50", "30", "20", "0"][: len(prompt.parts)])
        hint = hint.format(n=len(prompt.parts), example=example)
    elif prompt.kind == "scale":
        hint = hint.format(min=prompt.min, max=prompt.max)
    elif prompt.kind == "text" and prompt.multiline:
        hint = "Type edit to write a longer answer in your editor."
    extra = " Enter skips." if skippable and not prompt.required else ""
    return f"{hint}{extra} ? for help, back to go back.".strip()


def _show_step(step: Step, role: str, previous: Any) -> None:
    prompt = step.prompt
    lines = ["", f"[{step.progress}]", prompt.wording(role)]
    items = prompt.choices or prompt.parts or []
    lines += [f"  {i}. {item.label}" for i, item in enumerate(items, 1)]
    if prompt.kind == "scale" and (prompt.min_label or prompt.max_label):
        lines.append(f"  {prompt.min} = {prompt.min_label or ''}, "
                     f"{prompt.max} = {prompt.max_label or ''}")
    if _given(previous):
        clear = "" if prompt.required else ", - clears it"
        lines.append(f"  (so far: {render.answer_text(prompt, previous)}; Enter keeps it{clear})")
    lines.append(f"  {_hint(prompt, skippable=not _given(previous))}")
    render.notice("\n".join(lines))


def _help_text(prompt: Prompt) -> str:
    lines = [prompt.help or "No extra help for this one."]
    for item in prompt.choices or prompt.parts or []:
        if item.help:
            lines.append(f"  {item.label}: {item.help}")
    return "\n".join(lines)


def _read_answer(step: Step, previous: Any) -> Any:
    """Ask until a usable answer comes; returns the value, None to skip, or 'back'."""
    from reflect.terminal.editor import edit_text

    while True:
        typed = ask_line().strip()
        if typed == "?":
            render.notice(_help_text(step.prompt))
        elif typed.lower() == "back":
            return "back"
        elif typed in ("", "-"):
            if typed == "" and _given(previous):
                return previous
            if step.prompt.required:
                render.notice("This one is needed. Type ? for help.")
            else:
                return None
        elif typed.lower() == "edit" and step.prompt.kind == "text":
            text = edit_text(previous if isinstance(previous, str) else "", suffix=".md").strip()
            if text:
                return text
        else:
            try:
                return parse_typed(step.prompt, typed)
            except AnswerError as e:
                render.notice(f"  {e}. Try again.")


def _state(interview: Interview) -> dict[str, Any]:
    return {"models": [s.id for s in interview.sets], "cursor": interview.cursor}


def walk(journal, session: Session, interview: Interview) -> None:
    """Ask each remaining prompt, saving as it goes."""
    while (step := interview.current()) is not None:
        previous = interview.answers.get(step.prompt_set.id, {}).get(step.prompt.id)
        _show_step(step, session.role, previous)
        value = _read_answer(step, previous)
        if value == "back":
            if not interview.back():
                render.notice("This is the first question.")
            journal.set_interview(session.id, _state(interview))
            continue
        position = interview.position_of(step.prompt_set.id, step.prompt.id)
        interview.give(value)
        journal.save_answer(session.id, step.prompt_set.id, step.prompt.id, value, position,
                            _state(interview))


def finish(journal, session: Session, interview: Interview, catalog: Catalog) -> None:
    """Preview the note and save it as final on confirmation; otherwise keep the draft."""
    from reflect.reflection.results import session_results
    from reflect.sharing.notes import session_markdown

    draft = journal.session(session.id)
    draft.answers = interview.visible_answers()
    draft.status = "final"
    render.notice("\nHere is the note:\n")
    render.preview_markdown(session_markdown(draft, session_results(journal, draft), catalog))
    if yes("Save this note?", default=True):
        saved = journal.finalise(session.id, draft.answers)
        render.notice("Saved.")
        take_forward(journal, saved)
        render.print_line(session.id)
    else:
        render.notice(f"Kept as a draft. Continue it with: reflect resume {session.id[:8]}")


def _offer_goals(journal, session: Session) -> None:
    from reflect.goals.drafts import GoalDraft
    from reflect.terminal.goal_form import build_goal, save_goals

    desc = session.answers.get("desc", {})
    specific = desc.get("specify", "") if desc.get("follow_up") == "set_goal" else ""
    question = "Turn something you are taking forward into a SMART goal?"
    while yes(question, default=bool(specific)):
        draft = GoalDraft(specific=specific, session=session.id, partner=session.with_name)
        specific = ""
        try:
            goal = save_goals(journal, [build_goal(draft)])[0]
            render.notice(f"Goal saved ({goal.id[:8]}), linked to this session.")
        except ReflectError as e:
            render.notice(f"  Not saved: {e.one_line()}")
        question = "Another goal?"


def _offer_actions(journal, session: Session) -> None:
    from datetime import date

    from reflect.goals.drafts import parse_action

    desc = session.answers.get("desc", {})
    if desc.get("follow_up") == "revisit" and desc.get("describe"):
        if yes("Add an action to come back to this conversation?", default=True):
            journal.goals.add_action(f"Revisit: {desc['describe']}", None, None, session.id)
    render.notice("Agreed actions, one per line as 'what by when' (e.g. 'send the plan to Jo "
                  "by friday'); an empty line ends.")
    while line := ask_line("action> ").strip():
        try:
            what, due = parse_action(line, date.today())
        except ReflectError as e:
            render.notice(f"  {e.one_line()}")
            continue
        journal.goals.add_action(what, None, due, session.id)


def take_forward(journal, session: Session) -> None:
    """After saving: SMART goals and agreed actions from what the session agreed."""
    try:
        _offer_goals(journal, session)
        _offer_actions(journal, session)
    except KeyboardInterrupt:
        render.notice("\nStopped. The session is saved.")


def run(journal, session: Session, catalog: Catalog) -> None:
    """Walk a draft's interview to the end; Ctrl-C leaves a resumable draft."""
    state_ = session.interview or {}
    sets = [catalog.get(model) for model in state_.get("models", [])]
    interview = Interview(sets, answers=dict(session.answers), cursor=state_.get("cursor", 0))
    render.notice(f"Draft {session.id[:8]}: every answer is saved as you go. "
                  "Type ? for help, back to revise the last answer.")
    try:
        walk(journal, session, interview)
        finish(journal, session, interview, catalog)
    except KeyboardInterrupt:
        render.notice(f"\nStopped. Your answers are saved; continue with: "
                      f"reflect resume {session.id[:8]}")
        raise typer.Exit(130) from None


def show_reminders(journal, with_name: str | None, goals: bool = True) -> None:
    """Goals due or overdue, and open actions with the person, before a new session."""
    from datetime import date

    from reflect.goals.drafts import reminders

    lines = reminders(journal, date.today(), with_name)
    if not goals:
        lines = [line for line in lines if not line.startswith("Goal ")]
    if lines:
        render.notice("Before you start:\n" + "\n".join(f"  {line}" for line in lines))


def _ask_missing(journal, given):
    """Ask for the date and the other person when the command line did not give them."""
    from reflect.settings.dates import parse_date

    if given.held_on is None:
        while given.held_on is None:
            typed = ask_line("Date of the session [today]: ").strip() or "today"
            try:
                given.held_on = parse_date(typed)
            except BadInput as e:
                render.notice(f"  {e.one_line()}")
    if given.with_name is None:
        typed = " ".join(ask_line("Who was it with? (Enter to skip): ").split())
        given.with_name = typed or None
        if given.with_name:
            show_reminders(journal, given.with_name, goals=False)
    return given


def start(journal, given, model_ids: list[str], agreed: list | None = None) -> None:
    """Begin a guided interview as a new draft session (with any actions already agreed)."""
    from reflect.reflection.promptsets import load_catalog
    from reflect.reflection.recording import start_draft

    catalog = load_catalog()
    for problem in catalog.problems:
        render.notice(f"warning: {problem}")
    sets = [catalog.get(model) for model in model_ids]
    render.notice("Guided reflection: " + ", ".join(s.name for s in sets))
    try:
        given = _ask_missing(journal, given)
    except KeyboardInterrupt:
        render.notice("\nStopped before anything was recorded.")
        raise typer.Exit(130) from None
    session, notices = start_draft(journal, given, [s.id for s in sets], agreed or [])
    for line in notices:
        render.notice(line)
    run(journal, session, catalog)
