"""The prompt-kind registry: each kind checks, parses, hints and shows answers its way."""

from __future__ import annotations

import pytest

from reflect.reflection.kinds import KINDS, AnswerError
from reflect.reflection.promptsets import Prompt, prompt_from, validate_set

CHOICES = [{"id": "talk", "label": "Talking it through"}, {"id": "plan", "label": "Planning"}]
PROMPTS = {
    "text": {"multiline": True},
    "choice": {"choices": CHOICES},
    "multi": {"choices": CHOICES},
    "scale": {"min": 1, "max": 5, "min_label": "not at all", "max_label": "fully"},
    "split": {"parts": [{"id": "a", "label": "Casework"}, {"id": "b", "label": "Wellbeing"}]},
    "date": {},
    "confirm": {},
}


def prompt(kind: str) -> Prompt:
    return prompt_from({"id": "q", "kind": kind, "text": "Question?", **PROMPTS[kind]})


def test_every_kind_has_an_example_and_the_schema_accepts_exactly_the_registry():
    assert set(PROMPTS) == set(KINDS)
    _, problems = validate_set({"id": "x", "name": "X", "summary": "s", "source": "s",
                                "version": 1,
                                "prompts": [{"id": "q", "kind": "essay", "text": "?"}]}, "x")
    assert problems == [f"q: kind: unknown kind; expected one of {', '.join(KINDS)}"]


@pytest.mark.parametrize("kind, typed, stored, shown", [
    ("text", "  A thought. ", "A thought.", "A thought."),
    ("choice", "2", "plan", "Planning"),
    ("multi", "2, 1", ["talk", "plan"], "Talking it through, Planning"),
    ("scale", "4", 4, "4"),
    ("split", "70 30", {"a": 70, "b": 30}, "Casework 70%, Wellbeing 30%"),
    ("date", "2026-11-20", "2026-11-20", "2026-11-20"),
    ("confirm", "Yes", True, "yes"),
])
def test_typed_answers_are_parsed_checked_and_shown(kind, typed, stored, shown):
    handler, question = KINDS[kind], prompt(kind)
    value = handler.check(question, handler.parse(question, typed.strip()))
    assert value == stored
    assert handler.show(question, value) == shown


@pytest.mark.parametrize("kind, value, expected", [
    ("text", ["a list"], "expected text"),
    ("choice", "other", "expected one of talk, plan"),
    ("multi", ["talk", "nope"], "unknown choice nope"),
    ("scale", 9, "from 1 to 5"),
    ("split", {"a": 50, "b": 40}, "add up to 90, not 100"),
    ("date", "2026-02-30", "2026-02-30"),
    ("confirm", "maybe", "yes or no"),
])
def test_answers_that_do_not_fit_say_what_was_expected(kind, value, expected):
    with pytest.raises(AnswerError, match=expected):
        KINDS[kind].check(prompt(kind), value)


def test_hints_legends_and_what_a_when_can_equal():
    assert KINDS["scale"].hint(prompt("scale")) == "Type a number from 1 to 5."
    assert KINDS["scale"].legend(prompt("scale")) == "1 = not at all, 5 = fully"
    assert KINDS["split"].hint(prompt("split")).startswith("Type 2 whole percentages")
    assert "editor" in KINDS["text"].hint(prompt("text"))
    assert KINDS["choice"].fits(prompt("choice"), "plan")
    assert not KINDS["choice"].fits(prompt("choice"), "other")
    assert not KINDS["confirm"].fits(prompt("confirm"), "yes")
    assert not KINDS["scale"].fits(prompt("scale"), 6)
    assert [name for name, kind in KINDS.items() if kind.many] == ["multi"]
    assert [name for name, kind in KINDS.items() if kind.editable] == ["text"]


def test_a_kind_checks_its_own_definition():
    with pytest.raises(ValueError, match="a split needs at least two parts"):
        prompt_from({"id": "q", "kind": "split", "text": "?", "parts": [{"id": "a", "label": "A"}]})
    with pytest.raises(ValueError, match="max: must be greater than min"):
        prompt_from({"id": "q", "kind": "scale", "text": "?", "min": 5, "max": 1})
    with pytest.raises(ValueError, match="choices: not used by kind text"):
        prompt_from({"id": "q", "kind": "text", "text": "?", "choices": CHOICES})
