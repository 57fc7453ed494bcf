"""The records the journal holds (sessions, people), as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflect.settings.vocabulary import PLAN

STATUSES = ("draft", "final")
MAX_INTEGER = 2**63 - 1  # the largest whole number the journal (SQLite) can store


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
    attendees: list[str] = field(default_factory=list)
    presenter: str | None = None
    issue_presented: str | None = None
    source_hash: str | None = None
    private: str = ""
    deleted_at: str | None = None
    agreed_by: str | None = None
    agreed_on: date | None = None
    agreed_hash: str | None = None
    private_answers: list[str] = field(default_factory=list)  # "model.prompt" kept private
    front_matter: dict[str, Any] = field(default_factory=dict)  # keys of other tools, kept

    @property
    def models(self) -> list[str]:
        return list(self.answers)

    @property
    def is_plan(self) -> bool:
        """A plan for a conversation (private preparation), not a supervision session held."""
        return self.kind == PLAN

    def snapshot(self) -> dict[str, Any]:
        """Everything an edit can change, as a version keeps it."""
        return {
            "date": self.held_on.isoformat(), "title": self.title, "kind": self.kind,
            "as": self.role, "with": self.with_name, "duration": self.duration,
            "body": self.body, "private": self.private, "tags": list(self.tags),
            "answers": self.answers, "attendees": list(self.attendees),
            "presenter": self.presenter, "issue_presented": self.issue_presented,
            "private_answers": list(self.private_answers),
            "front_matter": dict(self.front_matter),
        }

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
            "attendees": list(self.attendees),
        }

    def to_dict(self) -> dict[str, Any]:
        """The full record, as `show --format json` gives it."""
        return {
            **self.summary(),
            "body": self.body,
            "presenter": self.presenter,
            "issue_presented": self.issue_presented,
            "private": self.private,
            "answers": self.answers,
            "private_answers": list(self.private_answers),
            "front_matter": dict(self.front_matter),
            "created": self.created,
            "updated": self.updated,
        }


def default_title(with_name: str | None) -> str:
    return f"Supervision with {with_name}" if with_name else "Supervision"


GOAL_STATUSES = ("open", "achieved", "partly", "dropped")
SMART_LETTERS = ("specific", "measurable", "achievable", "relevant", "time_bound")


@dataclass
class Review:
    reviewed_on: date
    progress: int
    note: str
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.reviewed_on.isoformat(), "progress": self.progress,
                "note": self.note, "evidence": self.evidence}


@dataclass
class Goal:
    """A SMART goal: the five parts in the user's words, tracked and reviewed."""

    id: str
    title: str
    specific: str
    measurable: str
    achievable: str
    relevant: str
    due: date | None
    function: str | None
    partner: str | None
    session_id: str | None
    status: str
    status_note: str | None
    created: str
    updated: str
    reviews: list[Review] = field(default_factory=list)

    def overdue(self, today: date) -> bool:
        return self.status == "open" and self.due is not None and self.due < today

    def latest_progress(self) -> int | None:
        return self.reviews[-1].progress if self.reviews else None

    def to_dict(self, today: date) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "status": self.status,
            "due": self.due.isoformat() if self.due else None,
            "overdue": self.overdue(today), "specific": self.specific,
            "measurable": self.measurable, "achievable": self.achievable,
            "relevant": self.relevant, "function": self.function, "partner": self.partner,
            "session_id": self.session_id, "status_note": self.status_note,
            "created": self.created, "updated": self.updated,
            "reviews": [r.to_dict() for r in self.reviews],
        }


@dataclass
class Action:
    """A short task a session agreed: what, who (None = me), by when, done or not."""

    id: str
    what: str
    who: str | None
    due: date | None
    done_on: date | None
    session_id: str | None
    created: str

    def overdue(self, today: date) -> bool:
        return self.done_on is None and self.due is not None and self.due < today

    def to_dict(self, today: date) -> dict[str, Any]:
        return {"id": self.id, "what": self.what, "who": self.who,
                "due": self.due.isoformat() if self.due else None,
                "done": self.done_on is not None,
                "done_on": self.done_on.isoformat() if self.done_on else None,
                "overdue": self.overdue(today), "session_id": self.session_id,
                "created": self.created}


@dataclass
class Contract:
    """One version of the supervision contract with a person.

    `terms` holds: frequency_days (int), frequency (text, e.g. "every 4 weeks"),
    length_minutes (int), format, agenda_owner, roles, dual_role, accountability,
    confidentiality, records, support, learning_styles, preparation, areas (list of text),
    history (all text, any may be missing).
    """

    person: str
    version: int
    terms: dict[str, Any]
    review_on: date | None
    created: str

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "version": self.version, **self.terms,
                "review_on": self.review_on.isoformat() if self.review_on else None,
                "created": self.created}
