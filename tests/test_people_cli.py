"""People, contracts and attendees: nothing lost in a rename or a merge."""

import json

import pytest


def test_person_add_list_and_update(reflect):
    reflect("person", "add", "Sam Jones", "--as", "supervisee", "--team", "Duty")
    reflect("person", "add", "sam jones", "--team", "Assessment")
    [row] = reflect.json("person", "list")
    assert row == {"name": "Sam Jones", "role": "supervisee", "team": "Assessment",
                   "last_session": None, "sessions": 0, "open_goals": 0, "next_due": None}


def test_person_list_counts_sessions_goals_and_next_due(reflect):
    reflect.new("--with", "Sam", "--date", "2026-01-05")
    reflect.new("--with", "Sam", "--date", "2026-02-05")
    reflect.new("--with", "Sam", "--date", "2026-03-05")
    reflect("goal", "add", "--title", "A", "--partner", "Sam", "--due", "in 5 months")
    reflect("goal", "add", "--title", "B", "--partner", "Sam", "--due", "in 4 months")
    reflect("action", "add", "Phone the school by tomorrow", "--who", "Sam")
    [row] = reflect.json("person", "list")
    assert row["last_session"] == "2026-03-05"
    assert row["sessions"] == 3
    assert row["open_goals"] == 2
    from datetime import date, timedelta

    assert row["next_due"] == (date.today() + timedelta(days=1)).isoformat()


def test_person_show_summarises_history(reflect):
    reflect.new("--with", "Sam", "--title", "First")
    reflect("contract", "set", "Sam", "--frequency", "monthly")
    data = reflect.json("person", "show", "sam")
    assert data["name"] == "Sam"
    assert [s["title"] for s in data["sessions"]] == ["First"]
    assert data["contract"]["version"] == 1
    assert "First" in reflect("person", "show", "Sam").stdout


def test_rename_moves_nothing_and_keeps_every_link(reflect):
    session_id = reflect.new("--with", "Sam Jones")
    reflect("goal", "add", "--title", "G", "--partner", "Sam Jones")
    reflect("person", "rename", "Sam Jones", "Sam Okafor")
    record = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert record["with"] == "Sam Okafor"
    assert reflect.json("goal", "list")[0]["partner"] == "Sam Okafor"


def test_rename_onto_an_existing_name_suggests_merge(reflect):
    reflect("person", "add", "A")
    reflect("person", "add", "B")
    result = reflect("person", "rename", "A", "b", code=1)
    assert "merge" in result.stderr


def test_merge_moves_every_link_and_loses_nothing(reflect):
    s1 = reflect.new("--with", "S Jones", "--body", "one")
    s2 = reflect.new("--with", "Sam Jones", "--body", "two")
    group = reflect.new("--with", "Ann", "--attendee", "S Jones", "--attendee", "Sam Jones",
                        "--kind", "group")
    reflect("goal", "add", "--title", "G1", "--partner", "S Jones")
    reflect("action", "add", "Send notes", "--who", "S Jones")
    reflect("contract", "set", "Sam Jones", "--frequency", "monthly")
    reflect("contract", "set", "S Jones", "--frequency", "fortnightly")
    reflect("person", "merge", "S Jones", "Sam Jones", "--yes")

    names = [row["name"] for row in reflect.json("person", "list")]
    assert names == ["Ann", "Sam Jones"]
    for session_id in (s1, s2):
        assert json.loads(reflect("show", session_id, "--format", "json").stdout)[
            "with"] == "Sam Jones"
    assert json.loads(reflect("show", group, "--format", "json").stdout)[
        "attendees"] == ["Sam Jones"]
    assert reflect.json("goal", "list")[0]["partner"] == "Sam Jones"
    assert reflect.json("action", "list")[0]["who"] == "Sam Jones"
    versions = [json.loads(reflect("contract", "show", "Sam Jones", "--version", str(v),
                                   "--json").stdout)["frequency"] for v in (1, 2)]
    # both kept, numbered in the order made (two made in one second: by their terms)
    assert sorted(versions) == ["fortnightly", "monthly"]
    made = [json.loads(reflect("contract", "show", "Sam Jones", "--version", str(v),
                               "--json").stdout)["created"] for v in (1, 2)]
    assert made == sorted(made)
    assert len(reflect.json("list")) == 3


def test_merge_needs_confirmation_without_a_terminal(reflect):
    reflect("person", "add", "A")
    reflect("person", "add", "B")
    assert "--yes" in reflect("person", "merge", "A", "B", code=1).stderr
    assert len(reflect.json("person", "list")) == 2


@pytest.mark.parametrize("args", [["person", "show", "Nobody"], ["person", "rename", "Nobody", "X"],
                                  ["person", "merge", "Nobody", "X", "--yes"],
                                  ["contract", "set", "Nobody", "--frequency", "monthly"],
                                  ["contract", "show", "Nobody"]])
def test_unknown_person_is_a_one_line_error(reflect, args):
    result = reflect(*args, code=1)
    assert "no person called 'Nobody'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_contract_versions_are_kept_and_carry_forward(reflect):
    reflect("person", "add", "Sam")
    reflect("contract", "set", "Sam", "--frequency", "every 4 weeks", "--length", "90",
            "--area", "wellbeing", "--area", "Court work", "--review", "2027-06-01")
    reflect("contract", "set", "Sam", "--records", "Sam agrees the record within a week")
    latest = json.loads(reflect("contract", "show", "Sam", "--json").stdout)
    assert latest["version"] == 2
    assert latest["frequency_days"] == 28 and latest["length_minutes"] == 90
    assert latest["records"] == "Sam agrees the record within a week"
    assert latest["review_on"] == "2027-06-01"
    assert "Court work" in latest["areas"] and any("stress" in a for a in latest["areas"])
    first = json.loads(reflect("contract", "show", "Sam", "--version", "1", "--json").stdout)
    assert "records" not in first
    text = reflect("contract", "show", "Sam").stdout
    assert "# Supervision contract with Sam" in text and "Version 2 of 2" in text
    assert "Court work" in text


def test_contract_bad_input(reflect):
    reflect("person", "add", "Sam")
    assert "frequency" in reflect("contract", "set", "Sam", "--frequency", "often",
                                  code=1).stderr
    assert "no contract" in reflect("contract", "show", "Sam", code=1).stderr
    assert "no terms" in reflect("contract", "set", "Sam", code=1).stderr


def test_attendees_presenter_and_issue(reflect):
    session_id = reflect.new("--kind", "action-learning", "--with", "Ann", "--attendee", "Bo",
                             "--attendee", "Cy", "--presenter", "Bo", "--issue",
                             "A family who will not engage")
    record = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert record["with"] == "Ann"
    assert record["attendees"] == ["Bo", "Cy"]
    assert record["presenter"] == "Bo"
    assert record["issue_presented"] == "A family who will not engage"
    assert reflect.json("list")[0]["attendees"] == ["Bo", "Cy"]
    text = reflect("show", session_id, "--format", "markdown").stdout
    assert "attendees:\n- Bo\n- Cy" in text
    assert "Presented by Bo: A family who will not engage" in text


def test_attendees_from_an_answers_file(reflect):
    data = {"with": "Ann", "attendees": ["Bo"], "presenter": "Bo", "issue": "Stuck case",
            "kind": "action-learning", "body": "Questions only."}
    session_id = reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()
    record = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert (record["attendees"], record["presenter"], record["issue_presented"]) == (
        ["Bo"], "Bo", "Stuck case")


def test_contract_holds_roles_dual_role_accountability_support_learning_and_preparation(
        reflect):
    reflect("person", "add", "Sam")
    reflect("contract", "set", "Sam", "--roles", "I hold the case decisions; Sam brings cases",
            "--dual-role", "Line-management matters get their own meeting",
            "--accountability", "Registration standards; I sign off assessments",
            "--support", "Employee assistance; a debrief within a day of a serious incident",
            "--learning-styles", "Sam learns by doing; I like reading first",
            "--preparation", "Sam sends the agenda two days before", "--area", "personal")
    terms = json.loads(reflect("contract", "show", "Sam", "--json").stdout)
    assert terms["dual_role"] == "Line-management matters get their own meeting"
    assert terms["support"].startswith("Employee assistance")
    assert terms["areas"] == ["Personal issues that affect work, or the other way round"]
    text = reflect("contract", "show", "Sam").stdout
    for words in ("Roles and responsibilities", "also the line manager",
                  "Regulatory and accountability", "Sam learns by doing",
                  "How each of us prepares", "debrief within a day"):
        assert words in text
    # the next version carries them over
    reflect("contract", "set", "Sam", "--length", "60")
    assert json.loads(reflect("contract", "show", "Sam", "--json").stdout)["roles"].startswith(
        "I hold")
