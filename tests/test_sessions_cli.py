"""Recording, listing, showing and deleting sessions through the CLI."""

import json
from datetime import date, timedelta

import pytest
import yaml


def test_init_creates_the_journal_and_prints_its_path(reflect, journal_path):
    result = reflect("init")
    assert result.stdout.strip() == str(journal_path)
    assert journal_path.exists()
    assert "Created" in result.stderr
    again = reflect("init")
    assert again.stdout.strip() == str(journal_path)
    assert "already exists" in again.stderr


def test_journal_option_beats_the_environment(reflect, tmp_path, journal_path):
    other = tmp_path / "elsewhere" / "j.db"
    result = reflect("--journal", str(other), "init")
    assert result.stdout.strip() == str(other)
    assert other.exists() and not journal_path.exists()


def test_default_journal_lives_in_the_user_data_dir(reflect, monkeypatch, tmp_path):
    monkeypatch.delenv("REFLECT_JOURNAL")
    result = reflect("init")
    assert result.stdout.strip() == str(tmp_path / "home" / "data" / "reflect" / "journal.db")


def test_new_prints_only_the_id_and_notices_go_to_stderr(reflect):
    result = reflect("new", "--with", "Sam Jones", "--body", "We talked about workload.")
    session_id = result.stdout.strip()
    assert len(session_id) == 32 and result.stdout == session_id + "\n"
    assert "Added Sam Jones to people" in result.stderr


def test_new_defaults(reflect):
    session_id = reflect.new("--with", "Sam Jones")
    record = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert record["date"] == date.today().isoformat()
    assert record["title"] == "Supervision with Sam Jones"
    assert record["as"] == "supervisee"
    assert record["kind"] == "individual"
    assert record["status"] == "final"
    no_one = reflect.new()
    assert json.loads(reflect("show", no_one, "--format", "json").stdout)["title"] == "Supervision"


def test_new_with_every_field(reflect):
    session_id = reflect.new("--date", "yesterday", "--title", "Caseload review", "--with", "Jo",
                             "--as", "supervisor", "--kind", "action-learning", "--duration", "90",
                             "--tag", "workload", "--tag", "risk", body="Long reflection.")
    record = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert record["date"] == (date.today() - timedelta(days=1)).isoformat()
    assert record["title"] == "Caseload review"
    assert record["with"] == "Jo"
    assert record["as"] == "supervisor"
    assert record["kind"] == "action-learning"
    assert record["duration"] == 90
    assert record["tags"] == ["risk", "workload"]
    assert record["body"] == "Long reflection."
    assert set(record) >= {"id", "date", "title", "with", "kind", "as", "tags", "models",
                           "status", "body", "answers", "created", "updated"}


def test_body_from_stdin(reflect):
    session_id = reflect("new", "--body", "-", input="Typed into a pipe.\n").stdout.strip()
    assert json.loads(reflect("show", session_id, "--format", "json").stdout)["body"] == (
        "Typed into a pipe.")


def test_new_without_body_or_terminal_is_a_clear_error(reflect, journal_path):
    result = reflect("new", code=1)
    assert "nothing to record" in result.stderr
    assert result.stdout == ""


def test_role_and_kind_defaults_come_from_config(reflect):
    reflect("config", "set", "role", "supervisor")
    reflect("config", "set", "kind", "virtual")
    session_id = reflect.new()
    record = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert (record["as"], record["kind"]) == ("supervisor", "virtual")


def test_list_json_newest_first_with_the_promised_keys(reflect):
    old = reflect.new("--date", "2026-01-10", "--with", "Sam")
    new = reflect.new("--date", "2026-03-01", "--tag", "risk")
    rows = reflect.json("list")
    assert [r["id"] for r in rows] == [new, old]
    assert rows[0] == {"id": new, "date": "2026-03-01", "title": "Supervision", "with": None,
                       "kind": "individual", "as": "supervisee", "tags": ["risk"], "models": [],
                       "status": "final", "duration": None, "attendees": [],
                       "agreed_on": None, "changed_since_agreed": False}


def test_list_filters(reflect):
    a = reflect.new("--date", "2026-01-10", "--with", "Sam", "--tag", "risk")
    b = reflect.new("--date", "2026-02-10", "--with", "Jo", "--kind", "group")
    c = reflect.new("--date", "2026-03-10", "--with", "sam")
    ids = lambda *args: [r["id"] for r in reflect.json("list", *args)]  # noqa: E731
    assert ids("--with", "SAM") == [c, a]
    assert ids("--tag", "risk") == [a]
    assert ids("--kind", "group") == [b]
    assert ids("--from", "2026-02-01") == [c, b]
    assert ids("--to", "2026-02-10") == [b, a]
    assert ids("-n", "1") == [c]
    assert ids("--with", "Nobody") == []


def test_list_table_for_people(reflect):
    reflect.new("--with", "Sam Jones", "--title", "Caseload review")
    out = reflect("list").stdout
    assert "Caseload review" in out and "Sam Jones" in out


def test_list_on_an_empty_journal(reflect):
    result = reflect("list")
    assert result.stdout == ""
    assert "No sessions yet" in result.stderr
    assert reflect.json("list") == []
    reflect.new("--with", "Sam Jones")
    for filters in (["--with", "Nobody"], ["--tag", "nosuch"], ["--from", "2099-01-01"]):
        result = reflect("list", *filters)
        assert result.stdout == "" and "No sessions match." in result.stderr
        assert "No sessions yet" not in result.stderr


def test_config_list_shows_values_as_they_are_typed(reflect):
    reflect("config", "set", "default_models", "proctor,heron")
    rows = dict(line.split("\t")[:2] for line in reflect("config", "list").stdout.splitlines())
    assert rows["default_models"] == "proctor,heron"
    assert rows["retention"] == ""  # unset: nothing, not None


def test_show_markdown_has_front_matter_and_the_note(reflect):
    session_id = reflect.new("--with", "Sam Jones", "--tag", "workload", "--date", "2026-11-20",
                             body="We agreed to review the plan.")
    text = reflect("show", session_id[:6], "--format", "markdown").stdout
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(front)
    assert meta == {"id": session_id, "date": "2026-11-20", "title": "Supervision with Sam Jones",
                    "with": "Sam Jones", "as": "supervisee", "kind": "individual",
                    "tags": ["workload"], "models": [], "attendees": []}
    assert "# Supervision with Sam Jones" in body
    assert "Friday 20 November 2026" in body
    assert "We agreed to review the plan." in body


def test_show_defaults_to_markdown_when_not_a_terminal(reflect):
    session_id = reflect.new(body="Plain text.")
    assert reflect("show", session_id).stdout == reflect(
        "show", session_id, "--format", "markdown").stdout


def test_front_matter_survives_awkward_titles(reflect):
    title = 'Risk: "the Smith case" #2 --- part 1'
    session_id = reflect.new("--title", title)
    text = reflect("show", session_id, "--format", "markdown").stdout
    assert yaml.safe_load(text[4:].split("\n---\n", 1)[0])["title"] == title


def test_delete_with_yes(reflect):
    keep = reflect.new()
    gone = reflect.new()
    result = reflect("delete", gone, "--yes")
    assert "Deleted" in result.stderr and result.stdout == ""
    assert [r["id"] for r in reflect.json("list")] == [keep]
    reflect("show", gone, code=1)


def test_delete_without_yes_or_terminal_refuses_and_keeps_the_session(reflect):
    session_id = reflect.new()
    result = reflect("delete", session_id, code=1)
    assert "--yes" in result.stderr
    assert reflect.json("list")[0]["id"] == session_id


def test_version(reflect):
    from reflect import __version__

    assert reflect("--version").stdout.strip() == f"reflect {__version__}"


def test_python_dash_m_runs_the_cli(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "reflect", "--version"], capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("reflect ")


@pytest.mark.parametrize("when", ["tomorrow", "in 2 weeks"])
def test_a_session_date_in_the_future_is_refused_and_nothing_is_saved(reflect, tmp_path, when):
    from tests.support import assert_one_line_error

    assert_one_line_error(reflect("new", "--date", when, "--body", "Not yet.", code=None),
                          "in the future", "reflect plan")
    answers = tmp_path / "a.yaml"
    answers.write_text(f"date: {when}\nbody: Not yet.\n")
    assert_one_line_error(reflect("new", "--answers", str(answers), code=None), "in the future")
    assert reflect.json("list") == []
    reflect("new", "--date", "today", "--body", "Held today.")


def test_resume_list_prints_the_drafts_on_stdout(reflect, journal_path):
    from datetime import date

    from reflect.journal.connection import open_journal

    assert reflect("resume", "--list").stdout == ""  # none: said on stderr
    journal = open_journal(journal_path)
    session, _ = journal.add_session(held_on=date(2026, 11, 2), title="Unfinished",
                                     kind="individual", role="supervisee", status="draft",
                                     interview={"models": ["proctor"], "cursor": 1})
    journal.close()
    listed = reflect("resume", "--list").stdout.splitlines()
    assert listed == [f"{session.id[:8]}\t2026-11-02\tUnfinished"]
