"""The journal file: creation, modes, pragmas, migrations, the full-text index, ids."""

import os
import stat
import uuid
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.journal import connection
from reflect.journal import sessions as session_reads
from reflect.journal import writes as session_writes
from reflect.journal.migrations import known_names
from reflect.settings.errors import Ambiguous, BadInput, JournalError, NotFound
from tests.support import assert_one_line_error, indexed_ids


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def add(journal, body="text", **fields):
    fields = {"held_on": date(2026, 11, 20), "title": "Supervision", "kind": "individual",
              "role": "supervisee", "body": body, **fields}
    return journal.add_session(**fields)[0]


def test_schema_is_built_from_empty_and_every_migration_recorded(journal_path):
    journal = connection.open_journal(journal_path)
    rows = list(journal.db["_sqlite_migrations"].rows_where("migration_set = 'reflect'"))
    assert [r["name"] for r in rows] == known_names()
    assert known_names()[0] == "m001_initial"
    assert {"people", "sessions", "answers", "tags", "session_tags", "sessions_fts"} <= set(
        journal.db.table_names())


def test_reopening_applies_nothing_twice(journal_path):
    connection.open_journal(journal_path).close()
    journal = connection.open_journal(journal_path)
    assert journal.db["_sqlite_migrations"].count == len(known_names())


def test_pragmas_for_durability(journal_path):
    db = connection.open_journal(journal_path).db
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_journal_wal_and_shm_are_owner_only_and_new_folders_private(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "a" / "b" / "journal.db"
        journal = connection.open_journal(path)
        add(journal)  # a write while open keeps -wal and -shm on disk
        for suffix in ("", "-wal", "-shm"):
            target = f"{path}{suffix}"
            assert os.path.exists(target), suffix
            assert mode(target) == 0o600, (suffix, oct(mode(target)))
        assert mode(tmp_path / "a") == 0o700
        assert mode(tmp_path / "a" / "b") == 0o700
        journal.close()
    finally:
        os.umask(old)


def test_existing_folder_keeps_its_own_mode(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    connection.open_journal(folder / "journal.db").close()
    assert mode(folder) == 0o755
    assert mode(folder / "journal.db") == 0o600


def _matches(journal, word):
    return indexed_ids(journal, f'"{word}"')


def test_index_follows_insert_update_and_delete(journal_path):
    journal = connection.open_journal(journal_path)
    session = add(journal, body="we discussed the chronology")
    assert _matches(journal, "chronology") == [session.id]
    journal.db["sessions"].update(session.id, {"body": "we discussed the genogram"})
    assert _matches(journal, "chronology") == []
    assert _matches(journal, "genogram") == [session.id]
    assert _matches(journal, "discussing") == [session.id]  # porter stemming
    journal.erase_sessions([session.id])
    assert _matches(journal, "genogram") == []


def test_deleted_session_leaves_no_text_in_the_file(journal_path):
    journal = connection.open_journal(journal_path)
    keep = add(journal, body="an ordinary note")
    gone = add(journal, body="zanzibarquux was named in this note", title="Xylophonequay")
    journal.erase_sessions([gone.id])
    journal.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    raw = journal_path.read_bytes()
    assert b"zanzibarquux" not in raw
    assert b"xylophonequay" not in raw.lower()
    assert b"ordinary" in raw
    assert connection.open_journal(journal_path).session(keep.id).body == "an ordinary note"


def test_deleting_a_session_removes_its_tags_links_and_answers(journal_path):
    journal = connection.open_journal(journal_path)
    session = add(journal, tags=["workload"], answers={"proctor": {"next": "bring the case"}})
    journal.erase_sessions([session.id])
    assert journal.db["session_tags"].count == 0
    assert journal.db["answers"].count == 0


def test_tags_answers_and_person_round_trip(journal_path):
    journal = connection.open_journal(journal_path)
    session, notices = journal.add_session(
        held_on=date(2026, 11, 20), title="T", kind="group", role="supervisor",
        with_name="Sam  Jones", duration=60, body="b", tags=["Workload", "workload", "risk"],
        answers={"proctor": {"split": {"normative": 50}, "next": "x"}})
    assert notices == ["Added Sam Jones to people."]
    again = journal.session(session.id)
    assert again.tags == ["risk", "workload"]  # one form, duplicates merged
    assert again.with_name == "Sam Jones"
    assert again.answers == {"proctor": {"split": {"normative": 50}, "next": "x"}}
    assert again.models == ["proctor"]
    _, notices = journal.add_session(held_on=date(2026, 11, 21), title="T", kind="group",
                                     role="supervisor", with_name="sam jones")
    assert notices == []
    assert journal.db["people"].count == 1


@pytest.fixture
def fixed_ids(monkeypatch):
    ids = iter(["abcd1111" + "0" * 24, "abcd2222" + "0" * 24, "ef001234" + "0" * 24])
    monkeypatch.setattr(session_writes.uuid, "uuid4", lambda: uuid.UUID(next(ids)))


def test_prefix_resolution(journal_path, fixed_ids):
    journal = connection.open_journal(journal_path)
    first, second, third = (add(journal) for _ in range(3))
    assert journal.session("ef00").id == third.id
    assert journal.session("ABCD1").id == first.id
    with pytest.raises(Ambiguous, match="ambiguous"):
        journal.session("abcd")
    with pytest.raises(NotFound):
        journal.session("ffff")
    with pytest.raises(NotFound):
        journal.session("xyz!")
    with pytest.raises(BadInput, match="too short"):
        journal.session("abc")


def test_ids_are_random_uuid4_hex(journal_path):
    journal = connection.open_journal(journal_path)
    a, b = add(journal), add(journal)
    assert uuid.UUID(a.id).version == 4
    assert a.id[:6] != b.id[:6]


def test_newer_schema_is_refused_and_left_alone(journal_path):
    journal = connection.open_journal(journal_path)
    journal.db["_sqlite_migrations"].insert(
        {"migration_set": "reflect", "name": "m999_future", "applied_at": "2030-01-01"})
    journal.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    before = journal_path.read_bytes()
    with pytest.raises(JournalError, match="newer version"):
        connection.open_journal(journal_path)
    assert journal_path.read_bytes() == before


def test_other_sqlite_database_is_refused(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "other.db"
    Database(path)["things"].insert({"a": 1})
    before = path.read_bytes()
    with pytest.raises(JournalError, match="not a reflect journal"):
        connection.open_journal(path)
    assert path.read_bytes() == before


def test_index_stays_consistent_through_edits_hides_and_unhides(journal_path):
    journal = connection.open_journal(journal_path)
    session = add(journal, body="first words")
    journal.update_session(session.id, {"private": "not indexed", "body": "second words"})
    journal.hide_session(session.id)
    journal.unhide_session(session.id)
    journal.update_session(session.id, {"title": "Renamed"})
    # FTS5's own check against the content table: raises if the index drifted.
    journal.db.execute("INSERT INTO sessions_fts(sessions_fts, rank) VALUES('integrity-check', 1)")
    assert _matches(journal, "second") == [session.id]
    assert _matches(journal, "first") == []
    assert _matches(journal, "renamed") == [session.id]


def test_many_sessions_load_with_their_own_tags_answers_and_people(journal_path):
    journal = connection.open_journal(journal_path)
    count = session_reads.BULK_IDS + 20  # past the point where related rows come by subquery
    with journal.db.atomic():
        for n in range(count):
            add(journal, body=f"note {n}", with_name="Sam" if n % 2 else "Jo",
                tags=[f"t{n}"], answers={"proctor": {"bring_next": f"item {n}"}},
                attendees=[f"A{n}"])
    for person, parity in (("Sam", 1), ("Jo", 0)):
        found = journal.sessions(session_reads.SessionFilter(with_name=person))
        assert len(found) == count // 2
        for session in found:
            n = int(session.body.split()[1])
            assert n % 2 == parity
            assert session.tags == [f"t{n}"]
            assert session.answers == {"proctor": {"bring_next": f"item {n}"}}
            assert session.attendees == [f"A{n}"]
    everyone = journal.sessions()
    assert len(everyone) == count and all(s.answers for s in everyone)


@pytest.mark.parametrize("args", [["list"], ["new", "--body", "x"], ["init"], ["check"],
                                  ["backup"]])
def test_a_journal_of_zero_bytes_is_never_taken_for_a_new_one(reflect, journal_path, args):
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(b"")
    line = assert_one_line_error(reflect(*args, code=None), "empty (0 bytes)", "restore")
    assert "delete" in line
    assert journal_path.read_bytes() == b""
    assert sorted(p.name for p in journal_path.parent.iterdir()) == ["journal.db"]


@pytest.mark.parametrize(("typed", "stored"), [
    ("#safeguarding", "safeguarding"), ("Court work", "court-work"), ("  CPD ", "cpd"),
    ("#Court   Work", "court-work"), ("self-care", "self-care"),
])
def test_tags_are_kept_in_one_form(journal_path, typed, stored):
    journal = connection.open_journal(journal_path)
    session, _ = journal.add_session(held_on=date(2026, 11, 20), title="T", kind="group",
                                     role="supervisor", tags=[typed, stored])
    assert journal.session(session.id).tags == [stored]
    from reflect.journal.sessions import SessionFilter

    assert [s.id for s in journal.sessions(SessionFilter(tag=typed))] == [session.id]
    journal.close()


def test_an_id_prefix_is_found_through_the_primary_key_not_a_scan(journal_path):
    journal = connection.open_journal(journal_path)
    try:
        for prefix in ("abcd", "abcdf", "abce", "b0"):
            journal.add_session(held_on=date(2026, 1, 2), title="t", kind="individual",
                                role="supervisee", session_id=prefix.ljust(32, "0"))
        statements = []
        journal.db.conn.set_trace_callback(statements.append)
        assert journal.resolve_id("sessions", "abcdf") == "abcdf".ljust(32, "0")
        assert journal.resolve_id("sessions", "ABCE") == "abce".ljust(32, "0")
        with pytest.raises(Ambiguous):
            journal.resolve_id("sessions", "abcd")  # abcd000... and abcdf00...
        journal.db.conn.set_trace_callback(None)
        plan = _query_plan(journal, next(s for s in statements if "FROM [sessions]" in s))
        assert "SEARCH" in plan and "SCAN" not in plan, plan
    finally:
        journal.close()


def _query_plan(journal, sql: str) -> str:
    """How SQLite runs `sql` (a traced statement), as one line."""
    return " ".join(str(row) for row in journal.conn.execute("EXPLAIN QUERY PLAN " + sql))


def test_the_newest_sessions_are_read_from_an_index_not_a_sorted_scan(journal_path):
    from reflect.journal.sessions import SessionFilter

    journal = connection.open_journal(journal_path)
    try:
        for day in (3, 1, 2):
            journal.add_session(held_on=date(2026, 1, day), title=f"t{day}", kind="individual",
                                role="supervisee")
        statements = []
        journal.conn.set_trace_callback(statements.append)
        newest = journal.sessions(SessionFilter(limit=2))
        journal.conn.set_trace_callback(None)
        assert [s.title for s in newest] == ["t3", "t2"]
        plan = _query_plan(journal, statements[0])
        assert "idx_sessions_newest" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        journal.close()


def test_an_unfiltered_search_reads_only_the_sessions_it_shows(journal_path):
    from reflect.journal.sessions import SessionFilter

    journal = connection.open_journal(journal_path)
    try:
        for day in range(1, 6):
            add(journal, body="chronology " * day, held_on=date(2026, 1, day))
        statements = []
        journal.conn.set_trace_callback(statements.append)
        shown, total = journal.search('"chronology"', SessionFilter(), 2)
        journal.conn.set_trace_callback(None)
        assert [s["date"] for s in shown] == ["2026-01-05", "2026-01-04"] and total == 5
        plans = [_query_plan(journal, statement) for statement in statements
                 if not statement.startswith("--")]  # not FTS5's own inner statements
        reading = [plan for plan in plans if "SEARCH s " in plan or "SCAN s " in plan]
        assert reading and all("json_each" in plan for plan in reading), plans
    finally:
        journal.close()


def test_the_search_index_is_left_alone_when_no_indexed_column_changes(journal_path):
    journal = connection.open_journal(journal_path)
    try:
        session, _ = journal.add_session(held_on=date(2026, 1, 2), title="Visit",
                                         kind="individual", role="supervisee", body="words")
        statements = []
        journal.db.conn.set_trace_callback(statements.append)
        journal.set_sync_bases({session.id: {"markdown:/v:shared": "abc"}})
        journal.vault.align_updated(session.id, "2030-01-01T00:00:00+00:00")
        with journal.transaction():
            journal.refresh_goals_text(session.id)  # no goals: the same empty text
        assert not [s for s in statements if "sessions_fts" in s]
        journal.update_session(session.id, {"body": "other words"})
        assert [s for s in statements if "sessions_fts" in s]  # a real change still goes in
        journal.db.conn.set_trace_callback(None)
        assert journal.search('"other"', session_reads.SessionFilter(), 5)[1] == 1
    finally:
        journal.close()


def _previous_answers_by_reading_everything(journal, session, model):
    """What `previous_answers` must give: the rule read off every session, newest first."""
    from reflect.journal.sessions import SessionFilter

    if not session.with_name:
        return None
    for earlier in journal.sessions(SessionFilter(with_name=session.with_name,
                                                  date_to=session.held_on)):
        if earlier.id == session.id or earlier.status != "final":
            continue
        if earlier.held_on == session.held_on and earlier.created >= session.created:
            continue
        if model in earlier.answers:
            return earlier.answers[model]
    return None


SESSION_SHAPES = st.lists(st.tuples(
    st.sampled_from(["Sam Jones", "sam jones", "Jo Bloggs", None]),  # who
    st.integers(1, 4),  # day
    st.integers(0, 3),  # created: a minute
    st.sampled_from(["final", "final", "draft"]),
    st.booleans(),  # deleted
    st.sets(st.sampled_from(["proctor", "heron"])),  # models answered
), min_size=1, max_size=12)


@settings(max_examples=int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shapes=SESSION_SHAPES)
def test_previous_answers_are_those_of_the_latest_earlier_final_session(tmp_path, shapes):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    journal = connection.open_journal(path)
    try:
        made = []
        for n, (who, day, minute, status, deleted, models) in enumerate(shapes):
            answers = {m: {"bring_next" if m == "proctor" else "ask_next": f"{m} {n}"}
                       for m in sorted(models)}
            session, _ = journal.add_session(
                held_on=date(2026, 1, day), title=f"s{n}", kind="individual",
                role="supervisee", with_name=who, answers=answers, status=status,
                created=f"2026-01-0{day}T10:0{minute}:00+00:00")
            if deleted:
                journal.hide_session(session.id)
            made.append(session.id)
        sessions = [journal.session(session_id) for session_id in made]
        expected = {(s.id, model): _previous_answers_by_reading_everything(journal, s, model)
                    for s in sessions for model in ("proctor", "heron")}
        walked = journal.earlier_answers()  # the same rule, walked as an export goes
        walked.PAGE = 3  # several pages, even for a few sessions
        read: list[str] = []
        answers_for = journal._answers_for
        journal._answers_for = lambda ids: read.extend(ids) or answers_for(ids)
        for session in sorted(sessions, key=lambda s: (s.held_on, s.created, s.id)):
            for model in ("proctor", "heron"):
                assert walked(session, model) == expected[(session.id, model)]
        del journal._answers_for
        assert len(read) == len(set(read))  # each candidate's answers read once at most
        asked = journal.earlier_answers()  # in the order made: back in time too
        for session in sessions:
            for model in ("proctor", "heron"):
                assert journal.previous_answers(session, model) == expected[(session.id, model)]
                assert asked(session, model) == expected[(session.id, model)]
    finally:
        journal.close()


def _table(journal, sql):
    return [tuple(row) for row in journal.db.execute(sql)]


def test_sessions_added_together_are_stored_as_each_added_alone(tmp_path, frozen_clock):
    kinds = [
        {"with_name": "Sam  Jones", "tags": ["Workload", "workload", "#risk"], "duration": 60,
         "answers": {"proctor": {"split": {"normative": 50}, "next": "bring the genogram"}},
         "attendees": ["Ana Costa", " "], "presenter": "Tom Reid", "private": "mine",
         "private_answers": ["proctor.next"], "front_matter": {"aliases": ["x"]},
         "interview": {"position": 2}, "status": "draft", "source_hash": "md:1"},
        {"with_name": "sam jones", "tags": ["Risk", "court"], "attendees": ["ana costa"],
         "created": "2026-01-02T09:00:00+00:00", "issue_presented": "Endings"},
        {"body": "chronology, and nobody named"},
    ]
    fields = [{"held_on": date(2026, 1, n + 1), "title": f"Session {n}", "kind": "group",
               "role": "supervisor", "body": f"chronology {n}", "session_id": f"{n:032x}",
               "created": "2026-01-01T09:00:00+00:00", **kind}
              for n, kind in enumerate(kinds * 2)]
    alone = connection.open_journal(tmp_path / "alone.db")
    together = connection.open_journal(tmp_path / "together.db")
    added = [alone.add_session(**f) for f in fields]
    assert together.add_sessions(fields) == added  # the same sessions and notices, in order
    assert added[0][1] == ["Added Sam Jones to people.", "Added Ana Costa to people.",
                           "Added Tom Reid to people."]
    for sql in ("SELECT * FROM sessions ORDER BY rowid", "SELECT * FROM tags ORDER BY id",
                "SELECT * FROM people ORDER BY id", "SELECT * FROM answers ORDER BY id",
                "SELECT * FROM session_tags ORDER BY rowid",
                "SELECT * FROM session_people ORDER BY rowid"):
        assert _table(together, sql) == _table(alone, sql), sql
    together.db.execute("INSERT INTO sessions_fts(sessions_fts, rank)"
                        " VALUES('integrity-check', 1)")
    assert _matches(together, "genogram") == [f"{0:032x}", f"{3:032x}"]  # answers are indexed
    assert len(_matches(together, "chronology")) == 6


def test_sync_bases_set_for_many_sessions_keep_each_ones_other_copies(journal_path):
    journal = connection.open_journal(journal_path)
    count = session_reads.BULK_IDS + 5  # more than one query's worth
    ids = [s.id for s, _ in journal.add_sessions([
        {"held_on": date(2026, 1, 1), "title": f"S{n}", "kind": "individual",
         "role": "supervisee"} for n in range(count)])]
    journal.set_sync_bases({i: {"vault:shared": "old", "json:shared": "j"} for i in ids[::2]})
    journal.set_sync_bases({i: {"vault:shared": f"new {i}"} for i in ids})
    for n, session_id in enumerate(ids):
        kept = {"json:shared": "j"} if n % 2 == 0 else {}
        assert journal.sync_base(session_id) == {**kept, "vault:shared": f"new {session_id}"}


def test_sync_bases_set_again_as_they_are_write_no_row(journal_path):
    journal = connection.open_journal(journal_path)
    session = add(journal)
    bases = {"markdown:/v:shared": "a", "markdown:/v:full": None}
    for kind, key in (("session", session.id), ("goal", "g1")):
        journal.vault.set_bases(kind, {key: bases})
        journal.vault.set_bases(kind, {key: {"json:/x:shared": "j"}})
        before = journal.db.conn.total_changes
        journal.vault.set_bases(kind, {key: bases})
        assert journal.db.conn.total_changes == before
        journal.vault.set_bases(kind, {key: {"markdown:/v:full": "b"}})  # a change is written
        assert journal.db.conn.total_changes == before + 1
        assert journal.vault.base(kind, key) == {**bases, "json:/x:shared": "j",
                                                 "markdown:/v:full": "b"}


def test_sync_bases_stored_in_another_form_are_written_in_the_usual_one(journal_path):
    journal = connection.open_journal(journal_path)
    session = add(journal)
    journal.db.execute("UPDATE sessions SET sync_base = ? WHERE id = ?",
                       ['{"b": "2",  "a": "1"}', session.id])
    journal.vault.set_bases("session", {session.id: {"a": "1"}})
    stored = journal.db.execute("SELECT sync_base FROM sessions WHERE id = ?",
                                [session.id]).fetchone()[0]
    assert stored == '{"a": "1", "b": "2"}'


def test_a_failed_step_inside_a_transaction_undoes_only_itself(journal_path):
    journal = connection.open_journal(journal_path)
    try:
        def add(title):
            return journal.add_session(held_on=date(2026, 1, 2), title=title,
                                       kind="individual", role="supervisee",
                                       with_name="Sam Jones")[0].id
        with journal.transaction():
            kept = add("kept")
            try:
                with journal.transaction():  # a step of its own: a savepoint
                    add("undone")
                    raise BadInput("this step fails")
            except BadInput:
                pass
            also = add("also kept")
        titles = sorted(s.title for s in journal.sessions())
        assert titles == ["also kept", "kept"]
        assert {kept, also} == {s.id for s in journal.sessions()}
        with pytest.raises(BadInput):
            with journal.transaction():
                add("gone with the rest")
                raise BadInput("the whole transaction fails")
        assert sorted(s.title for s in journal.sessions()) == ["also kept", "kept"]
        assert indexed_ids(journal, '"undone"') == [] and indexed_ids(journal, '"gone"') == []
    finally:
        journal.close()
