"""The supervision models' rules: Proctor, Heron, Stoltenberg and McNeill, DESC."""

from __future__ import annotations

import json

import pytest

from reflect.models import desc, heron, proctor, registry, results_for, stoltenberg

# -- the registry ----------------------------------------------------------------------


def test_every_bundled_model_is_registered_in_the_order_its_readings_come():
    assert list(registry()) == ["proctor", "heron", "stoltenberg", "desc"]


def test_a_user_written_set_has_no_results():
    assert results_for("gibbs", {"description": "A visit"}) == {}


@pytest.mark.parametrize("model_id", sorted(registry()))
def test_no_answers_give_no_results(model_id):
    assert results_for(model_id, {}) == {}
    assert results_for(model_id, {}, {}) == {}


# Unreadable values (None everywhere, a level that does not exist) are read as not answered:
# no balance, no level, no intervention, and every DESC tip still to check.
NOTHING_CONCLUDED = {
    "proctor": {},
    "heron": {"used": [], "needed_missing": []},
    "stoltenberg": {},
    "desc": {"tips_unchecked": ["contract", "personal_or_managerial", "simple_message",
                                "balance", "resistance", "apologise", "revisit"]},
}


@pytest.mark.parametrize("model_id", sorted(registry()))
def test_unreadable_answers_conclude_nothing_and_do_not_raise(model_id):
    odd = {key: None for key in ("split", "used", "needed", "motivation", "describe", "tips")}
    found = results_for(model_id, odd, {"motivation": "level_9"})
    assert found == NOTHING_CONCLUDED[model_id]
    assert json.loads(json.dumps(found)) == found


# -- Proctor ---------------------------------------------------------------------------


def test_proctor_balance_that_sums_to_100_is_kept():
    found = proctor.results({"split": {"normative": 60, "formative": 25, "restorative": 15}})
    assert found == {
        "balance": {"normative": 60, "formative": 25, "restorative": 15},
        "dominant": "normative",
        "least_attention": ["restorative"],  # this session only: never "neglected"
    }


def test_proctor_split_not_summing_to_100_is_scaled_by_largest_remainder():
    found = proctor.results({"split": {"normative": 30, "formative": 15, "restorative": 15}})
    assert found["balance"] == {"normative": 50, "formative": 25, "restorative": 25}
    assert found["given_total"] == 60


def test_proctor_scaled_shares_always_sum_to_100():
    found = proctor.results({"split": {"normative": 1, "formative": 1, "restorative": 1}})
    assert sum(found["balance"].values()) == 100
    assert found["balance"] == {"normative": 34, "formative": 33, "restorative": 33}
    assert found["given_total"] == 3


def test_proctor_equal_given_shares_have_no_dominant_even_after_rounding():
    found = proctor.results({"split": {"normative": 1, "formative": 1, "restorative": 1}})
    assert found["dominant"] is None
    assert found["least_attention"] == []


def test_proctor_tie_at_the_top_has_no_dominant():
    found = proctor.results({"split": {"normative": 45, "formative": 45, "restorative": 10}})
    assert found["dominant"] is None
    assert found["least_attention"] == ["restorative"]


def test_proctor_threshold_is_strictly_under_20():
    found = proctor.results({"split": {"normative": 61, "formative": 20, "restorative": 19}})
    assert proctor.NEUTRAL_THRESHOLD == 20
    assert found["least_attention"] == ["restorative"]


def test_proctor_missing_part_counts_as_zero():
    found = proctor.results({"split": {"normative": 100}})
    assert found["balance"] == {"normative": 100, "formative": 0, "restorative": 0}
    assert found["least_attention"] == ["formative", "restorative"]


@pytest.mark.parametrize("split", [None, {}, {"normative": 0, "formative": 0}, "half"])
def test_proctor_all_zero_or_missing_split_gives_no_balance(split):
    found = proctor.results({"split": split, "needed_more": "formative"})
    assert found == {"needed_more": "formative"}


def test_proctor_needed_more_is_echoed_unless_balance_was_right():
    assert proctor.results({"needed_more": "restorative"}) == {"needed_more": "restorative"}
    assert proctor.results({"needed_more": "balance_right"}) == {}


def test_proctor_percentages_helper_keeps_order_on_tied_remainders():
    assert proctor.to_percentages({"a": 1, "b": 1}) == {"a": 50, "b": 50}
    assert proctor.to_percentages({"a": 2, "b": 1, "c": 0}) == {"a": 67, "b": 33, "c": 0}


# -- Heron -----------------------------------------------------------------------------


def test_heron_used_is_in_standard_order_grouped_and_a_mixed_session_has_no_shares():
    # Three kinds ticked say nothing of how often each was used: no percentage.
    found = heron.results({"used": ["supportive", "prescriptive", "catalytic"]})
    assert found == {
        "used": ["prescriptive", "catalytic", "supportive"],
        "used_by_group": {"authoritative": ["prescriptive"],
                          "facilitative": ["catalytic", "supportive"]},
    }


def test_heron_shares_come_only_from_one_group_sessions_and_sum_to_100():
    # CATEGORIES[:1..3] are all authoritative (certain: 100/0); [:4..6] mix the groups.
    for count in range(1, 7):
        found = heron.results({"used": list(heron.CATEGORIES[:count])})
        if count <= 3:
            assert (found["authoritative_share"], found["facilitative_share"]) == (100, 0)
        else:
            assert "authoritative_share" not in found and "facilitative_share" not in found


def test_heron_all_authoritative():
    found = heron.results({"used": ["informative", "prescriptive"]})
    assert (found["authoritative_share"], found["facilitative_share"]) == (100, 0)


def test_heron_nothing_used_has_no_shares():
    found = heron.results({"used": [], "needed": ["cathartic"]})
    assert found == {"used": [], "needed_missing": ["cathartic"]}


def test_heron_needed_splits_into_missing_and_used():
    found = heron.results({"used": ["catalytic", "informative"],
                           "needed": ["catalytic", "supportive", "cathartic"]})
    assert found["needed_missing"] == ["cathartic", "supportive"]
    assert found["needed_and_used"] == ["catalytic"]


def test_heron_needed_and_used_absent_when_none():
    found = heron.results({"used": ["informative"], "needed": []})
    assert found["needed_missing"] == []
    assert "needed_and_used" not in found


def test_heron_unknown_choices_are_ignored():
    assert heron.results({"used": ["shouting", "supportive"]})["used"] == ["supportive"]


def test_heron_skipped_used_still_reports_needed():
    assert heron.results({"needed": ["confronting"]}) == {"needed_missing": ["confronting"]}


# -- Stoltenberg and McNeill -----------------------------------------------------------


def test_stoltenberg_same_level_everywhere():
    found = stoltenberg.results({d: "level_2" for d in stoltenberg.DOMAINS})
    assert found["levels"] == {"motivation": 2, "autonomy": 2, "awareness": 2}
    assert found["overall"] == 2 and found["spread"] == [2, 2]
    assert found["stances"] == {d: stoltenberg.STANCES[2] for d in stoltenberg.DOMAINS}
    assert found["stance"] == stoltenberg.STANCES[2]
    assert found["integrated"] is False
    assert "change" not in found and "falls" not in found


def test_stoltenberg_domains_far_apart_have_no_overall_level_and_a_stance_each():
    # Motivation 1, autonomy 4, awareness 4: the median would say "level 4, integrated";
    # the model says one domain at level 1 is not integrated, whatever the others say.
    found = stoltenberg.results(
        {"motivation": "level_1", "autonomy": "level_4", "awareness": "level_4"})
    assert found["overall"] is None and found["spread"] == [1, 4]
    assert found["integrated"] is False and found["stance"] is None
    assert found["stances"] == {"motivation": stoltenberg.STANCES[1],
                                "autonomy": stoltenberg.STANCES[4],
                                "awareness": stoltenberg.STANCES[4]}


@pytest.mark.parametrize("levels, overall, integrated", [
    ((3, 4, 4), 4, True),    # within a level, median 4, every domain 3 or above
    ((4, 4, 4), 4, True),
    ((3, 3, 4), 3, False),   # median 3
    ((2, 3, 3), 3, False),
    ((2, 2, 4), None, False),  # two levels apart
])
def test_stoltenberg_overall_and_integrated_by_hand(levels, overall, integrated):
    found = stoltenberg.results({d: f"level_{n}" for d, n in zip(stoltenberg.DOMAINS, levels,
                                                                  strict=True)})
    assert (found["overall"], found["integrated"]) == (overall, integrated)


def test_stoltenberg_two_domains_round_down_when_close():
    assert stoltenberg.results({"motivation": "level_2", "awareness": "level_3"})["overall"] == 2
    assert stoltenberg.results({"autonomy": "level_3", "awareness": "level_4"})["overall"] == 3
    assert stoltenberg.results({"autonomy": "level_1", "awareness": "level_4"})["overall"] is None


def test_stoltenberg_one_domain_is_the_overall():
    found = stoltenberg.results({"awareness": "level_3", "awareness_evidence": "..."})
    assert found == {"levels": {"awareness": 3}, "overall": 3, "spread": [3, 3],
                     "stances": {"awareness": stoltenberg.STANCES[3]},
                     "stance": stoltenberg.STANCES[3], "integrated": False}


def test_stoltenberg_level_4_stance_keeps_the_accountability_held():
    assert "keep the accountability items you hold" in stoltenberg.STANCES[4]


def test_stoltenberg_a_fall_in_one_domain_is_named():
    now = {"motivation": "level_3", "autonomy": "level_2", "awareness": "level_3"}
    before = {"motivation": "level_3", "autonomy": "level_3", "awareness": "level_3"}
    found = stoltenberg.results(now, before)
    assert found["falls"] == ["autonomy"] and found["change"]["autonomy"] == "down"


def test_stoltenberg_change_against_previous():
    now = {"motivation": "level_2", "autonomy": "level_1", "awareness": "level_3"}
    before = {"motivation": "level_1", "autonomy": "level_2", "awareness": "level_3"}
    assert stoltenberg.results(now, before)["change"] == {
        "motivation": "up", "autonomy": "down", "awareness": "same"}


def test_stoltenberg_change_only_where_both_sessions_rated():
    now = {"motivation": "level_2", "autonomy": "level_2"}
    before = {"autonomy": "level_3", "awareness": "level_1"}
    assert stoltenberg.results(now, before)["change"] == {"autonomy": "down"}


@pytest.mark.parametrize("previous", [None, {}, {"support": "more structure"}])
def test_stoltenberg_no_change_without_a_comparable_previous(previous):
    assert "change" not in stoltenberg.results({"motivation": "level_2"}, previous)


@pytest.mark.parametrize("answer", [None, "", "level_0", "level_5", "level_x", "2.5"])
def test_stoltenberg_unreadable_levels_are_skipped(answer):
    assert stoltenberg.results({"motivation": answer}) == {}


def test_stoltenberg_every_level_has_a_stance():
    assert sorted(stoltenberg.STANCES) == [1, 2, 3, 4]


# -- DESC ------------------------------------------------------------------------------

FULL_DESC = {
    "describe": "the last three case records were written up more than a week after visits.",
    "effect": "decisions rest on old information",
    "express": "worried.",
    "specify": "update the case record within two working days of a visit",
    "consequences": "the team and the family can rely on what is recorded.",
    "if_unchanged": "I will need to raise it with the team manager",
}


def test_desc_full_script_reads_as_whole_sentences_in_the_users_words():
    # Worked by hand from the sentence stems: When / the effect is that / I feel /
    # I would like you to / That would mean / If nothing changes,
    assert desc.results(FULL_DESC)["script"] == (
        "When the last three case records were written up more than a week after visits, "
        "the effect is that decisions rest on old information. I feel worried. I would "
        "like you to update the case record within two working days of a visit. That would "
        "mean the team and the family can rely on what is recorded. If nothing changes, I "
        "will need to raise it with the team manager."
    )


def test_desc_stems_typed_by_the_user_are_not_doubled():
    typed = {"describe": "When the report was late", "effect": "The effect is that nobody knew",
             "express": "I feel uneasy", "specify": "I would like you to send it on time",
             "consequences": "That would mean the court has it",
             "if_unchanged": "If nothing changes, it goes to the manager"}
    assert desc.script(typed) == (
        "When the report was late, the effect is that nobody knew. I feel uneasy. I would "
        "like you to send it on time. That would mean the court has it. If nothing changes, "
        "it goes to the manager.")


def test_desc_an_effect_written_as_express_is_a_concern_not_a_feeling():
    assert desc.script({"describe": "the plan was not updated",
                        "express": "it leaves the family without a plan"}) == (
        "When the plan was not updated, I am concerned that it leaves the family without "
        "a plan.")


@pytest.mark.parametrize(("specify", "sentence"), [
    ("update the case record", "I would like you to update the case record."),
    ("Update the case record", "I would like you to update the case record."),
    ("you to update the case record", "I would like you to update the case record."),
    ("Sam to send it by Friday", "I would like Sam to send it by Friday."),
    ("Jo Smith will call the family", "I would like Jo Smith to call the family."),
    ("the team to meet weekly", "I would like the team to meet weekly."),
    ("we agree a rota", "I would like us to agree a rota."),
    ("a call before cancelling", "I would like a call before cancelling."),
])
def test_desc_the_request_is_a_sentence_the_user_completes(specify, sentence):
    assert desc.script({"specify": specify}) == sentence


def test_desc_consequences_lead_with_the_benefit_and_add_no_change_only_if_given():
    assert desc.script({"consequences": "the family knows the plan"}) == (
        "That would mean the family knows the plan.")
    assert desc.script({"consequences": "so that the family knows the plan",
                        "if_unchanged": "I will raise it formally"}) == (
        "That would mean the family knows the plan. If nothing changes, I will raise it "
        "formally.")


def test_desc_the_users_own_script_wins_and_blank_falls_back():
    assert desc.script({**FULL_DESC, "script": "Sam, can we talk about the records?"}) == (
        "Sam, can we talk about the records?")
    assert desc.script({**FULL_DESC, "script": "  "}) == desc.joined(FULL_DESC)
    assert desc.suggest(FULL_DESC) == {"script": desc.joined(FULL_DESC)}
    assert desc.suggest({}) == {}


def test_desc_plan_is_private_until_held():
    assert desc.private({"describe": "x"}) >= {"describe", "effect", "express", "specify",
                                               "consequences", "if_unchanged", "script",
                                               "tips"}
    assert not desc.private({"describe": "x"}) & {"partner", "planned_for", "held",
                                                   "follow_up"}
    assert desc.private({"describe": "x", "held": True}) == frozenset()


def test_desc_steps_done_in_order():
    assert desc.results(FULL_DESC)["steps_done"] == list(desc.STEPS)
    assert desc.results({"specify": "x", "describe": "y"})["steps_done"] == [
        "describe", "specify"]


def test_desc_lowercases_a_common_opening_word_but_not_a_name():
    assert desc.script({"describe": "The report was late", "express": "Uneasy"}) == (
        "When the report was late, I feel uneasy.")
    assert desc.script({"describe": "Sam missed the core group"}).startswith(
        "I have noticed that Sam missed")


@pytest.mark.parametrize(("answers", "script"), [
    ({"describe": "the visit was cancelled."}, "I have noticed that the visit was cancelled."),
    ({"express": "anxious"}, "I feel anxious."),
    ({"effect": "the family waited"}, "The effect is that the family waited."),
    ({"describe": "the visit was cancelled", "specify": "a call first"},
     "I have noticed that the visit was cancelled. I would like a call first."),
    ({"express": "let down", "consequences": "we plan together"},
     "I feel let down. That would mean we plan together."),
])
def test_desc_missing_steps_adapt_gracefully(answers, script):
    assert desc.results(answers)["script"] == script


def test_desc_multiline_answers_join_into_one_line():
    found = desc.results({"describe": "the report\nwas late...\n", "express": "  stuck "})
    assert found["script"] == "When the report was late, I feel stuck."


def test_desc_blank_steps_count_as_skipped():
    assert desc.results({"describe": "   ", "express": ". "}) == {}


def test_desc_tips_unchecked_in_order():
    found = desc.results({"tips": ["balance", "contract", "apologise"]})
    assert found == {"tips_unchecked": ["personal_or_managerial", "simple_message",
                                        "resistance", "revisit"]}


def test_desc_no_tips_ticked_lists_them_all():
    assert desc.results({"tips": []})["tips_unchecked"] == list(desc.TIPS)


def test_desc_skipped_checklist_has_no_tip_results():
    assert "tips_unchecked" not in desc.results(FULL_DESC)


def test_desc_script_does_not_double_a_first_person_feeling():
    from reflect.models import desc

    worried = desc.script({"describe": "the notes are late", "express": "I am worried."})
    assert worried == "When the notes are late, I am worried."
    felt = desc.script({"describe": "the notes are late", "express": "I feel uneasy"})
    assert felt == "When the notes are late, I feel uneasy."
    plain = desc.script({"describe": "the notes are late", "express": "uneasy"})
    assert plain == "When the notes are late, I feel uneasy."


# Answers a new user gave, each worked by hand through the rules in reflect/models/desc.py.
@pytest.mark.parametrize(("answers", "script"), [
    ({"describe": "Sam missed the core group meeting on Tuesday",
      "effect": "Delays for the family", "express": "sam might not see the risk",
      "specify": "sam and I to go through the plan together",
      "consequences": "Better outcomes for the children", "partner": "Sam Jones"},
     "When Sam missed the core group meeting on Tuesday, the effect is delays for the "
     "family. I am concerned that Sam might not see the risk. I would like Sam and me to go "
     "through the plan together. That would mean better outcomes for the children."),
    ({"express": "it's frustrating", "specify": "to update the chronology",
      "consequences": "it would mean the duty team acts"},
     "I find it frustrating. I would like you to update the chronology. That would mean the "
     "duty team acts."),
    ({"express": "children may be left at risk", "specify": "Not to leave it more than a day"},
     "I am concerned that children may be left at risk. I would like you not to leave it "
     "more than a day."),
    ({"express": "that the children may be at risk"},
     "I am concerned that the children may be at risk."),
    ({"express": "frustrated that the plan keeps changing"},
     "I feel frustrated that the plan keeps changing."),
    ({"specify": "could you update the record"}, "I would like you to update the record."),
    ({"specify": "you update the record"}, "I would like you to update the record."),
    ({"specify": "Everyone to sign in"}, "I would like everyone to sign in."),
    ({"describe": "Last week's visit was cancelled"},
     "I have noticed that last week's visit was cancelled."),
    ({"if_unchanged": "Formal capability process."},
     "If nothing changes, formal capability process."),
    ({"effect": "nobody knew the plan"}, "The effect is that nobody knew the plan."),
])
def test_desc_sentences_stay_whole_with_answers_people_give(answers, script):
    assert desc.joined(answers) == script
