"""The SMART check grades each part of a goal and says what would make it stronger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from reflect.goals import smart
from reflect.journal.records import SMART_LETTERS, Goal

TODAY = date(2026, 1, 15)
GOOD_DUE = date(2026, 5, 15)


@dataclass
class Draft:
    """What the goal builder holds before a goal is saved."""

    title: str = "Draft"
    specific: str = "Use a genogram with every new family"
    measurable: str = "Supervisor observes two visits"
    achievable: str = "One family a month fits my caseload"
    relevant: str = "Team priority on family networks"
    due: date | None = GOOD_DUE
    session_id: str | None = None
    function: str | None = None


def verdict(letter: str, **changes) -> str:
    return smart.check(Draft(**changes), TODAY)[letter]["verdict"]


def test_keys_are_exactly_the_five_letters_in_order():
    card = smart.check(Draft(), TODAY)
    assert list(card) == ["specific", "measurable", "achievable", "relevant", "time_bound"]
    assert list(card) == list(SMART_LETTERS)
    for result in card.values():
        assert set(result) == {"verdict", "suggestion", "why"}


def test_a_well_written_goal_meets_every_letter_with_no_suggestions():
    card = smart.check(Draft(), TODAY)
    assert {r["verdict"] for r in card.values()} == {"met"}
    assert {r["suggestion"] for r in card.values()} == {""}
    assert smart.unmet(card) == []


def test_a_saved_goal_record_is_checked_the_same_way():
    goal = Goal(id="g1", title="Genograms", specific="Use a genogram with every new family",
                measurable="Feedback from my supervisor", achievable="Yes",
                relevant="My appraisal asks for it", due=GOOD_DUE, function="formative",
                partner=None, session_id=None, status="open", status_note=None,
                created="2026-01-15T10:00:00+00:00", updated="2026-01-15T10:00:00+00:00")
    assert smart.unmet(smart.check(goal, TODAY)) == []


def test_an_empty_object_is_missing_everywhere():
    card = smart.check(object(), TODAY)
    assert [r["verdict"] for r in card.values()] == ["missing"] * 5
    assert all(r["suggestion"] for r in card.values())
    assert smart.unmet(card) == list(SMART_LETTERS)


def test_none_in_a_text_field_counts_as_blank():
    assert verdict("specific", specific=None) == "missing"


# Specific

@pytest.mark.parametrize("text", [
    "Use a genogram with every new family",
    "USE A GENOGRAM WITH EVERY NEW FAMILY!",
    "Shadow a senior colleague on home visits",
    "Practise active listening in team meetings",
    "Improve my assessments by using a genogram",
    "I will be running a reflective group",
    "Ask families what helped, at the end of each visit",
])
def test_specific_is_met_by_an_action_and_what_it_is_done_to(text):
    assert verdict("specific", specific=text) == "met"


@pytest.mark.parametrize("text", [
    "improve my practice",
    "Be more confident",
    "Get better at time management",
    "try to work on things",
    "Review.",
    "Use it",
    "Use more",
    "Better, more, improve!",
])
def test_specific_is_weak_when_vague_or_without_an_object(text):
    result = smart.check(Draft(specific=text), TODAY)["specific"]
    assert result["verdict"] == "weak"
    assert result["suggestion"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_specific_is_missing_when_blank(text):
    assert verdict("specific", specific=text) == "missing"


# Measurable

@pytest.mark.parametrize("text", [
    "Feedback from families",
    "My supervisor observes a visit",
    "Noted in supervision notes",
    "Entries in my reflective log",
    "3 genograms on file",
    "Two case audits",
    "Weekly",
    "At every visit",
    "Three times per week",
    "A colleague will tell me",
    "The practice educator signs it off",
    "Kept in my PORTFOLIO.",
])
def test_measurable_is_met_by_evidence_number_frequency_or_observer(text):
    assert verdict("measurable", measurable=text) == "met"


@pytest.mark.parametrize("text, why", [
    ("I will feel more confident", "uses a feeling as the measure: feel"),
    ("It will be better", "uses a feeling as the measure: better"),
    ("Once I feel ok", "uses a feeling as the measure: feel"),  # "once" is not a count
    ("I'll know", "names no evidence, number, frequency or observer"),
])
def test_measurable_is_weak_without_a_way_to_tell(text, why):
    result = smart.check(Draft(measurable=text), TODAY)["measurable"]
    assert (result["verdict"], result["why"]) == ("weak", why)
    assert result["suggestion"]


def test_a_feeling_seen_by_someone_else_is_a_measure():
    assert verdict("measurable", measurable="My supervisor sees me feel calmer") == "met"


@pytest.mark.parametrize("text, why", [
    ("Use a genogram with every new family", "names an action: use"),
    ("Attend training", "names only an activity: attend"),
    ("Read something", "names only an activity: read"),
    ("Children will be safer", "names no action"),
])
def test_specific_says_what_it_found(text, why):
    result = smart.check(Draft(specific=text), TODAY)["specific"]
    assert result["why"] == why
    assert result["verdict"] == ("met" if why.startswith("names an action") else "weak")


def test_measurable_says_what_it_found():
    found = smart.check(Draft(measurable="Supervisor sees two visits"), TODAY)["measurable"]
    assert found["why"] == "names who will see it: supervisor"


@pytest.mark.parametrize("text", ["", "  "])
def test_measurable_is_missing_when_blank(text):
    assert verdict("measurable", measurable=text) == "missing"


# Achievable

def test_achievable_is_met_by_any_text_and_missing_when_blank():
    assert verdict("achievable", achievable="ok") == "met"
    assert verdict("achievable", achievable=" \n ") == "missing"
    assert verdict("achievable", achievable="") == "missing"


# Relevant

def test_relevant_is_met_only_in_the_users_own_words():
    assert verdict("relevant", relevant="Links to my appraisal") == "met"


@pytest.mark.parametrize("changes", [
    {"relevant": ""},
    {"relevant": "   "},
    {"relevant": "", "session_id": "s-20260110-1"},  # a link says nothing of why
    {"relevant": "", "function": "restorative"},
])
def test_relevant_is_missing_without_the_users_words(changes):
    result = smart.check(Draft(**changes), TODAY)["relevant"]
    assert result["verdict"] == "missing" and result["suggestion"]


# Time-bound

@pytest.mark.parametrize("due", [date(2026, 4, 15), date(2026, 5, 1), date(2026, 7, 15),
                                 date(2026, 3, 1), date(2027, 1, 15)])
def test_time_bound_is_met_a_month_or_more_after_it_was_set(due):
    # The 3-6 month guidance is advice: a 12-month goal is not weak, and says to plan
    # reviews on the way.
    assert verdict("time_bound", due=due) == "met"
    if due == date(2027, 1, 15):
        assert "plan reviews" in smart.check(Draft(due=due), TODAY)["time_bound"]["why"]


@pytest.mark.parametrize("due", [TODAY, TODAY - timedelta(days=1), TODAY + timedelta(days=1),
                                 date(2026, 2, 14)])
def test_time_bound_is_weak_when_passed_or_under_a_month_from_being_set(due):
    result = smart.check(Draft(due=due), TODAY)["time_bound"]
    assert result["verdict"] == "weak" and result["suggestion"]


def test_time_bound_does_not_decay_with_the_calendar():
    # Set on 15 January, due 3 months and 2 days later: met on the day, and still met a
    # month later; only passing the due date changes the verdict.
    goal = Draft(due=date(2026, 4, 17))
    goal.updated = "2026-01-15T09:00:00+00:00"
    for day in (TODAY, date(2026, 2, 15), date(2026, 4, 16)):
        assert smart.check(goal, day)["time_bound"]["verdict"] == "met", day
    assert smart.check(goal, date(2026, 4, 17))["time_bound"]["verdict"] == "weak"


@pytest.mark.parametrize("due", [date(2026, 2, 1)])
def test_time_bound_suggestion_names_the_report_back_window(due):
    assert "3 to 6 months" in smart.check(Draft(due=due), TODAY)["time_bound"]["suggestion"]


def test_time_bound_is_missing_without_a_due_date():
    result = smart.check(Draft(due=None), TODAY)["time_bound"]
    assert result["verdict"] == "missing"
    assert "2026-04-15" in result["suggestion"]


def test_month_arithmetic_is_calendar_months_clipped_to_month_end():
    assert smart.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert smart.add_months(date(2026, 1, 31), 6) == date(2026, 7, 31)
    end_of_november = smart.check(Draft(due=date(2027, 2, 28)), date(2026, 11, 30))
    assert end_of_november["time_bound"]["verdict"] == "met"


def test_default_due_is_three_months_out_and_meets_the_check():
    assert smart.DEFAULT_DUE_MONTHS == 3
    assert smart.default_due(TODAY) == date(2026, 4, 15)
    assert verdict("time_bound", due=smart.default_due(TODAY)) == "met"


# Helpers for the goal builder

def test_unmet_lists_weak_and_missing_letters_in_order():
    card = smart.check(Draft(specific="improve", relevant="", due=None), TODAY)
    assert smart.unmet(card) == ["specific", "relevant", "time_bound"]


def test_letter_names_and_guidance_cover_every_part():
    assert list(smart.LETTER_NAMES) == list(SMART_LETTERS)
    assert smart.LETTER_NAMES["time_bound"] == "Time-bound"
    assert set(smart.GUIDANCE) == {"specific", "measurable", "achievable", "relevant", "due"}
    assert all(text.strip().endswith(".") for text in smart.GUIDANCE.values())
    assert "three to six months" in smart.GUIDANCE["due"]


@pytest.mark.parametrize(("specific", "verdict", "why"), [
    ("Get training on court skills", "weak", "names only an activity: training"),
    ("Learn about attachment", "weak", "names only an activity: learn"),
    ("Make sure records are done", "weak", "names no action"),
    ("Attend the safeguarding training and use it with new referrals", "met",
     "names an action: use"),
])
def test_activities_and_nouns_are_not_a_new_practice(specific, verdict, why):
    found = smart.check(SimpleNamespace(title="x", specific=specific, measurable="",
                                        achievable="", relevant="", due=None),
                        date(2026, 11, 30))["specific"]
    assert (found["verdict"], found["why"]) == (verdict, why)
