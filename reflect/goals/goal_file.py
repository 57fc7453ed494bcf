"""The goal file's schema (`goal add --from-file`): each goal's parts, checked before any
is saved. Imported only when a goal file is read (it loads pydantic)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reflect.settings.dates import date_value
from reflect.settings.validation import checked


class GoalFile(BaseModel):
    """One goal as a file gives it; every part is optional but the title."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, validate_default=True)  # checked even when left out
    specific: str | None = None
    measurable: str | None = None
    achievable: str | None = None
    relevant: str | None = None
    due: date | None = None
    partner: str | None = None
    session: str | None = None
    function: str | None = None

    @field_validator("title", mode="plain")
    @classmethod
    def _title(cls, value: Any) -> str:
        text = _text(value)
        if not (text or "").strip():
            raise ValueError("a goal needs a title")
        return text

    @field_validator("specific", "measurable", "achievable", "relevant", "partner", "session",
                     "function", mode="plain")
    @classmethod
    def _part(cls, value: Any) -> str | None:
        return _text(value)

    _due = field_validator("due", mode="plain")(staticmethod(checked(date_value)))


def _text(value: Any) -> str | None:
    # YAML reads yes/no/true as booleans, which would become "True" as text
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("expected text")
    return str(value)
