"""Agreed actions: the short tasks a session agrees (add, list, done)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import Json
from reflect.goals.drafts import parse_action
from reflect.settings.dates import parse_date
from reflect.terminal import completion, listing, render

app = typer.Typer(help="Agreed actions: who does what by when.", no_args_is_help=True)


@app.command()
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What, optionally 'by DATE'.")],
    who: Annotated[str | None, typer.Option(
        "--who", metavar="NAME", autocompletion=completion.people,
            help="Who does it (a person in the journal); default: me.")
    ] = None,
    session: Annotated[str | None, typer.Option(
        metavar="ID", help="The session that agreed it.")] = None,
) -> None:
    """Record an agreed action; prints its id.

    Example: reflect action add 'Send the chronology to Jo by friday' --who Jo
    """
    what, due = parse_action(text, date.today())
    journal = state(ctx).journal()
    session_id = journal.resolve_session_id(session) if session else None
    render.print_line(journal.goals.add_action(what, who, due, session_id).id)


@app.command("list")
def list_actions(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only actions not yet done.")
                         ] = False,
    who: Annotated[str | None, typer.Option(
        "--who", metavar="NAME", autocompletion=completion.people,
            help="Only actions for this person.")] = None,
    as_json: Json = False,
) -> None:
    """List agreed actions: open first by due date, overdue marked.

    Example: reflect action list --open --json
    """
    today = date.today()
    actions = state(ctx).journal().goals.actions(open_only=open_only, who=who)
    if as_json:
        render.print_json([a.to_dict(today) for a in actions])
    else:
        listing.actions_table(actions, today)


@app.command()
def done(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=completion.action_ids,
        help="The action's id (4+ chars).")],
    on: Annotated[str, typer.Option("--date", metavar="DATE", help="When it was done.")
                  ] = "today",
) -> None:
    """Tick an agreed action as done.

    Example: reflect action done 9b2d
    """
    journal = state(ctx).journal()
    action = journal.goals.action(action_id)
    if action.done_on is not None:
        render.notice(f"Already done on {action.done_on}: {action.what}")
        return
    journal.goals.mark_done(action.id, parse_date(on))
    render.notice(f"Done: {action.what}")
