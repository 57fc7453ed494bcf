"""Export and import: the journal as markdown notes, HTML pages or JSON, and back again."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal

import typer

from reflect.commands.context import state
from reflect.commands.options import DateFrom, DateTo, Tag, With
from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput
from reflect.sharing.export import EXPORTERS
from reflect.sharing.importing.readers import IMPORTERS
from reflect.terminal import completion, render

app = typer.Typer()

PROGRESS_FROM = 300  # sessions: below this an export is over before a bar could help
ExportFormat = Literal[tuple(EXPORTERS)]
ImportFormat = Literal[tuple(IMPORTERS)]
_VERBS = {False: {"unchanged": "already there"},
          True: {"added": "to add", "updated": "to update", "unchanged": "already there"}}
KINDS = (("person", "people"), ("session", "sessions"), ("contract", "contracts"),
         ("goal", "goals"), ("action", "actions"))


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A Rich progress bar on stderr for a large export; a no-op for a small one."""
    if total <= PROGRESS_FROM:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Exporting", total=total)
        yield lambda: bar.advance(task)


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(
        "--out", metavar="PATH",
        help="Where to write: a folder (a file with --single, and for json); - for stdout "
             "(json, or one file with --single).")],
    output: Annotated[ExportFormat, typer.Option(
        "--format",
        help="markdown (notes for any markdown app or an Obsidian vault), html (pages to "
             "read, print or save as PDF) or json (everything, for import).")] = "markdown",
    date_from: DateFrom = None,
    date_to: DateTo = None,
    with_name: With = None,
    tag: Tag = None,
    models: Annotated[list[str] | None, typer.Option(
        "--model", metavar="MODEL", autocompletion=completion.models,
        help="Only sessions that used this supervision model; repeat for more.")] = None,
    ids: Annotated[list[str] | None, typer.Option(
        "--id", metavar="ID", autocompletion=completion.session_ids,
        help="Only this session (its id or 4+ characters of it); repeat for more.")] = None,
    single: Annotated[bool, typer.Option(
        "--single", help="Write one combined file instead of a folder.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Write into a folder that is not empty (or over a file), replacing "
                        "what an earlier export wrote there.")] = False,
    redact: Annotated[bool, typer.Option(
        "--redact", help="Replace names of people, your redaction list, emails, phone "
                         "numbers, postcodes, NHS numbers and dates of birth.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="With --redact: list what would be replaced and where; write "
                          "nothing.")] = False,
    include_private: Annotated[bool, typer.Option(
        "--include-private", help="Include private reflection (left out by default), e.g. "
                                  "to move the whole journal to another device.")] = False,
) -> None:
    """Export sessions and goals as markdown notes, HTML pages or one JSON file.

    Example: reflect export --format markdown --out ~/supervision-notes --from 2026-01-01
    """
    from reflect.sharing.export.selection import Selection, gather
    from reflect.sharing.outfiles import assembled, check_target, write_output

    exporter = EXPORTERS[output]
    selection = Selection(
        date_from=parse_date(date_from) if date_from else None,
        date_to=parse_date(date_to) if date_to else None,
        with_name=with_name, tag=tag, models=models or [], ids=ids or [],
        include_private=include_private, redact=redact)
    if dry_run:
        if not redact:
            raise BadInput("--dry-run goes with --redact")
        _show_plan(state(ctx).journal(), selection)
        return
    to_stdout = str(out) == "-"
    if to_stdout and not (single or exporter.one_file):
        raise BadInput(f"a {output} export is a folder and cannot go to stdout",
                       hint="pass --single for one file on stdout")
    if not to_stdout:
        check_target(out, single or exporter.one_file, force, state(ctx).journal_path)
        if redact and not (single or exporter.one_file):
            _refuse_unredacted(out)
    journal, vault = state(ctx).journal(), None
    with journal.snapshot():  # sessions are read as they are exported: all as of one moment
        data = gather(journal, selection)
        with _progress(len(data.sessions)) as tick:  # one file is made as it is written
            files = exporter.build(data, single, tick)
            if to_stdout:
                with assembled(files) as whole:
                    shutil.copyfileobj(whole, sys.stdout.buffer)
                sys.stdout.flush()
            elif output == "markdown" and not single and not redact:
                vault = _write_vault(data, out, files, exporter)
            else:
                write_output(out, files, exporter.owns)
    if to_stdout:
        render.notice(f"Exported {_count(len(data.sessions), 'session')} to stdout.")
        return
    if exporter.syncs and not single and not redact:  # what the output now holds
        _remember(data, f"{output}:{out.resolve()}", vault, files)
    private = ("including private reflection" if include_private else
               "private reflection left out (--include-private to include it)")
    if redact:
        private += "; names and identifiers redacted"
    render.notice(f"Exported {_count(len(data.sessions), 'session')} and "
                  f"{_count(len(data.goals), 'goal')} to {out}; {private}.")


def _refuse_unredacted(out: Path) -> None:
    """A redacted export would replace a vault's notes with copies whose names are gone."""
    from reflect.sharing.export.guard import vault_files
    from reflect.sharing.export.markdown import front_matter_of, owns_markdown

    for path in vault_files(out):
        data = front_matter_of(path)
        if data and owns_markdown(path) and not data.get("generated") \
                and data.get("redacted") is not True:
            raise BadInput(f"{out} holds notes that are not redacted ({path.name})",
                           hint="a redacted export goes to a folder of its own")


def _remember(data, copy: str, vault=None, files=None) -> None:
    """What the copy now holds, one write a kind of record: each record's sync base (its
    content as exported) and, into a vault (its `VaultState` from before the writing,
    and the `files` made), each file's hash as written, to tell later whether one was
    changed there."""
    from reflect.sharing.export.selection import sync_bases

    bases = sync_bases(data, copy)
    if vault is not None:
        from reflect.sharing.export.guard import written_hashes

        for (kind, key), hashes in written_hashes(vault, files.identities).items():
            bases.setdefault(kind, {}).setdefault(key, {}).update(hashes)
    for kind, held in bases.items():
        data.journal.vault.set_bases(kind, held)


def _show_plan(journal, selection) -> None:
    from reflect.sharing.export.selection import redaction_plan

    plan = redaction_plan(journal, selection)
    for item in plan:
        render.print_line(f"{item['session']} {item['date']} {item['where']}: {item['kind']}: "
                          f"{item['original']} -> {item['replacement']}")
    render.notice(f"{_count(len(plan), 'replacement')} would be made; nothing was written.")


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(
        metavar="PATH",
        help="A folder or file: reflect's markdown notes or JSON export, or jrnl's JSON.")],
    fmt: Annotated[ImportFormat | None, typer.Option(
        "--format", help="markdown, json or jrnl. Default: told from PATH.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would be added or updated, and change nothing.")
    ] = False,
    update: Annotated[bool, typer.Option(
        "--update",
        help="Take a session changed in the imported copy since the two were last in step "
             "(the journal's copy is kept in its history), or a goal whose copy is newer.")
    ] = False,
) -> None:
    """Import sessions from reflect's markdown or JSON export, or from jrnl's JSON.

    Example: reflect import ~/supervision-notes --dry-run
    """
    from reflect.sharing.importing.apply import import_batches
    from reflect.sharing.importing.readers import read_source

    _, batches = read_source(source, fmt)
    report = import_batches(state(ctx).journal(), batches, allow_update=update,
                            dry_run=dry_run)
    _show_report(report, source)
    if report.rejected or report.conflicts:
        raise typer.Exit(1)


@app.command()
def sync(
    ctx: typer.Context,
    vault: Annotated[Path, typer.Argument(
        metavar="VAULT", help="The folder of markdown notes shared with your other machines.")],
    include_private: Annotated[bool, typer.Option(
        "--include-private", help="Write private reflection into the vault too (left out by "
                                  "default).")] = False,
) -> None:
    """Keep a vault and the journal in step: the vault's changes in, the journal out.

    Prints one summary line, and exits 1 when a conflict waits. It never runs git: run it
    between a git pull and a git push (see README).

    Example: reflect sync ~/supervision-notes
    """
    from reflect.sharing.export.selection import Selection, gather
    from reflect.sharing.importing.apply import import_batches
    from reflect.sharing.importing.readers import read_source
    from reflect.sharing.outfiles import check_target

    if vault.exists() and not vault.is_dir():
        raise BadInput(f"{vault} is a file; a vault is a folder of notes")
    journal = state(ctx).journal()
    batches = read_source(vault, "markdown")[1] if vault.exists() else []
    check_target(vault, False, force=True, journal=state(ctx).journal_path)
    exporter = EXPORTERS["markdown"]
    report = import_batches(journal, batches, allow_update=True)
    for result in report.files:
        _show_file(result, notices=True)
    if report.rejected:  # writing now would replace the very files that need fixing
        render.error(f"nothing written to {vault}: fix the {_count(len(report.rejected), 'file')}"
                     " named above, then sync again")
        raise typer.Exit(1)
    with journal.snapshot():  # the sessions as of one moment, as an export reads them
        data = gather(journal, Selection(include_private=include_private))
        files = exporter.build(data, False, lambda: None)
        held = _write_vault(data, vault, files, exporter)  # the vault as it was
    _remember(data, f"markdown:{vault.resolve()}", held, files)
    totals = report.totals()
    taken = sum(totals[(kind, verb)] for kind, _ in KINDS for verb in ("added", "updated"))
    written = len(held.tree) - len(held.unchanged())
    carried = totals[("deletion", "carried")] + sum(
        1 for name in held.tree if name.startswith("deleted/") and name not in held.before)
    conflicts, refused = len(report.conflicts), len(report.rejected)
    line = (f"{taken} taken from the vault, {_count(written, 'file')} written, "
            f"{_count(conflicts, 'conflict')}, {_count(carried, 'deletion')} carried")
    render.print_line(line + (f", {_count(refused, 'file')} refused" if refused else ""))
    if conflicts or refused:
        raise typer.Exit(1)


def _write_vault(data, out: Path, files, exporter):
    """Write a folder of notes without losing a word written in it: refuse to replace or
    remove a note changed since reflect last wrote or read it, and keep beside a note the
    words an import does not read. Returns the vault's `VaultState` from before the
    writing, for `_remember`."""
    from reflect.sharing.export.guard import VaultState, changed_in_vault, unread_changes
    from reflect.sharing.outfiles import stage, write_output

    staged = stage(out, files)
    try:
        vault = VaultState(out, staged)
        changed = changed_in_vault(data, vault)
        if changed:
            raise BadInput(f"{changed[0]} was changed in the folder and not taken in yet"
                           + (f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""),
                           hint=f"take the changes in first: reflect sync {out}")
        for path in unread_changes(data, vault):
            names = (path.with_name(f"{path.stem}.unread{n if n > 1 else ''}.txt")
                     for n in range(1, 1000))  # NAME.unread.txt, NAME.unread2.txt ...
            kept = next(name for name in names if not name.exists())
            kept.write_bytes(path.read_bytes())
            render.notice(f"{path}: words outside the front matter and the reflection are "
                          f"not read back; the file as you left it is kept in {kept.name}")
        write_output(out, staged, exporter.owns)
    finally:
        staged.discard()
    return vault


def _show_report(report, source: Path) -> None:
    """Changes on stdout, one a line; refusals, notices and the summary on stderr."""
    for result in report.files:
        if result.skipped and report.dry_run:
            render.print_line(f"would skip {result.source} ({result.skipped})")
        for verb, kind, label in result.tally.changes:
            done = {"added": "add", "updated": "update", "carried": "carry"}.get(verb, verb) \
                if report.dry_run else verb
            render.print_line(f"{'would ' if report.dry_run else ''}{done} {kind} {label}")
        _show_file(result, notices=not report.dry_run)
    render.notice(_summary(report, source))


def _show_file(result, notices: bool) -> None:
    """One imported file's refusal, notices and conflicts, on stderr."""
    if result.rejected:
        render.error(f"{result.source}: {result.rejected}")
    for line in result.tally.notices if notices else []:
        render.notice(line)
    for line in result.tally.conflicts:
        render.error(f"{result.source}: conflict: {line}")


def _summary(report, source: Path) -> str:
    totals = report.totals()
    parts = []
    for kind, plural in KINDS:
        counts = [(totals[(kind, verb)], verb) for verb in ("added", "updated", "unchanged")]
        shown = [f"{n} {_VERBS[report.dry_run].get(verb, verb)}" for n, verb in counts if n]
        if shown:
            parts.append(f"{plural}: {', '.join(shown)}")
    if totals[("deletion", "carried")]:
        parts.append(f"deletions: {totals[('deletion', 'carried')]} "
                     f"{'to carry' if report.dry_run else 'carried'}")
    changed = any(totals[(k, v)] for k, _ in KINDS for v in ("added", "updated")) or \
        totals[("deletion", "carried")]
    skipped = sum(1 for f in report.files if f.skipped)
    lead = ("Dry run, nothing changed. From" if report.dry_run
            else "Imported from" if changed else "Nothing new to import from")
    text = f"{lead} {source}" + (f": {'; '.join(parts)}." if parts else ".")
    if skipped:
        text += f" Skipped {_count(skipped, 'file')} (generated by reflect, or empty)."
    if report.rejected:
        text += f" Refused {_count(len(report.rejected), 'file')}; see above."
    if report.conflicts:
        text += (f" {_count(len(report.conflicts), 'conflict')}: this journal's copy kept, "
                 "the other kept as an earlier version; see above.")
    return text
