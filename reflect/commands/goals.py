"""SMART goals: add (guided or by flags), list, show, review, done, drop, edit, export."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from reflect.commands.context import state
from reflect.commands.options import Json, Yes
from reflect.goals import smart
from reflect.goals.drafts import GoalDraft, drafts_from_data, update_goal, window_end
from reflect.journal.goals import GoalFilter
from reflect.journal.records import Review
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.terminal import completion, listing, render
from reflect.terminal.ask import interactive
from reflect.terminal.conflicts import kept_copies
from reflect.terminal.goal_form import build_goal, checked_fields, save_goals

app = typer.Typer(help="SMART goals from supervision: shape them, track them, review them.",
                  no_args_is_help=True)

GoalId = Annotated[str, typer.Argument(metavar="ID", autocompletion=completion.goal_ids,
    help="The goal's id, or 4+ characters of it.")]
Due = Annotated[str | None, typer.Option(
    "--due", metavar="DATE", help="Report-back date: YYYY-MM-DD, in 3 months, end of march.")]
Partner = Annotated[str | None, typer.Option(
    "--partner", metavar="NAME", autocompletion=completion.people,
        help="Accountability partner (a person in the journal).")]
AllowPast = Annotated[bool, typer.Option(
    "--allow-past", help="Accept a due date in the past (e.g. recording an old goal).")]
Title = Annotated[str | None, typer.Option(metavar="TEXT", help="Short title of the goal.")]
Specific = Annotated[str | None, typer.Option(
    metavar="TEXT", help="Specific: the new practice you will adopt.")]
Measurable = Annotated[str | None, typer.Option(
    metavar="TEXT", help="Measurable: how you will know (feedback, observation, a count).")]
Achievable = Annotated[str | None, typer.Option(
    metavar="TEXT", help="Achievable: the period, resources and evidence.")]
Relevant = Annotated[str | None, typer.Option(
    metavar="TEXT", help="Relevant: the development need or local priority it serves.")]

@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option(help="Short title; when given, nothing is asked.")
                     ] = None,
    specific: Specific = None,
    measurable: Measurable = None,
    achievable: Achievable = None,
    relevant: Relevant = None,
    due: Due = None,
    partner: Partner = None,
    session: Annotated[str | None, typer.Option(
        metavar="ID", help="The session the goal came from.")] = None,
    function: Annotated[str | None, typer.Option(
        metavar="NAME", help="The Proctor function (normative, formative, restorative) or model "
                             "it serves.")] = None,
    from_file: Annotated[Path | None, typer.Option(
        "--from-file", metavar="FILE", help="Goals from YAML or JSON: one mapping or a list.")
    ] = None,
    strict: Annotated[bool, typer.Option(
        help="Refuse (exit 1) a goal that is not fully SMART.")] = False,
    allow_past: AllowPast = False,
    as_json: Json = False,
) -> None:
    """Add a SMART goal (walked through on a terminal); prints its id.

    Example: reflect goal add --title 'Genograms' --specific 'Use a genogram with every new
    family' --measurable 'Supervisor sees three in case files' --due 'in 3 months'
    """
    from reflect.settings.datafiles import parse_yaml, read_text

    given = GoalDraft(title=title or "", specific=specific or "", measurable=measurable or "",
                      achievable=achievable or "", relevant=relevant or "",
                      due=parse_date(due) if due else None, partner=partner, session=session,
                      function=function)
    if from_file is not None:
        drafts = drafts_from_data(parse_yaml(read_text(from_file), str(from_file)),
                                  str(from_file))
    elif title is not None:
        drafts = [given]
    elif interactive():
        drafts = [build_goal(given)]
    else:
        raise BadInput("no goal given and no terminal to ask on",
                       hint="pass --title (and the SMART parts), or --from-file FILE")
    goals = save_goals(state(ctx).journal(), drafts, strict, allow_past)
    if as_json:
        today = date.today()
        render.print_json([goal_json(g, today) for g in goals])
    else:
        for goal in goals:
            render.print_line(goal.id)


def goal_json(goal, today: date) -> dict:
    return {**goal.to_dict(today), "smart": smart.check(goal, today)}


StatusChoice = Literal["open", "achieved", "partly", "dropped", "all"]


@app.command("list")
def list_goals(
    ctx: typer.Context,
    status: Annotated[StatusChoice, typer.Option(help="Which goals to show.")] = "open",
    with_name: Annotated[str | None, typer.Option(
        "--with", metavar="NAME", autocompletion=completion.people,
            help="Only goals with this accountability partner.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue goals.")] = False,
    due_within: Annotated[str | None, typer.Option(
        "--due-within", metavar="PERIOD", help="Only goals due within e.g. 30d, 6w, 3m.")
    ] = None,
    as_json: Json = False,
) -> None:
    """List goals by due date: overdue in red, due within 14 days in yellow.

    Example: reflect goal list --due-within 30d --json
    """
    today = date.today()
    criteria = GoalFilter(status=None if status == "all" else status, partner=with_name,
                          due_before=window_end(due_within, today) if due_within else None)
    goals = state(ctx).journal().goals.list(criteria)
    if overdue:
        goals = [g for g in goals if g.overdue(today)]
    if as_json:
        render.print_json([goal_json(g, today) for g in goals])
    else:
        listing.goals_table(goals, today)


@app.command()
def show(ctx: typer.Context, goal_id: GoalId, as_json: Json = False) -> None:
    """Show one goal: its SMART parts and check, status and reviews.

    Example: reflect goal show 7c1e
    """
    journal = state(ctx).journal()
    goal = journal.goals.goal(goal_id)
    today = date.today()
    kept = journal.vault.kept_copies("goal", goal.id)
    if as_json:
        # copies kept from a sync conflict, only when there are some: the goal object
        # is otherwise the one `goal list` and `goal add --json` print
        render.print_json({**goal_json(goal, today), **({"kept_copies": kept} if kept else {})})
    else:
        render.goal_detail(goal, smart.check(goal, today), today)
        kept_copies(kept, goal.to_dict(today))


@app.command()
def review(
    ctx: typer.Context,
    goal_id: GoalId,
    progress: Annotated[int, typer.Option(help="Progress so far, 0-100 (%).")],
    note: Annotated[str, typer.Option(metavar="TEXT", help="What has happened.")],
    evidence: Annotated[str | None, typer.Option(
        metavar="TEXT", help="What shows it (feedback, an observation, a count).")] = None,
    on: Annotated[str, typer.Option("--date", metavar="DATE", help="Date of the review.")
                  ] = "today",
) -> None:
    """Record a review of a goal's progress.

    Example: reflect goal review 7c1e --progress 60 --note 'Used it with 3 families'
    """
    if not 0 <= progress <= 100:
        raise BadInput(f"progress must be from 0 to 100, not {progress}")
    journal = state(ctx).journal()
    goal = journal.goals.goal(goal_id)
    journal.goals.review(goal.id, Review(parse_date(on), progress, note.strip(), evidence))
    render.notice(f"Reviewed '{goal.title}': {progress}%.")


@app.command()
def done(
    ctx: typer.Context,
    goal_id: GoalId,
    partly: Annotated[bool, typer.Option("--partly", help="Partly achieved.")] = False,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="A closing note.")] = None,
) -> None:
    """Mark a goal achieved (or partly achieved).

    Example: reflect goal done 7c1e --partly --note 'Two of three families'
    """
    journal = state(ctx).journal()
    goal = journal.goals.goal(goal_id)
    status = "partly" if partly else "achieved"
    journal.goals.set_status(goal.id, status, note)
    render.notice(f"'{goal.title}' is now {status}.")


@app.command()
def drop(
    ctx: typer.Context,
    goal_id: GoalId,
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why it is dropped.")],
) -> None:
    """Drop a goal, keeping it and the reason on record.

    Example: reflect goal drop 7c1e --reason 'Moved to the duty team'
    """
    journal = state(ctx).journal()
    goal = journal.goals.goal(goal_id)
    journal.goals.set_status(goal.id, "dropped", reason.strip())
    render.notice(f"'{goal.title}' is dropped.")


@app.command()
def edit(
    ctx: typer.Context,
    goal_id: GoalId,
    title: Title = None,
    specific: Specific = None,
    measurable: Measurable = None,
    achievable: Achievable = None,
    relevant: Relevant = None,
    due: Due = None,
    partner: Partner = None,
    status: Annotated[Literal["open", "achieved", "partly", "dropped"] | None, typer.Option(
        help="Change the status (e.g. reopen).")] = None,
    allow_past: AllowPast = False,
) -> None:
    """Change a goal; with no options on a terminal, walk its SMART parts again.

    Example: reflect goal edit 7c1e --due 'end of march'
    """
    journal = state(ctx).journal()
    goal = journal.goals.goal(goal_id)
    draft = GoalDraft(title=goal.title, specific=goal.specific, measurable=goal.measurable,
                      achievable=goal.achievable, relevant=goal.relevant, due=goal.due,
                      partner=goal.partner, session=goal.session_id, function=goal.function)
    changes = {"title": title, "specific": specific, "measurable": measurable,
               "achievable": achievable, "relevant": relevant, "partner": partner}
    given = {k: v for k, v in changes.items() if v is not None}
    if not given and due is None and status is None:
        if not interactive():
            raise BadInput("nothing to change", hint="pass --title, --due ... or use a terminal")
        draft = build_goal(draft)
    for key, value in given.items():
        setattr(draft, key, value)
    if due is not None:
        draft.due = parse_date(due)
    fields = checked_fields(journal, draft, date.today(), allow_past or draft.due == goal.due)
    update_goal(journal, goal.id, fields, status)
    render.notice(f"Updated '{fields['title']}'.")


ExportFormat = Literal["markdown", "ics"]


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[ExportFormat, typer.Option(
        "--format", help="markdown (a goals report) or ics (calendar of due dates).")
    ] = "markdown",
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", help="Write here instead of stdout.")] = None,
    status: Annotated[StatusChoice, typer.Option(help="Which goals to include.")] = "all",
    force: Yes = False,
) -> None:
    """Export goals as a markdown report or an iCalendar file of due dates.

    Example: reflect goal export --format ics --out goals.ics
    """
    from reflect.goals.reports import goals_ics, goals_markdown

    today = date.today()
    goals = state(ctx).journal().goals.list(GoalFilter(status=None if status == "all" else status))
    if output == "ics":
        data = goals_ics(goals)
    else:
        cards = {g.id: smart.check(g, today) for g in goals}
        data = goals_markdown(goals, today, cards).encode("utf-8")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from reflect.sharing.outfiles import write_file

    write_file(out, data, force, state(ctx).journal_path)
    render.notice(f"{len(goals)} goals written to {out}.")
