"""The errors the domain raises; the CLI turns each into one line on stderr and exit code 1."""

from __future__ import annotations


class ReflectError(Exception):
    """A problem the user can act on: a message, and optionally a hint on what to do."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        text = self.message.replace("\n", " ")
        return f"{text} ({self.hint})" if self.hint else text


class NotFound(ReflectError):
    """An id, prefix or name that matches nothing in the journal."""


class Ambiguous(ReflectError):
    """An id prefix that matches more than one record."""


class BadInput(ReflectError):
    """A value the user gave that cannot be used: a date, a key, a file."""


class JournalError(ReflectError):
    """The journal file cannot be created, opened, read or written."""


class PromptSetError(BadInput):
    """A file (a prompt set, answers, goals) with problems; `problems` lists every one."""

    def __init__(self, subject: str, problems: list[str]):
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(f"{subject} has {count}: " + " | ".join(problems))
        self.subject = subject
        self.problems = problems
