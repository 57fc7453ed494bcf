"""The note templates written in Python give Jinja2's text byte for byte, or fail where
Jinja2 fails with an error the note's fallback catches; a user's own template still wins.

The property tests run a short while by default; --long-fuzz (or REFLECT_FUZZ_EXAMPLES)
runs more.
"""

from __future__ import annotations

import json
import os
from datetime import date
from typing import Any

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.journal.records import Action, Goal, Session
from reflect.models import results_for
from reflect.settings import builtin_notes
from reflect.settings.builtin_models import HERON_GROUPS, PROCTOR_FUNCTIONS
from reflect.settings.templates import environment, render
from reflect.sharing.notes import Notes

PROPERTY = settings(max_examples=int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "60")),
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
# what `reflect.sharing.notes._section` catches from a model template before it falls back
FALLBACK_CATCHES = (TypeError, ValueError, AttributeError, KeyError)


def outcome(render_it, context: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "text", render_it(**context)
    except (jinja2.UndefinedError, *FALLBACK_CATCHES) as e:
        return "error", e


def assert_same_as_jinja(name: str, context: dict[str, Any]) -> None:
    jinja = outcome(environment().get_template(name).render, context)
    python = outcome(builtin_notes.RENDERERS[name], context)
    if jinja[0] == "text":
        assert python == jinja
    else:
        assert python[0] == "error", f"Jinja2 failed ({jinja[1]!r}), Python gave {python[1]!r}"
        assert not isinstance(python[1], jinja2.UndefinedError)


# Strategies ---------------------------------------------------------------------------

TEXT = st.one_of(st.text(max_size=24), st.text(" \t\n\r\xa0\u2028\u3000ab-é✓", max_size=10))
LEAF = st.one_of(st.none(), st.booleans(), st.integers(-300, 300), st.floats(), TEXT)
# anything the journal might hold where a model expects something else
ODD = st.recursive(LEAF, lambda inner: st.lists(inner, max_size=3)
                   | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)


def mostly(right: st.SearchStrategy) -> st.SearchStrategy:
    """The right shape three times in four, else an odd one."""
    return st.one_of(right, right, right, ODD)


def labels(keys: list[str]) -> st.SearchStrategy:
    return st.dictionaries(st.one_of(st.sampled_from(keys), TEXT), st.one_of(TEXT, LEAF),
                           max_size=5)


def model_context(answers, results, label_keys: list[str]) -> st.SearchStrategy:
    return st.fixed_dictionaries({
        "answers": answers, "results": st.one_of(results, results, results, ODD),
        "labels": labels(label_keys), "name": TEXT,
        "role": st.sampled_from(["supervisee", "supervisor"])})


FUNCTION = st.sampled_from(PROCTOR_FUNCTIONS)
SHARES = st.fixed_dictionaries({f: st.integers(-20, 120) for f in PROCTOR_FUNCTIONS})
PROCTOR = model_context(
    st.fixed_dictionaries({}, optional={
        "split": mostly(SHARES), "needed_more": mostly(st.sampled_from(
            [*PROCTOR_FUNCTIONS, "balance_right"])), "bring_next": mostly(TEXT),
        **{f"{f}_notes": mostly(TEXT) for f in PROCTOR_FUNCTIONS}}),
    st.fixed_dictionaries({}, optional={
        "balance": mostly(SHARES), "given_total": mostly(st.integers(0, 300)),
        "dominant": mostly(FUNCTION), "least_attention": mostly(st.lists(FUNCTION))}),
    [f"split.{f}" for f in [*PROCTOR_FUNCTIONS, "balance_right"]])

KIND = st.sampled_from([*HERON_GROUPS, "unheard_of"])
HERON = model_context(
    st.fixed_dictionaries({}, optional={
        "used": mostly(st.lists(KIND, max_size=4)), "needed": mostly(st.lists(KIND, max_size=3)),
        "mix_right": mostly(st.sampled_from(["about_right", "more_facilitative"])),
        "ask_next": mostly(TEXT), **{f"{c}_landed": mostly(TEXT) for c in HERON_GROUPS}}),
    st.fixed_dictionaries({}, optional={"used_by_group": mostly(st.dictionaries(
        st.sampled_from(["authoritative", "facilitative"]), mostly(st.lists(KIND))))}),
    [f"used.{c}" for c in HERON_GROUPS] + ["mix_right.about_right"])

GENERIC = model_context(st.dictionaries(TEXT, ODD, max_size=4),
                        st.dictionaries(TEXT, ODD, max_size=3), ["a", "a.b", "used.True"])

DAY = st.dates()


@st.composite
def sessions(draw) -> Session:
    maybe_text = st.none() | TEXT
    return Session(
        id="s1", held_on=draw(DAY), title=draw(TEXT),
        kind=draw(st.sampled_from(["individual", "group", "action-learning"]) | TEXT),
        role=draw(st.sampled_from(["supervisee", "supervisor"])), with_name=draw(maybe_text),
        duration=draw(st.none() | st.integers(0, 600) | st.floats(allow_infinity=False)),
        body=draw(TEXT), status=draw(st.sampled_from(["draft", "final"])), created="c",
        updated="u", tags=draw(st.lists(TEXT, max_size=3)),
        attendees=draw(st.lists(TEXT, max_size=3)), presenter=draw(maybe_text),
        issue_presented=draw(maybe_text))


ACTIONS = st.lists(st.builds(
    Action, id=st.just("a1"), what=TEXT, who=st.none() | TEXT, due=st.none() | DAY,
    done_on=st.none() | DAY, session_id=st.just("s1"), created=st.just("c")), max_size=3)
GOAL_ID = st.sampled_from(["g1", "g2", "g3"])
GOALS = st.lists(st.builds(
    Goal, id=GOAL_ID, title=TEXT, specific=st.just(""), measurable=st.just(""),
    achievable=st.just(""), relevant=st.just(""), due=st.none() | DAY, function=st.none(),
    partner=st.none(), session_id=st.just("s1"), status=st.sampled_from(["open", "met"]),
    status_note=st.none(), created=st.just("c"), updated=st.just("u")), max_size=3)
PRIVATE_ITEMS = mostly(st.lists(st.tuples(TEXT, ODD), max_size=3))  # odd: both fail


@st.composite
def note_contexts(draw) -> dict[str, Any]:
    context = {
        "session": draw(sessions()), "actions": draw(ACTIONS), "goals": draw(GOALS),
        "front_matter": draw(st.just({}) | st.dictionaries(TEXT, TEXT | DAY, max_size=3)),
        "sections": draw(st.lists(TEXT, max_size=3)), "private_text": draw(TEXT),
        "private_sections": draw(st.lists(TEXT, max_size=2)),
        "private_items": draw(PRIVATE_ITEMS)}
    links = draw(st.none() | st.dictionaries(GOAL_ID, TEXT, max_size=2))
    if links is not None:  # else left out, as the template's `is defined` allows
        context["goal_links"] = links
    return context


# The same text as Jinja2, or the same failure ---------------------------------------------

@PROPERTY
@given(note_contexts())
def test_session_note_is_jinjas_text(context):
    assert_same_as_jinja("session.md.j2", context)


@PROPERTY
@given(PROCTOR)
def test_proctor_section_is_jinjas_text_or_both_fail(context):
    assert_same_as_jinja("model_proctor.md.j2", context)
    assert_same_as_jinja("model_generic.md.j2", {**context, "results": {}})


@PROPERTY
@given(HERON)
def test_heron_section_is_jinjas_text_or_both_fail(context):
    assert_same_as_jinja("model_heron.md.j2", context)
    assert_same_as_jinja("model_generic.md.j2", {**context, "results": {}})


@PROPERTY
@given(GENERIC)
def test_generic_section_is_jinjas_text_or_both_fail(context):
    assert_same_as_jinja("model_generic.md.j2", context)


@pytest.mark.parametrize("answers, results", [
    ({"split": "70/20/10"}, {"balance": "70/20/10"}),
    ({"split": {"normative": 70}}, {"balance": {"normative": 70}}),
    ({"split": {f: 33.3 for f in PROCTOR_FUNCTIONS}}, {"balance": {f: 33.3 for f in
                                                                    PROCTOR_FUNCTIONS}}),
    ({"needed_more": "balance_right"}, ["not", "a", "mapping"]),
])
def test_proctor_fails_where_jinja_fails(answers, results):
    assert_same_as_jinja("model_proctor.md.j2", {"answers": answers, "results": results,
                                                 "labels": {}, "name": "Proctor"})


def test_heron_with_nothing_to_show_never_reads_its_results():
    context = {"answers": {"used": []}, "results": "not a mapping", "labels": {}, "name": "H"}
    assert builtin_notes.RENDERERS["model_heron.md.j2"](**context) == ""
    assert_same_as_jinja("model_heron.md.j2", context)


# Whole notes, with the Python renderers and with Jinja2 alone ------------------------------

REALISTIC = {
    "proctor": {"split": {"normative": 70, "formative": 25, "restorative": 5},
                "normative_notes": "Caseload review: 3 cases over time.\n",
                "needed_more": "restorative", "bring_next": "  The court case.  "},
    "heron": {"used": ["prescriptive", "catalytic"], "needed": ["cathartic"],
              "catalytic_landed": "I saw I was avoiding the father.",
              "mix_right": "more_facilitative", "ask_next": "Time on how the visit felt."},
    "stoltenberg": {"motivation": "level_2", "autonomy": "level_1", "awareness": "level_3",
                    "support": "More structure on court work."},
    "desc": {"describe": "Records written late.", "specify": "within two days",
             "tips": ["contract"], "follow_up": "set_goal"},
}
# answers an older reflect or a changed prompt set might have left in a journal
ODD_ANSWERS = {
    "proctor": {"split": "70/20/10", "bring_next": ["a", "list"]},
    "heron": {"used": "catalytic", "needed": ["supportive"]},
    "stoltenberg": {"motivation": 2},
    "custom": {"feeling": ["calm", {"deep": 1}], "scale": 3, "ok": False, "gone": None},
}


def note_session(answers: dict[str, Any], **more: Any) -> Session:
    fields = {
        "id": "abc123", "held_on": date(2026, 1, 5), "title": "  Supervision\twith Sam  ",
        "kind": "action-learning", "role": "supervisee", "with_name": "Sam Jones",
        "duration": 60, "body": "A hard week.\n\n", "status": "draft", "created": "c",
        "updated": "u", "tags": ["court", "workload"], "answers": answers,
        "attendees": ["Alex Kay", "Jo Bloggs"], "presenter": "Alex Kay",
        "issue_presented": "Late records", "private": "Only for me.",
        "private_answers": ["proctor.bring_next"]}
    return Session(**{**fields, **more})


def notes_both_ways(monkeypatch, builtin_catalog, session: Session) -> tuple[list, list]:
    goal = Goal(id="g1", title="Genograms", specific="", measurable="", achievable="",
                relevant="", due=date(2026, 3, 1), function=None, partner=None,
                session_id="abc123", status="open", status_note=None, created="c",
                updated="u")
    action = Action(id="a1", what="Phone the school", who="Jo", due=date(2026, 1, 9),
                    done_on=None, session_id="abc123", created="c")
    results = {model: results_for(model, answers) for model, answers in
               session.answers.items() if isinstance(answers.get("split", {}), dict)}

    def all_notes() -> list[str]:
        return [Notes(builtin_catalog).markdown(
                    session, results, actions=[action], goals=[goal], include_private=private,
                    goal_links=links, with_front_matter=front)
                for private in (True, False) for front in (True, False)
                for links in ({}, {"g1": "goals/genograms.md"})]

    python = all_notes()
    monkeypatch.setattr(builtin_notes, "RENDERERS", {})
    return python, all_notes()


@pytest.mark.parametrize("answers", [REALISTIC, ODD_ANSWERS, {}])
def test_a_note_is_the_same_with_jinja(monkeypatch, builtin_catalog, answers):
    python, jinja = notes_both_ways(monkeypatch, builtin_catalog, note_session(answers))
    assert python == jinja


def test_a_bare_note_is_the_same_with_jinja(monkeypatch, builtin_catalog):
    bare = note_session({}, with_name=None, duration=None, body="", status="final", tags=[],
                        attendees=[], presenter=None, issue_presented=None, private="",
                        private_answers=[])
    python, jinja = notes_both_ways(monkeypatch, builtin_catalog, bare)
    assert python == jinja


def test_an_export_is_the_same_with_jinja(reflect, monkeypatch, tmp_path):
    for n, answers in enumerate([REALISTIC, {"proctor": REALISTIC["proctor"]}, {}]):
        data = {"date": f"2026-01-0{n + 1}", "with": "Sam Jones", "answers": answers,
                "body": f"Note {n}.", "private": "Mine."}
        session_id = reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()
        reflect("action", "add", "Phone the school", "--session", session_id)
        reflect("goal", "add", "--title", f"Goal {n}", "--session", session_id)
    outputs = []
    for renderers in (builtin_notes.RENDERERS, {}):
        monkeypatch.setattr(builtin_notes, "RENDERERS", renderers)
        out = tmp_path / f"export-{len(renderers)}.md"
        reflect("export", "--single", "--out", str(out), "--include-private", "--force")
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"## Proctor" in outputs[0]


# A user's own template still wins -----------------------------------------------------

def test_a_user_note_template_is_used_instead(reflect, config_dir):
    session_id = reflect.new("--title", "Team huddle", body="Body text.")
    (config_dir / "templates").mkdir(parents=True)
    (config_dir / "templates" / "session.md.j2").write_text("MINE {{ session.title }}\n")
    assert reflect("show", session_id, "--format", "markdown").stdout == "MINE Team huddle\n"
    out = config_dir.parent / "notes.md"
    reflect("export", "--single", "--out", str(out))
    assert "MINE Team huddle" in out.read_text()


def test_a_user_model_template_is_used_instead(config_dir):
    (config_dir / "templates").mkdir(parents=True)
    (config_dir / "templates" / "model_proctor.md.j2").write_text("MY PROCTOR {{ name }}\n")
    context = {"answers": REALISTIC["proctor"], "results": {}, "labels": {}, "name": "P"}
    assert render("model_proctor.md.j2", **context) == "MY PROCTOR P\n"
    assert render("model_heron.md.j2", **{**context, "answers": {}}) == ""
