"""The answers file's schema: a whole session's fields and answers, checked as strictly as
the interview checks typed answers. Imported only when an answers file is read (it loads
pydantic); `reflect.reflection.recording.parse_answers` is the way in."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from reflect.journal.records import MAX_INTEGER
from reflect.reflection.interview import check_answers
from reflect.settings.dates import date_value
from reflect.settings.validation import checked
from reflect.settings.vocabulary import KINDS, ROLES

TOP_LEVEL = ("date", "title", "with", "attendees", "presenter", "issue", "as", "kind",
             "duration", "tags", "body", "private", "answers", "keep_private")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError("expected text")
    return str(value).strip() or None


def _words(value: Any) -> list[str]:
    value = value or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError("expected a list of words")
    return value


def _one_of(choices: tuple[str, ...]):
    def check(value: Any) -> str | None:
        if value is not None and value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return value
    return check


class AnswersFile(BaseModel):
    """Fields in the order their problems are reported; keys as the file spells them."""

    model_config = ConfigDict(extra="forbid")

    held_on: date | None = Field(None, alias="date")
    title: str | None = None
    with_name: str | None = Field(None, alias="with")
    role: str | None = Field(None, alias="as")
    kind: str | None = None
    duration: int | None = None
    tags: list[str] = []
    attendees: list[str] = []
    presenter: str | None = None
    issue_presented: str | None = Field(None, alias="issue")
    body: str = ""
    private: str = ""
    answers: dict[str, dict[str, Any]] = {}
    keep_private: list[str] = []  # "model.prompt": answers kept out of the record

    _date = field_validator("held_on", mode="plain")(staticmethod(checked(date_value)))

    @field_validator("title", "with_name", "presenter", "issue_presented", mode="plain")
    @classmethod
    def _optional_text(cls, value: Any) -> str | None:
        return _text(value)

    @field_validator("body", "private", mode="plain")
    @classmethod
    def _reflection(cls, value: Any) -> str:
        return _text(value) or ""

    @field_validator("role", mode="plain")
    @classmethod
    def _role(cls, value: Any) -> str | None:
        return _one_of(ROLES)(value)

    @field_validator("kind", mode="plain")
    @classmethod
    def _kind(cls, value: Any) -> str | None:
        return _one_of(KINDS)(value)

    @field_validator("duration", mode="plain")
    @classmethod
    def _duration(cls, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not (
                1 <= value <= MAX_INTEGER):
            raise ValueError("expected a whole number of minutes, 1 or more")
        return value

    @field_validator("tags", "attendees", mode="plain")
    @classmethod
    def _words(cls, value: Any) -> list[str]:
        return _words(value)

    @field_validator("answers", mode="plain")
    @classmethod
    def _answers(cls, value: Any, info: ValidationInfo) -> dict[str, dict[str, Any]]:
        """Each model's answers checked against its prompt set (`context["catalog"]`);
        a model with nothing answered is left out, as at the terminal."""
        given = value or {}
        if not isinstance(given, dict):
            raise ValueError("answers: expected a mapping of model id to answers")
        catalog, problems, checked = info.context["catalog"], [], {}
        for model, values in given.items():
            if model not in catalog.sets:
                problems.append(f"answers: {model}: unknown model; known: "
                                f"{', '.join(sorted(catalog.sets))}")
                continue
            answers, found = check_answers(catalog.sets[model], values or {})
            problems.extend(found)
            if answers:
                checked[model] = answers
        if problems:
            raise ValueError("\n".join(problems))
        return checked


    @field_validator("keep_private", mode="plain")
    @classmethod
    def _keep_private(cls, value: Any, info: ValidationInfo) -> list[str]:
        """Each entry names an answer given in this file, as model.prompt."""
        keys = _words(value)
        given = info.data.get("answers") or {}
        wrong = [key for key in keys
                 if key.partition(".")[2] not in given.get(key.partition(".")[0], {})]
        if wrong:
            raise ValueError(f"{', '.join(repr(k) for k in wrong)} is not an answer in this "
                             "file; write model.prompt, e.g. heron.used")
        return sorted(set(keys))


UNKNOWN_KEY = f"unknown key; expected one of {', '.join(TOP_LEVEL)}"


def where(loc: tuple) -> str:
    """The file's own key for a location; none for the answers, whose problems name the
    model and prompt themselves."""
    if not loc or loc[0] == "answers":
        return ""
    return str(loc[0])
