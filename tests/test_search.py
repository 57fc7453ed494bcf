"""Search: ranked matches over every text, safe for anything a person types."""

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "60"))


def new(reflect, *args, body="A note."):
    return reflect.new(*args, body=body)


def search(reflect, *args):
    return json.loads(reflect("search", *args, "--json").stdout)


def test_finds_by_stemmed_words_with_snippet_and_keys(reflect):
    hit = new(reflect, "--with", "Sam", "--title", "Review",
              body="We talked about the neglect case and the chronology.")
    new(reflect, body="Nothing relevant here.")
    [result] = search(reflect, "neglected cases")
    assert set(result) == {"id", "date", "title", "with", "snippet", "rank"}
    assert result["id"] == hit and result["with"] == "Sam" and result["rank"] == 1
    assert "**neglect**" in result["snippet"]


def test_better_matches_rank_first_and_ties_go_newest_first(reflect):
    weak = new(reflect, "--date", "2026-01-01", body="risk mentioned once among many other "
               "words about the week and the team and the plans")
    strong = new(reflect, "--date", "2025-01-01", body="risk risk risk")
    assert [r["id"] for r in search(reflect, "risk")] == [strong, weak]
    older = new(reflect, "--date", "2024-03-01", body="same words chronology")
    newer = new(reflect, "--date", "2024-04-01", body="same words chronology")
    assert [r["id"] for r in search(reflect, "chronology")] == [newer, older]


def test_searches_answers_private_text_and_goals(reflect):
    data = {"with": "Jo", "answers": {"proctor": {
        "split": {"normative": 50, "formative": 25, "restorative": 25},
        "bring_next": "The genogram for the Okafor family"}}}
    from_answers = reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()
    private = reflect.new("--private", "I felt xylophonic dread", body="Record.")
    goal_session = new(reflect)
    reflect("goal", "add", "--title", "Chronologies", "--specific",
            "Write quadruplicate chronologies", "--session", goal_session)
    assert [r["id"] for r in search(reflect, "genogram")] == [from_answers]
    assert [r["id"] for r in search(reflect, "xylophonic")] == [private]
    assert [r["id"] for r in search(reflect, "quadruplicate")] == [goal_session]


def test_index_follows_edits_deletes_and_undeletes(reflect):
    session_id = new(reflect, body="the original wording")
    reflect("edit", session_id, "--body", "the replacement wording")
    assert search(reflect, "original") == []
    assert [r["id"] for r in search(reflect, "replacement")] == [session_id]
    reflect("delete", session_id, "--yes")
    assert search(reflect, "replacement") == []
    reflect("undelete", session_id)
    assert [r["id"] for r in search(reflect, "replacement")] == [session_id]


def test_filters_as_for_export(reflect):
    a = new(reflect, "--with", "Sam", "--tag", "risk", "--date", "2026-01-10",
            body="chronology one")
    b = new(reflect, "--with", "Jo", "--kind", "group", "--date", "2026-02-10",
            body="chronology two")
    ids = lambda *args: [r["id"] for r in search(reflect, "chronology", *args)]  # noqa: E731
    assert ids("--with", "sam") == [a]
    assert ids("--tag", "risk") == [a]
    assert ids("--kind", "group") == [b]
    assert ids("--from", "2026-02-01") == [b]
    assert ids("--to", "2026-01-31") == [a]
    assert ids("--model", "proctor") == []


def test_limit_and_total(reflect):
    for n in range(5):
        new(reflect, body=f"caseload note {n}")
    result = reflect("search", "caseload", "--limit", "2", "--json")
    assert len(json.loads(result.stdout)) == 2
    assert "5 matches, showing the first 2" in result.stderr
    table = reflect("search", "caseload", "-n", "3")
    assert table.stdout.count("caseload") == 3


@pytest.mark.parametrize("query", ['"', "don't", "neglect-case", "AND", "OR NOT", "*",
                                   "risk*", '"unclosed', "a AND (b", "NEAR(x y)", "col:word",
                                   "^start", "' OR 1=1 --", "🙂 émigré"])
def test_typed_text_never_reaches_sqlite_as_syntax(reflect, query):
    new(reflect, body="don't neglect the case émigré")
    result = reflect("search", query, "--json")
    assert isinstance(json.loads(result.stdout), list)


def test_no_searchable_terms_gives_nothing_and_exit_0(reflect):
    new(reflect)
    assert json.loads(reflect("search", '" * - ()', "--json").stdout) == []
    assert "no words" in reflect("search", "***").stderr


def test_raw_mode_uses_fts_syntax_and_reports_bad_syntax_in_one_line(reflect):
    hit = new(reflect, body="chronology of events")
    assert [r["id"] for r in search(reflect, "chron*", "--raw")] == [hit]
    result = reflect("search", "chronology AND", "--raw", code=1)
    assert result.stderr.startswith("reflect: error: not a valid FTS5 query")
    assert len(result.stderr.strip().splitlines()) == 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_safe_query(text):
    from reflect.journal.search import safe_query

    query = safe_query(text)
    assert query is None or all(part.startswith('"') and part.endswith('"')
                                for part in query.split(" "))
    assert query is None or query.count('"') % 2 == 0


def joined(journal_path, fts_query: str) -> tuple[list[str], int]:
    """What an unfiltered search must find, the slow way: every match joined to a session
    not deleted, ordered by rank, then newest first."""
    from reflect.journal.connection import open_journal

    journal = open_journal(journal_path)
    try:
        ids = [row[0] for row in journal.conn.execute(
            "SELECT s.id FROM sessions_fts JOIN sessions s ON s.rowid = sessions_fts.rowid"
            " WHERE sessions_fts MATCH ? AND s.deleted_at IS NULL"
            " ORDER BY sessions_fts.rank, s.held_on DESC, s.created DESC", [fts_query])]
    finally:
        journal.close()
    return ids, len(ids)


def test_the_count_is_of_matching_sessions_not_deleted(reflect, journal_path):
    kept = [new(reflect, "--date", f"2026-01-{day:02}", body=f"caseload note {day}")
            for day in range(1, 6)]
    with_goal = new(reflect, "--date", "2026-01-06")
    reflect("goal", "add", "--title", "Caseload", "--specific", "Halve the caseload",
            "--session", with_goal)
    for session_id in (kept[0], kept[1], with_goal):
        reflect("delete", session_id, "--yes")
    reflect("undelete", kept[1])
    found, total = joined(journal_path, '"caseload"')
    assert total == 4 and with_goal not in found and kept[0] not in found
    for args in ((), ("--limit", "2")):
        result = reflect("search", "caseload", *args)
        assert f"{total} matches" in result.stderr, result.stderr
    assert "3 matches" in reflect("search", "caseload", "--from", "2026-01-03").stderr


@pytest.mark.parametrize("seeks", [0, 100])  # the shown sessions read in a pass or by seeks
def test_the_best_are_those_of_the_joined_order_when_the_limit_splits_a_tie(
        reflect, journal_path, monkeypatch, seeks):
    monkeypatch.setattr("reflect.journal.search._SEEKS", seeks)
    strong = new(reflect, "--title", "Note", "--date", "2025-01-01", body="risk risk risk")
    tied = [new(reflect, "--title", "Note", "--date", f"2026-01-{day:02}", body="risk once")
            for day in range(1, 7)]
    reflect("delete", tied[-1], "--yes")  # the newest of the tie, which would come first
    found, total = joined(journal_path, '"risk"')
    assert found == [strong, *reversed(tied[:-1])]
    for limit in range(1, total + 2):
        assert [r["id"] for r in search(reflect, "risk", "-n", str(limit))] == found[:limit]
