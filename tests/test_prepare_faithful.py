"""Preparing and looking back, read faithfully: what was asked for is carried until it is
answered, the agenda speaks for the side preparing, development and gaps are per person,
and an unagreed record or a review with no evidence is named. Every case is small and
worked out by hand.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from reflect.insight import prepare as preparing
from reflect.insight import readings
from reflect.insight import stats as overall
from reflect.journal.records import Contract, Goal, Review, Session
from reflect.reflection.privacy import digest
from reflect.settings.templates import render as render_template

START = date(2024, 1, 1)


def session(held_on: date, sid: str = "", status: str = "final", with_name: str | None = "Sam",
            role: str = "supervisee", **answers: dict[str, Any]) -> Session:
    return Session(id=sid or held_on.isoformat(), held_on=held_on, title="Supervision",
                   kind="individual", role=role, with_name=with_name, duration=60,
                   body="", status=status, created=f"{held_on.isoformat()}T09:00:00",
                   updated="", answers=dict(answers))


def week(n: int, **answers: dict[str, Any]) -> Session:
    """A session `n` weeks after START (free text when no answers are given)."""
    return session(START + timedelta(weeks=n), **answers)


def bring(text: str) -> dict[str, Any]:
    return {"split": {"normative": 40, "formative": 30, "restorative": 30}, "bring_next": text}


def contract(person: str = "Sam", **terms: Any) -> Contract:
    return Contract(person=person, version=1, terms=terms, review_on=None, created="")


def goal(gid: str, due: date | None, status: str = "open",
         reviews: list[tuple[date, str | None]] = ()) -> Goal:
    return Goal(id=gid, title=gid, specific="s", measurable="m", achievable="a",
                relevant="r", due=due, function=None, partner=None, session_id=None,
                status=status, status_note=None, created="", updated="",
                reviews=[Review(day, 40, "note", evidence) for day, evidence in reviews])


def items(found: dict[str, Any]) -> list[str]:
    return [entry["item"] for entry in found["agenda"]]


def item_named(found: dict[str, Any], text: str) -> dict[str, Any]:
    return next(entry for entry in found["agenda"] if text in entry["item"])


# -- 1. what to bring, and what to ask for, until a later answer replaces it -------------


def test_a_later_free_text_session_does_not_hide_what_to_bring():
    history = [week(0, proctor=bring("The Smith case"),
                    heron={"ask_next": "Time to think aloud"}), week(1)]
    found = preparing.prepare("Sam", history, [], [], None, START + timedelta(weeks=2))
    assert found["bring_next"] == {"proctor": "The Smith case", "heron": "Time to think aloud"}
    assert found["bring_next_from"]["proctor"] == {"date": "2024-01-01", "session": "2024-01-01",
                                                   "as": "supervisee"}
    # Said before the last session (8 Jan), so the agenda gives the date it was said.
    assert item_named(found, "brings")["why"] == (
        "Planned on 2024-01-01: The Smith case. "
        "Asked of supervision on 2024-01-01: Time to think aloud.")


def test_the_newest_answer_replaces_an_older_one_per_model():
    # Proctor answered on 1 and 8 Jan; Heron only on 15 Jan (the newest session).
    history = [week(0, proctor=bring("Old plan")), week(1, proctor=bring("New plan")),
               week(2, heron={"ask_next": "A straight answer on the Jones decision"})]
    found = preparing.prepare("Sam", history, [], [], None, START + timedelta(weeks=3))
    assert found["bring_next"] == {"proctor": "New plan",
                                   "heron": "A straight answer on the Jones decision"}
    assert found["bring_next_from"]["proctor"]["date"] == "2024-01-08"
    assert found["bring_next_from"]["heron"]["date"] == "2024-01-15"
    assert item_named(found, "brings")["why"] == (
        "Planned on 2024-01-08: New plan. "
        "Asked of supervision: A straight answer on the Jones decision.")


def test_a_blank_answer_or_a_draft_does_not_replace_what_was_asked():
    history = [week(0, proctor=bring("The Smith case")), week(1, proctor=bring("   ")),
               week(2, status="draft", proctor=bring("Draft plan"))]
    found = preparing.prepare("Sam", history, [], [], None, START + timedelta(weeks=3))
    assert found["bring_next"]["proctor"] == "The Smith case"
    assert found["bring_next_from"]["proctor"]["date"] == "2024-01-01"


def test_after_the_prepare_window_what_was_asked_is_taken_as_dealt_with():
    # Asked on 1 Jan, then six free-text sessions: the last six hold no answer.
    history = [week(0, proctor=bring("The Smith case")), *(week(n) for n in range(1, 7))]
    today = START + timedelta(weeks=7)
    six = preparing.prepare("Sam", history, [], [], None, today, last_n=6)
    assert six["bring_next"] == {"proctor": None, "heron": None}
    assert six["bring_next_from"] == {"proctor": None, "heron": None}
    assert item_named(six, "brings")["why"] == "Room for what they want to bring."
    seven = preparing.prepare("Sam", history, [], [], None, today, last_n=7)
    assert seven["bring_next"]["proctor"] == "The Smith case"


def test_what_a_supervisor_wrote_for_heron_is_what_to_offer_not_to_ask_for():
    history = [session(START, role="supervisor", heron={"ask_next": "Hold back advice"})]
    found = preparing.prepare("Sam", history, [], [], None, START)
    assert found["bring_next_from"]["heron"]["as"] == "supervisor"
    assert item_named(found, "brings")["why"] == "To offer or try differently: Hold back advice."


# -- 2. the agenda speaks for the side preparing ------------------------------------------


def test_a_supervisee_preparing_brings_their_own_items():
    history = [week(0, proctor=bring("The Smith case"))]
    found = preparing.prepare("Jo", history, [], [], None, START, role="supervisee")
    assert found["as"] == "supervisee"
    assert "What I bring" in items(found) and "What Jo brings" not in items(found)
    assert item_named(found, "What I bring")["why"] == "Planned last time: The Smith case."
    quiet = preparing.prepare("Jo", [week(0)], [], [], None, START, role="supervisee")
    assert item_named(quiet, "What I bring")["why"] == "Room for what I want to bring."


def test_a_supervisor_preparing_keeps_the_supervisees_items():
    found = preparing.prepare("Sam", [week(0)], [], [], None, START)
    assert found["as"] == "supervisor"
    assert item_named(found, "What Sam brings")["why"] == "Room for what they want to bring."


def test_peers_preparing_bring_items_together():
    found = preparing.prepare("Ann", [week(0)], [], [], None, START, role="peer")
    assert item_named(found, "What Ann and I bring")["why"] == (
        "Room for what each of us wants to bring.")


def test_a_supervisees_first_session_hears_what_the_supervisor_brings():
    found = preparing.prepare("Jo", [], [], [], None, START, role="supervisee")
    assert items(found)[-3:] == ["What I bring today", "What Jo (my supervisor) brings",
                                 "Close: agree the contract and the next date"]
    assert "for me before" in item_named(found, "history")["why"]
    # Weights 2, 1, 1, 1, 1, 1, 2, 1, 1 (11) in twelve 5-minute slots: 12 * w / 11 floors
    # to 2 and 1 (11 slots); the one spare goes to the first weight-2 item (owed 2, against 1).
    assert [entry["minutes"] for entry in found["agenda"]] == [15, 5, 5, 5, 5, 5, 10, 5, 5]


def test_a_supervisors_first_session_is_unchanged_in_shape():
    found = preparing.prepare("Sam", [], [], [], None, START)
    assert "What Sam brings today" in items(found)
    assert not any("my supervisor" in item for item in items(found))
    assert [entry["minutes"] for entry in found["agenda"]] == [15, 5, 5, 5, 5, 5, 15, 5]


# -- 3. development and gaps per person ---------------------------------------------------


def rated(day: date, who: str | None, level: int) -> Session:
    return session(day, f"{who}-{day}", with_name=who,
                   stoltenberg={"autonomy": f"level_{level}"})


def journal_of_two() -> list[Session]:
    # Sam: 1 Jan at 3, 5 Feb at 3 (35 days apart). Jo: 15 Jan at 1, 4 Mar at 2 (31 + 18
    # = 49 days; 2024 is a leap year). One session on 1 Apr names nobody, rated 4.
    return [rated(date(2024, 1, 1), "Sam", 3), rated(date(2024, 1, 15), "Jo", 1),
            rated(date(2024, 2, 5), "Sam", 3), rated(date(2024, 3, 4), "Jo", 2),
            rated(date(2024, 4, 1), None, 4)]


def test_interleaved_people_are_not_read_as_one_course():
    # Read as one series the months give 1 (Jan, Jo last), 3, 2, 4: a fall that is not.
    today = date(2024, 4, 2)
    one_series = overall.stats(journal_of_two(), [], today=today)
    assert [p["level"] for p in one_series["development"]["domains"]["autonomy"]["series"]
            ] == [1, 3, 2, 4]
    found = overall.stats(journal_of_two(), [], today=today,
                          contracts={"Sam": contract(frequency_days=28)})
    assert list(found["people"]) == ["Jo", "Sam"]
    sam, jo = found["people"]["Sam"], found["people"]["Jo"]
    assert sam["development"]["domains"]["autonomy"]["series"] == [
        {"month": "2024-01", "level": 3}, {"month": "2024-02", "level": 3}]
    assert sam["development"]["domains"]["autonomy"]["change"] == "same"
    assert jo["development"]["domains"]["autonomy"]["change"] == "up"
    assert (sam["sessions"], sam["first"], sam["last"]) == (2, "2024-01-01", "2024-02-05")


def test_each_gap_is_against_that_persons_own_contract():
    found = overall.stats(journal_of_two(), [], today=date(2024, 4, 2),
                          contracts={"Sam": contract(frequency_days=28)})
    sam, jo = found["people"]["Sam"]["gap"], found["people"]["Jo"]["gap"]
    assert (sam["average_days"], sam["frequency_days"], sam["average_over"]) == (35.0, 28, True)
    assert (sam["days_since"], sam["overdue"]) == (57, True)  # 5 Feb to 2 Apr
    assert (jo["average_days"], jo["frequency_days"], jo["average_over"]) == (49.0, None, None)


def test_without_a_person_the_top_level_reads_the_sessions_naming_nobody():
    found = overall.stats(journal_of_two(), [], today=date(2024, 4, 2), contracts={})
    assert found["unnamed_sessions"] == 1
    assert found["development"]["sessions"] == 1
    assert found["development"]["domains"]["autonomy"]["latest"] == 4
    assert found["gap"]["last_session"] == "2024-04-01" and found["gap"]["average_days"] is None
    # What adds up across people stays whole-journal.
    assert found["sessions"] == 5
    assert found["per_month"] == {"2024-01": 2, "2024-02": 1, "2024-03": 1, "2024-04": 1}
    assert json.loads(json.dumps(found)) == found


def test_a_persons_figures_are_what_stats_with_them_gives():
    today = date(2024, 4, 2)
    whole = overall.stats(journal_of_two(), [], today=today, contracts={})
    jo_only = [s for s in journal_of_two() if s.with_name == "Jo"]
    alone = overall.stats(jo_only, [], today=today)
    assert "people" not in alone and "unnamed_sessions" not in alone
    assert whole["people"]["Jo"]["development"] == alone["development"]
    assert whole["people"]["Jo"]["gap"] == alone["gap"]


# -- 4. an unagreed record, and reviews with no evidence ----------------------------------


def agreed(held: Session, on: date = START) -> Session:
    held.agreed_by, held.agreed_on, held.agreed_hash = "Sam", on, digest(held, {})
    return held


def test_the_last_record_is_agreed_only_while_unchanged():
    assert readings.record_agreement(None, {}) is None
    unagreed = readings.record_agreement(week(0), {})
    assert (unagreed["agreed"], unagreed["changed_since_agreed"]) == (False, False)
    held = agreed(week(0))
    assert readings.record_agreement(held, {})["agreed"] is True
    held.body = "Added after it was agreed."
    changed = readings.record_agreement(held, {})
    assert (changed["agreed"], changed["changed_since_agreed"]) == (False, True)


def test_prepare_names_an_unagreed_last_record_and_not_an_older_one():
    history = [week(0), agreed(week(1))]
    found = preparing.prepare("Sam", history, [], [], None, START + timedelta(weeks=2))
    assert found["last_record_agreed"] is True
    assert "record" not in item_named(found, "Check-in")["why"]
    history.append(week(2))
    found = preparing.prepare("Sam", history, [], [], None, START + timedelta(weeks=3))
    assert found["last_record_agreed"] is False
    assert found["last_record"]["date"] == "2024-01-15"
    assert ("The record of the last session (2024-01-15) is not agreed yet"
            in item_named(found, "Check-in")["why"])
    assert preparing.prepare("Sam", [], [], [], None, START)["last_record_agreed"] is None


def test_reviews_without_evidence_are_the_latest_of_open_or_recent_goals():
    # Today 1 Apr; the goals window reaches back 42 days, to 19 Feb.
    today = date(2024, 4, 1)
    goals = [
        goal("bare", date(2024, 5, 1), reviews=[(date(2024, 3, 1), None)]),
        goal("evidenced", date(2024, 5, 2), reviews=[(date(2024, 3, 1), "Two families' feedback")]),
        goal("later-evidence", date(2024, 5, 3),
             reviews=[(date(2024, 2, 1), None), (date(2024, 3, 1), "An observation")]),
        goal("later-blank", date(2024, 5, 4),
             reviews=[(date(2024, 2, 1), "A count"), (date(2024, 3, 1), "  ")]),
        goal("achieved-recent", date(2024, 3, 1), "achieved", [(date(2024, 3, 20), None)]),
        goal("achieved-old", date(2024, 1, 1), "achieved", [(date(2023, 12, 20), None)]),
        goal("never-reviewed", date(2024, 4, 20)),
    ]
    found = readings.reviews_without_evidence(goals, today)
    assert [r["goal"] for r in found] == ["achieved-recent", "bare", "later-blank"]
    assert found[1] == {"goal": "bare", "title": "bare", "date": "2024-03-01", "progress": 40}


@pytest.mark.parametrize(("role", "verb"), [("supervisor", "Ask for"), ("supervisee", "Bring")])
def test_the_review_item_asks_for_evidence_from_the_right_side(role, verb):
    goals = [goal("Genograms", date(2024, 5, 1), reviews=[(date(2024, 3, 1), None)])]
    found = preparing.prepare("Sam", [week(0)], goals, [], None, date(2024, 3, 2), role=role)
    assert found["reviews_without_evidence"][0]["goal"] == "Genograms"
    why = item_named(found, "Review agreed actions and goals")["why"]
    assert why == ("No evidence yet behind the latest review of: Genograms (2024-03-01, 40%). "
                   f"{verb} what shows the progress: feedback, an observation, a count.")


def test_the_agenda_markdown_shows_the_record_the_evidence_and_the_dates():
    history = [week(0, proctor=bring("The Smith case")), week(1)]
    goals = [goal("Genograms", date(2024, 3, 1), reviews=[(date(2024, 1, 10), None)])]
    found = preparing.prepare("Jo", history, goals, [], None, date(2024, 1, 20),
                              role="supervisee")
    text = render_template("agenda.md.j2", p=found, role="supervisee")
    assert "The record of that session is not agreed yet." in text
    assert "- To bring: The Smith case (said on 2024-01-01)" in text
    assert "No evidence yet behind the latest review of: Genograms (2024-01-10, 40%)." in text
    assert "| What I bring |" in text


# -- through the command line -------------------------------------------------------------


def new(reflect, data: dict[str, Any]) -> str:
    return reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def test_prepare_json_through_the_cli(reflect):
    asked = new(reflect, {"date": days_ago(20), "with": "Jo Bloggs",
                          "answers": {"proctor": bring("The Smith case")}})
    last = new(reflect, {"date": days_ago(10), "with": "Jo Bloggs", "body": "Free text."})
    reflect("person", "add", "Jo Bloggs", "--as", "supervisor")
    data = reflect.json("prepare", "--with", "Jo Bloggs")
    assert data["as"] == "supervisee"  # Jo is my supervisor
    assert data["bring_next"]["proctor"] == "The Smith case"
    assert data["bring_next_from"]["proctor"]["session"] == asked
    assert data["last_record_agreed"] is False
    assert "What I bring" in [item["item"] for item in data["agenda"]]
    reflect("agree", last[:8], "--by", "Jo Bloggs")
    assert reflect.json("prepare", "--with", "Jo Bloggs")["last_record_agreed"] is True
    reflect("edit", last[:8], "--title", "Caseload review")
    changed = reflect.json("prepare", "--with", "Jo Bloggs")
    assert changed["last_record_agreed"] is False
    assert changed["last_record"]["changed_since_agreed"] is True


def test_an_agreed_record_with_private_answers_stays_agreed(reflect):
    # The private answer is outside the record, so the command must say which it is.
    last = new(reflect, {"date": days_ago(3), "with": "Sam Jones", "answers": {"heron": {
        "used": ["cathartic"], "cathartic_landed": "It was a relief."}}})
    reflect("agree", last[:8], "--by", "Sam Jones")
    assert reflect.json("prepare", "--with", "Sam Jones")["last_record_agreed"] is True


def test_a_review_without_evidence_shows_until_one_with_evidence(reflect):
    reflect("person", "add", "Sam Jones", "--as", "supervisee")
    new(reflect, {"date": days_ago(5), "with": "Sam Jones", "body": "A note."})
    reflect("goal", "add", "--title", "Genograms", "--partner", "Sam Jones", "--due",
            "in 2 months")
    goal_id = reflect.json("goal", "list")[0]["id"]
    reflect("goal", "review", goal_id[:8], "--progress", "40", "--note", "Did two")
    data = reflect.json("prepare", "--with", "Sam Jones")
    assert [r["title"] for r in data["reviews_without_evidence"]] == ["Genograms"]
    assert "No evidence yet" in reflect("prepare", "--with", "Sam Jones").stdout
    reflect("goal", "review", goal_id[:8], "--progress", "60", "--note", "Did three",
            "--evidence", "Feedback from two families")
    assert reflect.json("prepare", "--with", "Sam Jones")["reviews_without_evidence"] == []


def test_stats_json_and_view_per_person_through_the_cli(reflect):
    for days, who, level in ((90, "Sam Jones", 3), (80, "Jo Bloggs", 1),
                             (60, "Sam Jones", 3), (50, "Jo Bloggs", 2)):
        new(reflect, {"date": days_ago(days), "with": who,
                      "answers": {"stoltenberg": {"autonomy": f"level_{level}"}}})
    reflect("contract", "set", "Sam Jones", "--frequency", "every 4 weeks")
    data = reflect.json("stats")
    assert sorted(data["people"]) == ["Jo Bloggs", "Sam Jones"]
    assert data["people"]["Sam Jones"]["gap"]["average_days"] == 30.0  # 90 -> 60 days ago
    assert data["people"]["Sam Jones"]["gap"]["frequency_days"] == 28
    assert data["people"]["Jo Bloggs"]["gap"]["frequency_days"] is None
    assert data["unnamed_sessions"] == 0 and data["development"]["sessions"] == 0
    assert data["gap"]["average_days"] is None
    assert "people" not in reflect.json("stats", "--with", "Sam Jones")
    view = reflect("stats").stdout
    assert "Development with Jo Bloggs" in view and "Development with Sam Jones" in view
    assert "Sam Jones: 30.0 days (agreed: every 28 days)" in view


def test_a_supervisee_preparing_reads_the_functions_and_unmet_needs_in_their_own_words():
    from reflect.insight import agenda as agendas

    insight = {"as": "supervisee", "neglected_functions": ["restorative"],
               "unmet_interventions": [{"category": "catalytic", "group": "facilitative",
                                        "missing": 4, "sessions": 6}]}
    items = {entry["item"]: entry["why"] for entry in agendas.suggested_agenda(insight, 60)}
    wellbeing = next(why for item, why in items.items() if item.startswith("Wellbeing"))
    assert "how the work is affecting me" in wellbeing and "affecting them" not in wellbeing
    assert "Ask for room to think aloud" in items["Time to think aloud"]
    as_supervisor = {e["item"]: e["why"] for e in agendas.suggested_agenda(
        {**insight, "as": "supervisor"}, 60)}
    assert "so they reach their own answers" in as_supervisor["Time to think aloud"]
