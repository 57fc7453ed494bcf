"""Listings that fit: one record per line for scripts, columns that fit the terminal.

Piped (stdout not a terminal), a listing is one record per line, fields separated by a
tab, with no header, padding or colour, so `grep`, `cut -f` and `head` see whole records.
On a terminal, columns fit its width: ids and dates are never cut; the other columns
shrink, and what does not fit ends in an ellipsis; when even that is too wide, the
columns that matter least are left out (as are columns with nothing in them).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from reflect.journal.records import Session
from reflect.terminal import render

GAP = 2  # spaces between columns
ESSENTIAL = 5  # a column kept this much (a title) shrinks to NARROWEST before it goes
NARROWEST = 8


@dataclass(frozen=True)
class Column:
    name: str
    whole: bool = False  # an id, a date, a number: shown whole or not at all
    keep: int = 0  # when columns must go, the lowest `keep` goes first
    least: int = 6  # a column that shrinks keeps this many cells (or its header's)


Cell = str | tuple[str, str]  # text, or (text, Rich style)


def _text(cell: Cell) -> str:
    text = cell[0] if isinstance(cell, tuple) else cell
    return " ".join(str(text).split())  # tabs and newlines become spaces


def show(columns: list[Column], rows: list[list[Cell]]) -> None:
    """Print `rows` (one cell per column) for a pipe or for the terminal."""
    if not sys.stdout.isatty():
        for row in rows:
            sys.stdout.write("\t".join(_text(cell) for cell in row) + "\n")
        return
    _show_fitted(columns, rows)


def _natural(columns: list[Column], rows: list[list[Cell]]) -> list[int]:
    from rich.cells import cell_len

    return [max([cell_len(c.name)] + [cell_len(_text(row[i])) for row in rows])
            for i, c in enumerate(columns)]


def fit(columns: list[Column], natural: list[int], width: int) -> tuple[list[int], list[int]]:
    """Which columns to show (their indexes) and the width of each, within `width`.

    Columns that do not fit go, the least kept first; but before an essential one (a
    title) would go, the essential ones may shrink further, to NARROWEST. What must
    shrink is taken from the least kept column first, down to its floor, then the next."""
    shown = list(range(len(columns)))

    def floors(hard: bool) -> list[int]:
        return [natural[i] if columns[i].whole else min(natural[i], max(
            NARROWEST if hard and columns[i].keep >= ESSENTIAL else columns[i].least,
            len(columns[i].name))) for i in shown]

    def fits(least: list[int]) -> bool:
        return sum(least) + GAP * (len(shown) - 1) <= width

    least = floors(hard=False)
    while not fits(least) and len(shown) > 1:
        victim = min(shown[1:], key=lambda i: (columns[i].keep, -i))
        if columns[victim].keep >= ESSENTIAL and fits(floors(hard=True)):
            least = floors(hard=True)
            break
        shown.remove(victim)
        least = floors(hard=False)
    widths = [natural[i] for i in shown]
    excess = sum(widths) + GAP * (len(shown) - 1) - width
    for k in sorted(range(len(shown)), key=lambda k: (columns[shown[k]].keep, -shown[k])):
        take = max(0, min(excess, widths[k] - least[k]))
        widths[k] -= take
        excess -= take
    return shown, widths


def _show_fitted(columns: list[Column], rows: list[list[Cell]]) -> None:
    import shutil

    from rich.console import Console
    from rich.text import Text

    width = shutil.get_terminal_size().columns  # $COLUMNS, else the terminal's own
    console = Console(highlight=False, width=width)
    used = [i for i in range(len(columns)) if i == 0 or any(_text(row[i]) for row in rows)]
    columns, rows = [columns[i] for i in used], [[row[i] for i in used] for row in rows]
    shown, widths = fit(columns, _natural(columns, rows), width)

    def line(cells: list[Text]) -> Text:
        out = Text()
        for k, cell in enumerate(cells):
            cell.truncate(widths[k], overflow="ellipsis", pad=k < len(cells) - 1)
            out.append_text(cell)
            if k < len(cells) - 1:
                out.append(" " * GAP)
        out.rstrip()
        return out

    console.print(line([Text(columns[i].name, style="bold") for i in shown]),
                  no_wrap=True, crop=True)
    for row in rows:
        cells = [Text(_text(row[i]), style=row[i][1] if isinstance(row[i], tuple) else "")
                 for i in shown]
        console.print(line(cells), no_wrap=True, crop=True)


# What each command lists -------------------------------------------------------

SESSION_COLUMNS = [Column("id", whole=True), Column("date", whole=True, keep=8),
                   Column("title", keep=5, least=16), Column("with", keep=4, least=10),
                   Column("kind", whole=True, keep=2), Column("tags", keep=1, least=8),
                   Column("agreed", keep=3, least=8)]


def sessions_table(sessions: list[Session], rows: list[dict[str, Any]],
                   filtered: bool = False) -> None:
    if not sessions:
        render.notice("No sessions match." if filtered else
                      "No sessions yet. Record one with: reflect new --with NAME --body TEXT")
        return
    show(SESSION_COLUMNS, [
        [s.id[:8], s.held_on.isoformat(), s.title + (" (draft)" if s.status == "draft" else ""),
         s.with_name or "", s.kind, ", ".join(s.tags),
         ("changed since agreed" if row["changed_since_agreed"] else "agreed")
         if row["agreed_on"] else ""]
        for s, row in zip(sessions, rows, strict=True)])


def settings_table(values: dict[str, Any], helps: dict[str, str]) -> None:
    show([Column("key", whole=True), Column("value", keep=2), Column("meaning", keep=1)],
                 [[key, _setting(value), helps.get(key, "")] for key, value in values.items()])


def _setting(value: Any) -> str:
    """A setting's value as it is typed: a list comma-separated, nothing for none."""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return "" if value is None else str(value)


def drafts_listing(drafts: list[Session]) -> None:
    """The drafts as a listing on stdout (`resume --list`)."""
    if not drafts:
        render.notice("No drafts: every session is finished.")
        return
    show([Column("id", whole=True), Column("date", whole=True, keep=8),
                  Column("title", keep=5, least=16)],
                 [[s.id[:8], s.held_on.isoformat(), s.title] for s in drafts])


def models_table(rows: list[dict[str, Any]]) -> None:
    show(
        [Column("id", whole=True), Column("name", keep=3), Column("prompts", whole=True, keep=2),
         Column("origin", keep=1)],
        [[row["id"], row["name"], str(row["prompts"]), row["origin"] + (
            " (overrides the built-in)" if row["overrides_built_in"] else "")] for row in rows])


def _due_style(goal, today) -> str:
    from datetime import timedelta

    if goal.overdue(today):
        return "red"
    if goal.status == "open" and goal.due and goal.due <= today + timedelta(days=14):
        return "yellow"
    return ""


GOAL_COLUMNS = [Column("id", whole=True), Column("due", whole=True, keep=8),
                Column("title", keep=5, least=16), Column("status", whole=True, keep=4),
                Column("partner", keep=2, least=10), Column("progress", whole=True, keep=3)]


def goals_table(goals, today) -> None:
    if not goals:
        render.notice("No goals here. Add one with: reflect goal add")
        return
    rows = []
    for goal in goals:
        due = (goal.due.isoformat() if goal.due else "") + (
            " overdue" if goal.overdue(today) else "")
        progress = goal.latest_progress()
        rows.append([goal.id[:8], (due, _due_style(goal, today)), goal.title, goal.status,
                     goal.partner or "", "" if progress is None else f"{progress}%"])
    show(GOAL_COLUMNS, rows)


ACTION_COLUMNS = [Column("id", whole=True), Column("due", whole=True, keep=8),
                  Column("what", keep=5, least=16), Column("who", keep=2, least=10),
                  Column("done", whole=True, keep=3)]


def actions_table(actions, today) -> None:
    if not actions:
        render.notice("No agreed actions.")
        return
    rows = []
    for action in actions:
        overdue = action.overdue(today)
        due = (action.due.isoformat() if action.due else "") + (" overdue" if overdue else "")
        rows.append([action.id[:8], (due, "red" if overdue else ""), action.what,
                     action.who or "me", str(action.done_on) if action.done_on else ""])
    show(ACTION_COLUMNS, rows)


PEOPLE_COLUMNS = [Column("name", least=16), Column("role", whole=True, keep=5),
                  Column("team", keep=1, least=10),
                  Column("last session", whole=True, keep=6),
                  Column("sessions", whole=True, keep=4),
                  Column("open goals", whole=True, keep=3),
                  Column("next due", whole=True, keep=2)]


def people_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        render.notice("Nobody yet. Add someone with: reflect person add NAME --as supervisee")
        return
    show(PEOPLE_COLUMNS, [
        [row["name"], row["role"] or "", row["team"] or "", row["last_session"] or "",
         str(row["sessions"]), str(row["open_goals"]), row["next_due"] or ""] for row in rows])


SEARCH_COLUMNS = [Column("id", whole=True), Column("date", whole=True, keep=8),
                  Column("title", keep=5, least=16), Column("with", keep=4, least=10),
                  Column("snippet", keep=6, least=16)]


def search_results(results: list[dict[str, Any]]) -> None:
    """Matches with their snippet; the matched words (between ** marks) in bold. Piped,
    one match a line (the snippet without its marks)."""
    if not sys.stdout.isatty():
        show(SEARCH_COLUMNS, [
            [r["id"][:8], r["date"], r["title"], r["with"] or "", r["snippet"].replace("**", "")]
            for r in results])
        return
    from rich.text import Text

    console = render._console()
    for result in results:
        head = Text(f"{result['id'][:8]}  {result['date']}  ", style="dim")
        head.append(result["title"], style="bold")
        if result["with"]:
            head.append(f"  with {result['with']}")
        console.print(head)
        snippet = Text("  ")
        for index, part in enumerate(result["snippet"].replace("\n", " ").split("**")):
            snippet.append(part, style="bold underline" if index % 2 else "")
        console.print(snippet)
