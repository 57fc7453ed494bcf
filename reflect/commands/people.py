"""People and supervision contracts: person add/list/show/rename/merge, contract set/show."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import Json, NoPager, Role, Yes
from reflect.insight.contracts import AREAS, TERM_LABELS, TEXT_TERMS, new_terms
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.terminal import completion, listing, render
from reflect.terminal.ask import ask_line, interactive
from reflect.terminal.conflicts import kept_copies

person_app = typer.Typer(help="The people you supervise or are supervised by.",
                         no_args_is_help=True)
contract_app = typer.Typer(help="Supervision contracts, versioned.", no_args_is_help=True)

Name = Annotated[str, typer.Argument(
    metavar="NAME", autocompletion=completion.people, help="The person's name.")]


@person_app.command("add")
def person_add(
    ctx: typer.Context,
    name: Name,
    role: Role = None,
    team: Annotated[str | None, typer.Option(metavar="TEAM", help="Their team.")] = None,
) -> None:
    """Add a person (or update their role and team).

    Example: reflect person add 'Sam Jones' --as supervisee --team 'Duty and assessment'
    """
    person, created = state(ctx).journal().people.add(name, role, team)
    render.notice(f"{'Added' if created else 'Updated'} {person.name}.")


@person_app.command("list")
def person_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List people with their last session, sessions, open goals and next due date.

    Example: reflect person list --json
    """
    rows = state(ctx).journal().people.summaries()
    for row in rows:
        row.pop("id")
    if as_json:
        render.print_json(rows)
    else:
        listing.people_table(rows)


@person_app.command("show")
def person_show(ctx: typer.Context, name: Name, as_json: Json = False) -> None:
    """A person's history in brief: sessions, goals, actions and contract.

    Example: reflect person show 'Sam Jones'
    """
    from reflect.journal.goals import GoalFilter
    from reflect.journal.sessions import SessionFilter
    from reflect.journal.vault import person_key

    journal = state(ctx).journal()
    person = journal.people.get(name)
    today = date.today()
    entries = journal.sessions(SessionFilter(with_name=person.name))
    goals = journal.goals.list(GoalFilter(status=None, partner=person.name))
    contract = journal.people.contract(person.name)
    data = {"name": person.name, "role": person.role, "team": journal.people.team(person),
            "sessions": [s.summary() for s in entries if not s.is_plan],
            "plans": [s.summary() for s in _plans(journal, person.name)],  # not sessions
            "goals": [g.to_dict(today) for g in goals],
            "actions_open": [a.to_dict(today) for a in journal.goals.actions_with(person.name)],
            "contract": contract.to_dict() if contract else None,
            "kept_copies": journal.vault.kept_copies("person", person_key(person.name))}
    if as_json:
        render.print_json(data)
    else:
        render.person_summary(data)
        kept_copies(data["kept_copies"], data)


@person_app.command("rename")
def person_rename(
    ctx: typer.Context,
    name: Name,
    new_name: Annotated[str, typer.Argument(metavar="NEW", help="The new name.")],
) -> None:
    """Rename a person everywhere.

    Example: reflect person rename 'Sam Jones' 'Sam Jones-Okafor'
    """
    person = state(ctx).journal().people.rename(name, new_name)
    render.notice(f"Renamed to {person.name}.")


@person_app.command("merge")
def person_merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="A", autocompletion=completion.people,
        help="The duplicate, removed after.")],
    target: Annotated[str, typer.Argument(metavar="B", autocompletion=completion.people,
        help="The one to keep.")],
    yes: Yes = False,
) -> None:
    """Merge person A into B: every session, goal, action and contract moves to B.

    Example: reflect person merge 'S Jones' 'Sam Jones' --yes
    """
    journal = state(ctx).journal()
    a, b = journal.people.get(source), journal.people.get(target)
    if not yes:
        if not interactive():
            raise BadInput("merging needs confirmation and there is no terminal to ask on",
                           hint="pass --yes")
        if not typer.confirm(f"Move everything of {a.name} to {b.name}, and remove {a.name}?",
                             default=False, err=True):
            render.notice("Nothing merged.")
            return
    moved = journal.people.merge(a.name, b.name)
    render.notice(f"Merged {a.name} into {b.name}: "
                  + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in moved.items()) + ".")


def _plans(journal, name: str) -> list:
    """Conversations planned with `name`: plans whose conversation is with them."""
    from reflect.journal.sessions import SessionFilter
    from reflect.models.desc import partner_of
    from reflect.settings.vocabulary import PLAN

    return [s for s in journal.sessions(SessionFilter(kind=PLAN))
            if (partner_of(s) or "").lower() == name.lower()]


def _walk_terms(current: dict) -> dict:
    """Ask each term at the terminal; Enter keeps what is there."""
    changes: dict = {}
    for key in (*TEXT_TERMS, "history"):
        shown = current.get(key)
        typed = ask_line(f"{TERM_LABELS[key]}{f' [{shown}]' if shown else ''}: ").strip()
        if typed:
            changes[key] = int(typed) if key == "length_minutes" and typed.isdecimal() else typed
    render.notice("Open for discussion: " + ", ".join(f"{k} ({v})" for k, v in AREAS.items()))
    typed = ask_line("Areas (ids or your own words, comma-separated; Enter keeps): ").strip()
    if typed:
        changes["areas"] = [item for item in typed.split(",") if item.strip()]
    return changes


@contract_app.command("set")
def contract_set(
    ctx: typer.Context,
    name: Name,
    frequency: Annotated[str | None, typer.Option(
        metavar="TEXT", help="How often: every 4 weeks, fortnightly, monthly.")] = None,
    length: Annotated[int | None, typer.Option(
        min=1, metavar="MINUTES", help="Usual length of a session.")] = None,
    format_: Annotated[str | None, typer.Option(
        "--format", metavar="TEXT", help="One-to-one, group, virtual ...")] = None,
    agenda_owner: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Who owns the agenda and the time.")] = None,
    areas: Annotated[list[str] | None, typer.Option(
        "--area", metavar="AREA", help=f"Open for discussion ({', '.join(AREAS)}, or your own "
                                       "words); repeat for more.")] = None,
    roles: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Roles and responsibilities of each party.")] = None,
    dual_role: Annotated[str | None, typer.Option(
        metavar="TEXT", help="How the two roles are handled when the supervisor is also the "
                             "line manager.")] = None,
    accountability: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Regulatory and accountability matters (registration, "
                             "standards, who is accountable for case decisions).")] = None,
    confidentiality: Annotated[str | None, typer.Option(
        metavar="TEXT", help="The limits of confidentiality.")] = None,
    records: Annotated[str | None, typer.Option(
        metavar="TEXT", help="How sessions are recorded and who agrees the record.")] = None,
    support: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Support options agreed at the outset: employee assistance, "
                             "debriefing after difficult events.")] = None,
    learning_styles: Annotated[str | None, typer.Option(
        metavar="TEXT", help="How each of you learns best.")] = None,
    preparation: Annotated[str | None, typer.Option(
        metavar="TEXT", help="How each of you prepares for a session.")] = None,
    history: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Notes on supervision so far.")] = None,
    review: Annotated[str | None, typer.Option(
        metavar="DATE", help="When to review the contract (default: in 12 months).")] = None,
) -> None:
    """Record the supervision contract with a person (a new version each time).

    Example: reflect contract set 'Sam Jones' --frequency 'every 4 weeks' --length 90
    --area wellbeing --area ethics --review 'in 12 months'
    """
    journal = state(ctx).journal()
    person = journal.people.get(name)
    current = journal.people.contract(person.name)
    changes = {"frequency": frequency, "length_minutes": length, "format": format_,
               "agenda_owner": agenda_owner, "areas": areas,
               "roles": roles, "dual_role": dual_role, "accountability": accountability,
               "confidentiality": confidentiality, "records": records, "support": support,
               "learning_styles": learning_styles, "preparation": preparation,
               "history": history}
    if all(v is None for v in changes.values()) and review is None:
        if not interactive():
            raise BadInput("no terms given and no terminal to ask on",
                           hint="pass --frequency, --length, --area ...")
        changes = _walk_terms(current.terms if current else {})
    terms = new_terms(current.terms if current else None, changes)
    review_on = parse_date(review) if review else (
        current.review_on if current else parse_date("in 12 months"))
    contract = journal.people.set_contract(person.name, terms, review_on)
    render.notice(f"Contract with {person.name}: version {contract.version}.")


@contract_app.command("show")
def contract_show(
    ctx: typer.Context,
    name: Name,
    version: Annotated[int | None, typer.Option(
        min=1, help="An earlier version (default: the latest).")] = None,
    as_json: Json = False,
    no_pager: NoPager = False,
) -> None:
    """Show the contract with a person, as markdown.

    Example: reflect contract show 'Sam Jones' --version 1
    """
    from reflect.settings.templates import render as render_template

    journal = state(ctx).journal()
    versions = journal.people.contracts(name)
    if not versions:
        raise BadInput(f"no contract recorded with {journal.people.get(name).name}",
                       hint=f"reflect contract set {name!r}")
    chosen = versions[-1] if version is None else next(
        (c for c in versions if c.version == version), None)
    if chosen is None:
        raise BadInput(f"no version {version}; there are {len(versions)}")
    if as_json:
        render.print_json(chosen.to_dict())
        return
    render.print_markdown(render_template("contract.md.j2", contract=chosen,
                                          labels=TERM_LABELS, text_terms=TEXT_TERMS,
                                          versions=len(versions)), paged=not no_pager)
