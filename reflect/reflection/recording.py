"""Recording a session: free text, an answers file, or a draft for the guided interview.

Answers files (a whole session's answers in YAML or JSON, for `reflect new --answers`) are
checked as strictly as the interview checks typed answers; every problem is reported at
once, and nothing is saved unless there are none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session, default_title
from reflect.settings import config
from reflect.settings.errors import BadInput, PromptSetError

if TYPE_CHECKING:
    from reflect.journal.facade import Journal
    from reflect.reflection.promptsets import Catalog



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
        """Every field filled: today, the settings' role and kind, a title from the person.

        A session is recorded once it has been held: a date in the future is refused (a
        conversation still to come is a DESC plan, not a session)."""
        if self.held_on is not None and self.held_on > date.today():
            raise BadInput(f"the session date {self.held_on.isoformat()} is in the future; "
                           "record a session once it has been held",
                           hint="to plan a conversation, use reflect plan")
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


# answers files ----------------------------------------------------------------------
@dataclass
class SessionAnswers(SessionFields):
    """The session fields an answers file gives, with its reflection and answers."""

    body: str = ""
    private: str = ""
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    keep_private: list[str] = field(default_factory=list)


def parse_answers(data: Any, source: str, catalog: Catalog) -> SessionAnswers:
    """A checked session from a parsed answers document, or PromptSetError naming every
    problem (unknown keys first)."""
    if not isinstance(data, dict):
        raise PromptSetError(source, ["expected a mapping with date, title, with, answers ..."])
    from pydantic import ValidationError

    from reflect.reflection.answers_file import UNKNOWN_KEY, AnswersFile, where
    from reflect.settings.validation import problems

    try:
        checked = AnswersFile.model_validate(data, context={"catalog": catalog})
    except ValidationError as e:
        found = problems(e, words={"extra_forbidden": UNKNOWN_KEY}, where=where)
        raise PromptSetError(source, sorted(found, key=lambda p: UNKNOWN_KEY not in p)) from None
    return SessionAnswers(**checked.model_dump())


# recording --------------------------------------------------------------------------


Agreed = Iterable[tuple[str, date | None]]  # actions agreed: what, and by when


def _recorded(journal: Journal, row: dict[str, Any], actions: Agreed
              ) -> tuple[Session, list[str]]:
    """The session and the actions agreed in it, in one transaction: both or neither."""
    with journal.transaction():
        session, notices = journal.add_session(**row)
        for what, due in actions:
            journal.goals.add_action(what, None, due, session.id)
    return session, notices


def record_free_text(journal: Journal, fields: SessionFields, *, text: str,
                     private: str = "", actions: Agreed = ()) -> tuple[Session, list[str]]:
    return _recorded(journal, {**fields.completed().row(), "body": text, "private": private},
                     actions)


def start_draft(journal: Journal, fields: SessionFields, models: list[str],
                actions: Agreed = (), answers: dict[str, dict[str, Any]] | None = None
                ) -> tuple[Session, list[str]]:
    """A draft session whose guided interview over `models` starts at the first prompt,
    with any `answers` already known (offered to keep as each prompt comes up)."""
    return _recorded(journal, {**fields.completed().row(), "status": "draft",
                               "answers": answers or {},
                               "interview": {"models": list(models), "cursor": 0}}, actions)
