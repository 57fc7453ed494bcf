"""Encryption at rest: init --encrypt, encrypt, decrypt and passphrase.

Keys and conversion are `reflect.trust.cipher`'s, the passphrase sources
`reflect.trust.passphrase`'s, and asking on a terminal `reflect.terminal.passphrase`'s.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from reflect.commands.context import State, state
from reflect.commands.options import Yes
from reflect.settings.errors import BadInput, JournalError
from reflect.terminal import render
from reflect.terminal.passphrase import new_passphrase
from reflect.trust import cipher
from reflect.trust import passphrase as sources
from reflect.upkeep.backup import backups_beside

app = typer.Typer()

Remember = Annotated[bool, typer.Option(
    "--remember", help="Keep the passphrase in your OS keyring (needs the keyring package) "
    "and read it from there from now on.")]
Encrypt = Annotated[bool, typer.Option(
    "--encrypt", help="Create the journal encrypted with a passphrase (SQLCipher): asked "
    "twice on a terminal, or taken from --passphrase-file, REFLECT_PASSCOMMAND or "
    "REFLECT_PASSPHRASE.")]


def _existing(st: State) -> Path:
    path = st.journal_path
    if not path.exists():
        raise JournalError(f"no journal at {path}", hint="reflect init creates one")
    return path


def _check_keyring(path: Path, remember: bool) -> None:
    """Before anything changes: a keyring to keep the passphrase in, when one is wanted."""
    if remember or sources.remembered(path):
        sources.keyring_backend()


def init_journal(st: State, encrypt: bool, remember: bool):
    """The journal for `reflect init`: created encrypted with --encrypt, else as usual."""
    path = st.journal_path
    new = not path.exists()
    if remember and not encrypt and not cipher.is_encrypted(path):
        raise BadInput("--remember keeps an encrypted journal's passphrase", hint="add --encrypt")
    if encrypt and not new and not cipher.is_encrypted(path):
        raise BadInput(f"journal {path} exists and is not encrypted",
                       hint="reflect encrypt encrypts it")
    _check_keyring(path, remember)
    if encrypt and new:
        journal = st.create_encrypted(new_passphrase(st.passphrase_file))
    else:
        journal = st.journal()
    if remember:
        sources.remember(path, st.passphrase)
    return journal


def _plain_backups(path: Path) -> None:
    plain = [p for p in backups_beside(path) if not cipher.is_encrypted(p)]
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
    if cipher.is_encrypted(path):
        raise BadInput(f"journal {path} is already encrypted",
                       hint="reflect passphrase changes its passphrase")
    _check_keyring(path, remember)
    st.journal()  # a sound reflect journal, brought up to date, before it is copied
    st.close()
    passphrase = new_passphrase(st.passphrase_file)
    cipher.convert(path, None, passphrase)
    if remember:
        sources.remember(path, passphrase)
    render.notice(f"Encrypted the journal {path}.")
    _plain_backups(path)


@app.command()
def decrypt(ctx: typer.Context, yes: Yes = False) -> None:
    """Remove the journal's encryption, working on a copy swapped in once checked.

    Example: reflect decrypt --yes
    """
    st = state(ctx)
    path = _existing(st)
    if not cipher.is_encrypted(path):
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
    cipher.convert(path, st.passphrase, None)
    sources.forget(path)
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
    if not cipher.is_encrypted(path):
        raise BadInput(f"journal {path} is not encrypted", hint="reflect encrypt encrypts it")
    _check_keyring(path, remember)
    st.journal()
    st.close()
    old = st.passphrase
    new = new_passphrase(st.passphrase_file, new_passphrase_file, sources=False)
    if cipher.normalise(new) == cipher.normalise(old):
        raise BadInput("the new passphrase is the same as the current one; nothing changed")
    cipher.convert(path, old, new)
    if remember or sources.remembered(path):
        sources.remember(path, new)
    render.notice(f"Changed the passphrase of {path}. Backups made earlier still open with "
                  "the old one.")
