"""Option types shared by several commands, so each is declared once."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.settings.vocabulary import EntryKindName, KindName, RoleName
from reflect.terminal import completion

Json = Annotated[bool, typer.Option("--json", help="Print JSON on stdout, for scripts.")]
DateFrom = Annotated[str | None, typer.Option(
    "--from", metavar="DATE", help="Only sessions on or after this date.")]
DateTo = Annotated[str | None, typer.Option(
    "--to", metavar="DATE", help="Only sessions on or before this date.")]
With = Annotated[str | None, typer.Option(
    "--with", metavar="NAME", autocompletion=completion.people,
    help="Only sessions with this person.")]
Tag = Annotated[str | None, typer.Option(
    "--tag", autocompletion=completion.tags, help="Only sessions with this tag.")]
Kind = Annotated[KindName | None, typer.Option("--kind", help="Kind of session.")]
EntryKind = Annotated[EntryKindName | None, typer.Option(
    "--kind", help="Kind of entry: a kind of session, or plan (conversations planned with "
                   "reflect plan).")]
Role = Annotated[RoleName | None, typer.Option(
    "--as", metavar="ROLE", help="Your part in the session.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
NoPager = Annotated[bool, typer.Option(
    "--no-pager", help="Print straight to the terminal, not through $PAGER (as reflect "
                       "--no-pager does for every command).")]
