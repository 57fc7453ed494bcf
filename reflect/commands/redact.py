"""The redaction list (redact add/list/remove) and a dry run of redaction (redact text)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import Json
from reflect.settings.errors import BadInput
from reflect.terminal import render

app = typer.Typer(help="Names to hide when sharing, and a check of what redaction does.",
                  no_args_is_help=True)

Name = Annotated[str, typer.Argument(metavar="NAME", help="A name on the redaction list.")]


@app.command("add")
def redact_add(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(
        help="Names to hide (family names, schools ...).")],
) -> None:
    """Add names that redaction hides, such as family names.

    Example: reflect redact add Smith 'Oak Tree Primary'
    """
    store = state(ctx).journal().redact_names
    for name in names:
        stored, added = store.add(name)
        render.notice(f"Added {stored}." if added else f"{stored} is already on the list.")


@app.command("list")
def redact_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List the names that redaction hides, besides your people.

    Example: reflect redact list --json
    """
    rows = state(ctx).journal().redact_names.rows()
    if as_json:
        render.print_json(rows)
        return
    if not rows:
        render.notice("No names on the list; reflect redact add NAME adds one.")
    for row in rows:
        render.print_line(row["name"])


@app.command("remove")
def redact_remove(ctx: typer.Context, name: Name) -> None:
    """Take a name off the redaction list.

    Example: reflect redact remove Smith
    """
    removed = state(ctx).journal().redact_names.remove(name)
    render.notice(f"Removed {removed}.")


def _read_text(text: str | None) -> str:
    if text is not None and text != "-":
        return text
    if text is None and sys.stdin.isatty():
        raise BadInput("no text to redact", hint="give it as an argument, or - for stdin")
    return sys.stdin.read()


@app.command("text")
def redact_text(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(
        metavar="TEXT", help="The text to redact; - or nothing reads stdin.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="List what would be replaced (kind: original -> replacement).")
    ] = False,
) -> None:
    """Redact a text with your people and list, as an export with redaction would.

    Example: reflect redact text "Sam Jones, DOB 03/04/2015" --dry-run
    """
    from reflect.sharing.redact import Redactor

    source = _read_text(text)
    redactor = Redactor.from_journal(state(ctx).journal())
    if not dry_run:
        sys.stdout.write(redactor.text(source) + ("" if source.endswith("\n") else "\n"))
        return
    found = redactor.findings(source)
    if not found:
        render.notice("Nothing to redact.")
    for f in found:
        render.print_line(f"{f.kind}: {' '.join(f.original.split())} -> {f.replacement}")
