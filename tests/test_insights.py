"""Insights across sessions: small hand-made histories whose answers are worked out by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from reflect.insight import agenda as agendas
from reflect.insight import prepare as preparing
from reflect.insight import readings
from reflect.insight import stats as overall
from reflect.journal.records import Action, Contract, Goal, Review, Session
from reflect.models import desc, heron, proctor, stoltenberg
from reflect.settings.errors import BadInput

START = date(2024, 1, 1)


def session(held_on: date, sid: str = "", status: str = "final",
            **answers: dict[str, Any]) -> Session:
    return Session(id=sid or held_on.isoformat(), held_on=held_on, title="Supervision",
                   kind="individual", role="supervisor", with_name="Sam", duration=60,
                   body="", status=status, created=f"{held_on.isoformat()}T09:00:00",
                   updated="", answers=dict(answers))


def split(normative: int, formative: int, restorative: int) -> dict[str, Any]:
    return {"split": {"normative": normative, "formative": formative,
                      "restorative": restorative}}


def weekly(*splits: tuple[int, int, int]) -> list[Session]:
    """One session a week from START with each Proctor split, oldest first."""
    return [session(START + timedelta(weeks=i), proctor=split(*parts))
            for i, parts in enumerate(splits)]


def goal(gid: str, due: date | None, status: str = "open",
         reviews: list[date] | None = None) -> Goal:
    return Goal(id=gid, title=gid, specific="s", measurable="m", achievable="a",
                relevant="r", due=due, function=None, partner=None, session_id=None,
                status=status, status_note=None, created="", updated="",
                reviews=[Review(day, 50, "note") for day in reviews or []])


def action(aid: str, due: date | None, done_on: date | None = None) -> Action:
    return Action(id=aid, what=aid, who=None, due=due, done_on=done_on, session_id=None,
                  created="")


def contract(review_on: date | None = None, **terms: Any) -> Contract:
    return Contract(person="Sam", version=1, terms=terms, review_on=review_on, created="")


def item_named(agenda: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(entry for entry in agenda if text in entry["item"])


# --- Proctor balance -------------------------------------------------------------------

def test_a_low_mean_alone_is_not_neglect_when_the_recent_sessions_recovered():
    # Sums 330/165/105 of 600 -> means 55, 27.5, 17.5. Floors 55+27+17 = 99; the spare
    # point goes to the largest remainder, a .5 tie won by formative (listed first).
    # Restorative is under 20% in 3 of 6 sessions (half, not most) and the latest three
    # gave it 20%: no pattern, so not neglected, though the mean is 17%.
    history = weekly(*[(60, 25, 15)] * 3, *[(50, 30, 20)] * 3)
    found = proctor.balance(history)
    assert found["shares"] == {"normative": 55, "formative": 28, "restorative": 17}
    assert found["sessions"] == 6
    assert found["neglected"] == [] and found["evidence"] == {}
    assert [point["date"] for point in found["series"]][0] == "2024-01-01"
    assert found["series"][0] == {"id": "2024-01-01", "date": "2024-01-01",
                                  "normative": 60, "formative": 25, "restorative": 15}


def test_a_recent_collapse_is_neglect_though_the_mean_is_exactly_the_threshold():
    # Restorative 60, 60, then 0 four times: the mean is exactly 20 (never flagged by a
    # mean), but it is under 20% in 4 of the last 6 sessions.
    found = proctor.balance(weekly(*[(20, 20, 60)] * 2, *[(60, 40, 0)] * 4))
    assert found["shares"]["restorative"] == 20
    assert found["neglected"] == ["restorative"]
    assert found["evidence"] == {"restorative": "restorative under 20% in 4 of the last 6 "
                                                "sessions"}


def test_nothing_is_neglected_with_fewer_than_three_sessions():
    assert proctor.balance(weekly((100, 0, 0), (100, 0, 0)))["neglected"] == []
    assert proctor.balance(weekly(*[(100, 0, 0)] * 3))["neglected"] == [
        "formative", "restorative"]


def test_a_run_of_recent_low_sessions_counts_whatever_came_before():
    # Restorative 60% three times, then 0% three times: half the window, not most, but
    # each of the latest three is low.
    found = proctor.balance(weekly(*[(40, 0, 60)] * 3, *[(50, 50, 0)] * 3))
    assert "restorative" in found["neglected"]


def test_asked_for_in_two_of_the_last_three_is_neglect_whatever_the_share():
    history = weekly(*[(40, 30, 30)] * 4)
    for past in history[-2:]:
        past.answers["proctor"]["needed_more"] = "restorative"
    found = proctor.balance(history)
    assert found["neglected"] == ["restorative"]
    assert found["evidence"]["restorative"] == (
        "restorative under 20% in 0 of the last 4 sessions; asked for 2 times in the last 3")


def test_the_supervisees_balance_was_right_stands_against_a_short_pattern():
    # Restorative 10, 10, 30 and the latest says the balance was right: low in most of
    # the window, but only twice, so their own view stands.
    history = weekly((60, 30, 10), (60, 30, 10), (40, 30, 30))
    history[-1].answers["proctor"]["needed_more"] = "balance_right"
    assert proctor.balance(history)["neglected"] == []
    # Low three times of four: the pattern is long enough to name, with their view shown.
    longer = weekly((60, 30, 10), (60, 30, 10), (60, 30, 10), (40, 30, 30))
    longer[-1].answers["proctor"]["needed_more"] = "balance_right"
    found = proctor.balance(longer)
    assert found["neglected"] == ["restorative"]
    assert "balance was about right" in found["evidence"]["restorative"]


def test_longer_sessions_weigh_more():
    # Restorative 0% in two 30-minute sessions and 40% in one of 120 minutes: under 20%
    # for 60 of 180 minutes, not most; the weighted mean is 40 * 120 / 180 = 26.7 -> 27.
    history = weekly((50, 50, 0), (50, 50, 0), (30, 30, 40))
    for past, minutes in zip(history, (30, 30, 120), strict=True):
        past.duration = minutes
    found = proctor.balance(history)
    assert found["neglected"] == []
    assert found["shares"]["restorative"] == 27
    assert "restorative" not in found["neglected"]


def test_a_mean_share_of_exactly_the_threshold_is_not_neglected():
    found = proctor.balance(weekly(*[(60, 20, 20)] * 6))
    assert found["shares"] == {"normative": 60, "formative": 20, "restorative": 20}
    assert found["neglected"] == []
    assert proctor.balance(weekly(*[(60, 20, 20)] * 6), threshold=21)["neglected"] == [
        "formative", "restorative"]


def test_only_the_newest_n_sessions_with_a_split_count():
    # Only the last six count: 70/20/10 each, restorative neglected. With the oldest (all
    # restorative) as well: 420/7 = 60, 120/7 = 17.1, 160/7 = 22.9; floors 60 + 17 + 22
    # leave one point for the largest remainder (restorative), so 60/17/23: formative.
    # A newer session with no split (Heron only) and a newer draft do not take a place.
    history = weekly((0, 0, 100), *[(70, 20, 10)] * 6)
    history.append(session(date(2024, 3, 1), heron={"used": ["supportive"]}))
    history.append(session(date(2024, 3, 8), status="draft", proctor=split(0, 0, 100)))
    found = proctor.balance(history)
    assert found["sessions"] == 6
    assert found["shares"] == {"normative": 70, "formative": 20, "restorative": 10}
    assert found["neglected"] == ["restorative"]
    assert found["series"][0]["date"] == "2024-01-08"
    seven = proctor.balance(history, last_n=7)
    assert seven["shares"] == {"normative": 60, "formative": 17, "restorative": 23}
    # formative is at 20% (not under) in 6 of 7; restorative under 20% in 6 of 7
    assert seven["neglected"] == ["restorative"]


def test_balance_is_in_date_order_whatever_order_sessions_come_in():
    history = weekly((80, 10, 10), (20, 40, 40))
    found = proctor.balance(list(reversed(history)), last_n=1)
    assert found["series"][0]["date"] == "2024-01-08"
    assert found["shares"] == {"normative": 20, "formative": 40, "restorative": 40}


# --- Heron -----------------------------------------------------------------------------

def test_interventions_count_used_and_needed_but_missing():
    # s1 used prescriptive+informative, needed catalytic (missing).
    # s2 used prescriptive+catalytic, needed catalytic (got it) and supportive (missing).
    history = [
        session(START, heron={"used": ["informative", "prescriptive"], "needed": ["catalytic"]}),
        session(START + timedelta(7), heron={"used": ["prescriptive", "catalytic"],
                                             "needed": ["catalytic", "supportive"]}),
        session(START + timedelta(14), proctor=split(50, 25, 25)),
    ]
    found = heron.interventions(history)
    assert found["sessions"] == 2
    assert list(found["used"]) == list(heron.CATEGORIES)
    assert found["used"] == {"prescriptive": 2, "informative": 1, "confronting": 0,
                             "cathartic": 0, "catalytic": 1, "supportive": 0}
    assert found["needed_missing"] == {"prescriptive": 0, "informative": 0, "confronting": 0,
                                       "cathartic": 0, "catalytic": 1, "supportive": 1}
    newest = heron.interventions(history, last_n=1)
    assert newest["sessions"] == 1
    assert newest["needed_missing"]["catalytic"] == 0


# --- Stoltenberg -----------------------------------------------------------------------

def test_development_tracks_each_domain_and_the_change_since_last_rating():
    # motivation 1 -> 2 -> 3 (up); autonomy 2 -> 2 (same); awareness 2 -> 1 (down).
    # Latest per domain {3, 2, 1}: two levels apart, so no overall level, a stance each,
    # and the fall in awareness is named.
    history = [
        session(START, stoltenberg={"motivation": "level_1", "autonomy": "level_2",
                                    "awareness": "level_2"}),
        session(START + timedelta(28), stoltenberg={"motivation": "level_2",
                                                    "autonomy": "level_2",
                                                    "awareness": "level_1"}),
        session(START + timedelta(56), stoltenberg={"motivation": "level_3"}),
    ]
    found = stoltenberg.development(history, today=START + timedelta(60))
    domains = found["domains"]
    assert [p["level"] for p in domains["motivation"]["series"]] == [1, 2, 3]
    assert domains["motivation"]["series"][0] == {"date": "2024-01-01", "level": 1}
    assert (domains["motivation"]["latest"], domains["motivation"]["change"]) == (3, "up")
    assert domains["motivation"]["rated_on"] == "2024-02-26"
    assert (domains["autonomy"]["latest"], domains["autonomy"]["change"]) == (2, "same")
    assert (domains["awareness"]["latest"], domains["awareness"]["change"]) == (1, "down")
    assert domains["awareness"]["advice"] == stoltenberg.FALL_ADVICE
    assert domains["autonomy"]["advice"] is None
    assert found["overall"] is None and found["spread"] == [1, 3]
    assert found["stances"]["awareness"] == stoltenberg.STANCES[1]
    assert [p["level"] for p in found["overall_series"]] == [2, 2, 3]


def test_a_rating_older_than_six_months_is_stale_and_sets_no_stance():
    history = [session(START, stoltenberg={"autonomy": "level_4", "awareness": "level_3"}),
               session(START + timedelta(150), stoltenberg={"awareness": "level_3"})]
    found = stoltenberg.development(history, today=START + timedelta(200))
    assert found["domains"]["autonomy"]["stale"] is True  # rated 200 days ago
    assert found["domains"]["awareness"]["stale"] is False  # 50 days ago
    assert found["stances"] == {"awareness": stoltenberg.STANCES[3]}
    assert found["overall"] == 3


def test_a_single_rating_has_no_change():
    found = stoltenberg.development([session(START, stoltenberg={"autonomy": "level_4"})],
                                    today=START)
    assert found["domains"]["autonomy"] == {
        "series": [{"date": "2024-01-01", "level": 4}], "latest": 4,
        "rated_on": "2024-01-01", "stale": False, "change": None, "advice": None}
    assert found["domains"]["motivation"]["latest"] is None
    assert found["overall"] == 4
    assert found["integrated"] is False  # one domain rated says nothing of the other two


# --- DESC ------------------------------------------------------------------------------

def test_desc_conversations_pending_until_marked_held():
    plan = {"describe": "Visits written up late", "specify": "Records within two days"}
    history = [
        session(START, "held", desc={**plan, "held": True}),
        session(START + timedelta(1), "not-yet", desc={**plan, "held": False}),
        session(START + timedelta(2), "unanswered", desc={"describe": "Missed handover"}),
        session(START + timedelta(3), "draft", status="draft", desc=plan),
        session(START + timedelta(4), "no-desc", proctor=split(40, 30, 30)),
    ]
    pending = desc.pending_desc(history)
    assert [p["id"] for p in pending] == ["not-yet", "unanswered"]
    assert pending[0] == {"id": "not-yet", "date": "2024-01-02", "with": "Sam",
                          "planned_for": None, "describe": "Visits written up late",
                          "specify": "Records within two days", "follow_up": None}
    assert pending[1]["specify"] is None


def test_desc_pending_follows_the_conversation_partner_not_the_entry():
    # Planned in a session with Sam about a talk with Jo; and one with Sam, planned with Sam.
    history = [
        session(START, "about-jo", desc={"describe": "Late notes", "partner": "Jo",
                                         "planned_for": "2024-02-01"}),
        session(START + timedelta(1), "with-sam", desc={"describe": "Missed visits"}),
    ]
    assert [p["id"] for p in desc.pending_desc(history, "jo")] == ["about-jo"]
    assert desc.pending_desc(history, "Jo")[0]["planned_for"] == "2024-02-01"
    assert [p["id"] for p in desc.pending_desc(history, "Sam")] == ["with-sam"]
    assert desc.pending_desc(history, "Ann") == []


# --- timing and the contract -----------------------------------------------------------

def test_gap_over_the_contract_frequency():
    # Sessions 1 Jan, 29 Jan (28 days), 11 Mar (42 days): average (28 + 42) / 2 = 35.
    # 11 Mar to 15 Apr is 20 + 15 = 35 days, over the agreed 28.
    history = [session(date(2024, 1, 1)), session(date(2024, 1, 29)),
               session(date(2024, 3, 11))]
    found = readings.gap(history, contract(frequency_days=28), date(2024, 4, 15))
    assert found == {"last_session": "2024-03-11", "days_since": 35, "average_days": 35.0,
                     "frequency_days": 28, "next_due": "2024-04-08", "overdue": True,
                     "average_over": True}
    soon = readings.gap(history, contract(frequency_days=28), date(2024, 3, 20))
    assert (soon["days_since"], soon["overdue"]) == (9, False)


def test_gap_without_a_contract_or_history_is_unknown():
    found = readings.gap([session(START)], None, date(2024, 1, 11))
    assert found["days_since"] == 10
    assert found["average_days"] is None
    assert found["overdue"] is None and found["average_over"] is None
    assert readings.gap([], contract(frequency_days=28), START)["last_session"] is None


@pytest.mark.parametrize(("today", "days", "due", "overdue"), [
    (date(2024, 3, 1), 61, False, False),   # two months out
    (date(2024, 4, 3), 28, True, False),    # exactly soon_days out
    (date(2024, 4, 10), 21, True, False),
    (date(2024, 5, 2), -1, True, True),     # the day after the review date
])
def test_contract_review_due_and_overdue(today, days, due, overdue):
    found = readings.contract_review(contract(date(2024, 5, 1)), today)
    assert found == {"review_on": "2024-05-01", "days_until": days, "due": due,
                     "overdue": overdue}


def test_no_contract_review_without_a_date():
    assert readings.contract_review(None, START) is None
    assert readings.contract_review(contract(None), START) is None


# --- goals -----------------------------------------------------------------------------

def test_goals_overdue_due_in_window_and_outside():
    # today 1 Jun; the window runs to 1 Jun + 42 days = 13 Jul.
    # 20 Apr is 10 + 31 + 1 = 42 days before 1 Jun (in the window); 19 Apr is 43.
    today = date(2024, 6, 1)
    goals = [
        goal("outside", date(2024, 7, 14), reviews=[date(2024, 4, 19)]),
        goal("edge", date(2024, 7, 13), reviews=[date(2024, 4, 20)]),
        goal("late", date(2024, 5, 20)),
        goal("done-late", date(2024, 5, 1), status="achieved", reviews=[date(2024, 5, 30)]),
        goal("today", today),
        goal("no-date", None),
    ]
    found = readings.goals_for(goals, today)
    assert [g["id"] for g in found["overdue"]] == ["late"]
    assert found["overdue"][0]["overdue"] is True
    assert [g["id"] for g in found["due"]] == ["today", "edge"]
    assert [g["id"] for g in found["reviewed"]] == ["done-late", "edge"]
    assert found["due"][1] == goals[1].to_dict(today)


# --- the agenda and prepare ------------------------------------------------------------

def test_prepare_gives_the_neglected_function_room_and_fills_the_hour():
    history = weekly(*[(70, 20, 10)] * 6)
    history[-1].answers["proctor"]["bring_next"] = "A family I keep thinking about"
    history[-1].answers["heron"] = {"ask_next": "More time to think aloud"}
    found = preparing.prepare("Sam", history, [], [], None, date(2024, 2, 19))
    assert found["first_session"] is False
    assert found["neglected_functions"] == ["restorative"]
    assert found["bring_next"] == {"proctor": "A family I keep thinking about",
                                   "heron": "More time to think aloud"}
    agenda = found["agenda"]
    # Weights: check-in 1, brings 2, wellbeing 2, cases 2, learning 1, close 1 (9 in all).
    # 12 five-minute slots: 12 * w / 9 gives 1.3 or 2.7, floors 1 or 2 (9), and the three
    # spare slots go to the weight-2 items, owed most: 5, 15, 15, 15, 5, 5 minutes.
    assert [entry["minutes"] for entry in agenda] == [5, 15, 15, 15, 5, 5]
    assert sum(entry["minutes"] for entry in agenda) == 60
    items = [entry["item"] for entry in agenda]
    wellbeing = item_named(agenda, "Wellbeing")
    assert "restorative under 20% in 6 of the last 6 sessions" in wellbeing["why"]
    assert "signpost employee assistance" in wellbeing["why"]  # support, not counselling
    assert "a peer group, or mentoring" in wellbeing["why"]
    assert found["neglect_evidence"] == {
        "restorative": "restorative under 20% in 6 of the last 6 sessions"}
    assert items.index(wellbeing["item"]) < items.index("Cases, decisions and workload")
    assert all(set(entry) == {"item", "minutes", "why"} for entry in agenda)


def test_a_neglected_formative_function_gets_a_learning_item():
    found = preparing.prepare("Sam", weekly(*[(70, 10, 20)] * 3), [], [], None, START)
    assert item_named(found["agenda"], "Learning and development")["minutes"] > 0


def test_a_neglected_normative_function_is_named_on_the_cases_item():
    # Normative 10% in three sessions: cases keep weight 3 and say why; formative and
    # restorative share one item. Weights 1, 2, 3, 2, 1 as in the quiet history below.
    found = preparing.prepare("Sam", weekly(*[(10, 45, 45)] * 3), [], [], None, START)
    cases = item_named(found["agenda"], "Cases")
    assert "normative under 20% in 3 of the last 3 sessions" in cases["why"]
    assert cases["minutes"] == 20
    assert item_named(found["agenda"], "Learning and wellbeing")["minutes"] == 15


def test_an_agenda_from_a_partial_insight_still_explains_the_neglected_function():
    agenda = agendas.suggested_agenda({"neglected_functions": ["restorative"]}, 30)
    assert "protected time" in item_named(agenda, "Wellbeing")["why"]
    assert sum(entry["minutes"] for entry in agenda) == 30


@pytest.mark.parametrize("length", [30, 45, 47, 60, 90, 4])
def test_agenda_minutes_sum_to_the_session_length(length):
    today = date(2024, 3, 1)
    history = weekly(*[(90, 5, 5)] * 4)
    history[0].answers["desc"] = {"describe": "Late records", "specify": "Two days"}
    found = preparing.prepare(
        "Sam", history, [goal("late", date(2024, 2, 1))], [action("call", date(2024, 2, 1))],
        contract(date(2024, 3, 10), frequency_days=14), today)
    agenda = agendas.suggested_agenda(found, length)
    assert sum(entry["minutes"] for entry in agenda) == length
    assert all(entry["minutes"] > 0 for entry in agenda)


def test_the_agenda_follows_what_is_due():
    today = date(2024, 3, 1)
    history = weekly((50, 25, 25), (50, 25, 25))
    history[0].answers["desc"] = {"describe": "Late records", "specify": "Two days"}
    found = preparing.prepare(
        "Sam", history, [goal("late", date(2024, 2, 1))], [action("call", None)],
        contract(date(2024, 3, 10), frequency_days=14), today)
    assert found["contract_review_due"] is True
    assert found["gap"]["overdue"] is True  # 8 Jan to 1 Mar is 53 days, agreed 14
    items = [entry["item"] for entry in found["agenda"]]
    assert "Review agreed actions and goals" in items
    assert "Planned difficult conversation" in items
    assert "Review the supervision contract" in items
    assert "53 days" in item_named(found["agenda"], "Check-in")["why"]
    assert "Two days" in item_named(found["agenda"], "difficult")["why"]


def test_a_quiet_history_has_no_review_desc_or_contract_items():
    found = preparing.prepare("Sam", weekly((40, 30, 30)), [], [], None, START)
    items = [entry["item"] for entry in found["agenda"]]
    assert items == ["Check-in and agenda", "What Sam brings",
                     "Cases, decisions and workload", "Learning and wellbeing",
                     "Close: agree actions, the next date and the record"]
    # Weights 1, 2, 3, 2, 1 of 9: 12 * w / 9 = 1.3, 2.7, 4, 2.7, 1.3; floors 1, 2, 4, 2, 1.
    # The two spare slots go to the weight-2 items: 5, 15, 20, 15, 5.
    assert [entry["minutes"] for entry in found["agenda"]] == [5, 15, 20, 15, 5]


def test_prepare_collects_open_actions_and_goals_due():
    today = date(2024, 6, 1)
    actions = [action("done", date(2024, 5, 1), done_on=date(2024, 5, 2)),
               action("late", date(2024, 5, 1)), action("someday", None)]
    goals = [goal("late", date(2024, 5, 1)), goal("soon", date(2024, 6, 20)),
             goal("far", date(2024, 12, 1))]
    found = preparing.prepare("Sam", weekly((50, 25, 25)), goals, actions, None, today)
    assert [a["id"] for a in found["actions_open"]] == ["late", "someday"]
    assert found["actions_open"][0]["overdue"] is True
    assert [g["id"] for g in found["goals_due"]] == ["late", "soon"]


def test_first_session_agenda_is_about_agreeing_the_contract():
    found = preparing.prepare("Sam", [], [], [], None, START)
    assert found["first_session"] is True
    assert found["last_session"] is None
    items = " ".join(entry["item"] for entry in found["agenda"]).lower()
    for topic in ("history", "frequency", "roles", "accountability", "support",
                  "confidentiality", "recorded", "brought"):
        assert topic in items
    assert "line manager" in found["agenda"][2]["why"]
    # Weights 2, 1, 1, 1, 1, 1, 2, 1 of 10: floors of 12 * w / 10 are 2 and 1 (10 slots);
    # the two spare go to the two weight-2 items, which are owed most.
    assert [entry["minutes"] for entry in found["agenda"]] == [15, 5, 5, 5, 5, 5, 15, 5]


def test_the_contract_length_sets_the_agenda_length():
    found = preparing.prepare("Sam", [], [], [], contract(length_minutes=90), START)
    assert sum(entry["minutes"] for entry in found["agenda"]) == 90
    assert found["contract"]["length_minutes"] == 90


def test_agenda_needs_a_positive_length():
    with pytest.raises(BadInput):
        agendas.suggested_agenda({"first_session": True}, 0)


# --- drafts and empty history ----------------------------------------------------------

def test_drafts_are_ignored_everywhere():
    drafts = [session(START, status="draft", proctor=split(100, 0, 0),
                      heron={"used": ["prescriptive"]}, stoltenberg={"autonomy": "level_1"},
                      desc={"describe": "x"})]
    found = preparing.prepare("Sam", drafts, [], [], None, START)
    assert found["first_session"] is True
    assert found["balance"]["sessions"] == 0
    assert found["interventions"]["sessions"] == 0
    assert found["levels"]["sessions"] == 0
    assert found["pending_desc"] == []
    assert overall.stats(drafts, [], today=START)["per_month"] == {}


def test_empty_history_everywhere():
    today = START
    assert proctor.balance([]) == {"sessions": 0, "last_n": 6, "threshold": 20,
                                    "shares": None, "neglected": [], "series": [],
                                    "evidence": {}}
    assert heron.interventions([])["used"]["catalytic"] == 0
    assert stoltenberg.development([])["overall"] is None
    assert desc.pending_desc([]) == []
    assert readings.gap([], None, today)["days_since"] is None
    assert readings.goals_for([], today) == {"overdue": [], "due": [], "reviewed": []}
    found = preparing.prepare("Sam", [], [], [], None, today)
    assert found["neglected_functions"] == []
    assert found["bring_next"] == {"proctor": None, "heron": None}
    assert found["contract_review"] is None and found["contract_review_due"] is False
    assert json.loads(json.dumps(found)) == found
    empty = overall.stats([], [], today=today)
    assert empty["sessions"] == 0 and empty["balance_by_month"] == {}
    assert json.loads(json.dumps(empty)) == empty


# --- stats -----------------------------------------------------------------------------

def test_stats_buckets_sessions_by_month():
    history = [
        session(date(2024, 2, 1), proctor=split(100, 0, 0)),
        session(date(2024, 1, 30), proctor=split(40, 40, 20)),
        session(date(2024, 1, 5), proctor=split(60, 20, 20), heron={"used": ["catalytic"]}),
        session(date(2024, 3, 31), status="draft", proctor=split(0, 0, 100)),
        session(date(2024, 4, 2)),
    ]
    today = date(2024, 6, 1)
    goals = [goal("a", date(2024, 5, 1)), goal("b", None, "achieved"),
             goal("c", None, "partly"), goal("d", None, "dropped"), goal("e", None)]
    found = overall.stats(history, goals, contract(frequency_days=28), today=today)
    assert found["per_month"] == {"2024-01": 2, "2024-02": 1, "2024-04": 1}
    assert list(found["per_month"]) == sorted(found["per_month"])
    # January: (60 + 40) / 2, (20 + 40) / 2, (20 + 20) / 2 = 50, 30, 20.
    assert found["balance_by_month"] == {
        "2024-01": {"normative": 50, "formative": 30, "restorative": 20, "sessions": 2},
        "2024-02": {"normative": 100, "formative": 0, "restorative": 0, "sessions": 1},
    }
    assert found["interventions"]["used"]["catalytic"] == 1
    assert found["goals"] == {"opened": 5, "open": 2, "achieved": 1, "partly": 1,
                              "dropped": 1, "overdue": 1}
    # 5 Jan to 2 Apr is 88 days over three gaps: 29.3 on average, over the agreed 28.
    assert found["gap"]["average_days"] == 29.3
    assert found["gap"]["frequency_days"] == 28 and found["gap"]["average_over"] is True
    assert (found["first"], found["last"], found["sessions"]) == ("2024-01-05",
                                                                  "2024-04-02", 4)
    assert json.loads(json.dumps(found)) == found
