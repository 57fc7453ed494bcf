"""Check: integrity, links and the search index fail loudly; retention only reminds."""

import json
from datetime import date

import pytest

from reflect.settings import dates
from reflect.settings.errors import BadInput
from reflect.trust import driver
from tests.test_bad_input import assert_one_line_error


def raw(journal_path):
    """A plain connection with no foreign-key enforcement, to break things on purpose."""
    conn = driver.connect(str(journal_path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def findings(reflect, code):
    report = json.loads(reflect("check", "--json", code=code).stdout)
    return report, {c["name"]: c for c in report["checks"]}


def test_a_sound_journal_passes(reflect):
    reflect.new("--with", "Sam Jones", "--tag", "workload")
    result = reflect("check")
    assert [line.split()[0] for line in result.stdout.splitlines()[1:4]] == ["ok"] * 3
    assert result.stderr == ""
    report, checks = findings(reflect, 0)
    assert report["ok"] is True and report["sessions"] == 1
    assert set(checks) == {"integrity", "links", "search_index", "leftovers"}


def test_a_corrupt_search_index_fails(reflect, journal_path):
    reflect.new(body="A real note.")
    conn = raw(journal_path)
    # Index entries for a session that does not exist.
    conn.execute("INSERT INTO sessions_fts (rowid, title, body) VALUES (999, 'ghost', 'ghost')")
    conn.close()
    result = reflect("check", code=1)
    assert "PROBLEM  the search index" in result.stdout
    assert result.stderr == "reflect: error: the journal has problems: search_index\n"
    report, checks = findings(reflect, 1)
    assert report["ok"] is False
    assert not checks["search_index"]["ok"] and checks["integrity"]["ok"]


def test_a_broken_link_fails(reflect, journal_path):
    reflect.new()
    conn = raw(journal_path)
    conn.execute("INSERT INTO answers (session_id, model, prompt, value, position)"
                 " VALUES ('no-such-session', 'proctor', 'bring_next', '\"x\"', 0)")
    conn.close()
    result = reflect("check", code=1)
    assert "answers row" in result.stdout and "missing sessions" in result.stdout
    _, checks = findings(reflect, 1)
    assert not checks["links"]["ok"]
    assert checks["links"]["problems"] == ["answers row 1 points to a missing sessions"]


def test_a_damaged_table_index_fails_the_integrity_check(reflect, journal_path):
    reflect.new()
    reflect.new("--title", "Another")
    conn = raw(journal_path)
    # Make the newest-first index claim to index titles: its entries no longer match the rows.
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX idx_sessions_newest ON"
                 " sessions(title)' WHERE name = 'idx_sessions_newest'")
    conn.close()
    _, checks = findings(reflect, 1)
    assert not checks["integrity"]["ok"]
    assert checks["integrity"]["problems"]


def test_retention_reminds_without_failing(reflect, journal_path):
    reflect.new("--date", "2015-06-01")
    reflect.new("--date", "2016-06-01")
    reflect.new()
    reflect("config", "set", "retention", "6y")
    cutoff = dates.retention_cutoff("6y", date.today()).isoformat()
    result = reflect("check")
    assert (f"2 session(s) held before {cutoff} are older than your retention period (6y): "
            f"reflect purge --before {cutoff}") in result.stdout
    report, _ = findings(reflect, 0)
    [reminder] = [r for r in report["reminders"] if r["name"] == "retention"]
    assert reminder["count"] == 2
    assert reminder["command"] == f"reflect purge --before {cutoff}"


def test_without_retention_check_says_how_to_set_it(reflect):
    reflect.new()
    assert "reflect config set retention" in reflect("check").stdout


def test_deleted_sessions_waiting_for_purge_are_a_reminder(reflect, journal_path):
    reflect.new()
    conn = raw(journal_path)
    conn.execute("UPDATE sessions SET deleted_at = '2026-11-21T09:00:00+00:00'")
    conn.close()
    result = reflect("check")
    assert "1 deleted session(s) are still in the file: reflect purge --deleted" in result.stdout


def test_a_deleted_session_back_in_the_index_fails(reflect, journal_path):
    reflect.new(body="Kept.")
    reflect.new(body="Deleted, so out of the index.")
    conn = raw(journal_path)
    conn.execute("UPDATE sessions SET deleted_at = '2026-11-21' WHERE body LIKE 'Deleted%'")
    reflect("check")
    conn.execute("INSERT INTO sessions_fts (rowid, title, body) SELECT rowid, title, body"
                 " FROM sessions WHERE deleted_at IS NOT NULL")
    conn.close()
    _, checks = findings(reflect, 1)
    assert checks["search_index"]["problems"] == [
        "1 entry(ies) for deleted or unknown sessions"]


def test_check_without_a_journal_creates_none(reflect, journal_path):
    assert_one_line_error(reflect("check", code=None), "no journal")
    assert not journal_path.exists()


@pytest.mark.parametrize("given, stored", [("6y", "6y"), (" 18M ", "18m"), ("90d", "90d"),
                                           ("none", None), ("", None)])
def test_retention_periods(given, stored):
    assert dates.parse_retention(given) == stored


@pytest.mark.parametrize("bad", ["6 years", "0y", "-1d", "abc", "6w", "101y"])
def test_bad_retention_periods(bad):
    with pytest.raises(BadInput, match="like 6y, 18m or 90d"):
        dates.parse_retention(bad)


def test_retention_setting_is_validated_on_set(reflect, config_dir):
    reflect("config", "set", "retention", "18m")
    assert reflect("config", "get", "retention").stdout == "18m\n"
    assert_one_line_error(reflect("config", "set", "retention", "soon", code=None), "90d")
    assert reflect("config", "get", "retention").stdout == "18m\n"


@pytest.mark.parametrize("period, cutoff", [("6y", date(2020, 11, 22)),
                                            ("18m", date(2025, 5, 22)),
                                            ("90d", date(2026, 8, 24)),
                                            ("1y", date(2025, 11, 22))])
def test_retention_cutoff(period, cutoff):
    assert dates.retention_cutoff(period, date(2026, 11, 22)) == cutoff


def test_retention_cutoff_at_the_end_of_february():
    assert dates.retention_cutoff("1y", date(2024, 2, 29)) == date(2023, 2, 28)
