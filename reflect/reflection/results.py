"""What the supervision models make of a session's answers (see `reflect.models`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflect.journal.facade import Journal
from reflect.journal.records import Session
from reflect.models import results_for


def session_results(journal: Journal, session: Session,
                    earlier: Callable[[Session, str], dict[str, Any] | None] | None = None
                    ) -> dict[str, dict[str, Any]]:
    """Results per model; a model compares with the same person's previous session
    (found by `earlier`, an export's `journal.earlier_answers()`, when given)."""
    earlier = earlier or journal.previous_answers
    found = {}
    for model, answers in session.answers.items():
        previous = earlier(session, model)
        found[model] = results_for(model, answers, previous)
    return found
