"""The interview engine: order, when-gating, back, skipping, and typed answers."""

import pytest

from reflect.reflection.interview import AnswerError, Interview, parse_typed
from reflect.reflection.promptsets import BUILT_IN


@pytest.fixture(scope="module")
def catalog(builtin_catalog):
    return builtin_catalog


def test_the_catalog_these_tests_use_is_the_built_in_one(catalog):
    # A module fixture is set up before the per-test isolation: were it to read the real
    # config folder, a user's own heron.yaml would change what these tests check.
    assert set(catalog.origins.values()) == {BUILT_IN} and not catalog.overridden


def heron_interview(catalog):
    return Interview([catalog.get("heron")])


def test_when_gated_prompts_appear_only_when_their_condition_holds(catalog):
    interview = heron_interview(catalog)
    assert interview.current().prompt.id == "used"
    interview.give(["confronting"])
    assert interview.current().prompt.id == "confronting_landed"
    assert interview.current().progress == "Heron's six categories 4/10"
    interview.give("It landed.")
    assert interview.current().prompt.id == "needed"


def test_back_returns_to_the_previous_shown_prompt(catalog):
    interview = heron_interview(catalog)
    interview.give(["supportive"])
    assert interview.current().prompt.id == "supportive_landed"
    interview.give(None)
    assert interview.current().prompt.id == "needed"
    assert interview.back()
    assert interview.current().prompt.id == "supportive_landed"
    assert interview.back()
    assert interview.current().prompt.id == "used"
    assert not interview.back()


def test_required_prompts_cannot_be_skipped(catalog):
    interview = Interview([catalog.get("proctor")])
    with pytest.raises(AnswerError):
        interview.give(None)
    interview.give({"normative": 100, "formative": 0, "restorative": 0})
    interview.give(None)  # optional
    assert "normative_notes" not in interview.answers["proctor"]
    assert interview.current().prompt.id == "formative_notes"


def test_changed_answer_drops_follow_ups_that_no_longer_apply(catalog):
    interview = heron_interview(catalog)
    interview.give(["confronting"])
    interview.give("It landed.")
    interview.back()
    interview.back()
    interview.give(["supportive"])
    assert "confronting_landed" in interview.answers["heron"]
    assert "confronting_landed" not in interview.visible_answers()["heron"]


def test_interview_walks_several_sets_then_ends(catalog):
    interview = Interview([catalog.get("desc"), catalog.get("proctor")])
    seen = []
    while (step := interview.current()) is not None:
        seen.append(step.prompt_set.id)
        if step.prompt.id == "describe":
            interview.give("the notes are late")
        elif step.prompt.id == "split":
            interview.give({"normative": 50, "formative": 25, "restorative": 25})
        else:
            interview.give(None)
    assert seen[0] == "desc" and seen[-1] == "proctor"
    # DESC's 14 prompts less the two asked only once it is held, and Proctor's 6
    assert len(seen) == 18


def test_the_desc_script_is_offered_from_the_answers_and_keeping_it_stores_nothing(catalog):
    interview = Interview([catalog.get("desc")])
    typed = {"describe": "the notes are late", "express": "worried",
             "specify": "write them within two days"}
    offered = None
    while (step := interview.current()) is not None:
        if step.prompt.id == "script":
            offered = step.suggested
            interview.give(offered)
        else:
            assert step.suggested is None
            interview.give(typed.get(step.prompt.id))
    assert offered == ("When the notes are late, I feel worried. I would like you to write "
                       "them within two days.")
    assert "script" not in interview.answers["desc"]  # it follows later changes


def test_a_script_the_person_edits_is_kept_as_theirs(catalog):
    interview = Interview([catalog.get("desc")], answers={"desc": {"describe": "late notes"}},
                          cursor=8)
    step = interview.current()
    assert step.prompt.id == "script" and step.suggested == "I have noticed that late notes."
    interview.give("Sam, can we talk about the notes?")
    assert interview.answers["desc"]["script"] == "Sam, can we talk about the notes?"


@pytest.mark.parametrize("model, prompt, typed, expected", [
    ("heron", "used", "1, 3", ["prescriptive", "confronting"]),
    ("heron", "used", "catalytic 1", ["prescriptive", "catalytic"]),
    ("proctor", "needed_more", "2", "formative"),
    ("proctor", "needed_more", "balance_right", "balance_right"),
    ("proctor", "split", "50/30/20", {"normative": 50, "formative": 30, "restorative": 20}),
    ("stoltenberg", "autonomy", "4", "level_4"),
])
def test_typed_answers(catalog, model, prompt, typed, expected):
    assert parse_typed(catalog.get(model).prompt(prompt), typed) == expected


@pytest.mark.parametrize("model, prompt, typed, message", [
    # in the person's terms (the numbers shown), never the choices' internal ids
    ("heron", "used", "7", "^type a number from 1 to 6$"),
    ("heron", "used", "1 9", "^type a number from 1 to 6$"),
    ("proctor", "needed_more", "five", "^type a number from 1 to 4$"),
    ("proctor", "needed_more", "0", "^type a number from 1 to 4$"),
    ("proctor", "needed_more", "²", "^type a number from 1 to 4$"),  # a digit, not decimal
    ("heron", "used", "1 ³", "^type a number from 1 to 6$"),
    ("stoltenberg", "autonomy", "⁴", "^type a number from 1 to "),
    ("proctor", "split", "50 30", "give 3 numbers"),
    ("proctor", "split", "50 30 30", "add up to 110"),
])
def test_typed_answers_that_do_not_fit(catalog, model, prompt, typed, message):
    with pytest.raises(AnswerError, match=message):
        parse_typed(catalog.get(model).prompt(prompt), typed)


def test_other_kinds_typed():
    from reflect.reflection.promptsets import Prompt

    scale = Prompt(id="s", kind="scale", text="?", min=1, max=5)
    assert parse_typed(scale, "4") == 4
    with pytest.raises(AnswerError, match="1 to 5"):
        parse_typed(scale, "9")
    confirm = Prompt(id="c", kind="confirm", text="?")
    assert parse_typed(confirm, "Y") is True and parse_typed(confirm, "no") is False
    with pytest.raises(AnswerError):
        parse_typed(confirm, "perhaps")
    day = Prompt(id="d", kind="date", text="?")
    assert parse_typed(day, "2026-03-01") == "2026-03-01"
    with pytest.raises(AnswerError, match="not a real date"):
        parse_typed(day, "2026-02-31")
