"""The records the journal holds (sessions, people), as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

RoleName = Literal["supervisee", "supervisor", "peer"]
KindName = Literal["individual", "group", "peer", "virtual", "action-learning"]
ROLES: tuple[str, ...] = get_args(RoleName)
KINDS: tuple[str, ...] = get_args(KindName)
STATUSES = ("draft", "final")


@dataclass
class Person:
    id: int
    name: str
    role: str | None = None


@dataclass
class Session:
    """One supervision session as recorded by the journal's owner."""

    id: str
    held_on: date
    title: str
    kind: str
    role: str
    with_name: str | None
    duration: int | None
    body: str
    status: str
    created: str
    updated: str
    tags: list[str] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    interview: dict[str, Any] | None = None

    @property
    def models(self) -> list[str]:
        return list(self.answers)

    def summary(self) -> dict[str, Any]:
        """The keys `list --json` gives for each session."""
        return {
            "id": self.id,
            "date": self.held_on.isoformat(),
            "title": self.title,
            "with": self.with_name,
            "kind": self.kind,
            "as": self.role,
            "tags": list(self.tags),
            "models": self.models,
            "status": self.status,
            "duration": self.duration,
        }

    def to_dict(self) -> dict[str, Any]:
        """The full record, as `show --format json` gives it."""
        return {
            **self.summary(),
            "body": self.body,
            "answers": self.answers,
            "created": self.created,
            "updated": self.updated,
        }


def default_title(with_name: str | None) -> str:
    return f"Supervision with {with_name}" if with_name else "Supervision"
