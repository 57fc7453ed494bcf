"""Looking after the journal file: backup, restore, purge and check."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.context import state
from reflect.commands.options import Json, Yes
from reflect.settings import config
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput, JournalError
from reflect.terminal import ask, completion, render
from reflect.upkeep import backup as backups
from reflect.upkeep import check as checking
from reflect.upkeep import purge as purging
from reflect.upkeep import restore as restoring

app = typer.Typer()

MAX_PROBLEMS_SHOWN = 5
STILL_OPEN = ("another command has the journal open, so the journal file still holds the "
              "erased text. When that command has ended, run: reflect purge --finish")


def _existing_journal(ctx: typer.Context):
    """The open journal; these commands never create an empty one."""
    st = state(ctx)
    if not st.journal_path.exists():
        raise JournalError(f"no journal at {st.journal_path}", hint="reflect init creates one")
    return st.journal()


def _need_terminal(what: str) -> None:
    if not ask.interactive():
        raise BadInput(f"{what} needs confirmation and there is no terminal to ask on",
                       hint="pass --yes")


def _confirm(question: str, what: str) -> bool:
    _need_terminal(what)
    return typer.confirm(question, default=False)


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[str | None, typer.Argument(
        metavar="PATH", help="Where to write the copy: a new file, or a folder (default: "
        "beside the journal, named journal.db.backup-YYYYMMDD-HHMMSS); a name ending in / is "
        "a folder, created if need be.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Copy a journal that fails SQLite's quick check anyway (a damaged "
        "copy can still be worth keeping).")] = False,
) -> None:
    """Copy the journal to a new file, consistently, even while another command writes.

    Prints the backup's path. The copy is readable by you only and never overwrites a file.

    Example: reflect backup /media/usb/reflect/
    """
    dest, damage = backups.backup(_existing_journal(ctx), path and os.path.expanduser(path),
                                  force)
    if damage:
        render.notice(f"Warning: the journal is damaged ({damage[0]}); the copy holds it as "
                      "it is.")
    render.print_line(str(dest))


@app.command()
def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The backup to restore.")],
    yes: Yes = False,
) -> None:
    """Replace the journal with a backup, after checking it and keeping the current one.

    Example: reflect restore ~/.local/share/reflect/journal.db.backup-20261120-101500
    """
    st = state(ctx)
    journal_path = st.journal_path
    summary, passphrase = st.with_passphrase(path, lambda key: (
        restoring.inspect_backup(path, journal_path, key), key))
    if not yes and not _confirm_restore(summary, journal_path):
        render.notice("Nothing changed.")
        return
    restored = restoring.restore(path, journal_path, passphrase)
    if restored.kept:
        render.notice(f"Kept the journal as it was in {restored.kept}")
    render.notice(f"Restored {_describe(summary)} as the journal {journal_path}")


def _describe(summary: restoring.BackupSummary) -> str:
    latest = f", the latest held on {summary.latest}" if summary.latest else ""
    return f"{summary.path} ({summary.sessions} session(s){latest})"


def _confirm_restore(summary: restoring.BackupSummary, journal_path: Path) -> bool:
    _need_terminal("restoring")
    render.notice(f"The backup is sound: {_describe(summary)}.")
    if journal_path.exists():
        return _confirm(f"Replace the journal {journal_path} with it? The current one is "
                        "kept beside it first", "restoring")
    return _confirm(f"Restore it as the journal {journal_path}?", "restoring")


def _session_line(session: dict) -> str:
    parts = [session["id"][:8], session["held_on"], session["title"]]
    if session["with_name"]:
        parts.append(f"with {session['with_name']}")
    if session["deleted_at"]:
        parts.append("(deleted)")
    return "  ".join(parts)


def _counts_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{label}: {count}" for label, count in counts.items()
                     if count or label == "sessions")


def _warn_about_backups(journal_path: Path) -> None:
    copies = backups.backups_beside(journal_path)
    named = f" ({len(copies)} beside the journal, e.g. {copies[-1].name})" if copies else ""
    render.notice(f"Warning: purge makes no backup of its own, and backups made earlier still "
                  f"hold these sessions{named}, as do copies you made elsewhere.")


@app.command()
def purge(
    ctx: typer.Context,
    before: Annotated[str | None, typer.Option(
        "--before", metavar="DATE", help="Erase sessions held before this date.")] = None,
    with_name: Annotated[str | None, typer.Option(
        "--with", metavar="NAME", autocompletion=completion.people,
        help="Only sessions with this person (the other person, an "
        "attendee or the presenter); needs --before.")] = None,
    deleted: Annotated[bool, typer.Option(
        "--deleted", help="Erase every deleted (hidden) session as well.")] = False,
    private: Annotated[bool, typer.Option(
        "--private", help="Erase only the private reflection (process notes) of sessions "
        "held before --before, from every earlier version too; the record and its "
        "agreement stay.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="List what would be erased and change nothing.")] = False,
    finish: Annotated[bool, typer.Option(
        "--finish", help="Only finish an earlier purge: rewrite the file without the freed "
        "pages (after another command had the journal open, or the disk was full).")] = False,
    yes: Yes = False,
) -> None:
    """Erase sessions, or only their private reflection, for good, leaving no text behind.

    Goals and actions agreed in erased sessions stay, no longer linked to a session. With
    --private only the private reflection goes (process notes), and the record stays.

    Example: reflect purge --before "2020-01-01" --dry-run
    """
    journal = _existing_journal(ctx)
    if finish:
        if before or with_name or deleted or private:
            raise BadInput("--finish takes no --before, --with, --deleted or --private")
        if purging.finish(journal):
            render.notice("Finished: the journal file holds no erased text.")
        else:
            render.notice(f"Not finished: {STILL_OPEN}")
        return
    criteria = purging.PurgeCriteria(parse_date(before) if before else None,
                                         with_name, deleted, private)
    plan = purging.plan_purge(journal, criteria)
    if not plan.sessions:
        render.notice("Nothing to purge: no session matches."
                      if not private else "Nothing to purge: no private reflection there.")
        return
    what = (f"the private reflection of {len(plan.sessions)} session(s)" if private
            else f"{len(plan.sessions)} session(s)")
    if dry_run:
        for session in plan.sessions:
            render.print_line(_session_line(session))
        render.notice(f"Would erase {_counts_line(plan.counts)}. Nothing was changed.")
        return
    if not yes:
        _need_terminal("purging")
    render.notice(f"To erase for good: {_counts_line(plan.counts)}."
                  + (" Records stay." if private else ""))
    if not yes and not _confirm(f"Erase {what} for good? This cannot be undone", "purging"):
        render.notice("Nothing erased.")
        return
    done = (purging.purge_private if private else purging.purge)(journal, plan)
    if done:
        render.notice(f"Erased {what}" + ("; the records are unchanged." if private else "."))
    else:
        render.notice(f"Erased {what} from the records, but {STILL_OPEN}")
    _warn_about_backups(journal.path)


def _report_lines(report: checking.CheckReport) -> list[str]:
    lines = [f"Journal {report.journal} ({report.sessions} session(s))"]
    for finding in report.findings:
        lines.append(f"  {'ok' if finding.ok else 'PROBLEM':8} {finding.what}")
        shown = finding.problems[:MAX_PROBLEMS_SHOWN]
        lines += [f"           {problem}" for problem in shown]
        if len(finding.problems) > len(shown):
            lines.append(f"           ... and {len(finding.problems) - len(shown)} more")
    for reminder in report.reminders:
        command = f": {reminder.command}" if reminder.command else ""
        lines.append(f"  {'note':8} {reminder.message}{command}")
    return lines


@app.command()
def check(ctx: typer.Context, as_json: Json = False) -> None:
    """Check the journal file, its links and search index; remind of sessions past retention.

    Exits with 1 when something is wrong; reminders alone are not a problem.

    Example: reflect check --json
    """
    report = checking.check(_existing_journal(ctx), config.get("retention"))
    if as_json:
        render.print_json(report.to_dict())
    else:
        for line in _report_lines(report):
            render.print_line(line)
    if not report.ok:
        failed = ", ".join(f.name for f in report.findings if not f.ok)
        render.error(f"the journal has problems: {failed}")
        raise typer.Exit(1)
