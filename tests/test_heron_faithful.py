"""Heron, read faithfully: what one session's answers can say, the questions asked, and the
needs that `prepare` acts on across sessions. Every case is small and worked out by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from reflect.insight import agenda as agendas
from reflect.insight import prepare as preparing
from reflect.journal.records import Session
from reflect.models import heron, registry
from reflect.reflection.interview import Interview
from reflect.reflection.recording import parse_answers
from reflect.settings.templates import environment

START = date(2024, 1, 1)
SIX = list(heron.CATEGORIES)


@pytest.fixture(scope="module")
def heron_set(builtin_catalog):
    return builtin_catalog.get("heron")


def note(answers: dict[str, Any], heron_set, role: str = "supervisee") -> str:
    return environment().get_template("model_heron.md.j2").render(
        answers=answers, results=heron.results(answers), labels=heron_set.labels(),
        name=heron_set.name, role=role)


def session(held_on: date, **answers: Any) -> Session:
    return Session(id=held_on.isoformat(), held_on=held_on, title="Supervision",
                   kind="individual", role="supervisee", with_name="Sam", duration=60,
                   body="", status="final", created=f"{held_on.isoformat()}T09:00:00",
                   updated="", answers={"heron": answers})


def weekly(*sessions: dict[str, Any]) -> list[Session]:
    """One session a week from START with each set of Heron answers, oldest first."""
    return [session(START + timedelta(weeks=i), **answers) for i, answers in enumerate(sessions)]


def counts(sessions: int, **missing: int) -> dict[str, Any]:
    """An `interventions()` reading by hand: how many sessions, and the misses counted."""
    return {"sessions": sessions, "used": dict.fromkeys(SIX, 0),
            "needed_missing": {c: missing.get(c, 0) for c in SIX}}


# -- 1. the kinds used, by group; no share that the answers cannot support ------------


def test_a_mixed_session_reports_the_kinds_used_by_group_and_no_share():
    # Ticked: informative (authoritative), cathartic and supportive (facilitative).
    # 1 of 3 ticks is not 33% of anything that happened, so no share is given.
    found = heron.results({"used": ["supportive", "cathartic", "informative"]})
    assert found["used_by_group"] == {"authoritative": ["informative"],
                                      "facilitative": ["cathartic", "supportive"]}
    assert "authoritative_share" not in found and "facilitative_share" not in found


@pytest.mark.parametrize(("used", "shares"), [
    (["catalytic"], (0, 100)),
    (["confronting", "informative"], (100, 0)),
    (["cathartic", "catalytic", "supportive"], (0, 100)),
])
def test_a_one_group_session_keeps_the_share_because_it_is_certain(used, shares):
    # Whatever their number or length, every intervention was from the one group.
    found = heron.results({"used": used})
    assert (found["authoritative_share"], found["facilitative_share"]) == shares


def test_nothing_used_has_no_groups_and_no_share():
    assert heron.results({"used": []}) == {"used": []}


def test_the_note_lists_the_kinds_used_by_group_and_says_what_they_are_not(heron_set):
    text = note({"used": ["confronting", "catalytic", "prescriptive"]}, heron_set)
    assert "- Authoritative used: Prescriptive, Confronting\n" in text
    assert "- Facilitative used: Catalytic\n" in text
    assert "not how often or for how long" in text
    assert "%" not in text and "Mix used" not in text


def test_the_note_of_a_one_group_session_shows_no_percentage_either(heron_set):
    text = note({"used": ["supportive"]}, heron_set)
    assert "- Authoritative used: none\n- Facilitative used: Supportive\n" in text
    assert "%" not in text


def test_the_used_question_says_it_records_kinds_not_frequency(heron_set):
    assert "not how often" in heron_set.prompt("used").help


# -- 2. how it landed, for every kind used ---------------------------------------------


@pytest.mark.parametrize("category", SIX)
def test_every_kind_used_has_its_own_landed_question(heron_set, category):
    prompt = heron_set.prompt(f"{category}_landed")
    assert prompt is not None and prompt.kind == "text" and not prompt.required
    assert (prompt.when.prompt, prompt.when.includes) == ("used", category)
    assert prompt.text_supervisor


def test_the_interview_asks_how_informative_and_supportive_landed(heron_set):
    interview = Interview([heron_set])
    interview.give(["supportive", "informative"])
    asked = []
    while (step := interview.current()).prompt.id != "needed":
        asked.append(step.prompt.id)
        interview.give("It helped.")
    assert asked == ["informative_landed", "supportive_landed"]
    assert interview.answers["heron"]["supportive_landed"] == "It helped."


def test_the_note_shows_how_informative_and_supportive_landed(heron_set):
    text = note({"used": ["informative", "supportive"],
                 "informative_landed": "Just what I needed on the threshold.",
                 "supportive_landed": "It felt earned."}, heron_set)
    landed = text[text.index("### How they landed"):]
    assert landed.index("**Informative**") < landed.index("Just what I needed")
    assert landed.index("**Supportive**") < landed.index("It felt earned.")


def test_answers_written_for_the_old_set_still_load(builtin_catalog):
    # Informative and supportive used, without the new questions answered: still valid.
    old = {"date": "2026-11-20", "with": "Sam Jones", "answers": {"heron": {
        "used": ["informative", "confronting", "supportive"],
        "confronting_landed": "It stung, but I saw what I had been avoiding.",
        "needed": ["cathartic"], "mix_right": "more_facilitative",
        "ask_next": "Time to think aloud."}}}
    parsed = parse_answers(old, "old.yaml", builtin_catalog)
    assert parsed.answers["heron"] == old["answers"]["heron"]


def test_answers_to_the_new_questions_load(builtin_catalog):
    data = {"date": "2026-11-20", "with": "Sam Jones", "answers": {"heron": {
        "used": ["informative", "supportive"], "informative_landed": "Clear.",
        "supportive_landed": "Warm."}}}
    assert parse_answers(data, "new.yaml", builtin_catalog).answers["heron"]["informative_landed"] \
        == "Clear."


# -- 3. cathartic is release, not only room ---------------------------------------------


def test_cathartic_is_worded_as_releasing_feelings_not_yet_faced(heron_set):
    used = {c.id: c for c in heron_set.prompt("used").choices}["cathartic"]
    assert "released" in used.help and "not yet faced" in used.help
    assert "not only making room" in used.help
    needed = {c.id: c for c in heron_set.prompt("needed").choices}["cathartic"]
    assert "release" in needed.help and "not yet faced" in needed.help
    landed = heron_set.prompt("cathartic_landed")
    assert "room" not in landed.text and "let those feelings out" in landed.text
    assert landed.private


# -- 4. worded for every kind of session ------------------------------------------------


@pytest.mark.parametrize("role", ["supervisee", "peer"])
def test_no_question_assumes_a_supervisor_in_the_room(heron_set, role):
    # In group, peer and action learning sessions the help may come from a facilitator,
    # the group or a peer; the supervisee's and a peer's words must fit them all.
    for prompt in heron_set.prompts:
        assert "your supervisor" not in prompt.wording(role).lower(), prompt.id
    assert "the supervisor used" not in heron_set.summary


def test_the_used_and_ask_next_questions_name_the_group_and_whoever_led(heron_set):
    for prompt_id in ("used", "ask_next"):
        words = heron_set.prompt(prompt_id).wording("supervisee")
        assert "the group" in words and "whoever supervise" in words, prompt_id


def test_the_supervisors_own_words_stay_in_the_first_person(heron_set):
    assert "did I use" in heron_set.prompt("used").wording("supervisor")


# -- 5. needs missed again and again, and the agenda that answers them --------------------


@pytest.mark.parametrize(("missing", "sessions", "unmet"), [
    (4, 6, True),   # the case: 4 of the last 6
    (3, 6, True),   # exactly half
    (2, 6, False),  # under half
    (1, 1, False),  # one session is never a pattern
    (1, 2, False),  # half, but only once
    (2, 2, True),
    (2, 4, True),
    (2, 5, False),  # twice, but under half
])
def test_a_need_is_unmet_when_missing_in_half_the_sessions_and_at_least_twice(
        missing, sessions, unmet):
    found = heron.unmet_needs(counts(sessions, catalytic=missing))
    expected = [{"category": "catalytic", "group": "facilitative", "missing": missing,
                 "sessions": sessions}]
    assert found == (expected if unmet else [])


def test_unmet_needs_come_in_the_standard_order_with_their_group():
    found = heron.unmet_needs(counts(4, supportive=2, prescriptive=3, confronting=1))
    assert [(n["category"], n["group"]) for n in found] == [
        ("prescriptive", "authoritative"), ("supportive", "facilitative")]


def test_no_sessions_means_no_unmet_needs():
    assert heron.unmet_needs(heron.interventions([])) == []
    assert heron.unmet_needs({}) == []


def catalytic_history() -> list[Session]:
    # Seven sessions; the window is the newest six (weeks 1-6).
    # week 0: catalytic missing, but outside the window.
    # weeks 1, 2, 4, 6: catalytic needed, not used; week 3: needed and used (met);
    # week 5: nothing needed. Supportive missing once (week 6): not a pattern.
    missed = {"used": ["prescriptive"], "needed": ["catalytic"]}
    return weekly(missed, missed, missed,
                  {"used": ["catalytic"], "needed": ["catalytic"]},
                  missed,
                  {"used": ["informative"]},
                  {"used": ["prescriptive", "informative"],
                   "needed": ["catalytic", "supportive"]})


def test_prepare_names_catalytic_missing_in_4_of_the_last_6_sessions():
    found = preparing.prepare("Sam", catalytic_history(), [], [], None, date(2024, 2, 19))
    assert found["interventions"]["sessions"] == 6
    assert found["interventions"]["needed_missing"]["catalytic"] == 4
    assert found["unmet_interventions"] == [
        {"category": "catalytic", "group": "facilitative", "missing": 4, "sessions": 6}]


def test_the_agenda_offers_time_to_think_aloud_or_a_peer_group():
    found = preparing.prepare("Sam", catalytic_history(), [], [], None, date(2024, 2, 19))
    agenda = found["agenda"]
    items = [entry["item"] for entry in agenda]
    # Weights: check-in 1, brings 2, think aloud 2, cases 3, learning and wellbeing 2,
    # close 1 (11). Twelve 5-minute slots: 12 * w / 11 floors to 1, 2, 2, 3, 2, 1 (11);
    # the spare slot goes to the item owed most, cases (36 - 33 = 3): 5, 10, 10, 20, 10, 5.
    assert items == ["Check-in and agenda", "What Sam brings", "Time to think aloud",
                     "Cases, decisions and workload", "Learning and wellbeing",
                     "Close: agree actions, the next date and the record"]
    assert [entry["minutes"] for entry in agenda] == [5, 10, 10, 20, 10, 5]
    why = agenda[2]["why"]
    assert why.startswith("Catalytic help was needed but missing in 4 of the last 6 sessions.")
    assert "Hold back advice" in why and "peer group" in why


def test_a_need_missed_once_adds_nothing_to_the_agenda():
    found = preparing.prepare("Sam", weekly({"used": ["informative"], "needed": ["cathartic"]}),
                              [], [], None, date(2024, 1, 8))
    assert found["unmet_interventions"] == []
    assert "Room to let feelings out" not in [entry["item"] for entry in found["agenda"]]


@pytest.mark.parametrize("category", SIX)
def test_every_kind_has_an_agenda_item_that_offers_it(category):
    need = {"category": category, "group": heron.group_of(category), "missing": 2,
            "sessions": 3}
    agenda = agendas.suggested_agenda({"unmet_interventions": [need]}, 60)
    [item] = [e for e in agenda if e["why"].startswith(f"{category.capitalize()} help")]
    assert "missing in 2 of the last 3 sessions." in item["why"]
    assert sum(entry["minutes"] for entry in agenda) == 60


def test_the_cathartic_item_makes_room_and_signposts_as_the_restorative_boundary_asks():
    need = {"category": "cathartic", "group": "facilitative", "missing": 3, "sessions": 5}
    agenda = agendas.suggested_agenda({"unmet_interventions": [need]}, 60)
    item = next(e for e in agenda if e["item"] == "Room to let feelings out")
    assert "released" in item["why"] and "peer group" in item["why"]
    assert "employee assistance" in item["why"]


def test_two_unmet_needs_get_an_item_each_in_the_standard_order():
    needs = [{"category": c, "group": heron.group_of(c), "missing": 2, "sessions": 2}
             for c in ("informative", "supportive")]
    items = [e["item"] for e in agendas.suggested_agenda({"unmet_interventions": needs}, 60)]
    start = items.index("What the supervisee brings") + 1
    assert items[start:start + 2] == ["Information and explanation",
                                      "Recognition of what is going well"]


def test_an_unknown_category_in_a_hand_made_insight_is_left_out():
    need = {"category": "shouting", "missing": 5, "sessions": 5}
    agenda = agendas.suggested_agenda({"unmet_interventions": [need]}, 60)
    assert not any("houting" in e["why"] for e in agenda)


def test_prepare_keeps_its_heron_keys_and_stats_is_unchanged():
    model = registry()["heron"]
    options = {"last_n": 6, "neglect_threshold": None, "today": START}
    prepared = model.prepare(catalytic_history(), options)
    assert set(prepared) == {"interventions", "unmet_interventions"}
    assert set(prepared["interventions"]) == {"sessions", "used", "needed_missing"}
    assert set(model.stats(catalytic_history(), {"last_n": None})) == {"interventions"}
