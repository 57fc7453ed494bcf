"""Encryption at rest: encrypt, decrypt, passphrase; and asking for a passphrase.

The domain (`reflect.crypto`) finds a passphrase in a file, a command, the keyring or the
environment; only here is one asked for on a terminal, with hidden input.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from reflect import crypto, render
from reflect.commands.context import State, state
from reflect.commands.options import Yes
from reflect.errors import BadInput, JournalError

T = TypeVar("T")
app = typer.Typer()

TRIES = 3
SOURCES_HINT = ("use --passphrase-file PATH, REFLECT_PASSCOMMAND or REFLECT_PASSPHRASE, "
                "or run it on a terminal to be asked")

Remember = Annotated[bool, typer.Option(
    "--remember", help="Keep the passphrase in your OS keyring (needs the keyring package) "
    "and read it from there from now on.")]
Encrypt = Annotated[bool, typer.Option(
    "--encrypt", help="Create the journal encrypted with a passphrase (SQLCipher): asked "
    "twice on a terminal, or taken from --passphrase-file, REFLECT_PASSCOMMAND or "
    "REFLECT_PASSPHRASE.")]


# asking --------------------------------------------------------------------------------


def _ask(prompt: str) -> str:
    try:
        return getpass.getpass(prompt, stream=sys.stderr)
    except EOFError:
        raise BadInput("no passphrase was given") from None


def _warn_about(found: crypto.Found) -> None:
    if found.source == crypto.PASSPHRASE_ENV and sys.stdin.isatty():
        render.notice(f"Warning: the passphrase comes from {crypto.PASSPHRASE_ENV}, which is "
                      "meant for automation: programs you run can read it. Unset it to be "
                      "asked instead.")


def unlock(st: State, path: Path, attempt: Callable[[str], T]) -> tuple[T, str]:
    """`attempt(passphrase)` with the first source's passphrase, or up to 3 typed ones.

    A passphrase from a file, command, keyring or variable is tried once: a wrong one fails
    at once, without asking.
    """
    found = crypto.find_passphrase(st.passphrase_file, keyring_journal=st.journal_path)
    if found is not None:
        _warn_about(found)
        try:
            return attempt(found.value), found.value
        except crypto.WrongPassphrase:
            raise crypto.WrongPassphrase(f"the passphrase from {found.source} does not open "
                                         f"{path}; nothing was changed") from None
    if not sys.stdin.isatty():
        raise crypto.EncryptedJournal(f"{path} is encrypted and no passphrase was given",
                                      hint=SOURCES_HINT)
    for tried in range(1, TRIES + 1):
        typed = _ask(f"Passphrase for {path}: ")
        try:
            if typed:
                return attempt(typed), typed
        except crypto.WrongPassphrase:
            pass
        if tried < TRIES:
            render.notice("Wrong passphrase; try again.")
    raise crypto.WrongPassphrase(f"wrong passphrase for {path}, {TRIES} times; nothing was "
                                 "changed")


def new_passphrase(st: State, passphrase_file: Path | None = None, sources: bool = True) -> str:
    """A new passphrase: from `passphrase_file`, the usual sources, or typed twice."""
    if passphrase_file is not None:
        return crypto.read_passphrase_file(passphrase_file)
    found = crypto.find_passphrase(st.passphrase_file) if sources else None
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
        if second and crypto.normalise(first) == crypto.normalise(second):
            return first
        render.notice("The two did not match; try again.")
    raise BadInput(f"no new passphrase after {TRIES} tries; nothing was changed")


# commands ------------------------------------------------------------------------------


def _existing(st: State) -> Path:
    path = st.journal_path
    if not path.exists():
        raise JournalError(f"no journal at {path}", hint="reflect init creates one")
    return path


def _check_keyring(path: Path, remember: bool) -> None:
    """Before anything changes: a keyring to keep the passphrase in, when one is wanted."""
    if remember or crypto.remembered(path):
        crypto.keyring_backend()


def init_journal(st: State, encrypt: bool, remember: bool):
    """The journal for `reflect init`: created encrypted with --encrypt, else as usual."""
    path = st.journal_path
    new = not path.exists() or path.stat().st_size == 0
    if remember and not encrypt and not crypto.is_encrypted(path):
        raise BadInput("--remember keeps an encrypted journal's passphrase", hint="add --encrypt")
    if encrypt and not new and not crypto.is_encrypted(path):
        raise BadInput(f"journal {path} exists and is not encrypted",
                       hint="reflect encrypt encrypts it")
    _check_keyring(path, remember)
    journal = st.create_encrypted(new_passphrase(st)) if encrypt and new else st.journal()
    if remember:
        crypto.remember(path, st.passphrase)
    return journal


def _plain_backups(path: Path) -> None:
    from reflect.maintenance import backups_beside

    plain = [p for p in backups_beside(path) if not crypto.is_encrypted(p)]
    if plain:
        render.notice(f"Warning: {len(plain)} earlier backup(s) beside the journal are not "
                      f"encrypted (e.g. {plain[-1].name}); erase them, or they still hold "
                      "everything in plain text.")


@app.command()
def encrypt(ctx: typer.Context, remember: Remember = False) -> None:
    """Encrypt the journal with a passphrase, working on a copy swapped in once checked.

    The passphrase is asked twice on a terminal, or taken from --passphrase-file,
    REFLECT_PASSCOMMAND or REFLECT_PASSPHRASE.

    Example: reflect encrypt --remember
    """
    st = state(ctx)
    path = _existing(st)
    if crypto.is_encrypted(path):
        raise BadInput(f"journal {path} is already encrypted",
                       hint="reflect passphrase changes its passphrase")
    _check_keyring(path, remember)
    st.journal()  # a sound reflect journal, brought up to date, before it is copied
    st.close()
    passphrase = new_passphrase(st)
    crypto.convert(path, None, passphrase)
    if remember:
        crypto.remember(path, passphrase)
    render.notice(f"Encrypted the journal {path}.")
    _plain_backups(path)


@app.command()
def decrypt(ctx: typer.Context, yes: Yes = False) -> None:
    """Remove the journal's encryption, working on a copy swapped in once checked.

    Example: reflect decrypt --yes
    """
    st = state(ctx)
    path = _existing(st)
    if not crypto.is_encrypted(path):
        raise BadInput(f"journal {path} is not encrypted")
    st.journal()
    st.close()
    if not yes:
        if not sys.stdin.isatty():
            raise BadInput("decrypting needs confirmation and there is no terminal to ask on",
                           hint="pass --yes")
        if not typer.confirm(f"Store {path} unencrypted, readable by anyone who gets the "
                             "file?", default=False):
            render.notice("Nothing changed.")
            return
    crypto.convert(path, st.passphrase, None)
    crypto.forget(path)
    render.notice(f"Decrypted the journal {path}; it is no longer encrypted.")


@app.command()
def passphrase(
    ctx: typer.Context,
    new_passphrase_file: Annotated[Path | None, typer.Option(
        "--new-passphrase-file", metavar="PATH",
        help="Read the new passphrase from the first line of this file (default: ask "
             "twice on the terminal).")] = None,
    remember: Remember = False,
) -> None:
    """Change the journal's passphrase: a copy re-encrypted with it replaces the journal.

    The current passphrase comes from the usual sources or is asked for.

    Example: reflect passphrase --remember
    """
    st = state(ctx)
    path = _existing(st)
    if not crypto.is_encrypted(path):
        raise BadInput(f"journal {path} is not encrypted", hint="reflect encrypt encrypts it")
    _check_keyring(path, remember)
    st.journal()
    st.close()
    old = st.passphrase
    new = new_passphrase(st, new_passphrase_file, sources=False)
    if crypto.normalise(new) == crypto.normalise(old):
        raise BadInput("the new passphrase is the same as the current one; nothing changed")
    crypto.convert(path, old, new)
    if remember or crypto.remembered(path):
        crypto.remember(path, new)
    render.notice(f"Changed the passphrase of {path}. Backups made earlier still open with "
                  "the old one.")
