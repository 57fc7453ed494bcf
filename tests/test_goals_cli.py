"""SMART goals through the CLI: add, list, show, review, done, drop, edit, export, bad input."""

from __future__ import annotations

import calendar
import json
import re
import uuid
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from reflect.journal import goals as goalstore
from tests.support import assert_one_line_error

TODAY = date.today()
SMART_KEYS = {"specific", "measurable", "achievable", "relevant", "time_bound"}
LETTER_LINES = ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound")
FULLY_SMART = (
    "--specific", "Use a genogram with every new family",
    "--measurable", "Supervisor sees three genograms in case files",
    "--achievable", "One new family a month over the quarter",
    "--relevant", "Team priority on family networks",
    "--due", "in 4 months",
)


def months_on(day: date, months: int) -> date:
    """Calendar months on, clipped to the month's end (worked out here, not by reflect)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add(reflect, title: str, *args: str) -> str:
    goal_id = reflect("goal", "add", "--title", title, *args).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", goal_id), goal_id
    return goal_id


def goals(reflect, *args: str) -> list[dict]:
    return reflect.json("goal", "list", *args)


def titles(reflect, *args: str) -> list[str]:
    return [g["title"] for g in goals(reflect, *args)]


def goal(reflect, goal_id: str) -> dict:
    return reflect.json("goal", "show", goal_id)



def journal_state(reflect, journal_path) -> tuple:
    """Everything a failed command must leave alone: goals, actions and the files' bytes."""
    files = {p: p.read_bytes() for p in sorted(journal_path.parent.glob(journal_path.name + "*"))}
    return (goals(reflect, "--status", "all"), reflect.json("action", "list"), files)


@pytest.fixture
def person(reflect) -> str:
    """A supervisor in the journal, who can be an accountability partner."""
    reflect.new("--with", "Jo Bloggs")
    return "Jo Bloggs"


# add ----------------------------------------------------------------------


def test_add_prints_only_the_id_and_the_scorecard_goes_to_stderr(reflect):
    result = reflect("goal", "add", "--title", "Genograms", *FULLY_SMART)
    goal_id = result.stdout.strip()
    assert result.stdout == goal_id + "\n"
    assert re.fullmatch(r"[0-9a-f]{32}", goal_id)
    assert "Genograms" in result.stderr
    for name in LETTER_LINES:
        [line] = [ln for ln in result.stderr.splitlines() if ln.strip().startswith(name)]
        assert line.split()[1:3] == ["✓", "met"], line  # the verdict, not "something"
        assert re.search(r"met \(.+\)$", line), line  # and what the check found
    assert goal(reflect, goal_id)["title"] == "Genograms"


def test_scorecard_names_weak_and_missing_letters_with_a_suggestion(reflect):
    result = reflect("goal", "add", "--title", "Better", "--specific", "improve my practice")
    lines = {name: next(ln for ln in result.stderr.splitlines() if ln.strip().startswith(name))
             for name in LETTER_LINES}
    assert "weak" in lines["Specific"] and "Name the practice" in lines["Specific"]
    assert "missing" in lines["Measurable"] and "feedback" in lines["Measurable"]
    assert "missing" in lines["Achievable"]
    assert "missing" in lines["Relevant"]
    assert lines["Time-bound"].split()[1:3] == ["✓", "met"], lines["Time-bound"]
    assert "(names no action)" in lines["Specific"]


def test_add_stores_every_part_and_the_session_it_came_from(reflect, person):
    session_id = reflect.new("--with", person)
    goal_id = add(reflect, "  Genograms  ", *FULLY_SMART, "--partner", "jo bloggs",
                  "--session", session_id[:6], "--function", "Formative")
    stored = goal(reflect, goal_id)
    assert stored["title"] == "Genograms"
    assert stored["specific"] == "Use a genogram with every new family"
    assert stored["measurable"] == "Supervisor sees three genograms in case files"
    assert stored["achievable"] == "One new family a month over the quarter"
    assert stored["relevant"] == "Team priority on family networks"
    assert stored["due"] == months_on(TODAY, 4).isoformat()
    assert stored["partner"] == "Jo Bloggs"
    assert stored["session_id"] == session_id
    assert stored["function"] == "formative"
    assert stored["status"] == "open"
    assert stored["reviews"] == []
    assert {v["verdict"] for v in stored["smart"].values()} == {"met"}


def test_relevant_needs_the_users_words_not_a_link_to_a_session(reflect):
    session_id = reflect.new()
    linked = add(reflect, "Linked", "--session", session_id)
    said = add(reflect, "Said", "--relevant", "My learning plan asks for it")
    assert goal(reflect, linked)["smart"]["relevant"]["verdict"] == "missing"
    assert goal(reflect, said)["smart"]["relevant"] == {
        "verdict": "met", "suggestion": "", "why": "in your own words"}


def test_default_due_date_is_three_months_from_today(reflect):
    goal_id = add(reflect, "No date given")
    assert goal(reflect, goal_id)["due"] == months_on(TODAY, 3).isoformat()


@pytest.mark.parametrize(("typed", "expected"), [
    ("in 3 months", months_on(TODAY, 3)),
    ("in 6 weeks", TODAY + timedelta(weeks=6)),
    ("end of march", date(TODAY.year if TODAY.month <= 3 else TODAY.year + 1, 3, 31)),
    ((TODAY + timedelta(days=100)).isoformat(), TODAY + timedelta(days=100)),
    ("tomorrow", TODAY + timedelta(days=1)),
])
def test_due_dates_accept_iso_and_phrases(reflect, typed, expected):
    goal_id = add(reflect, "Dated", "--due", typed)
    assert goal(reflect, goal_id)["due"] == expected.isoformat()


def test_add_json_prints_the_goal_objects(reflect):
    result = reflect("goal", "add", "--title", "Genograms", *FULLY_SMART, "--json")
    [printed] = json.loads(result.stdout)
    assert printed == goal(reflect, printed["id"])
    assert set(printed["smart"]) == SMART_KEYS


def test_strict_saves_a_fully_smart_goal(reflect):
    goal_id = add(reflect, "Genograms", *FULLY_SMART, "--strict")
    assert titles(reflect) == ["Genograms"] and goal(reflect, goal_id)["status"] == "open"


def test_strict_refuses_a_goal_that_is_not_smart_and_names_the_unmet_letters(reflect):
    result = reflect("goal", "add", "--title", "Vague", "--specific", "improve my practice",
                     "--measurable", "Supervisor feedback", "--due", "in 4 months", "--strict",
                     code=1)
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("reflect: error: ") and "strict" in last
    for letter in ("specific", "achievable", "relevant"):
        assert letter in last
    for letter in ("measurable", "time"):
        assert letter not in last.split("Vague", 1)[1]
    assert result.stdout == ""
    assert goals(reflect, "--status", "all") == []


def test_add_from_a_yaml_file_saves_each_goal_and_prints_their_ids(reflect, tmp_path, person):
    source = tmp_path / "goals.yaml"
    due = (TODAY + timedelta(days=120)).isoformat()
    source.write_text(
        "- title: Genograms\n"
        "  specific: Use a genogram with every new family\n"
        f"  due: {due}\n"
        f"  partner: {person}\n"
        "- title: Group supervision\n"
        "  due: in 6 weeks\n"
        "  function: restorative\n")
    ids = reflect("goal", "add", "--from-file", str(source)).stdout.split()
    assert len(ids) == 2
    first, second = (goal(reflect, i) for i in ids)
    assert (first["title"], first["due"], first["partner"]) == ("Genograms", due, person)
    assert first["specific"] == "Use a genogram with every new family"
    assert second["title"] == "Group supervision"
    assert second["due"] == (TODAY + timedelta(weeks=6)).isoformat()
    assert second["function"] == "restorative"


def test_add_from_a_json_file_with_one_goal(reflect, tmp_path):
    source = tmp_path / "goal.json"
    source.write_text(json.dumps({"title": "Shadow duty", "measurable": "Two shifts"}))
    [goal_id] = reflect("goal", "add", "--from-file", str(source)).stdout.split()
    stored = goal(reflect, goal_id)
    assert (stored["title"], stored["measurable"]) == ("Shadow duty", "Two shifts")
    assert stored["due"] == months_on(TODAY, 3).isoformat()


def test_a_timestamp_due_date_in_a_file_counts_as_its_day(reflect, tmp_path):
    day = TODAY + timedelta(days=90)
    source = tmp_path / "goal.yaml"
    source.write_text(f"title: Timed\ndue: {day.isoformat()}T10:00:00\n")
    [goal_id] = reflect("goal", "add", "--from-file", str(source)).stdout.split()
    assert goal(reflect, goal_id)["due"] == day.isoformat()


# list ---------------------------------------------------------------------


def test_list_json_has_the_documented_shape(reflect, person):
    session_id = reflect.new()
    goal_id = add(reflect, "Genograms", *FULLY_SMART, "--partner", person,
                  "--session", session_id)
    reflect("goal", "review", goal_id, "--progress", "40", "--note", "Two families",
            "--evidence", "Case notes")
    [listed] = goals(reflect)
    assert {"id", "title", "status", "due", "overdue", "specific", "measurable", "achievable",
            "relevant", "partner", "session_id", "reviews", "smart"} <= set(listed)
    assert listed["id"] == goal_id
    assert listed["overdue"] is False
    assert listed["partner"] == person and listed["session_id"] == session_id
    assert listed["reviews"] == [{"date": TODAY.isoformat(), "progress": 40,
                                  "note": "Two families", "evidence": "Case notes"}]
    assert set(listed["smart"]) == SMART_KEYS
    for letter in listed["smart"].values():
        assert set(letter) == {"verdict", "suggestion", "why"}
        assert letter["verdict"] in {"met", "weak", "missing"}
        assert isinstance(letter["suggestion"], str)


def test_smart_verdicts_in_json_carry_suggestions_only_where_unmet(reflect):
    add(reflect, "Half done", "--specific", "Use a genogram with every new family")
    [listed] = goals(reflect)
    smart = listed["smart"]
    assert smart["specific"] == {"verdict": "met", "suggestion": "",
                                 "why": "names an action: use"}
    for letter in ("measurable", "achievable", "relevant"):
        assert smart[letter]["verdict"] == "missing" and smart[letter]["suggestion"]


def test_list_orders_open_goals_by_due_date_with_overdue_first(reflect):
    add(reflect, "Five months", "--due", "in 5 months")
    add(reflect, "Ten days", "--due", "in 10 days")
    add(reflect, "Overdue", "--due", "2 weeks ago", "--allow-past")
    add(reflect, "Three months", "--due", "in 3 months")
    listed = goals(reflect)
    assert [g["title"] for g in listed] == ["Overdue", "Ten days", "Three months",
                                           "Five months"]
    assert [g["overdue"] for g in listed] == [True, False, False, False]
    assert [g["due"] for g in listed] == sorted(g["due"] for g in listed)


def test_list_table_shows_titles_in_order_and_marks_overdue(reflect):
    add(reflect, "Later goal", "--due", "in 5 months")
    add(reflect, "Late goal", "--due", "yesterday", "--allow-past")
    out = reflect("goal", "list").stdout
    assert out.index("Late goal") < out.index("Later goal")
    [late_line] = [ln for ln in out.splitlines() if "Late goal" in ln]
    assert "overdue" in late_line
    [later_line] = [ln for ln in out.splitlines() if "Later goal" in ln]
    assert "overdue" not in later_line


def test_list_shows_open_goals_unless_a_status_is_asked_for(reflect):
    kept, achieved, partly, dropped = (add(reflect, t) for t in
                                       ("Kept", "Achieved", "Partly", "Dropped"))
    reflect("goal", "done", achieved)
    reflect("goal", "done", partly, "--partly")
    reflect("goal", "drop", dropped, "--reason", "Moved team")
    assert titles(reflect) == ["Kept"]
    assert titles(reflect, "--status", "achieved") == ["Achieved"]
    assert titles(reflect, "--status", "partly") == ["Partly"]
    assert titles(reflect, "--status", "dropped") == ["Dropped"]
    assert sorted(titles(reflect, "--status", "all")) == ["Achieved", "Dropped", "Kept",
                                                          "Partly"]


def test_list_filters_by_partner(reflect, person):
    reflect.new("--with", "Sam Jones")
    add(reflect, "With Jo", "--partner", person)
    add(reflect, "With Sam", "--partner", "Sam Jones")
    add(reflect, "Alone")
    assert titles(reflect, "--with", "jo bloggs") == ["With Jo"]
    assert titles(reflect, "--with", "Sam Jones") == ["With Sam"]
    assert titles(reflect, "--with", "Nobody Here") == []


def test_list_overdue_shows_only_overdue_goals(reflect):
    add(reflect, "On time", "--due", "in 2 months")
    add(reflect, "Late", "--due", "3 days ago", "--allow-past")
    assert titles(reflect, "--overdue") == ["Late"]


def test_list_due_within_a_window(reflect):
    add(reflect, "Ten days", "--due", "in 10 days")
    add(reflect, "Five weeks", "--due", "in 5 weeks")
    add(reflect, "Four months", "--due", "in 4 months")
    add(reflect, "Late", "--due", "yesterday", "--allow-past")
    assert titles(reflect, "--due-within", "30d") == ["Late", "Ten days"]
    assert titles(reflect, "--due-within", "6w") == ["Late", "Ten days", "Five weeks"]
    assert titles(reflect, "--due-within", "5m") == ["Late", "Ten days", "Five weeks",
                                                     "Four months"]


def test_list_with_no_goals_says_so(reflect):
    result = reflect("goal", "list")
    assert result.stdout == ""
    assert "No goals" in result.stderr
    assert goals(reflect) == []


# show, review, done, drop, edit --------------------------------------------


def test_show_prints_parts_check_and_reviews(reflect):
    goal_id = add(reflect, "Genograms", *FULLY_SMART)
    reflect("goal", "review", goal_id, "--progress", "30", "--note", "First family")
    out = reflect("goal", "show", goal_id[:6]).stdout
    assert "Genograms" in out and goal_id in out
    assert "Use a genogram with every new family" in out
    assert "Time-bound" in out
    assert "30%" in out and "First family" in out


def test_show_json_matches_the_listed_object(reflect):
    goal_id = add(reflect, "Genograms", *FULLY_SMART)
    assert goal(reflect, goal_id[:5]) == goals(reflect)[0]


def test_reviews_come_oldest_first_whatever_order_they_were_recorded(reflect):
    goal_id = add(reflect, "Genograms")
    reflect("goal", "review", goal_id, "--progress", "60", "--note", "Today's",
            "--evidence", "Supervisor saw two")
    reflect("goal", "review", goal_id, "--progress", "20", "--note", "Earliest",
            "--date", "3 weeks ago")
    reflect("goal", "review", goal_id, "--progress", "40", "--note", "Middle",
            "--date", (TODAY - timedelta(days=7)).isoformat())
    reviews = goal(reflect, goal_id)["reviews"]
    assert reviews == [
        {"date": (TODAY - timedelta(weeks=3)).isoformat(), "progress": 20, "note": "Earliest",
         "evidence": None},
        {"date": (TODAY - timedelta(days=7)).isoformat(), "progress": 40, "note": "Middle",
         "evidence": None},
        {"date": TODAY.isoformat(), "progress": 60, "note": "Today's",
         "evidence": "Supervisor saw two"},
    ]


@pytest.mark.parametrize("progress", ["0", "100"])
def test_review_accepts_the_ends_of_the_progress_range(reflect, progress):
    goal_id = add(reflect, "Edges")
    reflect("goal", "review", goal_id, "--progress", progress, "--note", "x")
    assert goal(reflect, goal_id)["reviews"][0]["progress"] == int(progress)


def test_done_marks_achieved_and_partly(reflect):
    achieved = add(reflect, "Achieved")
    partly = add(reflect, "Partly")
    result = reflect("goal", "done", achieved)
    assert result.stdout == "" and "achieved" in result.stderr
    reflect("goal", "done", partly, "--partly", "--note", "Two of three families")
    assert goal(reflect, achieved)["status"] == "achieved"
    assert goal(reflect, partly)["status"] == "partly"
    assert goal(reflect, partly)["status_note"] == "Two of three families"
    assert titles(reflect) == []


def test_a_closed_goal_is_not_overdue(reflect):
    goal_id = add(reflect, "Late but done", "--due", "yesterday", "--allow-past")
    assert goal(reflect, goal_id)["overdue"] is True
    reflect("goal", "done", goal_id)
    assert goal(reflect, goal_id)["overdue"] is False
    assert titles(reflect, "--status", "all", "--overdue") == []


def test_drop_keeps_the_goal_and_the_reason(reflect):
    goal_id = add(reflect, "Learn Welsh")
    reflect("goal", "drop", goal_id, "--reason", "  Moved to the duty team ")
    stored = goal(reflect, goal_id)
    assert stored["status"] == "dropped"
    assert stored["status_note"] == "Moved to the duty team"
    assert titles(reflect, "--status", "dropped") == ["Learn Welsh"]


def test_drop_needs_a_reason(reflect):
    goal_id = add(reflect, "Learn Welsh")
    reflect("goal", "drop", goal_id, code=2)
    assert goal(reflect, goal_id)["status"] == "open"


def test_edit_changes_only_what_is_given(reflect, person):
    goal_id = add(reflect, "Genograms", *FULLY_SMART)
    before = goal(reflect, goal_id)
    reflect("goal", "edit", goal_id[:6], "--title", "Genograms with families",
            "--due", "end of march", "--partner", person)
    after = goal(reflect, goal_id)
    march = date(TODAY.year if TODAY.month <= 3 else TODAY.year + 1, 3, 31)
    assert after["title"] == "Genograms with families"
    assert after["due"] == march.isoformat()
    assert after["partner"] == person
    for key in ("specific", "measurable", "achievable", "relevant", "status", "session_id"):
        assert after[key] == before[key]


def test_edit_status_reopens_a_dropped_goal(reflect):
    goal_id = add(reflect, "Learn Welsh")
    reflect("goal", "drop", goal_id, "--reason", "No time")
    reflect("goal", "edit", goal_id, "--status", "open")
    reopened = goal(reflect, goal_id)
    assert reopened["status"] == "open"
    assert reopened["status_note"] is None  # the reason for dropping no longer applies
    assert titles(reflect) == ["Learn Welsh"]
    assert "No time" not in reflect("goal", "export").stdout


def test_edit_without_a_status_keeps_the_status_note(reflect):
    goal_id = add(reflect, "Genograms")
    reflect("goal", "done", goal_id, "--partly", "--note", "Two of three families")
    reflect("goal", "edit", goal_id, "--title", "Genograms, renamed")
    stored = goal(reflect, goal_id)
    assert (stored["status"], stored["status_note"]) == ("partly", "Two of three families")


def test_edit_an_overdue_goal_without_moving_its_date(reflect):
    goal_id = add(reflect, "Late", "--due", "yesterday", "--allow-past")
    reflect("goal", "edit", goal_id, "--title", "Late, renamed")
    stored = goal(reflect, goal_id)
    assert stored["title"] == "Late, renamed"
    assert stored["due"] == (TODAY - timedelta(days=1)).isoformat()


def test_edit_to_a_past_date_needs_allow_past(reflect, journal_path):
    goal_id = add(reflect, "Moving")
    before = journal_state(reflect, journal_path)
    assert_one_line_error(reflect("goal", "edit", goal_id, "--due", "yesterday", code=None),
                          "past")
    assert journal_state(reflect, journal_path) == before
    reflect("goal", "edit", goal_id, "--due", "yesterday", "--allow-past")
    assert goal(reflect, goal_id)["overdue"] is True


def test_edit_with_nothing_to_change_is_an_error_without_a_terminal(reflect, journal_path):
    goal_id = add(reflect, "Unchanged")
    before = journal_state(reflect, journal_path)
    assert_one_line_error(reflect("goal", "edit", goal_id, code=None), "nothing to change")
    assert journal_state(reflect, journal_path) == before


# export -------------------------------------------------------------------


@pytest.fixture
def exportable(reflect, person):
    """An overdue goal with reviews, an open one, an undated-never, an achieved, a dropped."""
    late = add(reflect, "Run a reflective group", "--due", "10 days ago", "--allow-past",
               "--measurable", "Attendance log")
    reflect("goal", "review", late, "--progress", "60", "--note", "Second session held",
            "--evidence", "Attendance sheet")
    reflect("goal", "review", late, "--progress", "20", "--note", "Planned the first",
            "--date", "2 weeks ago")
    soon = add(reflect, "Genograms", *FULLY_SMART, "--partner", person)
    done = add(reflect, "Safeguarding course")
    reflect("goal", "done", done)
    dropped = add(reflect, "Learn Welsh")
    reflect("goal", "drop", dropped, "--reason", "Moved team")
    return {"late": late, "soon": soon, "done": done, "dropped": dropped}


def test_export_markdown_reports_every_goal_open_first(reflect, exportable):
    import yaml

    text = reflect("goal", "export", "--format", "markdown").stdout
    _, head, body = text.split("---\n", 2)
    front = yaml.safe_load(head)
    assert front["total"] == 4
    assert front["counts"] == {"open": 2, "achieved": 1, "partly": 0, "dropped": 1}
    headings = re.findall(r"^## (.+)$", body, re.MULTILINE)
    assert headings[:2] == ["Run a reflective group", "Genograms"]
    assert sorted(headings[2:]) == ["Learn Welsh", "Safeguarding course"]
    late_section = body.split("## Run a reflective group", 1)[1].split("\n## ", 1)[0]
    assert "(overdue)" in late_section
    assert late_section.index("Planned the first") < late_section.index("Second session held")
    assert "Evidence: Attendance sheet" in late_section
    genograms = body.split("## Genograms", 1)[1].split("\n## ", 1)[0]
    assert "Shared with: Jo Bloggs" in genograms
    assert "**Specific:** Use a genogram with every new family" in genograms
    assert "(overdue)" not in genograms
    assert "dropped (Moved team)" in body


def test_export_markdown_of_open_goals_only(reflect, exportable):
    text = reflect("goal", "export", "--status", "open").stdout
    assert re.findall(r"^## (.+)$", text, re.MULTILINE) == ["Run a reflective group",
                                                            "Genograms"]


def test_export_ics_has_an_all_day_event_with_a_week_reminder_per_open_goal(reflect, exportable):
    data = reflect("goal", "export", "--format", "ics").stdout_bytes
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}
    assert set(by_uid) == {exportable["late"], exportable["soon"]}
    listed = {g["id"]: g for g in goals(reflect)}
    for goal_id, event in by_uid.items():
        start = event.decoded("DTSTART")
        assert type(start) is date  # all day, not a datetime
        assert start.isoformat() == listed[goal_id]["due"]
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert listed[goal_id]["title"] in str(event["SUMMARY"])
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == -timedelta(days=7)
    assert "Jo Bloggs" in str(by_uid[exportable["soon"]]["DESCRIPTION"])


def test_export_to_a_file_writes_nothing_on_stdout(reflect, exportable, tmp_path):
    out = tmp_path / "goals.ics"
    result = reflect("goal", "export", "--format", "ics", "--out", str(out))
    assert result.stdout == ""
    assert str(out) in result.stderr
    assert len(list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))) == 2
    assert out.read_bytes() == reflect("goal", "export", "--format", "ics").stdout_bytes


def test_export_refuses_an_existing_file_unless_yes(reflect, exportable, tmp_path):
    out = tmp_path / "goals.md"
    out.write_text("my own notes\n")
    assert_one_line_error(reflect("goal", "export", "--out", str(out), code=None),
                          str(out), "--yes")
    assert out.read_text() == "my own notes\n"
    assert list(tmp_path.glob(".goals.md-*")) == []
    reflect("goal", "export", "--out", str(out), "--yes")
    assert out.read_text() == reflect("goal", "export").stdout


def test_export_into_a_missing_folder_is_a_clean_error(reflect, exportable, tmp_path):
    out = tmp_path / "no" / "such" / "goals.md"
    assert_one_line_error(reflect("goal", "export", "--out", str(out), code=None), "cannot write")
    assert not out.exists()


# bad input ----------------------------------------------------------------


def test_a_past_due_date_is_refused_unless_allowed(reflect, journal_path):
    add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    result = reflect("goal", "add", "--title", "Old", "--due", "yesterday", code=None)
    assert_one_line_error(result, "past", "--allow-past")
    assert journal_state(reflect, journal_path) == before
    goal_id = add(reflect, "Old", "--due", "yesterday", "--allow-past")
    assert goal(reflect, goal_id)["overdue"] is True


@pytest.mark.parametrize("progress", ["101", "-1", "250"])
def test_progress_outside_0_to_100_is_refused(reflect, journal_path, progress):
    goal_id = add(reflect, "Genograms")
    before = journal_state(reflect, journal_path)
    result = reflect("goal", "review", goal_id, "--progress", progress, "--note", "x", code=None)
    assert_one_line_error(result, "progress", progress)
    assert journal_state(reflect, journal_path) == before


def test_progress_that_is_not_a_number_is_a_usage_error(reflect):
    goal_id = add(reflect, "Genograms")
    reflect("goal", "review", goal_id, "--progress", "most", "--note", "x", code=2)
    assert goal(reflect, goal_id)["reviews"] == []


@pytest.mark.parametrize("args", [
    ("goal", "add", "--title", "Shared", "--partner", "Nobody Known"),
    ("goal", "edit", "{id}", "--partner", "Nobody Known"),
])
def test_an_unknown_partner_is_an_error_without_a_terminal(reflect, journal_path, person, args):
    goal_id = add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    result = reflect(*(a.format(id=goal_id) for a in args), code=None)
    assert_one_line_error(result, "Nobody Known")
    assert journal_state(reflect, journal_path) == before


@pytest.mark.parametrize("command", [
    ("show",), ("review", "--progress", "10", "--note", "x"), ("done",),
    ("drop", "--reason", "x"), ("edit", "--title", "New"),
])
def test_an_unknown_goal_id_is_an_error(reflect, journal_path, command):
    add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    result = reflect("goal", command[0], "ffff0000", *command[1:], code=None)
    assert_one_line_error(result, "no goal", "ffff0000")
    assert journal_state(reflect, journal_path) == before


def test_a_goal_id_under_four_characters_is_an_error(reflect):
    goal_id = add(reflect, "Existing")
    assert_one_line_error(reflect("goal", "show", goal_id[:3], code=None), "too short")


@pytest.mark.parametrize("command", [
    ("show",), ("review", "--progress", "10", "--note", "x"), ("done",),
    ("drop", "--reason", "x"), ("edit", "--title", "New"),
])
def test_an_ambiguous_goal_id_is_an_error(reflect, journal_path, monkeypatch, command):
    ids = iter([uuid.UUID("abcd" + "1" * 28), uuid.UUID("abcd" + "2" * 28)])
    monkeypatch.setattr(goalstore.uuid, "uuid4", lambda: next(ids))
    add(reflect, "First")
    add(reflect, "Second")
    before = journal_state(reflect, journal_path)
    result = reflect("goal", command[0], "abcd", *command[1:], code=None)
    assert_one_line_error(result, "ambiguous", "abcd1111", "abcd2222")
    assert journal_state(reflect, journal_path) == before
    assert goal(reflect, "abcd1")["title"] == "First"


@pytest.mark.parametrize("args", [
    ("goal", "add", "--title", "T", "--due", "someday"),
    ("goal", "add", "--title", "T", "--due", "2027-02-30"),
    ("goal", "review", "{id}", "--progress", "10", "--note", "x", "--date", "whenever"),
    ("goal", "edit", "{id}", "--due", "next blue moon"),
    ("goal", "list", "--due-within", "soon"),
])
def test_an_unparseable_date_is_an_error(reflect, journal_path, args):
    goal_id = add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    result = reflect(*(a.format(id=goal_id) for a in args), code=None)
    assert_one_line_error(result, "cannot read" if "2027-02-30" not in args else "not a real")
    assert journal_state(reflect, journal_path) == before


def test_add_without_a_title_or_terminal_is_an_error(reflect, journal_path):
    result = reflect("goal", "add", "--specific", "Use genograms", code=None)
    assert_one_line_error(result, "--title", "--from-file")
    assert goals(reflect, "--status", "all") == []


def test_an_unknown_function_is_an_error(reflect, journal_path):
    add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    result = reflect("goal", "add", "--title", "T", "--function", "wizardry", code=None)
    assert_one_line_error(result, "wizardry", "formative")
    assert journal_state(reflect, journal_path) == before


def test_an_unknown_session_is_an_error(reflect, journal_path):
    add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    result = reflect("goal", "add", "--title", "T", "--session", "ffff0000", code=None)
    assert_one_line_error(result, "no session")
    assert journal_state(reflect, journal_path) == before


@pytest.mark.parametrize(("content", "words"), [
    ('{"title": "Unclosed", ', ["not valid YAML", "line 1"]),
    ("title: [unclosed\n", ["not valid YAML"]),
    ("- Genograms\n- Group supervision\n", ["goal 1", "goal 2", "mapping"]),
    ("just a sentence\n", ["mapping"]),
    ("", ["mapping"]),
    ("[]\n", ["no goals"]),
    ("title: T\ncolour: red\n", ["colour", "unknown key"]),
    ("specific: Use genograms\n", ["title"]),
    ("title: T\nspecific: {what: genograms}\n", ["specific", "expected text"]),
    ("title: yes\n", ["title", "expected text"]),
    ("title: T\ndue: someday\n", ["due", "someday"]),
    ("title: T\ndue: 2027-02-30\n", ["not valid YAML"]),
    ("- title: Fine\n- title: Broken\n  due: [1, 2]\n", ["goal 2", "due"]),
])
def test_a_malformed_or_wrong_shaped_file_saves_nothing(reflect, journal_path, tmp_path,
                                                         content, words):
    add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    source = tmp_path / "goals.yaml"
    source.write_text(content)
    result = reflect("goal", "add", "--from-file", str(source), code=None)
    assert_one_line_error(result, str(source), *words)
    assert journal_state(reflect, journal_path) == before


@pytest.mark.parametrize(("second", "words"), [
    ("  partner: Nobody Known\n", ["Nobody Known"]),
    ("  due: 2001-01-01\n", ["past"]),
    ("  session: ffff0000\n", ["no session"]),
])
def test_a_file_is_saved_all_or_nothing(reflect, journal_path, tmp_path, second, words):
    add(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    source = tmp_path / "goals.yaml"
    source.write_text("- title: Fine\n- title: Broken\n" + second)
    assert_one_line_error(reflect("goal", "add", "--from-file", str(source), code=None), *words)
    assert journal_state(reflect, journal_path) == before


def test_strict_refuses_a_whole_file_if_one_goal_is_not_smart(reflect, tmp_path):
    source = tmp_path / "goals.yaml"
    smart = dict(zip(FULLY_SMART[0:8:2], FULLY_SMART[1:8:2], strict=True))
    good = {"title": "Good", **{k.lstrip("-"): v for k, v in smart.items()},
            "due": (TODAY + timedelta(days=120)).isoformat()}
    source.write_text(json.dumps([good, {"title": "Vague"}]))
    result = reflect("goal", "add", "--from-file", str(source), "--strict", code=1)
    assert "Vague" in result.stderr.strip().splitlines()[-1]
    assert "Good:" not in result.stderr.strip().splitlines()[-1]
    assert goals(reflect, "--status", "all") == []
    source.write_text(json.dumps([good]))
    assert len(reflect("goal", "add", "--from-file", str(source), "--strict").stdout.split()) == 1


def test_a_missing_file_is_an_error(reflect, tmp_path):
    missing = tmp_path / "nope.yaml"
    assert_one_line_error(reflect("goal", "add", "--from-file", str(missing), code=None),
                          "cannot read", str(missing))


def test_unknown_status_is_a_usage_error(reflect):
    reflect("goal", "list", "--status", "finished", code=2)
    goal_id = add(reflect, "Existing")
    reflect("goal", "edit", goal_id, "--status", "finished", code=2)
    assert goal(reflect, goal_id)["status"] == "open"

