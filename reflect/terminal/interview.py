"""The guided interview at a terminal: the `Asker` that shows each prompt and reads
what the person types, and starting or continuing a session there.

The flow itself (saving each answer as it is given, finishing, goals and actions) is
`reflect.reflection.guided`'s; Ctrl-C leaves a draft that `reflect resume` continues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from reflect.goals.drafts import GoalDraft
from reflect.journal.records import Session
from reflect.reflection import guided
from reflect.reflection.guided import BACK, Given
from reflect.reflection.interview import AnswerError, Step, parse_typed
from reflect.reflection.kinds import KINDS
from reflect.settings.errors import BadInput
from reflect.settings.vocabulary import PLAN
from reflect.terminal import render
from reflect.terminal.ask import ask_line, yes
from reflect.terminal.goal_form import build_goal

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Catalog, Prompt

def _given(value: Any) -> bool:
    return value not in (None, "", [], {})


def _hint(prompt: Prompt, skippable: bool = True) -> str:
    hint = KINDS[prompt.kind].hint(prompt)
    extra = " Enter skips." if skippable and not prompt.required else ""
    return f"{hint}{extra} ? for help, back to go back.".strip()


def _show_step(step: Step, role: str, previous: Any) -> None:
    prompt = step.prompt
    lines = ["", f"[{step.progress}]", prompt.wording(role)]
    items = prompt.choices or prompt.parts or []
    lines += [f"  {i}. {item.label}" for i, item in enumerate(items, 1)]
    legend = KINDS[prompt.kind].legend(prompt)
    if legend:
        lines.append(f"  {legend}")
    if _given(previous):
        clear = "" if prompt.required else ", - clears it"
        lines.append(f"  (so far: {render.answer_text(prompt, previous)}; Enter keeps it{clear})")
    elif step.suggested is not None:
        lines += ["", *(f"  {line}" for line in render.answer_text(prompt, step.suggested)
                        .splitlines()), "", "  (Enter keeps it)"]
    lines.append(f"  {_hint(prompt, skippable=not _given(previous) and step.suggested is None)}")
    lines.append(f"  {render.goes(step.private)}")
    render.notice("\n".join(lines))


def _help_text(prompt: Prompt, where: str | None = None) -> str:
    lines = [prompt.help or "No extra help for this one.", render.goes(where)]
    for item in prompt.choices or prompt.parts or []:
        if item.help:
            lines.append(f"  {item.label}: {item.help}")
    return "\n".join(lines)


def _read_answer(step: Step, previous: Any) -> Any:
    """Ask until a usable answer comes; returns the value, None to skip, or BACK; typing
    `private` first keeps the answer private (or, typed again, puts it back in the record)."""
    from reflect.terminal.editor import edit_text

    offered = previous if _given(previous) else step.suggested
    label = f"> {step.prompt.stem} " if step.prompt.stem else "> "
    where, chosen = step.private, None  # chosen: the person's choice, if they made one
    while True:
        typed = ask_line(label).strip()
        if typed == "?":
            render.notice(_help_text(step.prompt, where))
        elif typed.lower() == "back":
            return BACK
        elif typed.lower() == "private":
            if where in ("always", "for now"):
                render.notice(f"  {render.goes(where)}")
            else:
                chosen = where is None
                where = "chosen" if chosen else None
                render.notice(f"  {render.goes(where)} Now type the answer.")
        elif typed in ("", "-"):
            if typed == "" and _given(offered):
                return _choice(offered, chosen)
            if step.prompt.required:
                render.notice("This one is needed. Type ? for help.")
            else:
                return _choice(None, chosen)
        elif typed.lower() == "edit" and KINDS[step.prompt.kind].editable:
            text = edit_text(offered if isinstance(offered, str) else "", suffix=".md").strip()
            if text:
                return _choice(text, chosen)
        else:
            try:
                return _choice(parse_typed(step.prompt, typed), chosen)
            except AnswerError as e:
                render.notice(f"  {e}. Try again.")


def _choice(value: Any, chosen: bool | None) -> Any:
    """`value`, with the person's choice of keeping it private when they made one."""
    return value if chosen is None else Given(value, chosen)


class TerminalAsker:
    """The guided session's questions, asked of a person at the terminal."""

    def tell(self, text: str) -> None:
        render.notice(text)

    def answer(self, step: Step, role: str, previous: Any) -> Any:
        _show_step(step, role, previous)
        return _read_answer(step, previous)

    def approve(self, draft: Session, results: dict, catalog: Catalog) -> bool:
        from reflect.sharing.notes import session_markdown

        render.notice("\nHere is the note:\n")
        render.preview_markdown(session_markdown(draft, results, catalog))
        return yes("Save this note?", default=True)

    def confirm(self, question: str, default: bool) -> bool:
        return yes(question, default=default)

    def shape_goal(self, draft: GoalDraft) -> GoalDraft:
        return build_goal(draft)

    def goal_checked(self, title: str, card: dict) -> None:
        render.smart_scorecard(title, card)

    def action_line(self) -> str:
        return ask_line("action> ")


def run(journal, session: Session, catalog: Catalog) -> None:
    """Walk a draft's interview to the end at the terminal; Ctrl-C leaves a resumable
    draft (exit code 130)."""
    render.notice(f"Draft {session.id[:8]}: every answer is saved as you go. "
                  "Type ? for help, back to revise the last answer.")
    try:
        saved = guided.run(journal, session, catalog, TerminalAsker())
    except KeyboardInterrupt:
        render.notice(f"\nStopped. Your answers are saved; continue with: "
                      f"reflect resume {session.id[:8]}")
        raise typer.Exit(130) from None
    if saved is None:
        render.notice(f"Kept as a draft. Continue it with: reflect resume {session.id[:8]}")
    else:
        render.print_line(session.id)


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
                given.completed()  # refuses a date in the future, so it is asked again
            except BadInput as e:
                given.held_on = None
                render.notice(f"  {e.one_line()}")
    if given.with_name is None and given.kind != PLAN:  # a plan asked its own question
        typed = " ".join(ask_line("Who was it with? (Enter to skip): ").split())
        given.with_name = typed or None
        if given.with_name:
            show_reminders(journal, given.with_name, goals=False)
    return given


def start(journal, given, model_ids: list[str], agreed: list | None = None,
          answers: dict | None = None) -> None:
    """Begin a guided interview as a new draft session (with any actions already agreed,
    and any answers already known)."""
    from reflect.reflection.promptsets import load_catalog

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
    session, notices = guided.begin(journal, given, [s.id for s in sets], agreed or [],
                                    answers)
    for line in notices:
        render.notice(line)
    run(journal, session, catalog)
