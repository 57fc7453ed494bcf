"""Prompt sets: strict loading and validation, user overrides, and `reflect models`."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

from reflect.reflection.promptsets import (
    BUILT_IN,
    Prompt,
    builtin_data,
    load_catalog,
    load_file,
    made_set,
    validate_set,
)
from reflect.settings.errors import BadInput, PromptSetError
from tests.support import assert_one_line_error

BUILT_INS = ("desc", "heron", "proctor", "stoltenberg")
TEXT = {"id": "what", "kind": "text", "text": "What happened?"}
CHOICE = {"id": "feeling", "kind": "choice", "text": "How did it feel?",
          "choices": [{"id": "good", "label": "Good"}, {"id": "bad", "label": "Bad"}]}
MULTI = {"id": "stages", "kind": "multi", "text": "Which stages?",
         "choices": [{"id": "describe", "label": "Describe"}, {"id": "feel", "label": "Feel"}]}


def a_set(*prompts: dict[str, Any], **header: Any) -> dict[str, Any]:
    """A valid prompt set `gibbs` (with `prompts`, and `header` keys changed or added)."""
    data = {"id": "gibbs", "name": "Gibbs' reflective cycle", "summary": "Six stages.",
            "source": "Gibbs, G. (1988) Learning by Doing.", "version": 1,
            "prompts": list(prompts) or [TEXT]}
    data.update(header)
    return data


def write(folder: Path, data: Any, stem: str = "gibbs") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False),
                    encoding="utf-8")
    return path


def problems_in(tmp_path: Path, data: Any, stem: str = "gibbs") -> list[str]:
    """Every problem load_file reports for `data` saved as `<stem>.yaml`."""
    path = write(tmp_path / "sets", data, stem)
    with pytest.raises(PromptSetError) as caught:
        load_file(path)
    assert caught.value.subject == str(path)
    assert str(path) in caught.value.message
    return caught.value.problems



# -- a good file -----------------------------------------------------------------------


def test_a_valid_file_loads_with_every_field(tmp_path):
    scale = {"id": "sure", "kind": "scale", "text": "How sure?", "min": 1, "max": 5,
             "min_label": "not at all", "max_label": "very"}
    follow = {"id": "why_bad", "kind": "text", "text": "Why?", "when":
              {"prompt": "feeling", "equals": "bad"}}
    path = write(tmp_path, a_set(TEXT, CHOICE, follow, scale))
    loaded = load_file(path)
    assert loaded.id == "gibbs"
    assert [p.id for p in loaded.prompts] == ["what", "feeling", "why_bad", "sure"]
    assert loaded.prompt("feeling").choice_ids() == ["good", "bad"]
    assert loaded.prompt("why_bad").is_shown({"feeling": "bad"})
    assert not loaded.prompt("why_bad").is_shown({"feeling": "good"})
    assert (loaded.prompt("sure").min, loaded.prompt("sure").max) == (1, 5)


# -- one problem of each kind ----------------------------------------------------------

SPLIT_PART = {"id": "a", "label": "A"}
ONE_PROBLEM = {
    "unknown kind": (
        [{"id": "what", "kind": "essay", "text": "?"}],
        "what: kind: unknown kind; expected one of text, choice, multi, scale, split, date, "
        "confirm"),
    "duplicate prompt id": (
        [TEXT, {**TEXT, "text": "Again?"}], "what: id: duplicate prompt id"),
    "when names an unknown prompt": (
        [{**TEXT, "when": {"prompt": "nowhere", "answered": True}}],
        "what: when: names 'nowhere', which is not an earlier prompt in this set"),
    "when names a later prompt": (
        [{**TEXT, "when": {"prompt": "feeling", "equals": "bad"}}, CHOICE],
        "what: when: names 'feeling', which is not an earlier prompt in this set"),
    "when names the prompt itself": (
        [{**TEXT, "when": {"prompt": "what", "answered": True}}],
        "what: when: names 'what', which is not an earlier prompt in this set"),
    "when includes a choice the target lacks": (
        [MULTI, {**TEXT, "when": {"prompt": "stages", "includes": "analyse"}}],
        "what: when: 'analyse' is not a choice of stages"),
    "when with no condition": (
        [CHOICE, {**TEXT, "when": {"prompt": "feeling"}}],
        "what: when: give exactly one of equals, includes, answered"),
    "when with two conditions": (
        [CHOICE, {**TEXT, "when": {"prompt": "feeling", "equals": "bad", "answered": True}}],
        "what: when: give exactly one of equals, includes, answered"),
    "split without parts": (
        [{"id": "share", "kind": "split", "text": "?"}], "share: parts: kind split needs parts"),
    "split with one part": (
        [{"id": "share", "kind": "split", "text": "?", "parts": [SPLIT_PART]}],
        "share: parts: a split needs at least two parts"),
    "choice without choices": (
        [{"id": "pick", "kind": "choice", "text": "?"}],
        "pick: choices: kind choice needs choices"),
    "multi with an empty list of choices": (
        [{"id": "pick", "kind": "multi", "text": "?", "choices": []}],
        "pick: choices: kind multi needs choices"),
    "a choice without an id": (
        [{"id": "pick", "kind": "choice", "text": "?", "choices": [{"label": "Yes"}]}],
        "pick: choices.0.id: missing"),
    "duplicate choice ids": (
        [{**CHOICE, "choices": [{"id": "good", "label": "A"}, {"id": "good", "label": "B"}]}],
        "feeling: choices: duplicate id good"),
    "scale with min not below max": (
        [{"id": "sure", "kind": "scale", "text": "?", "min": 5, "max": 5}],
        "sure: max: must be greater than min"),
    "choices on a text prompt": (
        [{**TEXT, "choices": [{"id": "x", "label": "X"}]}],
        "what: choices: not used by kind text"),
    "min on a choice prompt": ([{**CHOICE, "min": 1}], "feeling: min: not used by kind choice"),
    "an unknown prompt field": ([{**TEXT, "colour": "red"}], "what: colour: unknown field"),
    "an unknown choice field": (
        [{**CHOICE, "choices": [{"id": "good", "label": "Good", "icon": ":)"}]}],
        "feeling: choices.0.icon: unknown field"),
    "a prompt without text": ([{"id": "what", "kind": "text"}], "what: text: missing"),
    "a prompt id with capitals": (
        [{**TEXT, "id": "What"}], "What: id: must be lowercase letters, digits, - or _"),
}


@pytest.mark.parametrize("prompts, problem", ONE_PROBLEM.values(), ids=ONE_PROBLEM)
def test_each_kind_of_prompt_problem_is_named_with_prompt_and_field(tmp_path, prompts,
                                                                     problem):
    assert problems_in(tmp_path, a_set(*prompts)) == [problem]


def test_scale_without_min_and_max_names_both_fields(tmp_path):
    found = problems_in(tmp_path, a_set({"id": "sure", "kind": "scale", "text": "?"}))
    assert sorted(found) == ["sure: max: kind scale needs max",
                             "sure: min: kind scale needs min"]


def test_missing_top_level_keys_are_each_named(tmp_path):
    found = problems_in(tmp_path, {"id": "gibbs", "prompts": [TEXT]})
    assert found == ["name: missing", "summary: missing", "source: missing", "version: missing"]


def test_no_prompts_at_all(tmp_path):
    data = a_set()
    del data["prompts"]
    assert problems_in(tmp_path, data) == ["prompts: must be a non-empty list"]
    assert problems_in(tmp_path, a_set(prompts=[])) == ["prompts: must be a non-empty list"]


def test_unknown_top_level_key(tmp_path):
    assert problems_in(tmp_path, a_set(TEXT, author="me")) == ["author: unknown field"]


def test_id_must_match_the_file_name(tmp_path):
    found = problems_in(tmp_path, a_set(TEXT), stem="kolb")
    assert found == ["id: 'gibbs' must match the file name 'kolb'"]


def test_a_file_that_is_not_a_mapping(tmp_path):
    found = problems_in(tmp_path, "- just\n- a list\n")
    assert len(found) == 1 and "mapping" in found[0]


def test_several_problems_are_all_reported_at_once(tmp_path):
    data = a_set(
        {"id": "what", "kind": "essay", "text": "?"},
        {"id": "share", "kind": "split", "text": "?", "parts": [SPLIT_PART]},
        {"id": "sure", "kind": "scale", "text": "?", "choices": [], "min_label": "low"},
        {**TEXT, "id": "share", "colour": "red"},
        {**TEXT, "id": "later", "when": {"prompt": "nowhere", "equals": 1}},
        version=None,
    )
    del data["source"]
    found = problems_in(tmp_path, data)
    assert sorted(found) == sorted([
        "source: missing",
        "version: expected a whole number or text",
        "what: kind: unknown kind; expected one of text, choice, multi, scale, split, date, "
        "confirm",
        "share: parts: a split needs at least two parts",
        "sure: choices: not used by kind scale",
        "sure: max: kind scale needs max",
        "sure: min: kind scale needs min",
        "share: colour: unknown field",
        "share: id: duplicate prompt id",
        "later: when: names 'nowhere', which is not an earlier prompt in this set",
    ])


def test_every_problem_names_a_prompt_and_a_field(tmp_path):
    data = a_set(
        {"id": "sure", "kind": "scale", "text": "?", "multiline": True, "parts": []},
        {"id": "pick", "kind": "choice", "text": "?", "min": 0, "max": 9},
    )
    found = problems_in(tmp_path, data)
    assert sorted(found) == ["pick: choices: kind choice needs choices",
                             "pick: max: not used by kind choice",
                             "pick: min: not used by kind choice",
                             "sure: max: kind scale needs max",
                             "sure: min: kind scale needs min",
                             "sure: multiline: not used by kind scale",
                             "sure: parts: not used by kind scale"]


def test_a_broken_prompt_does_not_make_later_prompts_look_wrong(tmp_path):
    broken_choice = {"id": "feeling", "kind": "choice", "text": "?"}
    follow = {**TEXT, "when": {"prompt": "feeling", "equals": "bad"}}
    assert problems_in(tmp_path, a_set(broken_choice, follow)) == [
        "feeling: choices: kind choice needs choices"]


def test_a_broken_prompt_still_counts_for_duplicate_ids(tmp_path):
    found = problems_in(tmp_path, a_set({**TEXT, "colour": "red"}, TEXT))
    assert sorted(found) == ["what: colour: unknown field", "what: id: duplicate prompt id"]


def test_validate_set_returns_problems_instead_of_raising():
    prompt_set, found = validate_set(a_set(TEXT, TEXT), "gibbs")
    assert prompt_set is None
    assert found == ["what: id: duplicate prompt id"]
    prompt_set, found = validate_set(a_set(TEXT), "gibbs")
    assert found == [] and prompt_set.prompt("what").text == "What happened?"


# -- files that cannot be read or parsed -----------------------------------------------


def test_malformed_yaml_is_one_message_naming_line_and_column(tmp_path):
    path = write(tmp_path, "id: gibbs\nname: [unclosed\nsummary: x\n")
    with pytest.raises(BadInput) as caught:
        load_file(path)
    assert not isinstance(caught.value, PromptSetError)
    message = caught.value.one_line()
    assert message.startswith(f"{path}: not valid YAML at line ")
    assert ", column " in message
    assert "\n" not in message


def test_a_yaml_value_that_cannot_be_built_is_a_bad_input(tmp_path):
    path = write(tmp_path, "id: gibbs\nversion: !!int one\n")
    with pytest.raises(BadInput) as caught:
        load_file(path)
    assert str(path) in caught.value.message


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gibbs.yaml"
    path.write_bytes("id: gibbs\nname: Gibbs' réflexion\n".encode("latin-1"))
    with pytest.raises(BadInput, match="not UTF-8"):
        load_file(path)


@pytest.mark.parametrize("name", ["missing.yaml", "a-folder"])
def test_a_path_that_cannot_be_read(tmp_path, name):
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(BadInput, match=r"^cannot read .*" + name):
        load_file(tmp_path / name)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_a_file_without_read_permission(tmp_path):
    path = write(tmp_path, a_set(TEXT))
    path.chmod(0o000)
    try:
        with pytest.raises(BadInput, match="cannot read"):
            load_file(path)
    finally:
        path.chmod(0o600)


# -- built-in sets -------------------------------------------------------------------


@pytest.mark.parametrize("model_id", BUILT_INS)
def test_every_built_in_set_validates(model_id):
    text = (files("reflect.prompts") / f"{model_id}.yaml").read_text(encoding="utf-8")
    prompt_set, found = validate_set(yaml.safe_load(text), model_id)
    assert found == []
    assert prompt_set.id == model_id and prompt_set.prompts


def test_the_catalog_holds_every_built_in_and_nothing_else():
    catalog = load_catalog()
    assert sorted(catalog.sets) == list(BUILT_INS)
    assert set(catalog.origins.values()) == {BUILT_IN}
    assert catalog.overridden == set() and catalog.problems == []
    with pytest.raises(BadInput, match="unknown model 'gibbs'"):
        catalog.get("gibbs")


# -- the user's own sets ---------------------------------------------------------------


def heron_with_new_wording() -> dict[str, Any]:
    text = (files("reflect.prompts") / "heron.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["name"] = "Heron, as our team uses it"
    data["prompts"][0]["text"] = "Which of the six did you notice today?"
    return data


def test_a_user_set_overrides_the_built_in(reflect, config_dir):
    path = write(config_dir / "prompts", heron_with_new_wording(), "heron")
    rows = {row["id"]: row for row in reflect.json("models", "list")}
    assert rows["heron"]["origin"] == str(path)
    assert rows["heron"]["overrides_built_in"] is True
    assert rows["heron"]["name"] == "Heron, as our team uses it"
    assert rows["proctor"] == {"id": "proctor", "name": "Proctor's three functions",
                               "prompts": 6, "origin": "built-in",
                               "overrides_built_in": False}
    shown = reflect("models", "show", "heron").stdout
    assert "Which of the six did you notice today?" in shown
    assert "Which kinds of intervention did your supervisor use" not in shown
    assert str(path) in shown
    as_json = reflect.json("models", "show", "heron")
    assert as_json["prompts"][0]["text"] == "Which of the six did you notice today?"


def test_a_user_set_with_a_new_id_is_added(reflect, config_dir):
    path = write(config_dir / "prompts", a_set(TEXT, CHOICE))
    rows = {row["id"]: row for row in reflect.json("models", "list")}
    assert sorted(rows) == sorted([*BUILT_INS, "gibbs"])
    assert rows["gibbs"] == {"id": "gibbs", "name": "Gibbs' reflective cycle", "prompts": 2,
                             "origin": str(path), "overrides_built_in": False}


def test_a_broken_user_file_warns_and_hides_no_built_in(reflect, config_dir):
    folder = config_dir / "prompts"
    broken = write(folder, {"id": "proctor", "name": "Mine", "prompts": [TEXT]}, "proctor")
    malformed = write(folder, "id: gibbs\nname: [\n", "gibbs")
    result = reflect("models", "list", "--json")
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert sorted(rows) == list(BUILT_INS)
    assert rows["proctor"]["origin"] == "built-in"
    assert rows["proctor"]["overrides_built_in"] is False
    # Rich may wrap a long warning; each one starts with "warning: " all the same
    warnings = [w.strip() for w in " ".join(result.stderr.split()).split("warning: ")[1:]]
    assert len(warnings) == 4, result.stderr
    assert any(str(broken) in w and "summary: missing" in w for w in warnings), result.stderr
    assert any(str(malformed) in w and "not valid YAML" in w for w in warnings), result.stderr
    assert result.stderr.lstrip().startswith("warning: ")
    table = reflect("models", "list")
    assert "warning:" in table.stderr
    assert all(model_id in table.stdout for model_id in BUILT_INS)


# -- reflect models check / show -------------------------------------------------------


def test_models_check_accepts_a_good_file(reflect, tmp_path):
    path = write(tmp_path, a_set(TEXT, CHOICE))
    result = reflect("models", "check", str(path))
    assert "valid" in result.stderr and "gibbs" in result.stderr
    assert "error" not in result.stderr


def test_models_check_prints_every_problem_and_exits_1(reflect, tmp_path):
    data = a_set({**TEXT, "colour": "red"}, {"id": "pick", "kind": "choice", "text": "?"},
                 {**TEXT, "when": {"prompt": "pick"}})
    del data["summary"]
    path = write(tmp_path, data)
    result = reflect("models", "check", str(path), code=1)
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"reflect: error: {path} has 5 problems:"
    assert sorted(lines[1:]) == sorted(f"  {path}: {problem}" for problem in [
        "summary: missing",
        "what: colour: unknown field",
        "pick: choices: kind choice needs choices",
        "what: when: give exactly one of equals, includes, answered",
        "what: id: duplicate prompt id",
    ])
    assert result.stdout == ""


def test_models_check_on_malformed_yaml_is_one_line(reflect, tmp_path):
    path = write(tmp_path, "id: gibbs\nprompts:\n  - id: a\n   kind: text\n")
    assert_one_line_error(reflect("models", "check", str(path), code=None), str(path),
                          "not valid YAML at line 4, column")


def test_models_check_on_a_missing_file_is_one_line(reflect, tmp_path):
    assert_one_line_error(reflect("models", "check", str(tmp_path / "nope.yaml"), code=None),
                          "cannot read", "nope.yaml")


def test_models_show_json_carries_every_prompt_field(reflect):
    shown = reflect.json("models", "show", "heron")
    assert {"id", "name", "summary", "source", "version", "prompts"} <= set(shown)
    assert shown["id"] == "heron" and shown["version"] == 2
    for prompt in shown["prompts"]:
        assert set(prompt) == {f.name for f in dataclasses.fields(Prompt)}, prompt["id"]
    source = yaml.safe_load((files("reflect.prompts") / "heron.yaml").read_text("utf-8"))
    for given, prompt in zip(source["prompts"], shown["prompts"], strict=True):
        for key, value in given.items():
            if key == "when":
                assert {k: v for k, v in prompt["when"].items() if v is not None} == value
            elif key == "choices":
                assert [{k: v for k, v in c.items() if v is not None}
                        for c in prompt["choices"]] == value
            else:
                assert prompt[key] == value, (prompt["id"], key)
    landed = next(p for p in shown["prompts"] if p["id"] == "confronting_landed")
    assert landed["when"] == {"prompt": "used", "equals": None, "includes": "confronting",
                              "answered": None}


def test_models_show_json_of_a_split_and_a_scale(reflect, config_dir):
    scale = {"id": "sure", "kind": "scale", "text": "How sure?", "min": 1, "max": 5,
             "min_label": "not at all", "max_label": "very", "required": True}
    write(config_dir / "prompts", a_set(scale))
    prompt = reflect.json("models", "show", "gibbs")["prompts"][0]
    assert {k: prompt[k] for k in scale} == scale
    proctor = reflect.json("models", "show", "proctor")["prompts"][0]
    assert [part["id"] for part in proctor["parts"]] == ["normative", "formative",
                                                         "restorative"]
    assert proctor["required"] is True


def test_models_show_of_an_unknown_model_is_one_line(reflect):
    result = reflect("models", "show", "nope", code=None)
    assert_one_line_error(result, "unknown model 'nope'", "heron")
    assert result.stdout == ""


def test_when_equals_must_be_a_possible_answer():
    from reflect.reflection.promptsets import validate_set

    data = {"id": "mine", "name": "Mine", "summary": "s", "source": "s", "version": 1,
            "prompts": [
                {"id": "pick", "kind": "choice", "text": "?",
                 "choices": [{"id": "a", "label": "A"}]},
                {"id": "ok", "kind": "confirm", "text": "?"},
                {"id": "bad_choice", "kind": "text", "text": "?",
                 "when": {"prompt": "pick", "equals": "b"}},
                {"id": "bad_confirm", "kind": "text", "text": "?",
                 "when": {"prompt": "ok", "equals": "yes"}},
                {"id": "bad_includes", "kind": "text", "text": "?",
                 "when": {"prompt": "pick", "includes": "a"}},
                {"id": "fine", "kind": "text", "text": "?",
                 "when": {"prompt": "pick", "equals": "a"}},
            ]}
    prompt_set, problems = validate_set(data, "mine")
    assert prompt_set is None
    assert [p.split(":")[0] for p in problems] == ["bad_choice", "bad_confirm", "bad_includes"]
    assert "'b' is never an answer to pick" in problems[0]


@pytest.mark.parametrize("text, message", [
    ("a: &x [1, 2]\nb: *x\n", "aliases"),
    ("a: " + "[" * 2000 + "]" * 2000 + "\n", "nested too deeply"),
    ("a: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ("x" * (256 * 1024 + 1), "larger than 256 KiB"),
])
def test_hostile_yaml_is_a_clean_one_line_error(text, message):
    from reflect.settings.datafiles import parse_yaml
    from reflect.settings.errors import BadInput

    with pytest.raises(BadInput, match=message) as caught:
        parse_yaml(text, "evil.yaml")
    assert "\n" not in caught.value.one_line()


def test_an_oversized_file_is_refused_before_reading(tmp_path):
    from reflect.settings.datafiles import read_text
    from reflect.settings.errors import BadInput

    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 60000)
    with pytest.raises(BadInput, match="larger than"):
        read_text(path)


def test_each_built_in_set_is_valid_and_made_without_pydantic_as_validated():
    """Built-in sets skip validation when a command loads them: this is where it is done."""
    assert len(builtin_data()) >= 4
    for name, data in builtin_data():
        validated, problems = validate_set(data, name.removesuffix(".yaml"))
        assert problems == [], name
        assert made_set(data) == validated, name
        assert dataclasses.asdict(made_set(data)) == dataclasses.asdict(validated), name


def test_loading_only_the_built_in_sets_loads_no_pydantic(tmp_path):
    """show, export, prepare ... read the catalog; without a prompt file of the user's to
    check, pydantic stays out of the process."""
    code = ("import sys; from reflect.reflection.promptsets import load_catalog; "
            "c = load_catalog(); print(len(c.sets), 'pydantic' in sys.modules)")
    env = {**os.environ, "REFLECT_CONFIG_DIR": str(tmp_path / "config")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    assert int(out[0]) >= 4 and out[1] == "False"
    (tmp_path / "config" / "prompts").mkdir(parents=True)  # a user's set is validated
    (tmp_path / "config" / "prompts" / "mine.yaml").write_text(
        "id: mine\nname: Mine\nsummary: s\nsource: s\nversion: 1\n"
        "prompts:\n  - id: q\n    kind: text\n    text: What?\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    assert out[1] == "True"
