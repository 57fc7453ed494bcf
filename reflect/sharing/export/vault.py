"""The vault's files beside the session notes: one per goal, person, contract, action
without a session, and deletion, each with its whole record as front matter (`reflect:`
names the kind) and a readable note below, linked to the others.

    goals/genograms-3fa8c1d2.md      a goal with its reviews
    people/sam-jones.md              a person: role and team
    contracts/sam-jones-contract.md  every version of the contract with them
    actions/send-the-chronology-9c1e2b4a.md
                                     an agreed action not recorded in an exported session
    deleted/session-3fa8...md        a tombstone: a kind, a key and when, never the text

Links are relative markdown links (`../goals/x.md`), which any viewer follows and
Obsidian resolves as well (graph and backlinks); every file name is unique in the vault.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from typing import Any

from reflect.journal.vault import person_key
from reflect.settings.templates import render
from reflect.sharing.exchange import (
    RECORD_KEY,
    action_record,
    dump_yaml,
    goal_record,
    seal,
    tombstone_record,
)
from reflect.sharing.export.selection import ExportData

FOLDERS = ("goals", "people", "contracts", "actions", "deleted")


def slug(title: str) -> str:
    """`supervision-with-zoe` from "Supervision with Zoë": ASCII, lower case, dashes."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-")
    return text or "session"


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", text)


def _slug(text: str, fallback: str) -> str:
    made = slug(text)
    return fallback if made == "session" and "session" not in text.lower() else made


class Stems:
    """Every vault file's path without `.md`, by kind and key, unique in the vault (so
    Obsidian's shortest-path links and relative links name the same file)."""

    def __init__(self, data: ExportData, notes: dict[str, str]):
        self.notes = notes  # session id -> stem
        self.redacted = data.redactor is not None
        self.people: dict[str, str] = {}
        taken = set(notes.values())
        people = data.people() if data.redactor is None else []
        for row in sorted(people, key=lambda r: person_key(r["name"])):
            base = stem = _slug(row["name"], "person")
            number = 2
            while stem in taken:
                stem, number = f"{base}-{number}", number + 1
            taken.add(stem)
            self.people[person_key(row["name"])] = stem
        self.goals = dict(self.goal_stems(data))

    @staticmethod
    def goal_stems(data: ExportData) -> list[tuple[str, str]]:
        return [(g.id, f"{_slug(g.title, 'goal')}-{g.id[:8]}") for g in data.goals]

    def person(self, name: str | None) -> str | None:
        stem = self.people.get(person_key(name)) if name else None
        return f"people/{stem}" if stem else None


def _link(label: str, target: str | None, here: str) -> str:
    """A relative markdown link from a file in folder `here` ("" for the top level)."""
    if not target:
        return md_escape(label)
    up = "../" if here else ""
    return f"[{md_escape(label)}]({up}{target}.md)"


def _file(kind: str, record: dict[str, Any], title: str,
          facts: list[tuple[str, str]], sections=(), text: str = "",
          redacted: bool = False) -> bytes:
    body = render("record.md.j2", title=title, facts=facts, sections=list(sections),
                  text=text)
    head = dump_yaml({RECORD_KEY: kind, **record, **({"redacted": True} if redacted else {})})
    return seal(f"---\n{head}---\n\n{body.rstrip()}\n").encode()


Identity = tuple[str, str]  # the record a vault file holds: (kind, key)


def record_files(data: ExportData, notes: dict[str, str],
                 identities: dict[str, Identity] | None = None) -> dict[str, bytes]:
    """The vault's files other than session notes, by path; `identities` gets the record
    each holds (as its front matter names it), by path."""
    stems = Stems(data, notes)
    tree: dict[str, bytes] = {}
    holds = identities if identities is not None else {}
    reviews = data.journal.goals.review_rows()
    for goal in data.goals:
        tree[f"goals/{stems.goals[goal.id]}.md"] = _goal_file(
            goal, reviews.get(goal.id, []), stems)
        holds[f"goals/{stems.goals[goal.id]}.md"] = ("goal", goal.id)
    # a redacted export is for reading elsewhere: people and contracts name people
    people = data.people() if data.redactor is None else []
    versions: dict[str, list[dict[str, Any]]] = {}
    for row in data.contracts({p["name"] for p in people}):
        versions.setdefault(row["person"], []).append(row)
    contracted = {person_key(name) for name in versions}
    goals: dict[str, list] = {}  # by partner, read once for everyone
    for goal in data.goals:
        if goal.partner:
            goals.setdefault(person_key(goal.partner), []).append(goal)
    for row in people:
        key = person_key(row["name"])
        tree[f"{stems.person(row['name'])}.md"] = _person_file(
            row, stems, goals.get(key, []), key in contracted)
        holds[f"{stems.person(row['name'])}.md"] = ("person", key)
    for name, rows in versions.items():
        path = f"contracts/{stems.people[person_key(name)]}-contract.md"
        tree[path] = _contract_file(name, rows, stems)
        holds[path] = ("contract", person_key(name))
    for action in data.actions:
        if action.session_id not in notes:
            path = f"actions/{_slug(action.what, 'action')}-{action.id[:8]}.md"
            tree[path] = _action_file(action, stems)
            holds[path] = ("action", action.id)
    for tombstone in data.tombstones():
        tree[f"deleted/{_tombstone_stem(tombstone)}.md"] = _tombstone_file(tombstone)
    return tree


def _goal_file(goal, reviews: list[dict[str, Any]], stems: Stems) -> bytes:
    from reflect.goals.reports import smart_parts

    facts = [("Status", goal.status + (f" ({goal.status_note})" if goal.status_note else ""))]
    if goal.due:
        facts.append(("Due", goal.due.isoformat()))
    if goal.partner:
        facts.append(("Shared with", _link(goal.partner, stems.person(goal.partner), "goals")))
    if goal.function:
        facts.append(("Function", goal.function))
    note = stems.notes.get(goal.session_id or "")
    if note:
        facts.append(("Set in", _link(note, note, "goals")))
    smart = [f"**{label}:** {text}" for label, text in smart_parts(goal)]
    shown = [" · ".join(part for part in (
        r["date"], f"{r['progress']}%", r["note"].strip(),
        f"Evidence: {r['evidence'].strip()}" if r["evidence"] else "") if part)
        for r in reviews]
    sections = [(heading, items) for heading, items in (("SMART", smart), ("Reviews", shown))
                if items]
    return _file("goal", goal_record(goal, reviews), goal.title, facts, sections,
                 redacted=stems.redacted)


def _person_file(row: dict[str, Any], stems: Stems, goals: list, contracted: bool) -> bytes:
    """A person's file: role and team, the goals they are partner to, their contract."""
    facts = [(label, row[key]) for label, key in (("Role", "role"), ("Team", "team"))
             if row[key]]
    key = person_key(row["name"])
    links = [_link(g.title, f"goals/{stems.goals[g.id]}", "people") for g in goals]
    sections = [("Goals", links)] if links else []
    if contracted:
        facts.append(("Contract", _link("supervision contract",
                                        f"contracts/{stems.people[key]}-contract", "people")))
    return _file("person", dict(row), row["name"], facts, sections)


def _contract_file(name: str, rows: list[dict[str, Any]], stems: Stems) -> bytes:
    from reflect.insight.contracts import TERM_LABELS, TEXT_TERMS
    from reflect.journal.records import Contract

    versions = [{k: v for k, v in row.items() if k != "person"} for row in rows]
    latest = rows[-1]
    contract = Contract(person=name, version=latest["version"], terms=latest["terms"],
                        review_on=date.fromisoformat(latest["review_on"])
                        if latest["review_on"] else None,
                        created=latest["created"])
    text = render("contract.md.j2", contract=contract, labels=TERM_LABELS,
                  text_terms=TEXT_TERMS, versions=len(rows))
    text = text.split("\n", 1)[1] if text.startswith("# ") else text
    facts = [("With", _link(name, stems.person(name), "contracts"))]
    return _file("contract", {"person": name, "versions": versions},
                 f"Supervision contract with {name}", facts, text=text)


def _action_file(action, stems: Stems) -> bytes:
    facts = [("Done", action.done_on.isoformat() if action.done_on else "not yet")]
    if action.who:
        facts.append(("Who", _link(action.who, stems.person(action.who), "actions")))
    if action.due:
        facts.append(("Due", action.due.isoformat()))
    return _file("action", action_record(action), action.what, facts,
                 redacted=stems.redacted)


def _tombstone_stem(tombstone: dict[str, Any]) -> str:
    if tombstone["kind"] == "session":
        return f"session-{tombstone['key']}"
    digest = hashlib.sha256(tombstone["key"].encode()).hexdigest()[:8]
    return f"{tombstone['kind']}-{_slug(tombstone['key'], tombstone['kind'])}-{digest}"


def _tombstone_file(tombstone: dict[str, Any]) -> bytes:
    what = {"session": "A session", "person": "A person"}[tombstone["kind"]]
    became = (f" They became {tombstone['became']}." if tombstone.get("became") else "")
    text = (f"{what} was deleted on {tombstone['deleted_at'][:10]}.{became} This file "
            "carries the deletion to your other machines; it holds no text of the record.")
    return _file("deleted", tombstone_record(tombstone), "Deleted", [], text=text)
