"""Bad input gets one line on stderr, exit code 1, no traceback, and nothing written."""

import os
import sqlite3

import pytest

from reflect.journal import facade
from reflect.journal import writes as session_writes
from reflect.trust import driver
from tests.support import assert_one_line_error


def snapshot(path):
    return {p: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


@pytest.fixture
def one_session(reflect, journal_path):
    session_id = reflect.new(body="Kept safe.")
    return session_id, snapshot(journal_path)


def test_unknown_id(reflect, journal_path, one_session):
    _, before = one_session
    assert_one_line_error(reflect("show", "ffff0000", code=None), "no session")
    assert_one_line_error(reflect("delete", "ffff0000", "--yes", code=None), "no session")
    assert snapshot(journal_path) == before


def test_short_id(reflect, one_session):
    session_id, _ = one_session
    assert_one_line_error(reflect("show", session_id[:3], code=None), "too short")


def test_ambiguous_prefix(reflect, journal_path, monkeypatch):
    import uuid

    ids = iter([uuid.UUID("abcd" + "1" * 28), uuid.UUID("abcd" + "2" * 28)])
    monkeypatch.setattr(session_writes.uuid, "uuid4", lambda: next(ids))
    reflect.new()
    reflect.new()
    before = snapshot(journal_path)
    assert_one_line_error(reflect("delete", "abcd", "--yes", code=None), "ambiguous")
    assert snapshot(journal_path) == before
    assert len(reflect.json("list")) == 2


@pytest.mark.parametrize("bad", ["2026-02-30", "someday", "32/13/2026"])
def test_unparseable_date_writes_nothing(reflect, journal_path, bad):
    assert_one_line_error(reflect("new", "--date", bad, "--body", "x", code=None), bad)
    assert not journal_path.exists()
    assert_one_line_error(reflect("list", "--from", bad, code=None), bad)


def test_journal_path_that_cannot_be_created(reflect, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = reflect("--journal", str(blocker / "journal.db"), "new", "--body", "x", code=None)
    assert_one_line_error(result, "journal")
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_journal_in_a_read_only_folder(reflect, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = reflect("--journal", str(folder / "journal.db"), "init", code=None)
        assert_one_line_error(result, "cannot create journal")
    finally:
        folder.chmod(0o700)


def test_read_only_journal_file(reflect, journal_path):
    reflect.new()
    journal_path.chmod(0o400)
    try:
        if os.access(journal_path, os.W_OK):
            pytest.skip("root can write to a read-only file")
        assert_one_line_error(reflect("new", "--body", "x", code=None), "permission")
    finally:
        journal_path.chmod(0o600)


def test_journal_is_a_folder(reflect, tmp_path):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    assert_one_line_error(reflect("--journal", str(folder), "list", code=None), "folder")


def test_file_that_is_not_sqlite(reflect, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary, this is not a database.\n" * 20)
    before = path.read_bytes()
    result = reflect("--journal", str(path), "list", code=None)
    assert_one_line_error(result, "not a reflect journal")
    assert_one_line_error(reflect("--journal", str(path), "new", "--body", "x", code=None),
                          "not a reflect journal")
    assert path.read_bytes() == before


def test_sqlite_file_of_another_program(reflect, tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE sessions (x)")
    before = path.read_bytes()
    assert_one_line_error(reflect("--journal", str(path), "list", code=None), "not a reflect")
    assert path.read_bytes() == before


def test_journal_from_a_newer_schema(reflect, journal_path):
    reflect.new()
    with sqlite3.connect(journal_path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('reflect', 'm042_from_the_future', '2031-01-01')")
    conn.close()
    before = snapshot(journal_path)
    result = reflect("list", code=None)
    assert_one_line_error(result, "newer version", "upgrade")
    assert snapshot(journal_path) == before


def test_corrupt_journal(reflect, journal_path):
    reflect.new(body="first")
    with sqlite3.connect(journal_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(journal_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the header
    journal_path.write_bytes(bytes(data))
    assert_one_line_error(reflect("list", code=None), "journal")


def test_locked_journal(reflect, journal_path, monkeypatch):
    import subprocess
    import sys

    reflect.new()
    monkeypatch.setattr(driver, "BUSY_TIMEOUT_MS", 50)
    # Another process: SQLite's locks do not conflict within one process.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE'); c.execute('DELETE FROM tags')\n"
         "print('locked', flush=True); time.sleep(60)", str(journal_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert_one_line_error(reflect("new", "--body", "x", code=None), "locked")
    finally:
        holder.kill()
        holder.wait()
    assert len(reflect.json("list")) == 1


def test_usage_errors_stay_exit_code_2(reflect):
    assert reflect("list", "--no-such-option", code=2).exit_code == 2
    assert reflect("new", "--kind", "lecture", "--body", "x", code=2).exit_code == 2
    assert reflect("new", "--duration", "0", "--body", "x", code=2).exit_code == 2


def test_unexpected_errors_are_one_line_unless_debug(reflect, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("something odd")

    monkeypatch.setattr(facade.Journal, "sessions", boom)
    assert_one_line_error(reflect("list", code=None), "something odd", "--debug")
    result = reflect("--debug", "list", code=None)
    assert isinstance(result.exception, RuntimeError)


def test_a_huge_number_is_a_one_line_error(reflect):
    reflect.new()
    assert_one_line_error(reflect("list", "-n", str(10**25), code=None), "too large")


def test_a_closed_pipe_ends_quietly(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "REFLECT_JOURNAL": str(tmp_path / "j.db")}
    subprocess.run([sys.executable, "-m", "reflect", "new", "--body", "note"], env=env,
                   check=True, capture_output=True)
    # `true` exits at once without reading, so reflect's write meets a closed pipe.
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {sys.executable} -m reflect "
                           "list --json | true"], env=env, capture_output=True, text=True)
    assert done.stderr == ""
    assert done.returncode == 141


def test_staging_left_by_a_killed_export_is_removed_next_time(reflect, tmp_path):
    from reflect.trust.files import staging_folder

    reflect.new(body="A note.")
    stale = staging_folder(tmp_path / "out")  # as a killed export leaves it: marked as ours
    (stale / "half.md").write_text("partial note")
    reflect("export", "--out", str(tmp_path / "out"))
    assert not stale.exists()
    assert (tmp_path / "out" / "index.md").exists()
