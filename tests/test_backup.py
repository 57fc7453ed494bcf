"""Backup and restore: consistent private copies, and a checked, atomic, reversible restore."""

import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from reflect.journal import connection
from reflect.journal.migrations import known_names, migrations
from reflect.terminal import ask
from reflect.trust import driver
from reflect.upkeep import backup as backups
from tests.support import indexed_ids
from tests.test_bad_input import assert_one_line_error, snapshot


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def titles(path):
    """Session titles in a journal file, read without changing it or leaving files beside it."""
    conn = driver.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return sorted(row[0] for row in conn.execute("SELECT title FROM sessions"))
    finally:
        conn.close()


def folder_listing(journal_path):
    return sorted(p.name for p in journal_path.parent.iterdir())


@pytest.fixture
def loose_umask():
    """A umask that would make files world-readable, so modes are really ours."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_backup_prints_only_its_path_and_writes_a_private_copy(reflect, journal_path,
                                                               loose_umask):
    reflect.new("--title", "Kept in the copy")
    result = reflect("backup")
    [line] = result.stdout.splitlines()
    backup = journal_path.parent / re.fullmatch(r".*/(journal\.db\.backup-\d{8}-\d{6})",
                                                line).group(1)
    assert str(backup) == line
    assert titles(backup) == ["Kept in the copy"]
    for path in journal_path.parent.iterdir():
        assert mode(path) == 0o600, path.name


def test_backup_to_a_named_file_or_into_a_folder(reflect, journal_path, tmp_path):
    reflect.new("--title", "One")
    named = tmp_path / "usb" / "copy.db"
    named.parent.mkdir()
    assert reflect("backup", str(named)).stdout == f"{named}\n"
    into = reflect("backup", str(named.parent)).stdout.strip()
    assert into.startswith(str(named.parent / "journal.db.backup-"))
    assert titles(named) == titles(into) == ["One"]
    assert mode(named) == mode(into) == 0o600


def test_backup_never_overwrites_a_file(reflect, tmp_path):
    reflect.new()
    existing = tmp_path / "precious.txt"
    existing.write_text("mine")
    assert_one_line_error(reflect("backup", str(existing), code=None), "already exists")
    assert existing.read_text() == "mine"


def test_two_backups_in_the_same_second_get_different_names(reflect, monkeypatch):
    monkeypatch.setattr(backups, "stamp", lambda: "20261120-101500")
    reflect.new()
    first = reflect("backup").stdout.strip()
    second = reflect("backup").stdout.strip()
    assert first.endswith("journal.db.backup-20261120-101500")
    assert second == first + "-2"


def test_backup_without_a_journal_creates_nothing(reflect, journal_path):
    assert_one_line_error(reflect("backup", code=None), "no journal")
    assert not journal_path.parent.exists()


def test_backup_is_consistent_while_another_process_writes(reflect, journal_path):
    reflect.new("--title", "Committed")
    # Another process: SQLite's locks do not conflict within one process.
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO tags (name) VALUES ('half')\")\n"
         "print('writing', flush=True); time.sleep(60)", str(journal_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        backup = reflect("backup").stdout.strip()
    finally:
        writer.kill()
        writer.wait()
    assert titles(backup) == ["Committed"]
    conn = driver.connect(f"file:{backup}?immutable=1", uri=True)
    assert conn.execute("SELECT COUNT(*) FROM tags WHERE name = 'half'").fetchone()[0] == 0
    conn.close()


# restore ---------------------------------------------------------------------


@pytest.fixture
def backup_and_later(reflect, journal_path):
    """A backup holding session A; the journal has A and, since the backup, B."""
    reflect.new("--title", "Before the backup")
    backup = reflect("backup").stdout.strip()
    reflect.new("--title", "After the backup")
    return backup


def test_restore_replaces_the_journal_and_keeps_the_current_one(reflect, journal_path,
                                                               backup_and_later, loose_umask):
    result = reflect("restore", backup_and_later, "--yes")
    assert [s["title"] for s in reflect.json("list")] == ["Before the backup"]
    [kept] = journal_path.parent.glob("journal.db.before-restore-*.bak")
    assert str(kept) in result.stderr
    assert titles(kept) == ["After the backup", "Before the backup"]
    assert titles(backup_and_later) == ["Before the backup"]
    for path in journal_path.parent.iterdir():
        assert mode(path) == 0o600, path.name
    assert not [p for p in journal_path.parent.iterdir() if ".restore-" in p.name]
    reflect("check")


def test_restore_asks_first_on_a_terminal(reflect, journal_path, backup_and_later,
                                          monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    before = snapshot(journal_path)
    listing = folder_listing(journal_path)
    result = reflect("restore", backup_and_later, input="n\n")
    assert "Nothing changed" in result.stderr
    assert snapshot(journal_path) == before
    assert folder_listing(journal_path) == listing
    reflect("restore", backup_and_later, input="y\n")
    assert [s["title"] for s in reflect.json("list")] == ["Before the backup"]


def test_restore_without_a_terminal_or_yes_changes_nothing(reflect, journal_path,
                                                          backup_and_later):
    before = snapshot(journal_path)
    listing = folder_listing(journal_path)
    assert_one_line_error(reflect("restore", backup_and_later, code=None), "--yes")
    assert snapshot(journal_path) == before
    assert folder_listing(journal_path) == listing


def _text_file(tmp_path, backup):
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary, this is not a database.\n" * 50)
    return path, "not a reflect journal"


def _truncated(tmp_path, backup):
    path = tmp_path / "truncated.db"
    data = open(backup, "rb").read()
    path.write_bytes(data[: len(data) // 2])
    return path, "damaged"


def _newer_schema(tmp_path, backup):
    path = tmp_path / "future.db"
    path.write_bytes(open(backup, "rb").read())
    conn = driver.connect(str(path))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('reflect', 'm042_from_the_future', '2031-01-01')")
    conn.commit()
    conn.close()
    return path, "newer version"


def _other_program(tmp_path, backup):
    path = tmp_path / "other.db"
    conn = driver.connect(str(path))
    conn.execute("CREATE TABLE sessions (x)")
    conn.commit()
    conn.close()
    return path, "not a reflect journal"


def _empty_file(tmp_path, backup):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    return path, "not a reflect journal"


def _missing(tmp_path, backup):
    return tmp_path / "no-such-backup.db", "no file"


def _folder(tmp_path, backup):
    path = tmp_path / "a-folder"
    path.mkdir()
    return path, "folder"


@pytest.mark.parametrize("make", [_text_file, _truncated, _newer_schema, _other_program,
                                  _empty_file, _missing, _folder],
                         ids=lambda f: f.__name__.strip("_"))
def test_a_bad_backup_is_refused_and_the_journal_left_alone(reflect, journal_path, tmp_path,
                                                            backup_and_later, make):
    source, words = make(tmp_path, backup_and_later)
    source_bytes = source.read_bytes() if source.is_file() else None
    before = snapshot(journal_path)
    listing = folder_listing(journal_path)
    assert_one_line_error(reflect("restore", str(source), "--yes", code=None), words)
    assert snapshot(journal_path) == before
    assert folder_listing(journal_path) == listing
    if source_bytes is not None:
        assert source.read_bytes() == source_bytes
        assert not os.path.exists(f"{source}-wal") and not os.path.exists(f"{source}-shm")


def test_restoring_the_journal_onto_itself_is_refused(reflect, journal_path):
    reflect.new()
    before = snapshot(journal_path)
    assert_one_line_error(reflect("restore", str(journal_path), "--yes", code=None), "itself")
    assert snapshot(journal_path) == before


def test_a_stale_wal_of_the_old_journal_is_not_replayed_into_the_restored_one(
        reflect, journal_path, backup_and_later):
    # A process that dies without closing leaves committed pages in journal.db-wal.
    subprocess.run([sys.executable, "-c", "import os, sys\nfrom datetime import date\n"
                    "from reflect.journal import connection\n"
                    "j = connection.open_journal(sys.argv[1])\n"
                    "j.add_session(held_on=date(2026, 1, 1), title='Only in the WAL',"
                    " kind='individual', role='supervisee')\n"
                    "os._exit(0)", str(journal_path)], check=True)
    assert os.path.getsize(f"{journal_path}-wal") > 0
    reflect("restore", backup_and_later, "--yes")
    assert [s["title"] for s in reflect.json("list")] == ["Before the backup"]
    reflect("check")
    [kept] = journal_path.parent.glob("journal.db.before-restore-*.bak")
    assert titles(kept) == ["After the backup", "Before the backup", "Only in the WAL"]


def test_restore_keeps_a_damaged_journal_byte_for_byte(reflect, journal_path,
                                                       backup_and_later):
    connection.open_journal(journal_path).db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(journal_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    journal_path.write_bytes(bytes(data))
    reflect("restore", backup_and_later, "--yes")
    [kept] = journal_path.parent.glob("journal.db.before-restore-*.bak")
    assert kept.read_bytes() == bytes(data)
    assert [s["title"] for s in reflect.json("list")] == ["Before the backup"]


def test_restore_refuses_while_another_process_uses_the_journal(reflect, journal_path,
                                                               backup_and_later, monkeypatch):
    monkeypatch.setattr(driver, "BUSY_TIMEOUT_MS", 50)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN'); c.execute('SELECT COUNT(*) FROM sessions').fetchone()\n"
         "print('reading', flush=True); time.sleep(60)", str(journal_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "reading"
        listing = folder_listing(journal_path)
        assert_one_line_error(reflect("restore", backup_and_later, "--yes", code=None),
                              "in use")
        assert folder_listing(journal_path) == listing
    finally:
        holder.kill()
        holder.wait()
    assert len(reflect.json("list")) == 2


def test_restore_into_a_place_with_no_journal_yet(reflect, journal_path, tmp_path,
                                                  backup_and_later):
    elsewhere = tmp_path / "new-home" / "journal.db"
    reflect("--journal", str(elsewhere), "restore", backup_and_later, "--yes")
    assert titles(elsewhere) == ["Before the backup"]
    assert mode(elsewhere) == 0o600
    assert mode(elsewhere.parent) == 0o700
    assert not list(elsewhere.parent.glob("*.bak"))


def test_a_backup_from_an_older_reflect_is_migrated_after_restore(reflect, journal_path,
                                                                  tmp_path, loose_umask):
    old = tmp_path / "old.db"
    db = Database(str(old))
    migrations.apply(db, stop_before=known_names()[-1])
    db["sessions"].insert({
        "id": "c" * 32, "held_on": "2025-03-02", "title": "From long ago", "kind": "individual",
        "role": "supervisee", "body": "Written by an older reflect.", "status": "final",
        "created": "2025-03-02T10:00:00+00:00", "updated": "2025-03-02T10:00:00+00:00"})
    db.close()
    reflect.new("--title", "Current")
    reflect("restore", str(old), "--yes")
    assert [s["title"] for s in reflect.json("list")] == ["From long ago"]
    journal = connection.open_journal(journal_path)
    assert [m.name for m in migrations.applied(journal.db)] == known_names()
    assert indexed_ids(journal, '"older"') == ["c" * 32]
    journal.close()
    for path in journal_path.parent.iterdir():
        assert mode(path) == 0o600, path.name


def test_a_trailing_slash_means_a_folder_made_for_the_backup(reflect, tmp_path):
    reflect.new()
    made = Path(reflect("backup", f"{tmp_path}/new-dir/").stdout.strip())
    assert made.parent == tmp_path / "new-dir" and made.name.startswith("journal.db.backup-")
    assert stat.S_IMODE((tmp_path / "new-dir").stat().st_mode) == 0o700
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


def _damage_a_page(journal_path: Path) -> None:
    """Spoil the root page of the sessions table (its page type), which opening the journal
    does not read but SQLite's quick check does."""
    with sqlite3.connect(journal_path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sessions'"
                            ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(journal_path.read_bytes())
    data[(root - 1) * size] = 0xFF
    journal_path.write_bytes(bytes(data))


def test_a_damaged_journal_is_not_backed_up_unless_forced(reflect, journal_path, tmp_path):
    for n in range(8):
        reflect.new(body="reflection " * 400 + str(n))
    reflect("backup", str(tmp_path / "before.db"))  # folds the WAL in too
    with sqlite3.connect(journal_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _damage_a_page(journal_path)
    assert_one_line_error(reflect("backup", str(tmp_path / "copy.db"), code=None),
                          "damaged", "--force")
    assert not (tmp_path / "copy.db").exists()
    forced = reflect("backup", str(tmp_path / "copy.db"), "--force")
    assert forced.stdout.strip() == str(tmp_path / "copy.db")
    assert "Warning: the journal is damaged" in forced.stderr
