"""The guided session's flow, driven in-process by a scripted Asker: saving each answer,
Ctrl-C and resume, going back, finishing or keeping the draft, goals and actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reflect.goals.drafts import GoalDraft
from reflect.journal.connection import open_journal
from reflect.reflection import guided
from reflect.reflection.guided import BACK, Script, ScriptedAsker
from reflect.reflection.recording import SessionFields

PROCTOR = {
    "proctor.split": {"normative": 60, "formative": 30, "restorative": 10},
    "proctor.normative_notes": "Went through the Smith plan.",
    "proctor.formative_notes": "Practised strengths-based questions.",
    "proctor.needed_more": "restorative",
}


@pytest.fixture
def journal(journal_path, builtin_catalog):
    opened = open_journal(journal_path)
    yield opened
    opened.close()


def draft(journal, *models: str, with_name: str | None = "Sam Jones"):
    fields = SessionFields(held_on=date(2026, 11, 20), with_name=with_name)
    session, _ = guided.begin(journal, fields, list(models))
    return session


def test_a_whole_session_is_saved_answer_by_answer_and_finished(journal, builtin_catalog):
    session = draft(journal, "proctor")
    asker = ScriptedAsker(answers=dict(PROCTOR))
    saved = guided.run(journal, session, builtin_catalog, asker)
    assert saved.status == "final" and saved.interview is None
    assert saved.answers == {"proctor": {key.split(".")[1]: value
                                         for key, value in PROCTOR.items()}}
    assert asker.asked == ["proctor.split", "proctor.normative_notes",
                           "proctor.formative_notes", "proctor.restorative_notes",
                           "proctor.needed_more", "proctor.bring_next"]
    assert journal.session(session.id).answers == saved.answers


def test_ctrl_c_keeps_every_answer_given_and_resume_continues_there(journal,
                                                                  builtin_catalog):
    session = draft(journal, "proctor", "heron")
    with pytest.raises(KeyboardInterrupt):
        guided.run(journal, session, builtin_catalog,
                   ScriptedAsker(answers=dict(PROCTOR), stop_at="proctor.needed_more"))
    kept = journal.session(session.id)
    assert kept.status == "draft"
    assert kept.answers["proctor"]["formative_notes"] == "Practised strengths-based questions."
    assert kept.interview == {"models": ["proctor", "heron"], "cursor": 4}

    resumed = ScriptedAsker(answers={"proctor.needed_more": "formative",
                                     "heron.used": ["supportive"]})
    saved = guided.run(journal, kept, builtin_catalog, resumed)
    assert resumed.asked[0] == "proctor.needed_more"  # nothing asked twice
    assert saved.status == "final"
    assert saved.answers["proctor"]["split"] == PROCTOR["proctor.split"]
    assert saved.answers["proctor"]["needed_more"] == "formative"
    assert saved.answers["heron"]["used"] == ["supportive"]


def test_back_returns_to_the_previous_prompt_and_the_new_answer_replaces_the_old(
        journal, builtin_catalog):
    session = draft(journal, "proctor")
    answers = {**PROCTOR, "proctor.normative_notes": Script("First try.", "Second try."),
               "proctor.formative_notes": Script(BACK, "Practised.")}
    asker = ScriptedAsker(answers=answers)
    saved = guided.run(journal, session, builtin_catalog, asker)
    assert asker.asked[1:5] == ["proctor.normative_notes", "proctor.formative_notes",
                                "proctor.normative_notes", "proctor.formative_notes"]
    assert saved.answers["proctor"]["normative_notes"] == "Second try."
    assert saved.answers["proctor"]["formative_notes"] == "Practised."


def test_back_on_the_first_prompt_says_so_and_stays(journal, builtin_catalog):
    session = draft(journal, "proctor")
    answers = {**PROCTOR, "proctor.split": Script(BACK, PROCTOR["proctor.split"])}
    asker = ScriptedAsker(answers=answers)
    guided.run(journal, session, builtin_catalog, asker)
    assert "This is the first question." in asker.told
    assert asker.asked[:2] == ["proctor.split", "proctor.split"]


def test_a_note_not_approved_stays_a_draft_with_its_answers(journal, builtin_catalog):
    session = draft(journal, "proctor")
    assert guided.run(journal, session, builtin_catalog,
                      ScriptedAsker(answers=dict(PROCTOR), save=False)) is None
    kept = journal.session(session.id)
    assert kept.status == "draft" and kept.answers["proctor"]["needed_more"] == "restorative"
    assert [s.id for s in journal.drafts()] == [session.id]


def test_goals_and_actions_taken_forward_are_linked_to_the_session(journal, builtin_catalog):
    session = draft(journal, "proctor")
    due = date.today() + timedelta(days=60)
    goal = GoalDraft(title="Genograms", specific="Use a genogram with every new family",
                     measurable="Supervisor sees three in case files", due=due)
    asker = ScriptedAsker(answers=dict(PROCTOR), goals=[goal],
                          actions=[f"Send the plan to Jo by {due.isoformat()}",
                                   "Read the lone working policy"])
    saved = guided.run(journal, session, builtin_catalog, asker)
    [stored] = journal.goals.list()
    assert (stored.title, stored.session_id, stored.due) == ("Genograms", saved.id, due)
    assert stored.partner == "Sam Jones"  # the person the session was with
    assert asker.checked == ["Genograms"]
    actions = {a.what: a.due for a in journal.goals.actions(session_id=saved.id)}
    assert actions == {"Send the plan to Jo": due, "Read the lone working policy": None}


def test_an_unknown_partner_is_added_only_when_the_person_agrees(journal, builtin_catalog):
    session = draft(journal, "proctor", with_name=None)
    goal = GoalDraft(title="Shadowing", specific="Shadow a senior colleague",
                     partner="Priya Shah", due=date.today() + timedelta(days=30))
    refused = ScriptedAsker(answers=dict(PROCTOR), goals=[goal],
                            confirms={"Priya Shah is not": False})
    guided.run(journal, session, builtin_catalog, refused)
    assert journal.goals.list() == [] and journal.find_person("Priya Shah") is None
    assert any("Not saved" in line for line in refused.told)

    again = draft(journal, "proctor", with_name=None)
    agreed = ScriptedAsker(answers=dict(PROCTOR), goals=[goal],
                           confirms={"Priya Shah is not": True})
    guided.run(journal, again, builtin_catalog, agreed)
    assert journal.find_person("Priya Shah") is not None
    assert [g.partner for g in journal.goals.list()] == ["Priya Shah"]


def test_a_desc_plan_that_chose_a_goal_starts_it_from_the_request(journal, builtin_catalog):
    session = draft(journal, "desc")
    asker = ScriptedAsker(
        answers={"desc.describe": "Case notes are late.", "desc.specify":
                 "Update the record within two days", "desc.follow_up": "set_goal"},
        goals=[GoalDraft(title="Timely records", due=date.today() + timedelta(days=30))])
    guided.run(journal, session, builtin_catalog, asker)
    [stored] = journal.goals.list()
    assert stored.specific == "Update the record within two days"


def test_a_desc_plan_to_revisit_is_offered_as_an_action(journal, builtin_catalog):
    session = draft(journal, "desc")
    asker = ScriptedAsker(answers={"desc.describe": "Case notes are late.",
                                   "desc.follow_up": "revisit"})
    saved = guided.run(journal, session, builtin_catalog, asker)
    # the action names who, not what: the described behaviour stays in the private plan
    assert [a.what for a in journal.goals.actions(session_id=saved.id)] == [
        f"Come back to the conversation with {saved.with_name}"]
    asker = ScriptedAsker(answers={"desc.describe": "Case notes are late.",
                                   "desc.partner": "Jo", "desc.follow_up": "revisit"})
    saved = guided.run(journal, draft(journal, "desc"), builtin_catalog, asker)
    [action] = journal.goals.actions(session_id=saved.id)
    assert action.what == "Come back to the conversation with Jo"
    assert "late" not in action.what
