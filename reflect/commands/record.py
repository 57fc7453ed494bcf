"""Looking after a record: agree, edit, history, revert, delete and undelete."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import Json, Kind, Role, Yes
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.terminal import ask, completion, render

app = typer.Typer()

SessionId = Annotated[str, typer.Argument(
    metavar="ID", autocompletion=completion.session_ids,
    help="The session's id, or a unique prefix of 4+ characters.")]
DeletedId = Annotated[str, typer.Argument(
    metavar="ID", autocompletion=completion.deleted_session_ids,
    help="The deleted session's id, or a unique prefix of 4+ characters.")]


def _private():
    from reflect.reflection.privacy import private_prompts
    from reflect.reflection.promptsets import load_catalog

    return private_prompts(load_catalog())


@app.command()
def agree(
    ctx: typer.Context,
    session_id: SessionId,
    by: Annotated[str, typer.Option(metavar="NAME", help="Who agreed the record.")],
    on: Annotated[str, typer.Option("--date", metavar="DATE", help="When it was agreed.")
                  ] = "today",
) -> None:
    """Mark a session's record as agreed (private reflection is not part of it).

    Example: reflect agree 3fa8 --by 'Jo Bloggs'
    """
    from reflect.reflection.privacy import digest

    journal = state(ctx).journal()
    session = journal.live_session(session_id)
    name = " ".join(by.split())
    if not name:
        raise BadInput("--by needs a name")
    journal.agree(session.id, name, parse_date(on), digest(session, _private()))
    render.notice(f"Recorded as agreed by {name}.")


def _edit_document(session) -> str:
    import yaml

    front = {"title": session.title, "date": session.held_on.isoformat(),
             "with": session.with_name, "kind": session.kind, "as": session.role,
             "duration": session.duration, "tags": session.tags}
    return ("---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n"
            + session.body.strip() + "\n\n" + PRIVATE_MARK + "\n\n" + session.private.strip()
            + "\n")


PRIVATE_MARK = "<!-- Private reflection below this line: only you see it. -->"


def _parse_document(text: str) -> dict:
    """The fields changed in the editor document (front matter, body, private part)."""
    from reflect.settings.datafiles import parse_yaml

    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise BadInput("the edited note lost its front matter (the part between --- lines); "
                       "nothing was changed")
    front_text, rest = text[4:].split("\n---\n", 1)
    front = parse_yaml(front_text, "the edited note") or {}
    if not isinstance(front, dict):
        raise BadInput("the edited note's front matter must be key: value lines")
    body, _, private = rest.partition(PRIVATE_MARK)
    changes = {"body": body.strip(), "private": private.strip()}
    for key, field in (("title", "title"), ("with", "with_name"), ("kind", "kind"),
                       ("as", "role"), ("duration", "duration")):
        if key in front:
            changes[field] = front[key]
    if "date" in front:
        changes["held_on"] = parse_date(str(front["date"]))
    if "tags" in front:
        changes["tags"] = [str(t) for t in front["tags"] or []]
    return changes


def _read(value: str | None) -> str | None:
    return sys.stdin.read().strip() if value == "-" else value


@app.command()
def edit(
    ctx: typer.Context,
    session_id: SessionId,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="New title.")] = None,
    held_on: Annotated[str | None, typer.Option("--date", metavar="DATE", help="New date.")
                       ] = None,
    with_name: Annotated[str | None, typer.Option(
        "--with", metavar="NAME", autocompletion=completion.people,
            help="The other person.")] = None,
    kind: Kind = None,
    role: Role = None,
    duration: Annotated[int | None, typer.Option(min=1, metavar="MINUTES",
                                                 help="Length in minutes.")] = None,
    body: Annotated[str | None, typer.Option(
        metavar="TEXT", help="New free reflection (the record), or - for stdin.")] = None,
    private: Annotated[str | None, typer.Option(
        metavar="TEXT", help="New private reflection, or - for stdin.")] = None,
    tags: Annotated[list[str] | None, typer.Option(
        "--tag", autocompletion=completion.tags, help="Replace the tags; repeat for more.")] = None,
) -> None:
    """Change a session (the previous version is kept); no options opens $EDITOR.

    Example: reflect edit 3fa8 --title 'Caseload review' --tag workload
    """
    if body == "-" and private == "-":
        raise BadInput("--body - and --private - cannot both read stdin")
    journal = state(ctx).journal()
    session = journal.live_session(session_id)
    changes = {k: v for k, v in {
        "title": title, "held_on": parse_date(held_on) if held_on else None,
        "with_name": with_name, "kind": kind, "role": role, "duration": duration,
        "body": _read(body), "private": _read(private), "tags": tags}.items() if v is not None}
    if not changes:
        if not ask.interactive():
            raise BadInput("nothing to change and no terminal for the editor",
                           hint="pass --title, --body ... or run it on a terminal")
        from reflect.terminal.editor import edit_text

        changes = _parse_document(edit_text(_edit_document(session)))
    journal.update_session(session.id, changes)
    render.notice(f"Saved; the previous version is kept (reflect history {session.id[:8]}).")


@app.command()
def history(
    ctx: typer.Context,
    session_id: SessionId,
    diff: Annotated[int | None, typer.Option(
        "--diff", metavar="N", help="Show what changed from version N to the next.")] = None,
    as_json: Json = False,
) -> None:
    """List a session's versions, or show what one edit changed.

    Example: reflect history 3fa8 --diff 1
    """
    from reflect.journal.history import version_diff, versions_of

    journal = state(ctx).journal()
    session = journal.live_session(session_id)
    versions = versions_of(journal, session)
    if diff is not None:
        render.print_line(version_diff(versions, diff))
    elif as_json:
        render.print_json([{"version": n, "date": when, "current": current}
                           for n, when, _, current in versions])
    else:
        render.versions_table(versions)


@app.command()
def revert(
    ctx: typer.Context,
    session_id: SessionId,
    version: Annotated[int, typer.Argument(metavar="N", help="The version to restore.")],
) -> None:
    """Restore an earlier version (as a new version; nothing is lost).

    Example: reflect revert 3fa8 1
    """
    from reflect.journal.history import changes_to_restore, versions_of

    journal = state(ctx).journal()
    session = journal.live_session(session_id)
    journal.update_session(session.id, changes_to_restore(versions_of(journal, session),
                                                          version))
    render.notice(f"Restored version {version} as a new version.")


@app.command()
def delete(ctx: typer.Context, session_id: SessionId, yes: Yes = False) -> None:
    """Delete a session: hidden from list, search and export until undeleted (asks first).

    Example: reflect delete 3fa8 --yes
    """
    journal = state(ctx).journal()
    session = journal.live_session(session_id)
    label = f"{session.held_on} '{session.title}' ({session.id[:8]})"
    if not yes:
        if not ask.interactive():
            raise BadInput("deleting needs confirmation and there is no terminal to ask on",
                           hint="pass --yes")
        if not typer.confirm(f"Delete the session {label}?", default=False):
            render.notice("Nothing deleted.")
            return
    journal.hide_session(session.id)
    render.notice(f"Deleted the session {label}. reflect undelete {session.id[:8]} brings it "
                  "back; reflect purge --deleted erases it for good.")


@app.command()
def undelete(ctx: typer.Context, session_id: DeletedId) -> None:
    """Bring back a deleted session.

    Example: reflect undelete 3fa8
    """
    journal = state(ctx).journal()
    session = journal.session(session_id)
    if not session.deleted_at:
        raise BadInput(f"session {session.id[:8]} is not deleted")
    journal.unhide_session(session.id)
    render.notice(f"Brought back {session.held_on} '{session.title}'.")
