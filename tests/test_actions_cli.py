"""Agreed actions through the CLI: `new --action`, `action add/list/done`, and session notes."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest

from reflect.goals.drafts import parse_action
from reflect.journal import goals as goalstore
from tests.support import assert_one_line_error

TODAY = date.today()
FRIDAY = 4


def ahead(days: int) -> str:
    """The date `days` from today: due dates that stay in the future whatever the year."""
    return (TODAY + timedelta(days=days)).isoformat()


IN_THREE_WEEKS, SOON, IN_SIX_WEEKS, IN_TWO_MONTHS, LATER = (
    ahead(21), ahead(30), ahead(42), ahead(60), ahead(150))


def actions(reflect, *args: str) -> list[dict]:
    return reflect.json("action", "list", *args)


def by_what(reflect) -> dict[str, dict]:
    return {a["what"]: a for a in actions(reflect)}


def add_action(reflect, text: str, *args: str) -> str:
    action_id = reflect("action", "add", text, *args).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", action_id), action_id
    return action_id


def note(reflect, session_id: str) -> str:
    return reflect("show", session_id, "--format", "markdown").stdout


def section(text: str, heading: str) -> list[str]:
    """The lines under `## heading`, up to the next heading or the end."""
    body = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in body.splitlines() if line.strip()]



def journal_state(reflect, journal_path) -> tuple:
    files = {p: p.read_bytes() for p in sorted(journal_path.parent.glob(journal_path.name + "*"))}
    return (actions(reflect), reflect.json("list"), files)


# new --action -------------------------------------------------------------


def test_new_records_each_agreed_action_with_the_session(reflect):
    result = reflect("new", "--body", "Talked about the Smith family.",
                     "--action", f"Send the chronology to Jo by {SOON}",
                     "--action", "Read the lone working policy")
    session_id = result.stdout.strip()
    assert result.stdout == session_id + "\n"
    found = by_what(reflect)
    assert set(found) == {"Send the chronology to Jo", "Read the lone working policy"}
    assert found["Send the chronology to Jo"]["due"] == SOON
    assert found["Read the lone working policy"]["due"] is None
    for action in found.values():
        assert action["session_id"] == session_id
        assert action["who"] is None
        assert action["done"] is False


def test_by_friday_lands_on_a_coming_friday(reflect):
    reflect.new("--action", "Send the chronology to Jo by Friday")
    [action] = actions(reflect)
    assert action["what"] == "Send the chronology to Jo"
    due = date.fromisoformat(action["due"])
    assert due.weekday() == FRIDAY
    assert TODAY < due <= TODAY + timedelta(days=7)


@pytest.mark.parametrize("offset", range(7))
def test_a_weekday_always_means_the_next_one_after_today(offset):
    today = date(2026, 6, 1) + timedelta(days=offset)  # a Monday, then each day of the week
    for weekday, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                    "saturday", "sunday")):
        what, due = parse_action(f"Phone the school by {name}", today)
        assert what == "Phone the school"
        assert due.weekday() == weekday
        assert today < due <= today + timedelta(days=7), (today, name, due)


@pytest.mark.parametrize(("text", "what", "due"), [
    ("Book the training by end of march", "Book the training",
     date(TODAY.year if TODAY.month <= 3 else TODAY.year + 1, 3, 31)),
    ("Write up the visit by tomorrow", "Write up the visit", TODAY + timedelta(days=1)),
    ("Ask for a co-worker by in 2 weeks", "Ask for a co-worker", TODAY + timedelta(weeks=2)),
    ("Read the policy", "Read the policy", None),
    ("Talk to the family by phone", "Talk to the family by phone", None),
    ("  Chase   the   referral  ", "Chase the referral", None),
])
def test_action_text_and_due_date(reflect, text, what, due):
    reflect.new("--action", text)
    [action] = actions(reflect)
    assert action["what"] == what
    assert action["due"] == (due.isoformat() if due else None)


def test_new_with_an_empty_action_records_nothing(reflect, journal_path):
    reflect.new("--action", "Existing")
    before = journal_state(reflect, journal_path)
    result = reflect("new", "--body", "x", "--action", "Fine", "--action", "   ", code=None)
    assert_one_line_error(result, "action")
    assert journal_state(reflect, journal_path) == before


# action add / list / done -------------------------------------------------


def test_action_add_prints_only_the_id_and_stores_who_and_session(reflect):
    session_id = reflect.new("--with", "Jo Bloggs")
    result = reflect("action", "add", f"Send the chronology by {IN_SIX_WEEKS}",
                     "--who", "jo bloggs", "--session", session_id[:6])
    action_id = result.stdout.strip()
    assert result.stdout == action_id + "\n"
    [action] = actions(reflect)
    assert action == {**action, "id": action_id, "what": "Send the chronology",
                      "who": "Jo Bloggs", "due": IN_SIX_WEEKS, "done": False, "done_on": None,
                      "overdue": False, "session_id": session_id}


def test_action_add_without_who_or_session_is_mine(reflect):
    add_action(reflect, "Update the genogram")
    [action] = actions(reflect)
    assert (action["who"], action["session_id"], action["due"]) == (None, None, None)


def test_action_list_puts_open_first_by_due_date_and_marks_overdue(reflect):
    done_id = add_action(reflect, f"Done one by {IN_THREE_WEEKS}")
    add_action(reflect, "Undated one")
    add_action(reflect, f"Later one by {LATER}")
    add_action(reflect, "Overdue one by 2020-01-01")
    add_action(reflect, f"Sooner one by {IN_TWO_MONTHS}")
    reflect("action", "done", done_id)
    listed = actions(reflect)
    assert [a["what"] for a in listed] == ["Overdue one", "Sooner one", "Later one",
                                           "Undated one", "Done one"]
    assert [a["overdue"] for a in listed] == [True, False, False, False, False]
    table = reflect("action", "list").stdout
    rows = {what: next(ln for ln in table.splitlines() if what in ln)
            for what in ("Overdue one", "Sooner one", "Done one")}
    assert "overdue" in rows["Overdue one"]
    assert "overdue" not in rows["Sooner one"]
    assert TODAY.isoformat() in rows["Done one"]
    assert table.index("Overdue one") < table.index("Sooner one") < table.index("Done one")


def test_a_done_action_is_not_overdue(reflect):
    action_id = add_action(reflect, "Late by 2020-01-01")
    reflect("action", "done", action_id)
    [action] = actions(reflect)
    assert action["done"] is True and action["overdue"] is False


def test_action_list_filters_open_and_who(reflect):
    reflect.new("--with", "Jo Bloggs")
    reflect.new("--with", "Sam Jones")
    add_action(reflect, "Jo's open", "--who", "Jo Bloggs")
    jo_done = add_action(reflect, "Jo's done", "--who", "Jo Bloggs")
    add_action(reflect, "Sam's", "--who", "Sam Jones")
    add_action(reflect, "Mine")
    reflect("action", "done", jo_done)
    assert sorted(a["what"] for a in actions(reflect, "--open")) == ["Jo's open", "Mine",
                                                                     "Sam's"]
    assert [a["what"] for a in actions(reflect, "--who", "jo bloggs")] == ["Jo's open",
                                                                           "Jo's done"]
    assert [a["what"] for a in actions(reflect, "--open", "--who", "Jo Bloggs")] == ["Jo's open"]
    assert actions(reflect, "--who", "Nobody") == []


def test_action_list_when_there_are_none(reflect):
    result = reflect("action", "list")
    assert result.stdout == "" and "No agreed actions" in result.stderr


def test_action_done_ticks_it_today_or_on_a_given_date(reflect):
    today_id = add_action(reflect, "Today")
    earlier_id = add_action(reflect, "Earlier")
    result = reflect("action", "done", today_id[:5])
    assert result.stdout == "" and "Today" in result.stderr
    reflect("action", "done", earlier_id, "--date", "yesterday")
    found = by_what(reflect)
    assert (found["Today"]["done"], found["Today"]["done_on"]) == (True, TODAY.isoformat())
    assert found["Earlier"]["done_on"] == (TODAY - timedelta(days=1)).isoformat()
    assert actions(reflect, "--open") == []


# the session note ---------------------------------------------------------


def test_session_note_lists_agreed_actions_and_goals_set(reflect):
    session_id = reflect.new("--with", "Jo Bloggs",
                             "--action", f"Send the chronology to Jo by {SOON}",
                             "--action", "Read the policy")
    reflect.new("--action", "Another session's action")
    add_action(reflect, "Phone the school", "--session", session_id, "--who", "Jo Bloggs")
    read_id = next(a["id"] for a in actions(reflect) if a["what"] == "Read the policy")
    reflect("action", "done", read_id)
    goal_id = reflect("goal", "add", "--title", "Genograms", "--session", session_id,
                      "--due", IN_TWO_MONTHS).stdout.strip()
    reflect("goal", "add", "--title", "Unrelated goal")
    text = note(reflect, session_id)
    agreed = section(text, "Agreed actions")
    assert f"- [ ] Send the chronology to Jo by {SOON}" in agreed
    assert "- [x] Read the policy" in agreed
    assert "- [ ] Phone the school (Jo Bloggs)" in agreed
    assert len(agreed) == 3
    assert section(text, "Goals set") == [f"- Genograms, due {IN_TWO_MONTHS} (open)"]
    assert "Another session's action" not in text and "Unrelated goal" not in text
    reflect("goal", "done", goal_id)
    assert section(note(reflect, session_id), "Goals set") == [
        f"- Genograms, due {IN_TWO_MONTHS} (achieved)"]


def test_session_note_without_actions_or_goals_has_neither_section(reflect):
    session_id = reflect.new(body="Just a reflection.")
    text = note(reflect, session_id)
    assert "## Agreed actions" not in text and "## Goals set" not in text
    assert "Just a reflection." in text


# bad input ----------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("action", "add", "Phone", "--who", "Nobody Known"),
    ("action", "add", "Phone", "--session", "ffff0000"),
    ("action", "add", "   "),
])
def test_action_add_bad_input(reflect, journal_path, args):
    add_action(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    assert_one_line_error(reflect(*args, code=None))
    assert journal_state(reflect, journal_path) == before


def test_an_unknown_who_is_named_in_the_error(reflect):
    assert_one_line_error(reflect("action", "add", "x", "--who", "Nobody Known", code=None),
                          "Nobody Known")


def test_action_done_with_an_unknown_id(reflect, journal_path):
    add_action(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    assert_one_line_error(reflect("action", "done", "ffff0000", code=None), "no action",
                          "ffff0000")
    assert_one_line_error(reflect("action", "done", "ab", code=None), "too short")
    assert journal_state(reflect, journal_path) == before


def test_action_done_with_an_ambiguous_id(reflect, journal_path, monkeypatch):
    ids = iter([uuid.UUID("abcd" + "1" * 28), uuid.UUID("abcd" + "2" * 28)])
    monkeypatch.setattr(goalstore.uuid, "uuid4", lambda: next(ids))
    add_action(reflect, "First")
    add_action(reflect, "Second")
    before = journal_state(reflect, journal_path)
    assert_one_line_error(reflect("action", "done", "abcd", code=None), "ambiguous",
                          "abcd1111", "abcd2222")
    assert journal_state(reflect, journal_path) == before
    reflect("action", "done", "abcd2")
    assert by_what(reflect)["Second"]["done"] is True
    assert by_what(reflect)["First"]["done"] is False


def test_action_done_with_an_unparseable_date(reflect, journal_path):
    action_id = add_action(reflect, "Existing")
    before = journal_state(reflect, journal_path)
    assert_one_line_error(reflect("action", "done", action_id, "--date", "someday", code=None),
                          "someday")
    assert journal_state(reflect, journal_path) == before
