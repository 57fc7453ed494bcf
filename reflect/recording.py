"""Recording a session: free text, an answers file, or a draft for the guided interview."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect import config
from reflect.records import Session, default_title

if TYPE_CHECKING:
    from reflect.answersfile import SessionAnswers
    from reflect.store import Journal


@dataclass
class SessionFields:
    """What the command line said about a session; None means not given."""

    held_on: date | None = None
    title: str | None = None
    with_name: str | None = None
    role: str | None = None
    kind: str | None = None
    duration: int | None = None
    tags: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    presenter: str | None = None
    issue_presented: str | None = None

    def completed(self) -> SessionFields:
        """Every field filled: today, the settings' role and kind, a title from the person."""
        settings = config.load()
        return replace(
            self,
            held_on=self.held_on or date.today(),
            title=self.title or default_title(self.with_name),
            role=self.role or settings["role"],
            kind=self.kind or settings["kind"],
        )

    def over(self, file: SessionFields) -> SessionFields:
        """These fields where given, the answers file's otherwise."""
        return SessionFields(
            held_on=self.held_on or file.held_on, title=self.title or file.title,
            with_name=self.with_name or file.with_name, role=self.role or file.role,
            kind=self.kind or file.kind, duration=self.duration or file.duration,
            tags=self.tags or file.tags, attendees=self.attendees or file.attendees,
            presenter=self.presenter or file.presenter,
            issue_presented=self.issue_presented or file.issue_presented,
        )

    def row(self) -> dict[str, Any]:
        return {"held_on": self.held_on, "title": self.title, "with_name": self.with_name,
                "role": self.role, "kind": self.kind, "duration": self.duration,
                "tags": self.tags, "attendees": self.attendees, "presenter": self.presenter,
                "issue_presented": self.issue_presented}


def record_free_text(journal: Journal, fields: SessionFields, *, text: str,
                     private: str = "") -> tuple[Session, list[str]]:
    return journal.add_session(**fields.completed().row(), body=text, private=private)


def record_answers(journal: Journal, fields: SessionFields, *, parsed: SessionAnswers
                   ) -> tuple[Session, list[str]]:
    """A final session from a checked answers file; command-line fields win over the file's."""
    merged = fields.over(parsed).completed()
    return journal.add_session(**merged.row(), body=parsed.body, private=parsed.private,
                               answers=parsed.answers)


def start_draft(journal: Journal, fields: SessionFields, models: list[str]
                ) -> tuple[Session, list[str]]:
    """A draft session whose guided interview over `models` starts at the first prompt."""
    return journal.add_session(**fields.completed().row(), status="draft",
                               interview={"models": list(models), "cursor": 0})
