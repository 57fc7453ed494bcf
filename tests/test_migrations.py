"""Schema upgrades: from empty and from every earlier version, with records intact."""

import json

import pytest
from sqlite_utils import Database

from reflect.journal import connection
from reflect.journal.migrations import known_names, migrations
from tests.support import indexed_ids

EARLIER = known_names()[1:]


def journal_at(path, stop_before: str) -> Database:
    """A journal built only up to (not including) migration `stop_before`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    migrations.apply(db, stop_before=stop_before)
    return db


@pytest.mark.parametrize("stop_before", EARLIER)
def test_upgrade_from_each_earlier_version_keeps_sessions(journal_path, stop_before):
    db = journal_at(journal_path, stop_before)
    db["people"].insert({"id": 1, "name": "Sam Jones", "role": None, "created": "2026-01-01"})
    db["sessions"].insert({
        "id": "a" * 32, "held_on": "2026-01-02", "title": "Old note", "kind": "individual",
        "role": "supervisee", "with_id": 1, "duration": 60, "body": "Written long ago.",
        "status": "final", "created": "2026-01-02T10:00:00+00:00",
        "updated": "2026-01-02T10:00:00+00:00"})
    db["answers"].insert({"session_id": "a" * 32, "model": "proctor", "prompt": "bring_next",
                          "value": json.dumps("the Smith case"), "position": 0})
    db.close()

    journal = connection.open_journal(journal_path)
    applied = [r["name"] for r in journal.db["_sqlite_migrations"].rows]
    assert applied == known_names()
    session = journal.session("aaaa")
    assert (session.title, session.body, session.with_name) == (
        "Old note", "Written long ago.", "Sam Jones")
    assert session.answers == {"proctor": {"bring_next": "the Smith case"}}
    assert session.interview is None
    assert session.private_answers == []  # m008: no answer was kept private before
    assert indexed_ids(journal, '"long"') == [session.id]


def test_m002_adds_the_interview_column(journal_path):
    journal_at(journal_path, "m002_interview_state").close()
    journal = connection.open_journal(journal_path)
    assert "interview" in journal.db["sessions"].columns_dict


def test_upgrade_writes_a_private_backup_beside_the_journal_first(journal_path):
    import os
    import sqlite3
    import stat

    db = journal_at(journal_path, EARLIER[-1])
    db["sessions"].insert({
        "id": "b" * 32, "held_on": "2026-01-02", "title": "Kept", "kind": "individual",
        "role": "supervisee", "body": "Before the upgrade.", "status": "final",
        "created": "2026-01-02T10:00:00+00:00", "updated": "2026-01-02T10:00:00+00:00"})
    db.close()
    connection.open_journal(journal_path).close()
    [backup] = journal_path.parent.glob(f"journal.db.before-{EARLIER[-1]}-*.bak")
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    with sqlite3.connect(backup) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        assert EARLIER[-1] not in names
        assert conn.execute("SELECT body FROM sessions").fetchone()[0] == "Before the upgrade."
    conn.close()


def test_a_new_journal_and_an_up_to_date_one_make_no_backup(journal_path):
    connection.open_journal(journal_path).close()
    connection.open_journal(journal_path).close()
    assert list(journal_path.parent.glob("*.bak")) == []


def test_m010_puts_tags_in_one_form_and_merges_those_that_meet(journal_path):
    db = journal_at(journal_path, "m010_tags_in_one_form")
    for session_id in ("a" * 32, "b" * 32):
        db["sessions"].insert({
            "id": session_id, "held_on": "2026-01-02", "title": "T", "kind": "individual",
            "role": "supervisee", "body": "", "status": "final",
            "created": "2026-01-02T10:00:00+00:00", "updated": "2026-01-02T10:00:00+00:00"})
    for tag_id, name in ((1, "Court work"), (2, "court-work"), (3, "#CPD")):
        db["tags"].insert({"id": tag_id, "name": name})
    for session_id, tag_id in (("a" * 32, 1), ("a" * 32, 2), ("b" * 32, 1), ("b" * 32, 3)):
        db["session_tags"].insert({"session_id": session_id, "tag_id": tag_id})
    db.close()
    journal = connection.open_journal(journal_path)
    assert journal.session("aaaa").tags == ["court-work"]
    assert journal.session("bbbb").tags == ["court-work", "cpd"]
    assert sorted(r["name"] for r in journal.db["tags"].rows) == ["court-work", "cpd"]
    journal.close()


def test_the_quick_schema_check_knows_every_migration():
    from reflect.journal.schema import KNOWN

    assert list(KNOWN) == known_names()


def _modules_after_opening(path) -> set[str]:
    import subprocess
    import sys

    code = ("import sys; from reflect.journal.connection import open_journal; "
            f"j = open_journal({str(path)!r}); j.sessions(); j.close(); "
            "print(' '.join(sys.modules))")
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.split())


def test_opening_a_current_journal_reads_its_schema_without_sqlite_utils(journal_path):
    assert "sqlite_utils" in _modules_after_opening(journal_path)  # new: migrated
    assert "sqlite_utils" not in _modules_after_opening(journal_path)  # current: read only


@pytest.mark.parametrize("stop_before", [EARLIER[0], EARLIER[-1]])
def test_an_older_journal_is_still_seen_as_older_and_migrated(journal_path, stop_before):
    from reflect.journal.schema import is_current

    db = journal_at(journal_path, stop_before)
    assert not is_current(db.conn)
    db.close()
    journal = connection.open_journal(journal_path)
    assert is_current(journal.conn)
    assert [r["name"] for r in journal.db["_sqlite_migrations"].rows] == known_names()


def test_reading_people_goals_and_sync_records_needs_no_sqlite_utils(journal_path):
    import subprocess
    import sys
    from datetime import date

    journal = connection.open_journal(journal_path)
    journal.add_session(held_on=date(2026, 1, 2), title="t", kind="individual",
                        role="supervisee", with_name="Sam Jones")
    journal.close()
    code = ("import sys; from reflect.journal.connection import open_journal; "
            "from reflect.journal.goals import GoalFilter; "
            f"j = open_journal({str(journal_path)!r}); "
            "j.people.get('sam jones'); j.people.contracts('Sam Jones'); "
            "j.goals.list(GoalFilter(status=None)); j.goals.actions(); "
            "j.vault.base('person', 'sam jones'); j.redact_names.names(); j.close(); "
            "print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
