"""Recording and reading sessions: init, new, list, show, delete."""

from __future__ import annotations

import re
import sys
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated, Literal

import typer

from reflect.commands.context import state
from reflect.commands.crypto import Encrypt, Remember, init_journal
from reflect.commands.options import (
    DateFrom,
    DateTo,
    EntryKind,
    Json,
    Kind,
    NoPager,
    Role,
    Tag,
    With,
)
from reflect.settings import config
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.terminal import ask, completion, listing, render

app = typer.Typer()

EDITOR_TEMPLATE = """

<!--
Write your reflection on the session above this comment: what was discussed,
what you decided, what you will take forward. This comment is removed.
Save and close the editor to record the session; leave it empty to cancel.
-->
"""


def _body_from_editor() -> str:
    from reflect.terminal.editor import edit_text

    text = edit_text(EDITOR_TEMPLATE)
    body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).strip()
    if not body:
        raise BadInput("the note was empty; no session was recorded")
    return body


def _read_body(body: str) -> str:
    return sys.stdin.read().strip() if body == "-" else body.strip()


def _read_answers(source: str):
    """A checked answers file (or stdin with -); every problem is reported together."""
    from reflect.reflection.promptsets import load_catalog
    from reflect.reflection.recording import parse_answers
    from reflect.settings.datafiles import parse_yaml, read_text

    text = sys.stdin.read() if source == "-" else read_text(Path(source))
    label = "stdin" if source == "-" else source
    return parse_answers(parse_yaml(text, label), label, load_catalog())


@app.command()
def init(ctx: typer.Context, encrypt: Encrypt = False, remember: Remember = False) -> None:
    """Create the journal if it does not exist yet, and print where it is.

    Example: reflect --journal ~/supervision.db init --encrypt
    """
    st = state(ctx)
    existed = st.journal_path.exists()
    journal = init_journal(st, encrypt, remember)
    render.notice("Journal already exists." if existed else "Created a new journal.")
    render.print_line(str(journal.path))


ModelOption = Annotated[list[str] | None, typer.Option(
    "--model", "-m", metavar="MODEL", autocompletion=completion.models,
    help="A supervision model to be guided through (proctor, heron, stoltenberg, desc); "
         "repeat for more. Default: the default_models setting.")]


@app.command()
def new(
    ctx: typer.Context,
    held_on: Annotated[str | None, typer.Option(
        "--date", metavar="DATE",
        help="When the session took place: YYYY-MM-DD, today, yesterday, 3 days ago, monday. "
             "Default: today.")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the note.")] = None,
    with_name: Annotated[str | None, typer.Option(
        "--with", metavar="NAME", autocompletion=completion.people,
            help="The other person (added to people if new).")] = None,
    role: Role = None,
    kind: Kind = None,
    duration: Annotated[int | None, typer.Option(
        min=1, metavar="MINUTES", help="How long the session lasted, in minutes.")] = None,
    tags: Annotated[list[str] | None, typer.Option(
        "--tag", autocompletion=completion.tags,
            help="A tag for the session; repeat for more.")] = None,
    attendees: Annotated[list[str] | None, typer.Option(
        "--attendee", metavar="NAME",
        help="Someone else present (group, peer, action learning); repeat for more.")] = None,
    presenter: Annotated[str | None, typer.Option(
        metavar="NAME", help="Action learning: who presented the issue.")] = None,
    issue: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Action learning: the issue presented.")] = None,
    body: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Free reflection without an interview, or - to read it from stdin."
    )] = None,
    private: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Private reflection, kept apart from the record and out of "
                             "exports; - reads stdin.")] = None,
    editor: Annotated[bool, typer.Option(
        "--editor", help="Write free reflection in $VISUAL/$EDITOR instead of an interview.")
    ] = False,
    answers: Annotated[str | None, typer.Option(
        "--answers", metavar="FILE",
        help="Record a whole guided session from a YAML or JSON file (- for stdin); "
             "nothing is asked.")] = None,
    models: ModelOption = None,
    actions: Annotated[list[str] | None, typer.Option(
        "--action", metavar="TEXT",
        help="An agreed action, 'what by when' (e.g. 'send the plan to Jo by friday'); "
             "repeat for more.")] = None,
) -> None:
    """Record a supervision session (guided, free text, or from a file); prints its id.

    Example: reflect new --with 'Sam Jones' -m proctor -m heron
    """
    from reflect.goals.drafts import parse_action
    from reflect.reflection.recording import SessionFields, record_free_text
    from reflect.terminal import interview

    given = SessionFields(
        held_on=parse_date(held_on) if held_on else None, title=(title or "").strip() or None,
        with_name=" ".join(with_name.split()) if with_name else None, role=role, kind=kind,
        duration=duration, tags=tags or [], attendees=attendees or [], presenter=presenter,
        issue_presented=(issue or "").strip() or None)
    if [answers, body, private].count("-") > 1:
        raise BadInput("only one of --answers, --body and --private can read stdin (-)")
    agreed = [parse_action(text, date.today()) for text in actions or []]
    if answers is not None:
        parsed = _read_answers(answers)
        if body is not None:
            parsed.body = _read_body(body)
        if private is not None:
            parsed.private = _read_body(private)
        if not parsed.answers and not parsed.body and not parsed.private:
            raise BadInput(f"{answers}: no answers and no body; nothing to record")
        from reflect.reflection.guided import record_answers
        from reflect.reflection.promptsets import load_catalog

        record = partial(record_answers, parsed=parsed, catalog=load_catalog())
    elif body is not None or editor or private is not None:
        if ask.interactive():  # a person at the keyboard: what is due comes up first
            interview.show_reminders(state(ctx).journal(), given.with_name)
        text = _read_body(body) if body is not None else (_body_from_editor() if editor else "")
        kept = _read_body(private) if private is not None else ""
        if not text and not kept:
            raise BadInput("the note is empty; nothing was recorded")
        record = partial(record_free_text, text=text, private=kept)
    elif ask.interactive():
        journal = state(ctx).journal()
        interview.show_reminders(journal, given.with_name)
        interview.start(journal, given, models or config.load()["default_models"], agreed)
        return
    else:
        raise BadInput("nothing to record and no terminal to ask on",
                       hint="pass --body TEXT, --body - (stdin) or --answers FILE")
    journal = state(ctx).journal()
    session, notices = record(journal, given, actions=agreed)
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
    kind: EntryKind = None,
    as_json: Json = False,
) -> None:
    """List sessions, newest first (and plans, marked plan in the kind column).

    Example: reflect list --with 'Sam Jones' --from 'end of march' -n 10
    """
    from reflect.journal.sessions import SessionFilter

    criteria = SessionFilter(
        date_from=parse_date(date_from) if date_from else None,
        date_to=parse_date(date_to) if date_to else None,
        with_name=with_name, tag=tag, kind=kind, limit=limit,
        texts=False,  # a listing shows no reflection: only agreed records are read whole
    )
    journal = state(ctx).journal()
    sessions = journal.sessions(criteria)
    rows = _with_agreement(journal, sessions)
    if as_json:
        render.print_json(rows)
    else:
        listing.sessions_table(sessions, rows, filtered=any(
            (date_from, date_to, with_name, tag, kind)))


def _with_agreement(journal, sessions) -> list[dict]:
    """Each session's summary with when it was agreed and whether it changed since (the
    agreed ones read whole: the sessions listed come without their reflection)."""
    private, whole = {}, {}
    agreed = [s.id for s in sessions if s.agreed_hash]
    if agreed:
        from reflect.reflection.privacy import private_prompts
        from reflect.reflection.promptsets import load_catalog

        private = private_prompts(load_catalog())
        whole = {s.id: s for s in journal.sessions_by_id(agreed)}
    from reflect.reflection.privacy import changed_since_agreed

    return [{**s.summary(),
             "agreed_on": s.agreed_on.isoformat() if s.agreed_on else None,
             "changed_since_agreed": bool(s.agreed_hash and
                                          changed_since_agreed(whole[s.id], private))}
            for s in sessions]


NoteFormat = Literal["markdown", "json"]


@app.command()
def show(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(
        metavar="ID", autocompletion=completion.session_ids,
        help="The session's id, or a unique prefix of 4+ characters.")],
    output: Annotated[NoteFormat | None, typer.Option(
        "--format",
        help="markdown (raw note) or json (full record). Default: rendered on a terminal, "
             "markdown otherwise.")] = None,
    no_pager: NoPager = False,
) -> None:
    """Show one session as a note.

    Example: reflect show 3fa8 --format markdown > note.md
    """
    from reflect.journal.goals import GoalFilter
    from reflect.reflection.privacy import changed_since_agreed, private_prompts, split_answers
    from reflect.reflection.results import session_results
    from reflect.sharing.notes import session_markdown

    journal = state(ctx).journal()
    session = journal.live_session(session_id)
    results = session_results(journal, session)
    catalog = None
    if session.answers or session.agreed_hash:  # the prompt sets, only when they tell
        from reflect.reflection.promptsets import load_catalog

        catalog = load_catalog()
    if output == "json":
        private = private_prompts(catalog)
        render.print_json({
            **session.to_dict(), "results": results, "agreed_by": session.agreed_by,
            "agreed_on": session.agreed_on.isoformat() if session.agreed_on else None,
            "changed_since_agreed": bool(changed_since_agreed(session, private)),
            "private_prompts": {m: sorted(kept) for m, kept in split_answers(
                session.answers, private, session.private_answers)[1].items()}})
        return
    note = session_markdown(
        session, results, catalog,
        actions=journal.goals.actions(session_id=session.id),
        goals=journal.goals.list(GoalFilter(status=None, session_id=session.id)))
    if output == "markdown":
        render.print_long(note.rstrip("\n"), paged=not no_pager)
    else:
        render.print_markdown(note, paged=not no_pager)
