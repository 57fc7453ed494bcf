"""Looking across sessions: prepare the next session with someone, and stats."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import DateFrom, DateTo, Json, NoPager, Role, With, Yes
from reflect.settings import config
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.terminal import completion, render

app = typer.Typer()


@app.command()
def prepare(
    ctx: typer.Context,
    with_name: Annotated[str, typer.Option(
        "--with", metavar="NAME", autocompletion=completion.people,
            help="The person the next session is with.")],
    role: Role = None,
    last: Annotated[int | None, typer.Option(
        min=1, metavar="N", help="Recent sessions to look over (default: prepare_sessions).")
    ] = None,
    threshold: Annotated[int | None, typer.Option(
        min=1, max=50, metavar="PCT",
        help="A function under this share is neglected (default: neglect_threshold).")] = None,
    due_within: Annotated[int | None, typer.Option(
        min=1, metavar="DAYS", help="Goals due within this many days (default: "
                                    "goals_window_days).")] = None,
    length: Annotated[int | None, typer.Option(
        min=5, metavar="MINUTES", help="Session length for the agenda (default: the "
                                       "contract's, else 60).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE",
        help="Also write the agenda as markdown here (- for stdout).")] = None,
    force: Yes = False,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    """Prepare the next session with someone: an agenda from the journal alone.

    Example: reflect prepare --with 'Sam Jones' --out agenda.md
    """
    from reflect.insight.prepare import prepare as build
    from reflect.journal.sessions import SessionFilter
    from reflect.settings.templates import render as render_template

    if out is not None and str(out) == "-":  # stdout: the agenda as it is shown anyway
        if as_json:
            raise BadInput("--out - and --json would both print on stdout",
                           hint="give --out a file name, or leave out one of them")
        out = None
    journal = state(ctx).journal()
    person = journal.people.get(with_name)
    settings = config.load()
    side = role or _my_role(person.role, settings["role"])
    sessions = journal.sessions(SessionFilter(with_name=person.name))
    elsewhere = _plans_with(journal, person.name, {s.id for s in sessions})
    insight = build(
        person.name, sessions, journal.goals.with_person(person.name),
        journal.goals.actions_with(person.name), journal.people.contract(person.name),
        date.today(), last_n=last or settings["prepare_sessions"],
        threshold=threshold or settings["neglect_threshold"],
        goals_within_days=due_within or settings["goals_window_days"], length_minutes=length,
        role=side, private=_private_prompts(sessions), elsewhere=elsewhere)
    text = render_template("agenda.md.j2", p=insight, role=side) if out or not as_json \
        else ""
    if out is not None:  # the file, then on stdout the JSON (--json) or only its path
        from reflect.sharing.outfiles import write_file

        write_file(out, text.encode("utf-8"), force, state(ctx).journal_path)
        render.notice(f"Agenda written to {out}.")
    if as_json:
        render.print_json(insight)
    elif out is not None:
        render.print_line(str(out))
    else:
        render.print_markdown(text, paged=not no_pager)


def _plans_with(journal, name: str, seen: set[str]) -> list:
    """DESC plans in entries with someone else for a conversation with `name`."""
    from reflect.journal.sessions import SessionFilter
    from reflect.models.desc import partner_of

    return [s for s in journal.sessions(SessionFilter(models=["desc"]))
            if s.id not in seen and (partner_of(s) or "").lower() == name.lower()]


def _my_role(their_role: str | None, usual: str) -> str:
    """My part in sessions with someone: the other side of theirs, else my usual one."""
    return {"supervisee": "supervisor", "supervisor": "supervisee"}.get(their_role or "", usual)


def _private_prompts(sessions) -> dict[str, set[str]]:
    """The prompts kept out of the record, read from the prompt sets only when some record
    was agreed: its agreed hash covers the record alone."""
    if not any(s.agreed_hash for s in sessions):
        return {}
    from reflect.reflection.privacy import private_prompts
    from reflect.reflection.promptsets import load_catalog

    return private_prompts(load_catalog())


@app.command()
def stats(
    ctx: typer.Context,
    with_name: With = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    as_json: Json = False,
) -> None:
    """Figures across sessions: frequency, balance, interventions, development, goals.

    Example: reflect stats --with 'Sam Jones' --from 2026-01-01
    """
    from reflect.insight.stats import stats as build
    from reflect.journal.goals import GoalFilter
    from reflect.journal.sessions import SessionFilter

    journal = state(ctx).journal()
    name = journal.people.get(with_name).name if with_name else None
    sessions = journal.sessions(SessionFilter(  # figures need no reflection text
        with_name=name, date_from=parse_date(date_from) if date_from else None,
        date_to=parse_date(date_to) if date_to else None, texts=False))
    goals = journal.goals.with_person(name) if name else journal.goals.list(
        GoalFilter(status=None))
    contract = journal.people.contract(name) if name else None
    # The whole journal is read per person: each one's development and gap on its own.
    contracts = None if name else _contracts(journal, sessions)
    figures = build(sessions, goals, contract, today=date.today(), contracts=contracts)
    if as_json:
        render.print_json(figures)
    else:
        render.stats_view(figures, name)


def _contracts(journal, sessions) -> dict:
    """The latest contract with each person the sessions name, for their own gap."""
    names = {s.with_name for s in sessions if s.with_name}
    return {name: found for name in sorted(names)
            if (found := journal.people.contract(name)) is not None}
