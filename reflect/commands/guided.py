"""`reflect resume`: continue an unfinished guided interview where it stopped.

The interview itself is `reflect.terminal.interview`'s.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import Json
from reflect.journal.records import Session
from reflect.settings.errors import BadInput
from reflect.terminal import completion, listing, render
from reflect.terminal.ask import ask_line, interactive
from reflect.terminal.interview import run

app = typer.Typer()


def _pick(drafts: list[Session]) -> Session:
    render.drafts_table(drafts)
    while True:
        typed = ask_line(f"Which draft (1-{len(drafts)})? ").strip()
        if typed.isdecimal() and 1 <= int(typed) <= len(drafts):
            return drafts[int(typed) - 1]
        render.notice(f"Type a number from 1 to {len(drafts)}.")


@app.command()
def resume(
    ctx: typer.Context,
    session_id: Annotated[str | None, typer.Argument(
        autocompletion=completion.draft_ids,
        metavar="[ID]", help="The draft to continue; without it, the only draft or a choice.")
    ] = None,
    list_only: Annotated[bool, typer.Option("--list", help="Only list the drafts.")] = False,
    as_json: Json = False,
) -> None:
    """Continue an unfinished guided interview where it stopped.

    Example: reflect resume 3fa8
    """
    journal = state(ctx).journal()
    if session_id is not None:
        chosen = journal.session(session_id)
        if chosen.status != "draft":
            raise BadInput(f"session {chosen.id[:8]} is already final; nothing to resume")
        drafts = [chosen]
    else:
        drafts = journal.drafts()
    if as_json:
        render.print_json([s.summary() for s in drafts])
        return
    if list_only:  # the listing is the answer: on stdout
        listing.drafts_listing(drafts)
        return
    if not drafts:
        render.drafts_table(drafts)
        return
    if not interactive():
        raise BadInput("resuming needs a terminal to ask on",
                       hint="reflect resume --list shows the drafts")
    chosen = drafts[0] if len(drafts) == 1 else _pick(drafts)
    if not chosen.interview:
        raise BadInput(f"draft {chosen.id[:8]} has no interview to continue")
    from reflect.reflection.promptsets import load_catalog

    run(journal, chosen, load_catalog())
