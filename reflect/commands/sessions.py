"""Recording and reading sessions: init, new, list, show, delete."""

from __future__ import annotations

import re
import sys
from typing import Annotated, Literal

import typer

from reflect import config, render
from reflect.commands.context import state
from reflect.commands.options import DateFrom, DateTo, Json, Kind, Role, Tag, With, Yes
from reflect.dates import parse_date
from reflect.editor import edit_text
from reflect.errors import BadInput
from reflect.records import default_title

app = typer.Typer()

EDITOR_TEMPLATE = """

<!--
Write your reflection on the session above this comment: what was discussed,
what you decided, what you will take forward. This comment is removed.
Save and close the editor to record the session; leave it empty to cancel.
-->
"""


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _body_from_editor() -> str:
    text = edit_text(EDITOR_TEMPLATE)
    body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).strip()
    if not body:
        raise BadInput("the note was empty; no session was recorded")
    return body


def _read_body(body: str | None) -> str:
    if body == "-":
        return sys.stdin.read().strip()
    if body is not None:
        return body.strip()
    if _interactive():
        return _body_from_editor()
    raise BadInput("no note given and no terminal to ask on",
                   hint="pass --body TEXT, or --body - to read it from stdin")


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the journal if it does not exist yet, and print where it is.

    Example: reflect --journal ~/supervision.db init
    """
    st = state(ctx)
    existed = st.journal_path.exists()
    journal = st.journal()
    render.notice("Journal already exists." if existed else "Created a new journal.")
    render.print_line(str(journal.path))


@app.command()
def new(
    ctx: typer.Context,
    held_on: Annotated[str, typer.Option(
        "--date", metavar="DATE",
        help="When the session took place: YYYY-MM-DD, today, yesterday, 3 days ago, monday.")
    ] = "today",
    title: Annotated[str | None, typer.Option(help="Title of the note.")] = None,
    with_name: Annotated[str | None, typer.Option(
        "--with", metavar="NAME", help="The other person (added to people if new).")] = None,
    role: Role = None,
    kind: Kind = None,
    duration: Annotated[int | None, typer.Option(
        min=1, metavar="MINUTES", help="How long the session lasted, in minutes.")] = None,
    tags: Annotated[list[str] | None, typer.Option(
        "--tag", help="A tag for the session; repeat for more.")] = None,
    body: Annotated[str | None, typer.Option(
        metavar="TEXT", help="The note's text, or - to read it from stdin.")] = None,
) -> None:
    """Record a supervision session; prints its id.

    Example: reflect new --with 'Sam Jones' --tag workload --body 'We reviewed my caseload.'
    """
    day = parse_date(held_on)
    settings = config.load()
    text = _read_body(body)
    journal = state(ctx).journal()
    session, notices = journal.add_session(
        held_on=day,
        title=(title or "").strip() or default_title(with_name and " ".join(with_name.split())),
        kind=kind or settings["kind"],
        role=role or settings["role"],
        with_name=with_name,
        duration=duration,
        body=text,
        tags=tags or [],
    )
    for line in notices:
        render.notice(line)
    render.print_line(session.id)


@app.command("list")
def list_sessions(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", min=1, help="Show at most this many sessions.")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    with_name: With = None,
    tag: Tag = None,
    kind: Kind = None,
    as_json: Json = False,
) -> None:
    """List sessions, newest first.

    Example: reflect list --with 'Sam Jones' --from 'end of march' -n 10
    """
    from reflect.store import SessionFilter

    criteria = SessionFilter(
        date_from=parse_date(date_from) if date_from else None,
        date_to=parse_date(date_to) if date_to else None,
        with_name=with_name, tag=tag, kind=kind, limit=limit,
    )
    sessions = state(ctx).journal().sessions(criteria)
    if as_json:
        render.print_json([s.summary() for s in sessions])
    else:
        render.sessions_table(sessions)


NoteFormat = Literal["markdown", "json"]


@app.command()
def show(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(
        metavar="ID", help="The session's id, or a unique prefix of 4+ characters.")],
    output: Annotated[NoteFormat | None, typer.Option(
        "--format",
        help="markdown (raw note) or json (full record). Default: rendered on a terminal, "
             "markdown otherwise.")] = None,
) -> None:
    """Show one session as a note.

    Example: reflect show 3fa8 --format markdown > note.md
    """
    from reflect.notes import session_markdown

    session = state(ctx).journal().session(session_id)
    if output == "json":
        render.print_json(session.to_dict())
    elif output == "markdown":
        render.print_line(session_markdown(session).rstrip("\n"))
    else:
        render.print_markdown(session_markdown(session))


@app.command()
def delete(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(
        metavar="ID", help="The session's id, or a unique prefix of 4+ characters.")],
    yes: Yes = False,
) -> None:
    """Erase a session for good (asks first).

    Example: reflect delete 3fa8 --yes
    """
    journal = state(ctx).journal()
    session = journal.session(session_id)
    label = f"{session.held_on} '{session.title}' ({session.id[:8]})"
    if not yes:
        if not _interactive():
            raise BadInput("deleting needs confirmation and there is no terminal to ask on",
                           hint="pass --yes")
        if not typer.confirm(f"Erase the session {label}? This cannot be undone", default=False):
            render.notice("Nothing deleted.")
            return
    journal.delete_session(session.id)
    render.notice(f"Deleted the session {label}.")
