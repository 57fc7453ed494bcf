"""Answers files: a whole session's answers in YAML or JSON, for `reflect new --answers`.

Checked as strictly as the interview checks typed answers; every problem is reported at
once, and nothing is saved unless there are none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reflect.dates import date_in_file
from reflect.errors import PromptSetError
from reflect.interview import check_answers
from reflect.recording import SessionFields
from reflect.records import KINDS, MAX_INTEGER, ROLES

if TYPE_CHECKING:
    from reflect.promptsets import Catalog

TOP_LEVEL = ("date", "title", "with", "attendees", "presenter", "issue", "as", "kind",
             "duration", "tags", "body", "private", "answers")


@dataclass
class SessionAnswers(SessionFields):
    """The session fields an answers file gives, with its reflection and answers."""

    body: str = ""
    private: str = ""
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


def _optional_text(data: dict, key: str, problems: list[str]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.append(f"{key}: expected text")
        return None
    return str(value).strip() or None


def _one_of(data: dict, key: str, choices: tuple[str, ...], problems: list[str]) -> str | None:
    value = data.get(key)
    if value is not None and value not in choices:
        problems.append(f"{key}: expected one of {', '.join(choices)}")
        return None
    return value


def _duration(data: dict, problems: list[str]) -> int | None:
    value = data.get("duration")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INTEGER:
        problems.append("duration: expected a whole number of minutes, 1 or more")
        return None
    return value


def _words(data: dict, key: str, problems: list[str]) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        problems.append(f"{key}: expected a list of words")
        return []
    return value


def _answers(data: dict, catalog: Catalog, problems: list[str]) -> dict[str, dict[str, Any]]:
    given = data.get("answers") or {}
    if not isinstance(given, dict):
        problems.append("answers: expected a mapping of model id to answers")
        return {}
    checked = {}
    for model, values in given.items():
        if model not in catalog.sets:
            problems.append(f"answers: {model}: unknown model; known: "
                            f"{', '.join(sorted(catalog.sets))}")
            continue
        answers, found = check_answers(catalog.sets[model], values or {})
        problems.extend(found)
        if answers:  # a model with nothing answered is left out, as at the terminal
            checked[model] = answers
    return checked


def parse_answers(data: Any, source: str, catalog: Catalog) -> SessionAnswers:
    """A checked session from a parsed answers document, or PromptSetError naming every problem."""
    if not isinstance(data, dict):
        raise PromptSetError(source, ["expected a mapping with date, title, with, answers ..."])
    problems = [f"{key}: unknown key; expected one of {', '.join(TOP_LEVEL)}"
                for key in data if key not in TOP_LEVEL]
    result = SessionAnswers(
        held_on=date_in_file(data.get("date"), problems, "date"),
        title=_optional_text(data, "title", problems),
        with_name=_optional_text(data, "with", problems),
        role=_one_of(data, "as", ROLES, problems),
        kind=_one_of(data, "kind", KINDS, problems),
        duration=_duration(data, problems),
        tags=_words(data, "tags", problems),
        attendees=_words(data, "attendees", problems),
        presenter=_optional_text(data, "presenter", problems),
        issue_presented=_optional_text(data, "issue", problems),
        body=_optional_text(data, "body", problems) or "",
        private=_optional_text(data, "private", problems) or "",
        answers=_answers(data, catalog, problems),
    )
    if problems:
        raise PromptSetError(source, problems)
    return result
