"""Asking for a passphrase at a terminal: hidden input, three tries, typed twice when new.

The sources (a file, a command, the keyring, the environment) are consulted first, in
`reflect.trust.passphrase`; only when none has one is the person asked.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reflect.settings.errors import BadInput
from reflect.terminal import render
from reflect.trust.cipher import EncryptedJournal, WrongPassphrase, normalise
from reflect.trust.passphrase import PASSPHRASE_ENV, Found, find_passphrase, read_passphrase_file

T = TypeVar("T")

TRIES = 3
SOURCES_HINT = ("use --passphrase-file PATH, REFLECT_PASSCOMMAND or REFLECT_PASSPHRASE, "
                "or run it on a terminal to be asked")



def _ask(prompt: str) -> str:
    try:
        return getpass.getpass(prompt, stream=sys.stderr)
    except EOFError:
        raise BadInput("no passphrase was given") from None


def _warn_about(found: Found) -> None:
    if found.source == PASSPHRASE_ENV and sys.stdin.isatty():
        render.notice(f"Warning: the passphrase comes from {PASSPHRASE_ENV}, which is "
                      "meant for automation: programs you run can read it. Unset it to be "
                      "asked instead.")


def unlock(path: Path, attempt: Callable[[str], T], passphrase_file: Path | None,
           keyring_journal: Path) -> tuple[T, str]:
    """`attempt(passphrase)` with the first source's passphrase, or up to 3 typed ones.

    A passphrase from a file, command, keyring or variable is tried once: a wrong one fails
    at once, without asking.
    """
    found = find_passphrase(passphrase_file, keyring_journal=keyring_journal)
    if found is not None:
        _warn_about(found)
        try:
            return attempt(found.value), found.value
        except WrongPassphrase:
            raise WrongPassphrase(f"the passphrase from {found.source} does not open "
                                         f"{path}; nothing was changed") from None
    if not sys.stdin.isatty():
        raise EncryptedJournal(f"{path} is encrypted and no passphrase was given",
                                      hint=SOURCES_HINT)
    for tried in range(1, TRIES + 1):
        typed = _ask(f"Passphrase for {path}: ")
        try:
            if typed:
                return attempt(typed), typed
        except WrongPassphrase:
            pass
        if tried < TRIES:
            render.notice("Wrong passphrase; try again.")
    raise WrongPassphrase(f"wrong passphrase for {path}, {TRIES} times; nothing was "
                                 "changed")


def new_passphrase(root_file: Path | None, passphrase_file: Path | None = None,
                   sources: bool = True) -> str:
    """A new passphrase: from `passphrase_file`, the usual sources (`root_file` being
    the root `--passphrase-file`), or typed twice."""
    if passphrase_file is not None:
        return read_passphrase_file(passphrase_file)
    found = find_passphrase(root_file) if sources else None
    if found is not None:
        _warn_about(found)
        return found.value
    if not sys.stdin.isatty():
        raise BadInput("a new passphrase is needed and there is no terminal to ask on",
                       hint=SOURCES_HINT)
    for _ in range(TRIES):
        first = _ask("New passphrase: ")
        if not first:
            render.notice("The passphrase cannot be empty.")
            continue
        second = _ask("Type it again: ")
        if second and normalise(first) == normalise(second):
            return first
        render.notice("The two did not match; try again.")
    raise BadInput(f"no new passphrase after {TRIES} tries; nothing was changed")
