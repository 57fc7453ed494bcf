"""New sessions added together: an import that adds them NEW_AT_ONCE at a time leaves the
journal, and says, exactly what taking each session alone does, whatever the file mixes
(new ids, ids the journal holds, deleted or erased, an id twice, entries without ids,
sessions with actions, sources already imported), across two files of one import.

A short run by default; --long-fuzz (or REFLECT_FUZZ_EXAMPLES) runs more.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.journal import sessions as session_reads
from reflect.journal import writes
from reflect.journal.connection import open_journal
from reflect.journal.sessions import SessionFilter
from reflect.journal.vault import SESSION
from reflect.sharing.importing import apply
from reflect.sharing.importing.batch import Batch
from reflect.sharing.importing.schema import ActionIn, SessionIn

EXAMPLES = max(5, int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "30")) // 2)
IDS = [f"{n:032x}" for n in range(1, 7)]
STAMPS = [f"2026-01-0{day}T09:00:00+00:00" for day in (1, 3, 5)]  # before, at, after
AT = STAMPS[1]  # when the journal's sessions were deleted or erased


@pytest.fixture(autouse=True)
def _frozen(frozen_clock):
    """Two runs stamp what they add the same."""


def _counted_ids(monkeypatch) -> None:
    """New ids counted from 1, so that two runs give a session without one the same."""
    numbers = iter(range(1, 10**6))
    monkeypatch.setattr(writes.uuid, "uuid4", lambda: uuid.UUID(int=2**100 + next(numbers)))


# The journal before the import: each id absent, held, deleted (hidden) or erased.
HERE = st.fixed_dictionaries({i: st.sampled_from(["absent", "held", "deleted", "erased"])
                              for i in IDS})


@st.composite
def incoming(draw) -> SessionIn:
    """A session as a file holds it; few titles and sources, so that copies often match."""
    session_id = draw(st.none() | st.sampled_from(IDS))
    actions = [ActionIn(id=uuid.UUID(int=draw(st.integers(1, 2**64))).hex, what="call",
                        who=draw(st.sampled_from(["Sam Jones", "Ana Costa"])),
                        created=STAMPS[0])] if draw(st.booleans()) and session_id else []
    return SessionIn(
        id=session_id, held_on=date(2026, 1, draw(st.integers(1, 3))),
        title=draw(st.sampled_from(["Visit", "Team", "Court"])), body="words",
        with_name=draw(st.sampled_from([None, "Sam Jones", "Jo Bloggs"])),
        tags=draw(st.lists(st.sampled_from(["risk", "court"]), unique=True)),
        source_hash=draw(st.sampled_from([None, None, "md:a", "md:b"])),
        private=draw(st.sampled_from([None, "mine"])),  # a copy with private reflection
        agreed_hash=draw(st.sampled_from([None, "a" * 64])),
        created=STAMPS[0], updated=draw(st.sampled_from(STAMPS)), actions=actions)


FILES = st.lists(st.lists(incoming(), max_size=10), min_size=1, max_size=2)


def _journal(path: Path, here: dict[str, str]):
    journal = open_journal(path)
    for session_id, state in here.items():
        if state in ("held", "deleted"):
            journal.add_session(held_on=date(2026, 1, 1), title="Visit", kind="individual",
                                role="supervisee", body="words", session_id=session_id,
                                created=STAMPS[0], updated=STAMPS[0])
        if state == "deleted":
            journal.vault.hide_session(session_id, AT)
        elif state == "erased":
            journal.vault.bury(SESSION, session_id, AT)
    return journal


def _rows(journal) -> dict[str, list[tuple]]:
    """Every table's rows in the order they went in (the search index's own tables
    aside: how it lays out its pages is its business)."""
    tables = [row[0] for row in journal.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sessions_fts%'"
        " AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations' ORDER BY name")]
    return {t: [tuple(r) for r in journal.conn.execute(f"SELECT rowid, * FROM [{t}]"
                                                      " ORDER BY rowid")] for t in tables}


def _import(path: Path, here, files, allow_update: bool, dry_run: bool):
    journal = _journal(path, here)
    try:
        batches = [Batch(f"file{n}.json", sessions=list(records), copy=f"json:/f{n}.json")
                   for n, records in enumerate(files)]
        report = apply.import_batches(journal, batches, allow_update, dry_run)
        found = journal.search('"words"', SessionFilter(), 100)[1]  # the index kept up
        return report.files, _rows(journal), found
    finally:
        journal.close()


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(here=HERE, files=FILES, allow_update=st.booleans(), dry_run=st.booleans())
def test_sessions_added_together_end_as_each_taken_alone(tmp_path, monkeypatch, here,
                                                         files, allow_update, dry_run):
    def run(name: str):
        _counted_ids(monkeypatch)
        return _import(Path(tempfile.mkdtemp(dir=tmp_path)) / f"{name}.db", here, files,
                       allow_update, dry_run)

    with monkeypatch.context() as alone:  # every session with an id through `_session`
        alone.setattr(apply, "NEW_AT_ONCE", 1)
        alone.setattr(session_reads.SessionReads, "known_sessions", lambda self, ids: set(ids))
        expected = run("alone")
    for at_once in (2, 500):
        with monkeypatch.context() as together:
            together.setattr(apply, "NEW_AT_ONCE", at_once)
            assert run(f"together{at_once}") == expected, at_once


def test_new_sessions_with_ids_go_in_together_not_one_by_one(tmp_path, monkeypatch):
    at_once: list[int] = []
    add_sessions = apply.Journal.add_sessions

    def counted(self, new):
        at_once.append(len(new))
        return add_sessions(self, new)

    def one_by_one(self, **fields):
        raise AssertionError("a new session was added alone")

    monkeypatch.setattr(apply, "NEW_AT_ONCE", 4)
    monkeypatch.setattr(apply.Journal, "add_sessions", counted)
    monkeypatch.setattr(apply.Journal, "add_session", one_by_one)
    records = [SessionIn(id=f"{n:032x}", held_on=date(2026, 1, 1), title=f"S{n}",
                         body="words", created=STAMPS[0], updated=STAMPS[0])
               for n in range(1, 11)]
    journal = open_journal(tmp_path / "j.db")
    try:
        statements: list[str] = []
        journal.conn.set_trace_callback(statements.append)
        report = apply.import_batches(journal, [Batch("f.json", sessions=records,
                                                      copy="json:/f.json")])
        journal.conn.set_trace_callback(None)
        assert report.totals() == {("session", "added"): 10}
        assert at_once == [4, 4, 2]
        # nothing asked about one session at a time
        assert not [s for s in statements if s.startswith("SELECT id, updated FROM sessions")]
        assert [s.title for s in journal.sessions()] == [f"S{n}" for n in range(10, 0, -1)]
    finally:
        journal.close()
