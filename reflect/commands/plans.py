"""Difficult conversations: `reflect plan` prepares one with DESC, `reflect held` records
that it took place and what was said and agreed.

A plan is an entry of kind "plan": private preparation, not a supervision session, so it
counts for no gap, frequency or total. Its DESC steps stay private until it is held.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.reflection.recording import SessionFields
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.settings.vocabulary import PLAN
from reflect.terminal import completion, render
from reflect.terminal.ask import ask_line, interactive

app = typer.Typer()


@app.command()
def plan(
    ctx: typer.Context,
    with_name: Annotated[str | None, typer.Option(
        "--with", metavar="NAME", autocompletion=completion.people,
            help="Who the conversation is with (added to people if new).")
    ] = None,
    on: Annotated[str | None, typer.Option(
        "--on", metavar="DATE", help="When you plan to have it (may be in the future).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title of the plan.")] = None,
    answers: Annotated[str | None, typer.Option(
        "--answers", metavar="FILE",
        help="The DESC answers from a YAML or JSON file (- for stdin); nothing is asked.")
    ] = None,
) -> None:
    """Plan a difficult conversation with DESC; prints the plan's id.

    The plan is private preparation, not a session: it is listed when you prepare a
    session with that person, until `reflect held ID` records what was said and agreed.

    Example: reflect plan --with 'Sam Jones' --on friday
    """
    from reflect.terminal.interview import start

    name = " ".join(with_name.split()) if with_name else None
    planned = parse_date(on) if on else None
    fields = SessionFields(held_on=date.today(), with_name=name, kind=PLAN,
                           title=(title or "").strip() or _title(name))
    known = {key: value for key, value in (("partner", name), ("planned_for", planned and
                                                                 planned.isoformat()))
             if value}
    journal = state(ctx).journal()
    if answers is not None:
        _record_from_file(journal, fields, answers, known, titled=bool(title))
        return
    if not interactive():
        raise BadInput("planning needs a terminal to ask on", hint="pass --answers FILE")
    if name is None:
        fields.with_name = " ".join(ask_line(
            "Who is the conversation with? (Enter to skip): ").split()) or None
        fields.title = (title or "").strip() or _title(fields.with_name)
        if fields.with_name:
            known["partner"] = fields.with_name
    start(journal, fields, ["desc"], answers={"desc": known} if known else None)


def _title(name: str | None) -> str:
    return f"Conversation with {name}" if name else "Planned conversation"


def _record_from_file(journal, fields: SessionFields, source: str, known: dict,
                      titled: bool) -> None:
    from reflect.commands.sessions import _read_answers
    from reflect.reflection.guided import record_answers
    from reflect.reflection.promptsets import load_catalog

    parsed = _read_answers(source)
    others = sorted(set(parsed.answers) - {"desc"})
    if others:
        raise BadInput(f"{source}: a plan holds DESC answers only, not {', '.join(others)}")
    parsed.answers = {"desc": {**known, **parsed.answers.get("desc", {})}}
    if parsed.held_on is not None and parsed.held_on != fields.held_on:
        raise BadInput(f"{source}: a plan is dated the day it is made; give the day of the "
                       "conversation as desc: planned_for (or --on)")
    if parsed.title and not titled:
        fields.title = parsed.title
    session, notices = record_answers(journal, fields, parsed=parsed, catalog=load_catalog())
    for line in notices:
        render.notice(line)
    render.print_line(session.id)


@app.command()
def held(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(
        autocompletion=completion.session_ids,
        metavar="ID", help="The plan, or the session where the DESC conversation was planned.")],
    said: Annotated[str | None, typer.Option(
        metavar="TEXT", help="What was said, for the record.")] = None,
    agreed: Annotated[str | None, typer.Option(
        metavar="TEXT", help="What you agreed, for the record.")] = None,
) -> None:
    """Mark a planned DESC conversation as held, with what was said and agreed.

    Preparation stops listing it, and the plan joins the record. On a terminal, what was
    said and agreed is asked for when not given.

    Example: reflect held 3fa8 --said 'We went through the records' --agreed 'Notes within
    a week of each visit'
    """
    journal = state(ctx).journal()
    session = journal.live_session(session_id)
    if "desc" not in session.answers:
        raise BadInput(f"session {session.id[:8]} has no DESC plan")
    if session.status == "draft":
        raise BadInput(f"{session.id[:8]} is a draft still being planned",
                       hint=f"finish it first: reflect resume {session.id[:8]}")
    before = session.answers["desc"]
    if before.get("held") is True and said is None and agreed is None:
        raise BadInput(f"the conversation planned in {session.id[:8]} is already marked held",
                       hint="give --said or --agreed to change what is recorded")
    if said is None and agreed is None:
        if not interactive():
            raise BadInput("say what was said and agreed, for the record",
                           hint="pass --said TEXT and --agreed TEXT")
        said = ask_line("What was said? (Enter to skip): ")
        agreed = ask_line("What did you agree? (Enter to skip): ")
    record = {key: text.strip() for key, text in (("said", said), ("agreed", agreed))
              if text and text.strip()}
    answers = {**session.answers, "desc": {**before, "held": True, **record}}
    journal.update_session(session.id, {"answers": answers})
    again = " (what was recorded before is kept as an earlier version)" if before.get(
        "held") is True else ""
    render.notice(f"Marked the conversation planned on {session.held_on} as held{again}.")
