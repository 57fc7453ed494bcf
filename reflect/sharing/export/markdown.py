"""The markdown export: a vault of notes with index.md and goals.md, or one file.

Each note carries its whole record as front matter, so an import takes it back exactly.
Also the pieces the HTML export shares: file names, note text, the index and goals pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

from reflect.goals.reports import goals_markdown
from reflect.journal.records import Session
from reflect.reflection.results import session_results
from reflect.settings.templates import render
from reflect.sharing.exchange import (
    BODY_END,
    BODY_START,
    ID_PATTERN,
    dump_yaml,
    load_yaml,
    mark_body,
    marked_body,
    session_record,
    split_front_matter,
)
from reflect.sharing.export.selection import ExportData, Output, Tick, chronological
from reflect.sharing.notes import session_markdown

SITE_TITLE = "Supervision journal"
# Goals are reported as of no particular day, so "overdue" (which changes with the
# calendar, not the journal) never makes two exports of one journal differ.
AS_OF_NO_DAY = date.min


# File names ---------------------------------------------------------------------------

def slug(title: str) -> str:
    """`supervision-with-zoe` from "Supervision with Zoë": ASCII, lower case, dashes."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-")
    return text or "session"


def note_stems(sessions: list[Session]) -> dict[str, str]:
    """Each session's file name without extension, `YYYY-MM-DD-slug`, unique: a later
    session with the same date and title gets the start of its id added."""
    stems: dict[str, str] = {}
    for session in sorted(sessions, key=chronological):
        base = stem = f"{session.held_on.isoformat()}-{slug(session.title)}"
        size = 8
        while stem in stems.values():
            stem, size = f"{base}-{session.id[:size]}", size + 8
        stems[session.id] = stem
    return stems


# Notes --------------------------------------------------------------------------------

def without_front_matter(text: str) -> str:
    try:
        _, rest, _ = split_front_matter(text)
    except ValueError:
        return text
    return rest.lstrip("\n")


def note_text(data: ExportData, session: Session, marked: bool) -> str:
    """The note as `reflect show` renders it (same template, same results), without its
    front matter; `marked` fences the reflection so an import takes it back exactly."""
    results = session_results(data.journal, session)
    shown = replace(session, body=mark_body(session.body)) if marked else session
    note = session_markdown(shown, results, data.catalog if session.answers else None,
                            actions=data.actions_of(session.id),
                            goals=data.goals_of(session.id),
                            include_private=data.include_private)
    return without_front_matter(note)


def note_file(data: ExportData, session: Session) -> str:
    """An exported note: everything about the session as front matter, then the note."""
    text = note_text(data, session, marked=True)
    record = session_record(session, [g.id for g in data.goals_of(session.id)],
                            data.actions_of(session.id))
    if session.body and marked_body(text) != session.body:
        record["body"] = session.body  # a user's note template left the reflection out
    # keys of other tools (Obsidian's aliases, cssclasses ...) go back as they came
    record.update({key: _as_written(value) for key, value in
                   record.pop("front_matter", {}).items() if key not in record})
    return f"---\n{dump_yaml(record)}---\n\n{text}"


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


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", text)


def index_markdown(data: ExportData, stems: dict[str, str], ext: str) -> str:
    entries = [{"year": s.held_on.year, "link": stems[s.id] + ext,
                "label": md_escape(f"{s.held_on.isoformat()} · {s.title}"),
                "with": md_escape(s.with_name or ""), "draft": s.status == "draft"}
               for s in data.sessions]
    front_matter = {"title": SITE_TITLE, "generated": True, "sessions": len(entries)}
    text = render("index.md.j2", front_matter=front_matter, title=SITE_TITLE,
                  entries=entries, goals_link="goals" + ext)
    return text.rstrip("\n") + "\n"


def goals_file(data: ExportData) -> str:
    return goals_markdown(data.goals, AS_OF_NO_DAY)


# Markdown -----------------------------------------------------------------------------

def export_markdown(data: ExportData, single: bool, tick: Tick) -> Output:
    """A folder of notes with index.md and goals.md, or with `single` one combined file."""
    if single:
        return _markdown_single(data, tick)
    stems, tree = note_stems(data.sessions), {}
    for session in data.sessions:
        tree[stems[session.id] + ".md"] = note_file(data, session).encode("utf-8")
        tick()
    tree["index.md"] = index_markdown(data, stems, ".md").encode("utf-8")
    tree["goals.md"] = goals_file(data).encode("utf-8")
    return tree


def _markdown_single(data: ExportData, tick: Tick) -> bytes:
    parts = []
    for session in data.sessions:
        parts.append(note_text(data, session, marked=False))
        tick()
    parts.append(without_front_matter(goals_file(data)))
    head = dump_yaml({"title": SITE_TITLE, "generated": True,
                      "sessions": len(data.sessions), "goals": len(data.goals)})
    body = "\n---\n\n".join(part.rstrip("\n") + "\n" for part in parts)
    return f"---\n{head}---\n\n{body}".encode()


def _front_matter_of(path: Path) -> dict | None:
    """A markdown file's front matter as a mapping; None when it has none or it cannot be
    read."""
    import yaml

    if path.suffix != ".md":
        return None
    try:
        head, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        data = load_yaml(head) if head else None
    except (OSError, UnicodeError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def owns_markdown(path: Path) -> bool:
    """True for a note, index or goals file that an earlier export wrote."""
    data = _front_matter_of(path)
    if data is None:
        return False
    note = re.fullmatch(ID_PATTERN, str(data.get("id"))) and "updated" in data
    return bool(note) or data.get("generated") is True


# What reflect last wrote into a vault ---------------------------------------------------

def written_hashes(data: ExportData, out: Path, tree: dict[str, bytes]
                   ) -> dict[str, dict[str, str]]:
    """Each note's hash as this export writes it into `out`, to tell later whether the
    file was changed in the vault."""
    from reflect.sharing.sync import file_key

    stems = note_stems(data.sessions)
    return {s.id: {file_key(out / (stems[s.id] + ".md")): _sha(tree[stems[s.id] + ".md"])}
            for s in data.sessions if stems[s.id] + ".md" in tree}


def changed_in_vault(data: ExportData, out: Path, tree: dict[str, bytes]) -> list[Path]:
    """Notes in `out` that this export would replace or remove and whose words no journal
    step has seen: changed since reflect last wrote them or an import last read them (an
    edit made in the vault and not yet taken in), or never written or read here."""
    changed = []
    for path in sorted(out.glob("*.md")) if out.is_dir() else []:
        new = tree.get(path.name)
        old = path.read_bytes()
        if new == old or (new is None and not owns_markdown(path)):
            continue
        seen = _seen_hashes(data.journal, path)
        if seen is not None and _sha(old) not in seen:
            changed.append(path)
    return changed


def unread_changes(data: ExportData, out: Path, tree: dict[str, bytes]) -> list[Path]:
    """Notes this export replaces whose words outside what an import reads (the rendered
    sections, an action's wording) differ from what reflect last wrote there."""
    from reflect.sharing.sync import file_key

    unread = []
    for name, new in sorted(tree.items()):
        path = out / name
        if not path.is_file() or path.suffix != ".md":
            continue
        old = path.read_bytes()
        if old == new:  # the common case: nothing to read, no front matter to parse
            continue
        written = _base_value(data.journal, path, file_key(path))
        if written and _sha(old) != written and _outside(old) != _outside(new):
            unread.append(path)
    return unread


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _note_id(path: Path) -> str | None:
    """The session id a note's front matter names; None for a note that has none."""
    found = (_front_matter_of(path) or {}).get("id")
    return str(found) if found and re.fullmatch(ID_PATTERN, str(found)) else None


def _base_value(journal, path: Path, key: str) -> str | None:
    session_id = _note_id(path)
    return journal.sync_base(session_id).get(key) if session_id else None


def _seen_hashes(journal, path: Path) -> set[str] | None:
    """The hashes of `path` as reflect wrote it or read it; None for a file that names no
    session, and none at all for a session this journal does not have (not taken in)."""
    from reflect.sharing.sync import file_key

    session_id = _note_id(path)
    if session_id is None:
        return None
    base = journal.sync_base(session_id) if journal.stamp_of(session_id=session_id) else None
    if base is None:
        return set()  # a note of a session this journal does not have: not taken in
    return {base[key] for key in (file_key(path), file_key(path, read=True)) if base.get(key)}


def _outside(note: bytes) -> str:
    """What of a note an import does not take back: the sections reflect renders (not the
    reflection), and the agreed actions in its front matter (read only as new or done)."""
    import yaml

    text = note.decode("utf-8", errors="replace")
    try:
        head, rest, _ = split_front_matter(text)
        actions = (load_yaml(head) or {}).get("actions") if head else None
    except (ValueError, TypeError, AttributeError, yaml.YAMLError):
        return text  # a note the import cannot read is named by it, and kept whole here
    start, end = rest.find(BODY_START), rest.rfind(BODY_END)
    rendered = rest if start == -1 or end == -1 else rest[:start] + rest[end:]
    return rendered + repr(actions)
