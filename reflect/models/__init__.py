"""The supervision models' logic: from a session's answers to the results a note shows,
and, over a history of sessions, the readings `prepare` and `stats` give.

"Models" here means supervision models (Proctor's three functions, Heron's six
categories, Stoltenberg and McNeill's developmental levels, the DESC script), not data
models; the records live in `reflect.journal.records`. Each module is pure: answers in, a
JSON-serialisable dict out, no I/O, and skipped prompts never raise.

A model is one YAML prompt set in `reflect/prompts/` (its file stem is the model id) and,
where it computes something, one module here holding `MODEL = Model(...)`: the registry
finds it by itself. `prepare` and `stats` ask the registry for each model's readings, so
adding a model touches no other code. May import `reflect.settings` only.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

ResultsFunction = Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any]]
# Readings over a relationship's final sessions, oldest first (records with `id`,
# `held_on` and `answers`), given the options of the run: {"last_n", "neglect_threshold",
# "today"}.
ReadingsFunction = Callable[[list[Any], dict[str, Any]], dict[str, Any]]
# From one session's answers so far: {prompt id: value offered}, or the prompts kept private.
SuggestFunction = Callable[[dict[str, Any]], dict[str, Any]]
PrivateFunction = Callable[[dict[str, Any]], frozenset[str]]


@dataclass(frozen=True)
class Model:
    """What a supervision model computes, registered by its id."""

    id: str
    results: ResultsFunction  # one session's answers (and the previous session's) -> results
    prepare: ReadingsFunction | None = None  # keys it adds to `prepare`
    stats: ReadingsFunction | None = None  # keys it adds to `stats`
    brings: str | None = None  # the prompt whose answer `prepare` carries to next session
    rank: int = 100  # where its readings come in `prepare` and `stats` (low first)
    suggest: SuggestFunction | None = None  # answers offered to keep or edit, from earlier ones
    private: PrivateFunction | None = None  # prompts kept private, given the answers


def suggestions(model_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    """What `model_id` offers for its later prompts, given its answers so far."""
    model = _model(model_id)
    return model.suggest(answers) if model and model.suggest else {}


def private_now(model_id: str, answers: dict[str, Any]) -> frozenset[str]:
    """The prompts `model_id` keeps private for these answers (besides `private: true`)."""
    model = _model(model_id)
    return model.private(answers) if model and model.private else frozenset()


_ADDED: dict[str, Model] = {}


@cache
def _found() -> dict[str, Model]:
    """Every `MODEL` declared by a module of this package."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        model = getattr(import_module(f"{__name__}.{info.name}"), "MODEL", None)
        if isinstance(model, Model):
            found[model.id] = model
    return found


def registry() -> dict[str, Model]:
    """The models by id, in the order their readings are given."""
    every = {**_found(), **_ADDED}
    return dict(sorted(every.items(), key=lambda item: (item[1].rank, item[0])))


def _model(model_id: str) -> Model | None:
    """One model by id, without ordering them all (asked for every note of an export)."""
    return _ADDED.get(model_id) or _found().get(model_id)


def register(model: Model) -> None:
    """Add a model from elsewhere (a plugin, a test); one of the same id is replaced."""
    _ADDED[model.id] = model


def unregister(model_id: str) -> None:
    _ADDED.pop(model_id, None)


def results_for(
    model_id: str, answers: dict[str, Any], previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Results for one model's answers; {} for a prompt set with no logic (user-written)."""
    model = _model(model_id)
    return model.results(answers, previous) if model else {}
