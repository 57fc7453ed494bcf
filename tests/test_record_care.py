"""Private reflection, agreed records, versions, and delete that can be undone."""

import json

import pytest

from tests.support import indexed_ids


def record(reflect, session_id):
    return json.loads(reflect("show", session_id, "--format", "json").stdout)


@pytest.fixture
def session_id(reflect):
    return reflect.new("--with", "Jo Bloggs", "--private", "I felt out of my depth.",
                       body="We agreed the plan for the Smith family.")


def test_private_text_is_kept_apart_and_marked_in_show(reflect, session_id):
    data = record(reflect, session_id)
    assert data["body"] == "We agreed the plan for the Smith family."
    assert data["private"] == "I felt out of my depth."
    note = reflect("show", session_id, "--format", "markdown").stdout
    record_part, private_part = note.split("## Private reflection")
    assert "I felt out of my depth." not in record_part
    assert "Only you see this part" in private_part
    assert "I felt out of my depth." in private_part


def test_private_answers_are_marked_private(reflect):
    data = {"with": "Jo", "answers": {"heron": {
        "used": ["cathartic", "catalytic"], "cathartic_landed": "I cried, and it helped.",
        "catalytic_landed": "I found my own plan."}}}
    session_id = reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()
    shown = record(reflect, session_id)
    assert shown["private_prompts"] == {"heron": ["cathartic_landed"]}
    note = reflect("show", session_id, "--format", "markdown").stdout
    record_part, private_part = note.split("## Private reflection")
    assert "I cried, and it helped." not in record_part
    assert "I found my own plan." in record_part
    assert "I cried, and it helped." in private_part


def test_private_from_stdin_and_from_an_answers_file(reflect):
    first = reflect("new", "--body", "Record.", "--private", "-", input="Only mine.\n")
    assert record(reflect, first.stdout.strip())["private"] == "Only mine."
    data = {"body": "Record.", "private": "Also mine."}
    second = reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()
    assert record(reflect, second)["private"] == "Also mine."
    assert "only one of" in reflect("new", "--body", "-", "--private", "-", input="x",
                                    code=1).stderr


def test_agree_records_who_and_when_and_notices_later_changes(reflect, session_id):
    reflect("agree", session_id[:6], "--by", "Jo Bloggs", "--date", "2026-11-20")
    data = record(reflect, session_id)
    assert (data["agreed_by"], data["agreed_on"]) == ("Jo Bloggs", "2026-11-20")
    assert data["changed_since_agreed"] is False
    reflect("edit", session_id, "--private", "Private second thoughts.")
    assert record(reflect, session_id)["changed_since_agreed"] is False  # private only
    reflect("edit", session_id, "--body", "We agreed a different plan.")
    assert record(reflect, session_id)["changed_since_agreed"] is True
    reflect("agree", session_id, "--by", "Jo Bloggs")
    assert record(reflect, session_id)["changed_since_agreed"] is False


def test_list_marks_agreed_records(reflect, session_id):
    reflect("agree", session_id, "--by", "Jo Bloggs")
    [row] = reflect.json("list")
    assert row["agreed_on"] is not None and row["changed_since_agreed"] is False
    assert "agreed" in reflect("list").stdout
    reflect("edit", session_id, "--private", "Private second thoughts.")
    assert reflect.json("list")[0]["changed_since_agreed"] is False  # private only
    reflect("edit", session_id, "--body", "We agreed a different plan.")
    assert reflect.json("list")[0]["changed_since_agreed"] is True
    assert "changed since agreed" in reflect("list").stdout


def test_unagreed_record(reflect, session_id):
    data = record(reflect, session_id)
    assert data["agreed_by"] is None and data["changed_since_agreed"] is False


def test_every_edit_keeps_the_previous_version(reflect, session_id):
    reflect("edit", session_id, "--title", "Second title", "--tag", "risk")
    reflect("edit", session_id, "--body", "Third body.")
    versions = reflect.json("history", session_id)
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert [v["current"] for v in versions] == [False, False, True]
    diff = reflect("history", session_id, "--diff", "1").stdout
    assert '-  "title": "Supervision with Jo Bloggs"' in diff
    assert '+  "title": "Second title"' in diff
    assert "Third body" not in diff
    assert "Third body." in reflect("history", session_id, "--diff", "2").stdout


def test_revert_restores_as_a_new_version(reflect, session_id):
    reflect("edit", session_id, "--title", "Changed", "--body", "Changed body.")
    reflect("revert", session_id, "1")
    data = record(reflect, session_id)
    assert data["title"] == "Supervision with Jo Bloggs"
    assert data["body"] == "We agreed the plan for the Smith family."
    assert data["private"] == "I felt out of my depth."
    assert len(reflect.json("history", session_id)) == 3
    reflect("revert", session_id, "2")
    assert record(reflect, session_id)["title"] == "Changed"


def test_history_and_revert_bad_versions(reflect, session_id):
    assert "no version 5" in reflect("history", session_id, "--diff", "5", code=1).stderr
    assert "current" in reflect("revert", session_id, "1", code=1).stderr
    assert "current" in reflect("history", session_id, "--diff", "1", code=1).stderr


def test_edit_without_changes_or_terminal_is_an_error(reflect, session_id):
    assert "nothing to change" in reflect("edit", session_id, code=1).stderr
    assert len(reflect.json("history", session_id)) == 1


def test_delete_hides_and_undelete_brings_back(reflect, session_id):
    other = reflect.new(body="Another.")
    reflect("delete", session_id, "--yes")
    assert [r["id"] for r in reflect.json("list")] == [other]
    result = reflect("show", session_id, code=1)
    assert "is deleted" in result.stderr and "undelete" in result.stderr
    reflect("undelete", session_id[:6])
    assert {r["id"] for r in reflect.json("list")} == {session_id, other}
    assert record(reflect, session_id)["private"] == "I felt out of my depth."
    assert "not deleted" in reflect("undelete", session_id, code=1).stderr


def test_deleted_sessions_leave_the_search_index_and_come_back(reflect, session_id,
                                                               journal_path):
    from reflect.journal.connection import open_journal

    reflect("delete", session_id, "--yes")
    journal = open_journal(journal_path)
    assert indexed_ids(journal, '"smith"') == []
    journal.close()
    reflect("undelete", session_id)
    journal = open_journal(journal_path)
    assert indexed_ids(journal, '"smith"') == [session_id]
    journal.close()


def test_what_a_deleted_session_agreed_is_hidden_with_it_until_undeleted(reflect, tmp_path):
    session_id = reflect("new", "--with", "Sam Jones", "--body", "About the Smiths.",
                         "--action", "Call Smith by friday").stdout.strip()
    reflect("goal", "add", "--title", "Genograms with the Smiths", "--session", session_id,
            "--partner", "Sam Jones", "--due", "in 3 months")
    reflect.new("--with", "Sam Jones", "--action", "Book the next supervision")

    def everywhere() -> str:
        out = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.json"
        reflect("export", "--format", "json", "--out", str(out))
        return "\n".join([out.read_text(), reflect("action", "list", "--json").stdout,
                          reflect("goal", "list", "--json").stdout,
                          reflect("prepare", "--with", "Sam Jones", "--json").stdout,
                          reflect("stats", "--json").stdout])

    assert "Call Smith" in everywhere() and "Genograms" in everywhere()
    reflect("delete", session_id, "--yes")
    shown = everywhere()
    assert "Call Smith" not in shown and "Genograms" not in shown
    assert "Book the next supervision" in shown  # agreed in a session still there
    assert json.loads(reflect("stats", "--json").stdout)["goals"]["opened"] == 0
    reflect("undelete", session_id)
    assert "Call Smith" in everywhere() and "Genograms" in everywhere()
