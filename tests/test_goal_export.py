"""Goals export to a markdown report and to an iCalendar file of report-back dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import yaml
from icalendar import Calendar

from reflect.goals import smart
from reflect.goals.reports import goals_ics, goals_markdown
from reflect.journal.records import Goal, Review

TODAY = date(2026, 6, 1)


def make_goal(goal_id: str, title: str, **changes) -> Goal:
    fields = dict(
        id=goal_id, title=title, specific="Use a genogram with every new family",
        measurable="Supervisor feedback after two visits", achievable="One family a month",
        relevant="Team priority on family networks", due=date(2026, 9, 1),
        function="educative", partner="Sam (practice educator)", session_id=None,
        status="open", status_note=None, created="2026-05-01T09:00:00+00:00",
        updated="2026-05-02T13:01:24+00:00", reviews=[],
    )
    return Goal(**{**fields, **changes})


@pytest.fixture
def goals() -> list[Goal]:
    return [
        make_goal("g-done", "Finish the safeguarding course", status="achieved",
                  status_note="certificate filed", due=date(2026, 3, 1)),
        make_goal("g-late", "Run a reflective group", due=date(2026, 5, 20),
                  reviews=[Review(date(2026, 5, 10), 60, "Two sessions held", "attendance"),
                           Review(date(2026, 4, 10), 20, "Planned the first one")]),
        make_goal("g-nodate", "Read about trauma-informed practice", due=None),
        make_goal("g-soon", "Use genograms", due=date(2026, 8, 1), achievable="  ",
                  relevant="", partner=None),
        make_goal("g-dropped", "Learn Welsh", status="dropped", due=None),
    ]


def front_matter(text: str) -> dict:
    _, head, _ = text.split("---\n", 2)
    return yaml.safe_load(head)


def headings(text: str) -> list[str]:
    return [line[3:] for line in text.splitlines() if line.startswith("## ")]


# Markdown

def test_front_matter_has_title_flag_and_counts_but_no_timestamp(goals):
    meta = front_matter(goals_markdown(goals, TODAY))
    assert meta["title"] == "Goals" and meta["generated"] is True
    assert meta["counts"] == {"open": 3, "achieved": 1, "partly": 0, "dropped": 1}
    assert meta["total"] == 5
    assert not {"date", "exported", "created", "timestamp"} & set(meta)


def test_open_goals_come_first_by_due_date_then_the_rest(goals):
    assert headings(goals_markdown(goals, TODAY)) == [
        "Run a reflective group", "Use genograms", "Read about trauma-informed practice",
        "Finish the safeguarding course", "Learn Welsh",
    ]


def test_each_goal_shows_status_due_partner_and_parts(goals):
    text = goals_markdown(goals, TODAY)
    assert "- Status: open" in text
    assert "- Status: achieved (certificate filed)" in text
    assert "- Due: Saturday 1 August 2026\n" in text
    assert "- Shared with: Sam (practice educator)" in text
    assert "- **Specific:** Use a genogram with every new family" in text
    assert "- **Measurable:** Supervisor feedback after two visits" in text


def test_only_open_goals_past_their_date_are_marked_overdue(goals):
    text = goals_markdown(goals, TODAY)
    assert "- Due: Wednesday 20 May 2026 (overdue)" in text
    assert "- Due: Sunday 1 March 2026\n" in text
    assert text.count("(overdue)") == 1


def test_blank_parts_leave_no_empty_rows_or_headings(goals):
    soon = goals_markdown([goals[3]], TODAY)
    assert "Achievable" not in soon and "Relevant" not in soon
    assert "Shared with" not in soon
    bare = make_goal("g-bare", "Bare", specific="", measurable="", achievable="",
                     relevant="", due=None, function=None, partner=None)
    text = goals_markdown([bare], TODAY)
    assert "### SMART" not in text and "### Reviews" not in text and "Due:" not in text
    assert "\n\n\n" not in text
    assert not [line for line in text.splitlines() if line.strip() in ("-", "- **")]


def test_reviews_are_listed_oldest_first_with_progress_and_evidence(goals):
    text = goals_markdown(goals, TODAY)
    first = text.index("- 2026-04-10 · 20% · Planned the first one")
    second = text.index("- 2026-05-10 · 60% · Two sessions held · Evidence: attendance")
    assert first < second
    assert text.count("### Reviews") == 1


def test_scorecard_is_shown_one_line_per_letter_when_given(goals):
    soon = goals[3]
    card = smart.check(soon, TODAY)
    text = goals_markdown(goals, TODAY, scorecards={soon.id: card})
    assert text.count("### SMART check") == 1
    section = text.split("### SMART check\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split(":")[0] for line in section] == [
        "- Specific", "- Measurable", "- Achievable", "- Relevant", "- Time-bound"]
    assert "- Specific: met" in section
    assert section[2].startswith("- Achievable: missing — ")
    assert "### SMART check" not in goals_markdown(goals, TODAY)


def test_two_exports_are_identical_and_end_with_one_newline(goals):
    first = goals_markdown(goals, TODAY)
    assert first == goals_markdown(list(reversed(goals)), TODAY)
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_no_goals_still_gives_a_report():
    text = goals_markdown([], TODAY)
    assert front_matter(text)["total"] == 0
    assert "# Goals" in text and headings(text) == []


# iCalendar

def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_calendar_names_reflect_and_is_version_two(goals):
    calendar = Calendar.from_ical(goals_ics(goals))
    assert "reflect" in str(calendar["PRODID"])
    assert str(calendar["VERSION"]) == "2.0"


def test_one_all_day_event_per_open_goal_with_a_due_date(goals):
    found = events(goals_ics(goals))
    assert [str(e["UID"]) for e in found] == ["g-late@reflect", "g-soon@reflect"]
    late = found[0]
    assert late.decoded("DTSTART") == date(2026, 5, 20)
    assert not isinstance(late.decoded("DTSTART"), datetime)
    assert late.decoded("DTEND") == date(2026, 5, 21)
    assert str(late["SUMMARY"]) == "Goal due: Run a reflective group"


def test_closed_and_undated_goals_are_left_out(goals):
    data = goals_ics(goals).decode()
    for left_out in ("g-done", "g-nodate", "g-dropped"):
        assert left_out not in data


def test_description_carries_the_written_smart_parts(goals):
    late, soon = events(goals_ics(goals))
    description = str(late["DESCRIPTION"])
    assert "Specific: Use a genogram with every new family" in description
    assert "Relevant: Team priority on family networks" in description
    assert "Achievable" not in str(soon["DESCRIPTION"])


def test_each_event_reminds_a_week_before(goals):
    for event in events(goals_ics(goals)):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"])
        assert alarm.decoded("TRIGGER") == timedelta(days=-7)


def test_dtstamp_comes_from_the_goal_so_exports_are_identical(goals):
    (event,) = events(goals_ics([make_goal("g1", "One", updated="2026-11-22T14:01:24+01:00")]))
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 22, 13, 1, 24, tzinfo=timezone.utc)
    assert goals_ics(goals) == goals_ics(list(reversed(goals)))


def test_no_open_dated_goals_gives_an_empty_calendar():
    assert events(goals_ics([make_goal("g1", "One", due=None)])) == []
