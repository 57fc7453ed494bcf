"""The bundled supervision models' prompt sets (YAML) and their note sections."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import pytest
import yaml

from reflect.models import results_for
from reflect.settings.templates import environment

MODELS = ("proctor", "heron", "stoltenberg", "desc")
KINDS = {"text", "choice", "multi", "scale", "split", "date", "confirm"}
PROMPT_KEYS = {"id", "kind", "text", "text_supervisor", "text_supervisee", "help", "private",
               "required", "multiline", "choices", "min", "max", "min_label", "max_label",
               "parts", "when", "stem"}
HERON_SIX = ["prescriptive", "informative", "confronting", "cathartic", "catalytic",
             "supportive"]


def load(model_id: str) -> dict[str, Any]:
    text = (files("reflect.prompts") / f"{model_id}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def prompts(model_id: str) -> dict[str, dict[str, Any]]:
    return {prompt["id"]: prompt for prompt in load(model_id)["prompts"]}


def option_ids(prompt: dict[str, Any]) -> list[str]:
    return [option["id"] for option in prompt.get("choices") or prompt.get("parts") or []]


def labels_for(model_id: str) -> dict[str, str]:
    """The labels a caller passes a note section: prompt texts and choice/part labels."""
    labels = {}
    for prompt in load(model_id)["prompts"]:
        labels[prompt["id"]] = prompt["text"]
        for option in prompt.get("choices", []) + prompt.get("parts", []):
            labels[f"{prompt['id']}.{option['id']}"] = option["label"]
    return labels


def render(model_id: str, answers: dict[str, Any], previous: dict[str, Any] | None = None,
           role: str = "supervisee") -> str:
    template = environment().get_template(f"model_{model_id}.md.j2")
    return template.render(
        answers=answers, results=results_for(model_id, answers, previous),
        labels=labels_for(model_id), name=load(model_id)["name"], role=role,
    )


# -- the prompt sets -------------------------------------------------------------------


@pytest.mark.parametrize("model_id", MODELS)
def test_prompt_set_top_level_is_complete(model_id):
    data = load(model_id)
    assert set(data) == {"id", "name", "summary", "source", "version", "prompts"}
    assert data["id"] == model_id
    assert isinstance(data["version"], int)
    assert len(data["summary"].strip().splitlines()) == 2


@pytest.mark.parametrize("model_id", MODELS)
def test_prompt_ids_are_unique_and_well_formed(model_id):
    ids = [prompt["id"] for prompt in load(model_id)["prompts"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+", prompt_id) for prompt_id in ids)


@pytest.mark.parametrize("model_id", MODELS)
def test_prompts_use_known_kinds_and_keys(model_id):
    for prompt in load(model_id)["prompts"]:
        assert prompt["kind"] in KINDS, prompt["id"]
        assert set(prompt) <= PROMPT_KEYS, prompt["id"]
        assert prompt["text"].strip(), prompt["id"]
        if prompt["kind"] in ("choice", "multi"):
            ids = option_ids(prompt)
            assert ids and len(ids) == len(set(ids)), prompt["id"]
            for choice in prompt["choices"]:
                assert set(choice) <= {"id", "label", "help", "group"}, prompt["id"]
        if prompt["kind"] == "split":
            assert option_ids(prompt), prompt["id"]


@pytest.mark.parametrize("model_id", MODELS)
def test_every_when_names_an_earlier_prompt(model_id):
    seen: dict[str, dict[str, Any]] = {}
    for prompt in load(model_id)["prompts"]:
        condition = prompt.get("when")
        if condition:
            assert condition["prompt"] in seen, prompt["id"]
            tests = set(condition) - {"prompt"}
            assert len(tests) == 1 and tests <= {"equals", "includes", "answered"}
            if "includes" in condition:
                earlier = seen[condition["prompt"]]
                assert earlier["kind"] == "multi"
                assert condition["includes"] in option_ids(earlier)
        seen[prompt["id"]] = prompt


@pytest.mark.parametrize("model_id", MODELS)
def test_wording_avoids_client_data(model_id):
    text = (files("reflect.prompts") / f"{model_id}.yaml").read_text(encoding="utf-8")
    assert "client data" not in text.lower()


def test_proctor_prompts():
    found = prompts("proctor")
    assert found["split"]["kind"] == "split"
    assert found["split"]["required"] is True
    assert option_ids(found["split"]) == ["normative", "formative", "restorative"]
    for notes in ("normative_notes", "formative_notes", "restorative_notes", "bring_next"):
        assert found[notes]["kind"] == "text"
    assert found["needed_more"]["kind"] == "choice"
    assert option_ids(found["needed_more"]) == [
        "normative", "formative", "restorative", "balance_right"]


def test_heron_prompts():
    found = prompts("heron")
    for multi in ("used", "needed"):
        assert found[multi]["kind"] == "multi"
        assert option_ids(found[multi]) == HERON_SIX
        groups = [choice["group"] for choice in found[multi]["choices"]]
        assert groups == ["authoritative"] * 3 + ["facilitative"] * 3
        assert all(choice.get("help") for choice in found[multi]["choices"])
    assert found["confronting_landed"]["when"] == {"prompt": "used", "includes": "confronting"}
    assert found["cathartic_landed"]["when"] == {"prompt": "used", "includes": "cathartic"}
    assert found["ask_next"]["kind"] == "text"
    assert "I use" in found["used"]["text_supervisor"]
    assert "mix" in found["mix_right"]["text_supervisor"]


def test_stoltenberg_prompts():
    found = prompts("stoltenberg")
    for domain in ("motivation", "autonomy", "awareness"):
        assert found[domain]["kind"] == "choice"
        assert option_ids(found[domain]) == ["level_1", "level_2", "level_3", "level_4"]
        assert all(choice.get("help") for choice in found[domain]["choices"])
        assert found[f"{domain}_evidence"]["kind"] == "text"
    assert found["support"]["kind"] == "text"


def test_desc_prompts():
    found = prompts("desc")
    stems = {"describe": "When", "effect": "The effect is that", "express": "I feel",
             "specify": "I would like you to", "consequences": "That would mean",
             "if_unchanged": "If nothing changes,"}
    for step, stem in stems.items():
        assert found[step]["kind"] == "text"
        assert found[step]["stem"] == stem
        assert f'"{stem} ...' in " ".join(found[step]["help"].split())
    assert found["tips"]["kind"] == "multi"
    assert option_ids(found["tips"]) == [
        "contract", "personal_or_managerial", "simple_message", "balance", "resistance",
        "apologise", "revisit"]
    assert found["planned_for"]["kind"] == "date" and found["partner"]["kind"] == "text"
    for said in ("said", "agreed"):
        assert found[said]["when"] == {"prompt": "held", "equals": True}
    assert found["follow_up"]["kind"] == "choice"
    assert option_ids(found["follow_up"]) == ["revisit", "set_goal", "none"]


# -- the note sections -----------------------------------------------------------------


@pytest.mark.parametrize("model_id", MODELS)
@pytest.mark.parametrize("role", ["supervisee", "supervisor", "peer"])
def test_section_with_no_answers_is_blank(model_id, role):
    assert render(model_id, {}, role=role).strip() == ""


@pytest.mark.parametrize(("model_id", "answers"), [
    ("proctor", {"split": {"normative": 0, "formative": 0, "restorative": 0}}),
    ("heron", {"used": [], "needed": []}),
    ("stoltenberg", {"motivation_evidence": "", "support": ""}),
    ("desc", {"describe": "  ", "express": ""}),
])
def test_section_with_only_empty_answers_is_blank(model_id, answers):
    assert render(model_id, answers).strip() == ""


def assert_tidy(text: str) -> None:
    """Blank lines around headings, no triple gaps, and no heading left with nothing under it.

    A heading followed only by a heading of the same or a higher level is empty.
    """
    lines = text.strip().splitlines()
    assert "\n\n\n" not in text.strip()
    content = [line for line in lines if line.strip()]
    for line, following in zip(content, content[1:] + ["# end"], strict=True):
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            next_level = len(following) - len(following.lstrip("#"))
            assert not 0 < next_level <= level, f"empty section: {line}"
    for line, following in zip(lines, lines[1:] + [""], strict=True):
        if line.startswith("#"):
            assert following == "", line
    assert not any(re.fullmatch(r"[|\s]*", line) and "|" in line for line in lines)


PROCTOR = {
    "split": {"normative": 70, "formative": 25, "restorative": 5},
    "normative_notes": "Reviewed the child protection plans.\nAgreed a caseload cap.",
    "restorative_notes": "Talked about the hard home visit on Tuesday.",
    "needed_more": "restorative",
    "bring_next": "How the court case is affecting me.",
}


def test_proctor_section():
    text = render("proctor", PROCTOR)
    assert text.startswith("## Proctor's three functions\n")
    assert "| Normative (accountability) | 70% |" in text
    assert "| Restorative (support) | 5% |" in text
    assert "Normative   ███████░░░  70%" in text
    assert "Restorative █░░░░░░░░░   5%" in text
    assert "largest share went to the normative function" in text
    assert "Least attention this time: restorative." in text
    assert "**Needed more:** Restorative (support)." in text
    assert "Agreed a caseload cap." in text
    assert "**Formative (learning)**" not in text
    assert "### To bring next time\n\nHow the court case is affecting me." in text
    assert_tidy(text)


def test_proctor_section_scaled_split_and_skipped_notes():
    text = render("proctor", {"split": {"normative": 3, "formative": 3, "restorative": 3},
                              "needed_more": "balance_right"})
    assert "added up to 9, not 100" in text
    assert "| Normative (accountability) | 34% |" in text
    assert "largest share" not in text
    assert "balance felt about right" in text
    assert "What was covered" not in text and "bring next" not in text
    assert_tidy(text)


def test_proctor_section_without_split_has_no_table():
    text = render("proctor", {"bring_next": "Reading on attachment."})
    assert "|" not in text and "█" not in text
    assert "Reading on attachment." in text
    assert_tidy(text)


HERON = {
    "used": ["prescriptive", "informative", "catalytic"],
    "prescriptive_landed": "Clear; I knew what to do before the core group.",
    "catalytic_landed": "I saw that I have been avoiding the father.",
    "needed": ["cathartic", "catalytic"],
    "mix_right": "more_facilitative",
    "ask_next": "Ten minutes on how the visit felt.",
}


def test_heron_section():
    text = render("heron", HERON)
    assert text.startswith("## Heron's six categories\n")
    assert "| Intervention | Group | Used | Needed |" in text
    assert "| Prescriptive | Authoritative | ✓ |  |" in text
    assert "| Cathartic | Facilitative |  | ✓ |" in text
    assert "| Catalytic | Facilitative | ✓ | ✓ |" in text
    assert "Confronting" not in text and "Supportive" not in text
    assert "- Authoritative used: Prescriptive, Informative\n" in text
    assert "- Facilitative used: Catalytic\n" in text
    assert "%" not in text
    assert "### How they landed" in text
    assert "avoiding the father" in text
    assert "Needed more facilitative" in text
    assert "Ten minutes on how the visit felt." in text
    assert_tidy(text)


def test_heron_section_with_nothing_landed_has_no_landed_heading():
    text = render("heron", {"used": ["supportive"]}, role="supervisor")
    assert "How they landed" not in text and "Next time" not in text
    assert "- Authoritative used: none\n- Facilitative used: Supportive\n" in text
    assert_tidy(text)


STOLTENBERG = {
    "motivation": "level_2",
    "motivation_evidence": "Stayed late often, but enjoyed the parenting assessment.",
    "autonomy": "level_1",
    "awareness": "level_3",
    "awareness_evidence": "Noticed my irritation with the grandmother and named it.",
    "support": "More structure on court work for now.",
}


def test_stoltenberg_section():
    previous = {"motivation": "level_1", "autonomy": "level_2"}
    text = render("stoltenberg", STOLTENBERG, previous)
    assert text.startswith("## Stoltenberg and McNeill's developmental levels\n")
    assert "| Motivation | Level 2 | ↑ up |" in text
    assert "| Autonomy | Level 1 | ↓ down |" in text
    assert "| Awareness | Level 3 | first rating |" in text
    # 1, 2 and 3 are more than a level apart: no one level, and a stance per domain
    assert "**Overall: levels 1-3, uneven:**" in text
    assert "- **Autonomy (level 1):** Offer a safe, well-structured space" in text
    assert "- **Motivation (level 2):** Ease off on structure" in text
    assert "- **Awareness (level 3):** Work as a joint" in text
    assert "- **Autonomy went down since last time**" in text
    assert "**Autonomy**" not in text
    assert "named it." in text
    assert "More structure on court work for now." in text
    assert_tidy(text)


def test_stoltenberg_section_without_previous_has_no_change_column():
    text = render("stoltenberg", {"autonomy": "level_3", "awareness": "level_3"})
    assert "Since last time" not in text
    assert "| Autonomy | Level 3 |\n" in text
    assert "**Overall: level 3.**" in text
    assert "Motivation" not in text
    assert "uneven" not in text and "went down" not in text
    assert "Evidence" not in text
    assert_tidy(text)


DESC = {
    "describe": "Case records for two families were written up over a week after visits.",
    "express": "worried that decisions rest on old information.",
    "specify": "records written within two working days of a visit",
    "consequences": "the team and the families can rely on what is recorded.",
    "tips": ["contract", "balance"],
    "follow_up": "set_goal",
}


def test_desc_section():
    text = render("desc", DESC, role="supervisor")
    assert text.startswith("## DESC script for a difficult conversation\n")
    for heading in ("### Describe", "### Express", "### Specify", "### Consequences"):
        assert heading in text
    assert "> When Case records for two families" in text
    assert "I feel worried that decisions rest on old information. I would like" in text
    assert "- [x] Linked it to what the supervision contract" in text
    assert "- [ ] Balanced" not in text and "- [x] Balanced" in text
    assert "- [ ] Planned when to come back to it" in text
    assert "**Follow-up:** Agree a SMART goal" in text
    assert_tidy(text)


def test_desc_section_with_missing_steps():
    text = render("desc", {"describe": "the visit was cancelled at short notice.",
                           "specify": "a phone call first"})
    assert "### Express" not in text and "### Consequences" not in text
    assert "> I have noticed that the visit was cancelled at short notice. " in text
    assert "Before the conversation" not in text and "Follow-up" not in text
    assert_tidy(text)


def test_desc_section_with_only_follow_up():
    text = render("desc", {"follow_up": "revisit"})
    assert "Script" not in text
    assert "**Follow-up:** Revisit it at a later session." in text
