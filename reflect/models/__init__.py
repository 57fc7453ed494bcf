"""The supervision models' logic: from a session's answers to the results a note shows.

"Models" here means supervision models (Proctor's three functions, Heron's six
categories, Stoltenberg and McNeill's developmental levels, the DESC script), not data
models; the records live in `reflect.journal.records`. Each module is pure: answers in, a
JSON-serialisable dict out, no I/O, and skipped prompts never raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflect.models import desc, heron, proctor, stoltenberg

ResultsFunction = Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any]]

RESULTS: dict[str, ResultsFunction] = {
    "proctor": proctor.results,
    "heron": heron.results,
    "stoltenberg": stoltenberg.results,
    "desc": desc.results,
}


def results_for(
    model_id: str, answers: dict[str, Any], previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Results for one model's answers; {} for a prompt set with no logic (user-written)."""
    results = RESULTS.get(model_id)
    return results(answers, previous) if results else {}
