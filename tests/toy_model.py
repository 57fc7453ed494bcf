"""A toy supervision model, added the way any model is: a prompt set (`TOY_SET`, which the
test writes as toy.yaml) and a module declaring `MODEL`."""

from __future__ import annotations

from typing import Any

from reflect.models import Model
from reflect.models.history import answers_of

TOY_SET = """\
id: toy
name: A toy model
summary: Two questions, to show that a model is a prompt set and one module.
source: The test suite.
version: 1
prompts:
  - id: energy
    kind: scale
    text: How much energy did you bring?
    min: 1
    max: 5
  - id: next_step
    kind: text
    text: What will you try next?
"""


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    energy = answers.get("energy")
    return {"energy_band": "high" if energy >= 4 else "low"} if isinstance(energy, int) else {}


def _prepare(sessions: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    return {"toy_energy": [answers_of(s, "toy").get("energy") for s in sessions
                           if "toy" in s.answers]}


def _stats(sessions: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    return {"toy_sessions": sum(1 for s in sessions if "toy" in s.answers)}


MODEL = Model("toy", results, prepare=_prepare, stats=_stats, brings="next_step")
