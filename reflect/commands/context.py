"""What the root options decide (journal path, debug), shared with every command."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@dataclass
class State:
    journal_option: Path | None = None
    debug: bool = False
    passphrase_file: Path | None = None
    _journal: object = field(default=None, repr=False)
    _passphrase: str | None = field(default=None, repr=False)

    @property
    def journal_path(self) -> Path:
        from reflect.settings import paths

        return paths.journal_path(self.journal_option)

    @property
    def passphrase(self) -> str | None:
        """The passphrase that opened a file in this command, if one was needed."""
        return self._passphrase

    def journal(self):
        """The open journal, opened (and created or migrated) on first use."""
        if self._journal is None:
            from reflect.journal.connection import open_journal
            from reflect.trust.cipher import sweep_leftovers

            path = self.journal_path
            swept, _ = sweep_leftovers(path)  # before any passphrase is asked for
            self._journal = self.with_passphrase(path, lambda key: open_journal(path, key))
            self._journal.swept = swept + self._journal.swept
        return self._journal

    def create_encrypted(self, passphrase: str):
        """Create the journal encrypted with `passphrase`, and keep it open."""
        from reflect.journal.connection import open_journal

        self._journal = open_journal(self.journal_path, passphrase)
        self._passphrase = passphrase
        return self._journal

    def with_passphrase(self, path: Path, attempt: Callable[[str | None], T]) -> T:
        """`attempt(None)` for a plain file; for an encrypted one, `attempt(passphrase)`.

        The passphrase is looked for only then (see `reflect.terminal.passphrase.unlock`),
        and kept for the rest of the command.
        """
        from reflect.trust import cipher

        if not cipher.is_encrypted(path):
            return attempt(None)
        if self._passphrase is not None:
            try:
                return attempt(self._passphrase)
            except cipher.WrongPassphrase:
                pass  # another file, another key (an older backup): look for its own
        from reflect.terminal.passphrase import unlock

        result, self._passphrase = unlock(path, attempt, self.passphrase_file,
                                          self.journal_path)
        return result

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


def state(ctx) -> State:
    return ctx.find_object(State) or State()
