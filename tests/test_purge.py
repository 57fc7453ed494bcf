"""Purge: whole sessions erased for good, with no trace of their words left in the files."""

import json
import uuid
from datetime import date

import pytest

from reflect.journal import connection
from reflect.terminal import ask
from reflect.upkeep import purge as purging
from tests.support import indexed_ids
from tests.test_bad_input import assert_one_line_error, snapshot

GONE = ["zorblaxtitle", "quenfrabody", "plixovprivate", "tromvelanswer", "snerdivversion",
        "gwumpletag"]
KEPT = ["marrowkepttitle", "fennelkeptbody", "brisquakeptprivate", "olvankeptanswer"]


def record(journal, held_on, words, tag=None, with_name=None):
    """A session carrying `words` in its title, body, private reflection, answers, version.

    Rows are written directly: an UPDATE of a session would fire m006's update triggers.
    """
    title, body, private, answer, *rest = words
    session_id = uuid.uuid4().hex
    person = journal.ensure_person(with_name)[0].id if with_name else None
    journal.db["sessions"].insert({
        "id": session_id, "held_on": held_on.isoformat(), "title": f"Supervision {title}",
        "kind": "individual", "role": "supervisee", "with_id": person,
        "body": f"We talked about {body} at length.", "private": f"I felt {private} afterwards",
        "status": "final", "created": "2019-01-01T00:00:00+00:00",
        "updated": "2019-01-01T00:00:00+00:00"})
    journal.db["answers"].insert({"session_id": session_id, "model": "proctor",
                                  "prompt": "bring_next", "value": f'"the {answer} case"',
                                  "position": 0})
    if tag:
        tag_id = journal.db["tags"].insert({"name": tag}).last_pk
        journal.db["session_tags"].insert({"session_id": session_id, "tag_id": tag_id})
    if rest:
        journal.db["session_versions"].insert({
            "session_id": session_id, "version": 1, "created": "2019-01-02T00:00:00+00:00",
            "snapshot": json.dumps({"body": f"first draft about {rest[0]}"})})
    journal.db.conn.commit()
    return session_id


def file_bytes(journal_path):
    """The journal, its -wal and its -shm, as SQLite left them, lower-cased."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = journal_path.with_name(journal_path.name + suffix)
        if path.exists():
            found[suffix or "journal"] = path.read_bytes().lower()
    return found


def words_in(found, words):
    return sorted({w for w in words for data in found.values() if w.encode() in data})


@pytest.fixture
def two_sessions(journal_path):
    """An old session full of words to purge, and a recent one to keep."""
    journal = connection.open_journal(journal_path)
    gone = record(journal, date(2019, 3, 4), GONE, tag="gwumpletag", with_name="Sam Jones")
    kept = record(journal, date(2026, 11, 20), KEPT, tag="workload", with_name="Sam Jones")
    journal.close()
    return gone, kept


def test_purged_words_are_gone_from_the_journal_wal_and_shm_while_open(journal_path):
    journal = connection.open_journal(journal_path)
    gone = record(journal, date(2019, 3, 4), GONE, tag="gwumpletag")
    kept = record(journal, date(2026, 11, 20), KEPT, tag="workload")
    assert words_in(file_bytes(journal_path), GONE) == sorted(GONE)  # the test can see them
    plan = purging.plan_purge(journal, purging.PurgeCriteria(before=date(2020, 1, 1)))
    assert plan.ids == [gone]
    assert purging.purge(journal, plan) is True
    found = file_bytes(journal_path)
    assert set(found) == {"journal", "-wal", "-shm"}
    assert words_in(found, GONE) == []
    assert words_in({"journal": found["journal"]}, KEPT) == sorted(KEPT)
    assert indexed_ids(journal, '"fennelkeptbody"') == [kept]
    assert indexed_ids(journal, '"quenfrabody"') == []
    journal.close()


def test_purge_from_the_command_line_leaves_no_trace(reflect, journal_path, two_sessions):
    gone, kept = two_sessions
    result = reflect("purge", "--before", "2020-01-01", "--yes")
    assert "Erased 1 session" in result.stderr
    assert result.stdout == ""
    found = file_bytes(journal_path)
    assert words_in(found, GONE) == []
    assert words_in(found, KEPT) == sorted(KEPT)
    assert [s["id"] for s in reflect.json("list")] == [kept]
    reflect("check")


def test_everything_belonging_to_the_session_goes_and_goals_and_actions_stay(
        reflect, journal_path, two_sessions):
    gone, kept = two_sessions
    journal = connection.open_journal(journal_path)
    journal.add_session(held_on=date(2019, 5, 1), title="Group", kind="group",
                        role="supervisee", attendees=["Bo", "Cy"], presenter="Bo",
                        tags=["workload"])
    journal.db.execute("INSERT INTO actions (id, what, session_id, created) VALUES"
                       " ('a1', 'Send the chronology', ?, '2019-03-04')", [gone])
    journal.db.execute("INSERT INTO goals (id, title, session_id, created, updated) VALUES"
                       " ('g1', 'Genograms', ?, '2019-03-04', '2019-03-04')", [gone])
    journal.db.conn.commit()
    journal.close()
    result = reflect("purge", "--before", "2020-01-01", "--dry-run")
    assert "sessions: 2" in result.stderr and "attendees: 3" in result.stderr
    reflect("purge", "--before", "2020-01-01", "--yes")
    db = connection.open_journal(journal_path).db
    for table in ("answers", "session_tags", "session_people", "session_versions"):
        ids = {r[0] for r in db.execute(f"SELECT session_id FROM {table}")}
        assert ids <= {kept}, table
    assert [r[0] for r in db.execute("SELECT name FROM tags")] == ["workload"]
    assert db.execute("SELECT session_id FROM actions WHERE id = 'a1'").fetchone() == (None,)
    assert db.execute("SELECT session_id FROM goals WHERE id = 'g1'").fetchone() == (None,)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_purge_deleted_erases_soft_deleted_sessions_whatever_their_date(reflect, journal_path):
    journal = connection.open_journal(journal_path)
    hidden = record(journal, date(2026, 11, 1), GONE)
    kept = record(journal, date(2026, 11, 20), KEPT)
    journal.db.execute("UPDATE sessions SET deleted_at = '2026-11-21T09:00:00+00:00'"
                       " WHERE id = ?", [hidden])
    journal.db.conn.commit()
    journal.close()
    listed = reflect("purge", "--deleted", "--dry-run").stdout
    assert hidden[:8] in listed and "(deleted)" in listed and kept[:8] not in listed
    reflect("purge", "--deleted", "--yes")
    found = file_bytes(journal_path)
    assert words_in(found, GONE) == []
    assert words_in(found, KEPT) == sorted(KEPT)
    db = connection.open_journal(journal_path).db
    assert [r[0] for r in db.execute("SELECT id FROM sessions")] == [kept]
    reflect("check")


def test_purge_with_a_person_takes_only_their_sessions(reflect, journal_path):
    journal = connection.open_journal(journal_path)
    sam = record(journal, date(2019, 1, 1), GONE, with_name="Sam Jones")
    jo = record(journal, date(2019, 1, 2), KEPT, with_name="Jo Bloggs")
    group = journal.add_session(held_on=date(2019, 1, 3), title="Set", kind="action-learning",
                                role="peer", attendees=["Sam Jones", "Ann"])[0].id
    journal.close()
    listed = reflect("purge", "--before", "2020-01-01", "--with", "sam jones",
                     "--dry-run").stdout
    assert sam[:8] in listed and group[:8] in listed and jo[:8] not in listed
    reflect("purge", "--before", "2020-01-01", "--with", "Sam Jones", "--yes")
    assert [s["id"] for s in reflect.json("list")] == [jo]


def test_dry_run_lists_and_changes_nothing(reflect, journal_path, two_sessions):
    gone, _ = two_sessions
    before = snapshot(journal_path)
    result = reflect("purge", "--before", "2020-01-01", "--dry-run")
    [line] = result.stdout.splitlines()
    assert line.startswith(gone[:8]) and "2019-03-04" in line and "Sam Jones" in line
    assert "Nothing was changed" in result.stderr
    assert snapshot(journal_path) == before


def test_without_a_terminal_or_yes_purge_refuses_in_one_line(reflect, journal_path,
                                                             two_sessions):
    before = snapshot(journal_path)
    assert_one_line_error(reflect("purge", "--before", "2020-01-01", code=None), "--yes")
    assert snapshot(journal_path) == before


def test_purge_asks_on_a_terminal(reflect, journal_path, two_sessions, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    before = snapshot(journal_path)
    result = reflect("purge", "--before", "2020-01-01", input="n\n")
    assert "sessions: 1" in result.stderr and "Nothing erased" in result.stderr
    assert snapshot(journal_path) == before
    reflect("purge", "--before", "2020-01-01", input="y\n")
    assert len(reflect.json("list")) == 1


def test_purge_warns_that_earlier_backups_still_hold_the_sessions(reflect, two_sessions):
    backup = reflect("backup").stdout.strip()
    result = reflect("purge", "--before", "2020-01-01", "--yes")
    assert "no backup of its own" in result.stderr
    assert backup.rsplit("/", 1)[1] in result.stderr


def test_nothing_to_purge(reflect, journal_path, two_sessions):
    before = snapshot(journal_path)
    result = reflect("purge", "--before", "2000-01-01", "--yes")
    assert "Nothing to purge" in result.stderr
    assert snapshot(journal_path) == before


@pytest.mark.parametrize("args, words", [
    ((), "--before"),
    (("--with", "Sam Jones", "--deleted"), "--before"),
    (("--before", "someday"), "someday"),
    (("--before", "2020-01-01", "--with", "Nobody Known"), "Nobody Known"),
])
def test_bad_purge_requests_are_one_line_errors(reflect, journal_path, two_sessions, args,
                                                words):
    before = snapshot(journal_path)
    assert_one_line_error(reflect("purge", *args, "--yes", code=None), words)
    assert snapshot(journal_path) == before


def test_purge_without_a_journal_creates_none(reflect, journal_path):
    assert_one_line_error(reflect("purge", "--deleted", "--yes", code=None), "no journal")
    assert not journal_path.exists()


def test_purge_while_another_command_reads_says_what_is_true_and_finish_ends_it(
        reflect, journal_path, two_sessions, monkeypatch):
    import subprocess
    import sys

    from reflect.trust import driver

    # Another command, mid-read, in a process of its own (SQLite's locks are per process).
    reader = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "conn.execute('BEGIN')\n"
         "conn.execute('SELECT count(*) FROM sessions').fetchone()\n"
         "print('reading', flush=True)\n"
         "sys.stdin.readline()\n", str(journal_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "reading"
    monkeypatch.setattr(driver, "BUSY_TIMEOUT_MS", 100)
    try:
        said = reflect("purge", "--before", "2020-01-01", "--yes").stderr
        assert "the journal file still holds the erased text" in said
        assert "reflect purge --finish" in said
        assert words_in({"journal": journal_path.read_bytes().lower()}, GONE)  # as it says
        assert "Not finished" in reflect("purge", "--finish").stderr
    finally:
        reader.communicate("done\n", timeout=30)
    assert "Finished: the journal file holds no erased text" in reflect(
        "purge", "--finish").stderr
    assert words_in(file_bytes(journal_path), GONE) == []
    reflect("purge", "--finish", "--deleted", code=1)


def test_a_full_disk_during_purge_says_what_was_erased_and_how_to_finish(
        reflect, journal_path, two_sessions, monkeypatch):
    from reflect.journal import erasing
    from reflect.trust import driver

    gone, kept = two_sessions
    real = erasing.compact

    def disk_full(journal):
        raise driver.OperationalError("database or disk is full")

    monkeypatch.setattr(erasing, "compact", disk_full)
    result = reflect("purge", "--before", "2020-01-01", "--yes", code=1)
    line = result.stderr.strip().splitlines()[-1]  # after the plan it showed
    assert line.startswith("reflect: error: erased 1 session(s), but rewriting")
    for words in ("disk is full", "free some space", "reflect purge --finish"):
        assert words in line
    assert "Traceback" not in result.stderr
    assert [s["id"] for s in reflect.json("list")] == [kept]  # the erasing itself was done
    monkeypatch.setattr(erasing, "compact", real)  # space freed
    reflect("purge", "--finish")
    assert words_in(file_bytes(journal_path), GONE) == []
