"""The markdown export: a vault of notes with index.md and goals.md, or one file.

Each note carries its whole record as front matter, so an import takes it back exactly.
Also the pieces the HTML export shares: file names, note text, the index and goals pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from reflect.goals.reports import goals_markdown
from reflect.journal.records import Session
from reflect.reflection.results import session_results
from reflect.settings.templates import render
from reflect.sharing.exchange import (
    ID_PATTERN,
    RECORD_KEY,
    RECORD_KINDS,
    dump_yaml,
    load_yaml,
    mark_body,
    marked_body,
    seal,
    session_record,
    split_front_matter,
)
from reflect.sharing.export.selection import ExportData, Output, Tick, chronological
from reflect.sharing.export.vault import Identity, Stems, md_escape, record_files, slug
from reflect.sharing.outfiles import Folder

SITE_TITLE = "Supervision journal"
# Goals are reported as of no particular day, so "overdue" (which changes with the
# calendar, not the journal) never makes two exports of one journal differ.
AS_OF_NO_DAY = date.min


# File names ---------------------------------------------------------------------------

def note_stems(sessions: list[Session]) -> dict[str, str]:
    """Each session's file name without extension, `YYYY-MM-DD-slug`, unique: a later
    session with the same date and title gets the start of its id added."""
    stems: dict[str, str] = {}
    taken: set[str] = set()  # stems.values() as a set: a list scan made this quadratic
    for session in sorted(sessions, key=chronological):
        base = stem = f"{session.held_on.isoformat()}-{slug(session.title)}"
        size = 8
        while stem in taken:
            stem, size = f"{base}-{session.id[:size]}", size + 8
        stems[session.id] = stem
        taken.add(stem)
    return stems


# Notes --------------------------------------------------------------------------------

def without_front_matter(text: str) -> str:
    try:
        _, rest, _ = split_front_matter(text)
    except ValueError:
        return text
    return rest.lstrip("\n")


def note_text(data: ExportData, session: Session, marked: bool,
              goal_links: dict[str, str] | None = None) -> str:
    """The note as `reflect show` renders it (same template, same results), without its
    front matter; `marked` fences the reflection so an import takes it back exactly, and
    `goal_links` links each goal to its file in the vault."""
    results = session_results(data.journal, session, data.earlier_answers) \
        if session.answers else {}
    shown = replace(session, body=mark_body(session.body)) if marked else session
    note = data.notes.markdown(shown, results, actions=data.actions_of(session.id),
                               goals=data.goals_of(session.id),
                               include_private=data.include_private, goal_links=goal_links,
                               with_front_matter=False)
    return without_front_matter(note)


def note_file(data: ExportData, session: Session,
              goal_links: dict[str, str] | None = None) -> str:
    """An exported note: everything about the session as front matter, then the note."""
    text = note_text(data, session, marked=True, goal_links=goal_links)
    record = session_record(session, [g.id for g in data.goals_of(session.id)],
                            data.actions_of(session.id), data.include_private)
    if data.redactor is not None:
        record["redacted"] = True  # names replaced: never imported back
    if session.body and marked_body(text) != session.body:
        record["body"] = session.body  # a user's note template left the reflection out
    # keys of other tools (Obsidian's aliases, cssclasses ...) go back as they came
    record.update({key: _as_written(value) for key, value in
                   record.pop("front_matter", {}).items() if key not in record})
    return seal(f"---\n{dump_yaml(record)}---\n\n{text}")


_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")


def _as_written(value):
    """A kept front matter value as it was written: a date (kept as its ISO text) goes
    back as a date, not as quoted text."""
    from datetime import datetime

    if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
        try:
            return (date.fromisoformat(value) if len(value) == 10
                    else datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    return value


def index_markdown(data: ExportData, stems: dict[str, str], ext: str,
                   records: dict[str, bytes] | None = None) -> str:
    """The index: every session by year, and in a vault (`records`, the files beside the
    notes) a link to each goal, person, contract and action file."""
    entries = [{"year": s.held_on.year, "link": stems[s.id] + ext,
                "label": md_escape(f"{s.held_on.isoformat()} · {s.title}"),
                "with": md_escape(s.with_name or ""), "draft": s.status == "draft"}
               for s in data.sessions.headings]
    groups = []
    for folder, heading in (("goals", "Goals"), ("people", "People"),
                            ("contracts", "Contracts"), ("actions", "Other agreed actions")):
        links = [{"link": path, "label": md_escape(_title_of(text))}
                 for path, text in sorted((records or {}).items())
                 if path.startswith(folder + "/")]
        if links:
            groups.append({"heading": heading, "links": links})
    front_matter = {"title": SITE_TITLE, "generated": True, "sessions": len(entries)}
    text = render("index.md.j2", front_matter=front_matter, title=SITE_TITLE,
                  entries=entries, goals_link="goals" + ext, groups=groups)
    return text.rstrip("\n") + "\n"


def _title_of(text: bytes) -> str:
    """The first heading of a vault file."""
    found = re.search(rb"^# (.+)$", text, re.MULTILINE)
    return found.group(1).decode("utf-8") if found else ""


def goals_file(data: ExportData) -> str:
    return goals_markdown(data.goals, AS_OF_NO_DAY)


# Markdown -----------------------------------------------------------------------------

def export_markdown(data: ExportData, single: bool, tick: Tick) -> Output:
    """A folder of notes with index.md and goals.md, or with `single` one combined file."""
    if single:
        return _markdown_single(data, tick)
    identities: dict[str, Identity] = {}
    return Folder(_vault_files(data, identities, tick), identities)


def _vault_files(data: ExportData, identities: dict[str, Identity], tick: Tick
                 ) -> Iterator[tuple[str, bytes]]:
    """The vault's files, (path, bytes), each made as it is reached."""
    stems = note_stems(data.sessions.headings)
    records = record_files(data, stems, identities)
    goal_links = {goal_id: f"goals/{stem}.md" for goal_id, stem in Stems.goal_stems(data)}
    for session in data.sessions:
        name = stems[session.id] + ".md"
        identities[name] = ("session", session.id)
        data.remember(session)
        yield name, note_file(data, session, goal_links).encode("utf-8")
        tick()
    yield from records.items()
    yield "index.md", index_markdown(data, stems, ".md", records).encode("utf-8")
    yield "goals.md", goals_file(data).encode("utf-8")


def _markdown_single(data: ExportData, tick: Tick) -> Iterator[bytes]:
    """The combined file, a note at a time: written as it is made, never held whole."""
    head = dump_yaml({"title": SITE_TITLE, "generated": True,
                      "sessions": len(data.sessions), "goals": len(data.goals)})
    yield f"---\n{head}---\n\n".encode()
    for session in data.sessions:
        yield (note_text(data, session, marked=False).rstrip("\n") + "\n\n---\n\n").encode()
        tick()
    yield (without_front_matter(goals_file(data)).rstrip("\n") + "\n").encode()


def front_matter_of(path: Path | bytes) -> dict | None:
    """A markdown file's front matter (of the file at `path`, or of these bytes) as a
    mapping; None when it has none or it cannot be read."""
    import yaml

    if isinstance(path, Path) and path.suffix != ".md":
        return None
    try:
        text = (path.read_text(encoding="utf-8") if isinstance(path, Path)
                else path.decode("utf-8"))
        head, _, _ = split_front_matter(text)
        data = load_yaml(head) if head else None
    except (OSError, UnicodeError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def owns_markdown(path: Path) -> bool:
    """True for a note, index, goals report or vault record that an earlier export
    wrote."""
    data = front_matter_of(path)
    if data is None:
        return False
    note = re.fullmatch(ID_PATTERN, str(data.get("id"))) and "updated" in data
    return bool(note) or data.get("generated") is True or \
        data.get(RECORD_KEY) in RECORD_KINDS
