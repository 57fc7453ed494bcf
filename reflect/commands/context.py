"""What the root options decide (journal path, debug), shared with every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reflect import paths


@dataclass
class State:
    journal_option: Path | None = None
    debug: bool = False
    _journal: object = field(default=None, repr=False)

    @property
    def journal_path(self) -> Path:
        return paths.journal_path(self.journal_option)

    def journal(self):
        """The open journal, opened (and created or migrated) on first use."""
        if self._journal is None:
            from reflect.store import open_journal

            self._journal = open_journal(self.journal_path)
        return self._journal

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


def state(ctx) -> State:
    return ctx.find_object(State) or State()
