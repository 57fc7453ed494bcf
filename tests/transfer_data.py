"""A small journal with one of everything, for the export and import tests."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from reflect.journal.connection import open_journal
from reflect.journal.records import Review

PROCTOR = {"split": {"normative": 70, "formative": 20, "restorative": 10},
           "normative_notes": "Went through the chronology.", "needed_more": "restorative",
           "bring_next": "How the visits affect me."}


def stamp(day: int, hour: int = 9) -> str:
    return f"2026-01-{day:02d}T{hour:02d}:00:00+00:00"


def fill(path: Path) -> dict[str, str]:
    """Four sessions (two on one day with one title, a group, a draft), goals, actions,
    people with teams, and a contract. Returns the ids by name."""
    journal = open_journal(path)
    try:
        return _fill(journal)
    finally:
        journal.close()


def _fill(journal) -> dict[str, str]:
    def add(**fields):
        base = {"kind": "individual", "role": "supervisee"}
        return journal.add_session(**{**base, **fields})[0].id

    ids = {
        "first": add(held_on=date(2026, 1, 5), title="Supervision with Sam",
                     with_name="Sam Jones", duration=60, tags=["workload", "neglect"],
                     body="We talked about *workload*.\n\n| case | hours |\n|---|---|\n"
                          "| Smith | 6 |\n\n<script>alert(1)</script>",
                     answers={"proctor": PROCTOR}, created=stamp(5), updated=stamp(6)),
        "twin": add(held_on=date(2026, 1, 5), title="Supervision with Sam",
                    with_name="Sam Jones", body="A second one that day.",
                    created=stamp(5, 15), updated=stamp(5, 15)),
        "group": add(held_on=date(2026, 2, 2), title="Action learning: Zoë's case",
                     kind="action-learning", attendees=["Zoë Ångström", "Jo Bloggs"],
                     presenter="Zoë Ångström", issue_presented="Closing a case well",
                     body="Questions only, no advice.", tags=["group"],
                     created=stamp(7), updated=stamp(7)),
        "draft": add(held_on=date(2026, 3, 1), title="Unfinished", with_name="Jo Bloggs",
                     status="draft", interview={"models": ["proctor"], "cursor": 1},
                     body="Half written.",
                     created=stamp(8), updated=stamp(8)),
    }
    goal = journal.goals.add({
        "title": "Genograms", "specific": "Use a genogram with every new family",
        "measurable": "Supervisor sees three", "achievable": "Over three months",
        "relevant": "Assessment skills", "due": date(2026, 5, 1), "partner": "Sam Jones",
        "session_id": ids["first"], "function": "formative"})
    journal.goals.review(goal.id, Review(date(2026, 2, 1), 40, "Two done", "case audit"))
    ids["goal"] = goal.id
    ids["action"] = journal.goals.add_action("Send the chronology", "Sam Jones",
                                             date(2026, 1, 9), ids["first"]).id
    done = journal.goals.add_action("Book the visit", None, None, ids["first"])
    journal.goals.mark_done(done.id, date(2026, 1, 8))
    with journal.db.atomic():
        sam = journal.find_person("Sam Jones")
        journal.db["people"].update(sam.id, {"role": "supervisor", "team": "North"})
        journal.db["contracts"].insert({
            "person_id": sam.id, "version": 1, "created": stamp(4),
            "terms": json.dumps({"frequency_days": 28}), "review_on": "2026-07-01"})
    return ids


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, for byte-for-byte comparison."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def modes(folder: Path) -> set[tuple[str, int]]:
    found = {("dir", folder.stat().st_mode & 0o777)}
    for path in folder.rglob("*"):
        found.add(("dir" if path.is_dir() else "file", path.stat().st_mode & 0o777))
    return found


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
