"""Adding a supervision model is a prompt set and one module: the registry does the rest."""

from __future__ import annotations

import pytest

from reflect import models
from tests import toy_model


@pytest.fixture
def toy(config_dir):
    (config_dir / "prompts").mkdir(parents=True)
    (config_dir / "prompts" / "toy.yaml").write_text(toy_model.TOY_SET)
    models.register(toy_model.MODEL)
    yield
    models.unregister("toy")


def test_a_toy_model_shows_in_the_note_in_prepare_and_in_stats(reflect, toy, tmp_path):
    answers = tmp_path / "toy.yaml"
    answers.write_text("date: 2026-11-20\nwith: Sam Jones\n"
                       "answers:\n  toy:\n    energy: 4\n    next_step: Try the new form\n")
    session_id = reflect("new", "--answers", str(answers)).stdout.strip()

    note = reflect("show", session_id, "--format", "markdown").stdout
    assert "## A toy model" in note and "- Energy band: high" in note

    prepared = reflect.json("prepare", "--with", "Sam Jones")
    assert prepared["toy_energy"] == [4]
    assert prepared["bring_next"]["toy"] == "Try the new form"
    assert reflect.json("stats")["toy_sessions"] == 1


def test_without_its_module_a_prompt_set_still_records_but_concludes_nothing(
        reflect, config_dir, tmp_path):
    (config_dir / "prompts").mkdir(parents=True)
    (config_dir / "prompts" / "toy.yaml").write_text(toy_model.TOY_SET)
    answers = tmp_path / "toy.yaml"
    answers.write_text("with: Sam Jones\nanswers:\n  toy:\n    energy: 4\n")
    session_id = reflect("new", "--answers", str(answers)).stdout.strip()
    assert "Energy band" not in reflect("show", session_id, "--format", "markdown").stdout
    assert "toy_energy" not in reflect.json("prepare", "--with", "Sam Jones")
    assert "toy" not in models.registry()


def test_the_built_in_models_register_themselves_from_their_modules():
    found = models.registry()
    assert list(found) == ["proctor", "heron", "stoltenberg", "desc"]
    assert {m.id: m.brings for m in found.values() if m.brings} == {
        "proctor": "bring_next", "heron": "ask_next"}
