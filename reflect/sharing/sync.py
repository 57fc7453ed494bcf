"""Keeping a journal and a vault (a folder of notes, or a JSON export) in step, by content.

Each session remembers its sync base: the hash of its content as it was last exported or
imported. An import compares three hashes of one session, the vault's copy (V), the
journal's (J) and the base (B), and reads which side changed:

    V == J                      unchanged (the base is brought up to date)
    J == B, V != B              changed in the vault only: take it (with --update); the
                                journal's copy becomes an earlier version
    V == B, J != B              changed in the journal only: keep it; the next export writes it
    V, J and B all differ       changed on both sides, a conflict: keep the journal's copy,
                                keep the vault's as an earlier version, and say so
    no base (older journals     the newer `updated` wins (the vault's with --update); the
    and vaults)                 other copy is kept as an earlier version

`updated` is informative: editing a note without touching it is seen all the same. The
content hashed is what a note carries and an edit can change (not the timestamps); a
vault written without private reflection is compared on the shared record alone
("shared"), one written with it on everything ("full"). Each copy (a vault folder, a JSON
file) has its own base, since each holds the session as it was when last written.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from reflect.journal.records import Session
from reflect.settings.vocabulary import normal_tag

UNCHANGED, VAULT, JOURNAL, CONFLICT, NO_BASE = (
    "unchanged", "vault", "journal", "conflict", "no base")


def content(session: Session, full: bool) -> dict[str, Any]:
    """What a note of `session` carries that an edit can change, in one canonical form."""
    found = {
        "date": session.held_on.isoformat(), "title": session.title.strip(),
        "with": session.with_name or None, "attendees": sorted(session.attendees),
        "as": session.role, "kind": session.kind,
        "tags": sorted(normal_tag(tag) for tag in session.tags), "status": session.status,
        "duration": session.duration, "presenter": session.presenter or None,
        "issue_presented": session.issue_presented or None, "body": session.body.strip(),
        "answers": session.answers, "front_matter": session.front_matter,
    }
    if full:
        found.update(private=session.private.strip(),
                     private_answers=sorted(session.private_answers))
    return found


def content_hash(session: Session, full: bool) -> str:
    text = json.dumps(content(session, full), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def mode(full: bool, copy: str) -> str:
    """The key of a base: each copy ("markdown:/path/to/vault", "json:/path/to/file.json")
    has its own, as each holds the session as it was when that copy was last written or
    read; an export somewhere else leaves the vault's base alone."""
    return f"{copy}:{'full' if full else 'shared'}"


def file_key(path, read: bool = False) -> str:
    """The key of the hash of a note file's bytes as reflect last wrote them (or, with
    `read`, as an import last read them)."""
    from pathlib import Path

    return f"{'read' if read else 'file'}:{Path(path).resolve()}"


def decide(vault: str, journal: str, base: str | None) -> str:
    """Which side changed, from the three hashes (see the module's table)."""
    if vault == journal:
        return UNCHANGED
    if base is None:
        return NO_BASE
    if journal == base:
        return VAULT
    if vault == base:
        return JOURNAL
    return CONFLICT


# Goals, people and actions: the same three-way rule, on the fields an edit can change.
# A goal's reviews, an action's done day and a contract's versions are merged instead
# (each only ever grows), so they never conflict.
CONTENT = {
    "goal": ("title", "specific", "measurable", "achievable", "relevant", "due", "function",
             "partner", "session_id", "status", "status_note"),
    "person": ("name", "role", "team"),
    "action": ("what", "who", "due", "session_id"),
}


def record_hash(kind: str, record: dict[str, Any]) -> str:
    """The hash of what an edit can change in a goal, person or action (as a dict of its
    interchange fields, dates as ISO text or dates)."""
    found = {name: record.get(name) or None for name in CONTENT[kind]}
    text = json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
