"""Full-text search over notes, answers, private reflection and goals."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import DateFrom, DateTo, Json, Kind, Tag, With
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.terminal import completion, listing, render

app = typer.Typer()


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words to find.")],
    limit: Annotated[int, typer.Option(
        "--limit", "-n", min=1, help="Show at most this many matches.")] = 20,
    raw: Annotated[bool, typer.Option(
        "--raw", help="Pass QUERY to SQLite FTS5 as it is (AND, OR, NEAR, prefix*).")] = False,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    with_name: With = None,
    tag: Tag = None,
    kind: Kind = None,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="MODEL", autocompletion=completion.models,
            help="Only sessions with answers for this model.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Find sessions by their words: best matches first, newest first on ties.

    Example: reflect search 'neglect case' --with 'Sam Jones' --limit 5
    """
    from reflect.journal.search import safe_query
    from reflect.journal.sessions import SessionFilter

    fts = query.strip() if raw else safe_query(query)
    if not fts:
        if as_json:
            render.print_json([])
        else:
            render.notice("Nothing to search for: the query has no words.")
        return
    criteria = SessionFilter(
        date_from=parse_date(date_from) if date_from else None,
        date_to=parse_date(date_to) if date_to else None,
        with_name=with_name, tag=tag, kind=kind, models=[model] if model else None)
    journal = state(ctx).journal()
    try:
        rows, total = journal.search(fts, criteria, limit)
    except Exception as e:  # only --raw can get here: FTS5 syntax errors
        from reflect.trust.driver import OperationalError

        if raw and isinstance(e, OperationalError):
            raise BadInput(f"not a valid FTS5 query: {e}", hint="drop --raw to search words"
                           ) from None
        raise
    results = [{"id": r["id"], "date": r["date"], "title": r["title"], "with": r["with"],
                "snippet": r["snippet"], "rank": n} for n, r in enumerate(rows, 1)]
    if as_json:
        render.print_json(results)
    else:
        listing.search_results(results)
    render.notice(f"{total} match{'es' if total != 1 else ''}"
                  + (f", showing the first {len(results)}" if total > len(results) else "")
                  + ".")
