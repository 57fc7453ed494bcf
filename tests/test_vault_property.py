"""The property: two journals and one vault, every kind of record, deletes and undeletes.

Each round makes random changes on either machine (session texts, deletions and
undeletions, goal titles and reviews, contract versions, roles, actions done) and in the
vault's note text, then runs `reflect sync` work, home, work, home. After every round
both journals hold the same records (their JSON exports are equal) and nothing written has
vanished: every text is still held, current, as an earlier version, or as a kept copy.
The default run is small; --long-fuzz (or REFLECT_FUZZ_EXAMPLES) runs more.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Reflect
from tests.test_sync import Machine, edit_note

EXAMPLES = max(2, int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "8")) // 3)
SIDES = st.sampled_from(["work", "home"])
WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta"])
CHANGE = st.one_of(
    st.tuples(st.just("body"), st.sampled_from(["work", "home", "vault"]), st.integers(0, 2),
              WORDS),
    st.tuples(st.just("delete"), SIDES, st.integers(0, 2), WORDS),
    st.tuples(st.just("undelete"), SIDES, st.integers(0, 2), WORDS),
    st.tuples(st.just("goal"), SIDES, st.just(0), WORDS),
    st.tuples(st.just("review"), SIDES, st.integers(10, 90), WORDS),
    st.tuples(st.just("contract"), SIDES, st.just(0), WORDS),
    st.tuples(st.just("role"), SIDES, st.just(0), WORDS),
    st.tuples(st.just("done"), SIDES, st.just(0), WORDS),
)


def _dump(machine: Machine, root: Path) -> dict:
    out = root / f"{machine.journal.stem}.json"
    machine("export", "--format", "json", "--out", str(out), "--force")
    return json.loads(out.read_text())


def _held(machine: Machine) -> set[str]:
    """Every text the journal holds anywhere: bodies (current and earlier, deleted sessions
    too), goal titles (current and kept copies), review notes and contract terms."""
    db = sqlite3.connect(machine.journal)
    try:
        found = {row[0] for row in db.execute("SELECT body FROM sessions")}
        found |= {json.loads(row[0]).get("body") for row in db.execute(
            "SELECT snapshot FROM session_versions")}
        found |= {row[0] for row in db.execute("SELECT title FROM goals")}
        found |= {json.loads(row[0]).get("title") for row in db.execute(
            "SELECT copy FROM kept_copies WHERE kind = 'goal'")}
        found |= {row[0] for row in db.execute("SELECT note FROM goal_reviews")}
        found |= {json.loads(row[0]).get("format") for row in db.execute(
            "SELECT terms FROM contracts")}
    finally:
        db.close()
    return {text.strip() for text in found if text}


def _apply(change, number: int, machines: dict[str, Machine], ids: dict, vault: Path
           ) -> str | None:
    """Make one change; the text it wrote, if any."""
    kind, side, which, word = change
    text = f"{word} {number} {kind} by {side}"
    machine = machines.get(side)
    if kind == "body":
        if side == "vault":
            deleted = machines["work"]("show", ids["sessions"][which], code=None).exit_code
            if deleted == 0 and list(vault.glob("*.md")):
                try:
                    edit_note(vault, ids["sessions"][which], text)
                except StopIteration:  # the note is not in the vault (deleted there)
                    return None
                return text
            return None
        result = machine("edit", ids["sessions"][which], "--body", text, code=None)
        return text if result.exit_code == 0 else None
    if kind in ("delete", "undelete"):
        machine(kind, ids["sessions"][which], *(["--yes"] if kind == "delete" else []),
                code=None)
        return None
    if kind == "goal":  # the title this side had is replaced by its own edit, by choice
        seen = json.loads(machine("goal", "show", ids["goal"], "--json").stdout)["title"]
        ids.setdefault("replaced", set()).add(seen)
        machine("goal", "edit", ids["goal"], "--title", text)
    elif kind == "review":
        machine("goal", "review", ids["goal"], "--progress", str(which), "--note", text)
    elif kind == "contract":
        machine("contract", "set", "Sam Jones", "--format", text)
    elif kind == "role":
        machine("person", "add", "Sam Jones", "--team", text)
        return None  # a team is a field that one side's change replaces, by the rule
    elif kind == "done":
        machine("action", "done", ids["action"])
        return None
    return text


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(st.lists(CHANGE, max_size=4), min_size=1, max_size=3))
def test_two_journals_converge_on_every_record_and_nothing_written_vanishes(
        tmp_path_factory, rounds):
    root = tmp_path_factory.mktemp("vault")
    reflect = Reflect()
    vault = root / "vault"
    work, home = Machine(reflect, root / "work.db", vault), Machine(reflect, root / "home.db",
                                                                    vault)
    machines = {"work": work, "home": home}
    ids = {"sessions": [work("new", "--with", "Sam Jones", "--date", f"2026-11-0{n + 1}",
                             "--body", f"start {n}").stdout.strip() for n in range(3)]}
    ids["goal"] = work("goal", "add", "--title", "start goal", "--specific", "s",
                       "--measurable", "m", "--achievable", "a", "--relevant", "r",
                       "--due", "2027-01-01").stdout.strip()
    ids["action"] = work("action", "add", "Send the chronology", "--who", "Sam Jones"
                         ).stdout.strip()
    work("contract", "set", "Sam Jones", "--format", "start terms")
    for machine in (work, home):
        machine.sync()
    written = {f"start {n}" for n in range(3)} | {"start goal", "start terms"}
    for number, changes in enumerate(rounds):
        in_vault = {}
        for change in changes:
            text = _apply(change, number, machines, ids, vault)
            if text and change[1] == "vault":
                in_vault[change[2]] = text  # a second edit of one note replaces the first
            elif text:
                written.add(text)
        written |= set(in_vault.values())
        written -= ids.pop("replaced", set())
        for machine in (work, home, work, home):
            machine.sync()
        assert _dump(work, root) == _dump(home, root)
        held = _held(work) | _held(home)
        assert written <= held, written - held
