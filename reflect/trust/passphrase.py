"""Passphrase sources: where a command finds an encrypted journal's passphrase.

Consulted before asking on a terminal (`reflect.terminal.passphrase`), in order: a
passphrase file, `REFLECT_PASSCOMMAND`, the OS keyring (only for journals the user opted in
with `--remember`), `REFLECT_PASSPHRASE`.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reflect.settings import paths
from reflect.settings.errors import BadInput, JournalError
from reflect.trust import files
from reflect.trust.cipher import normalise
from reflect.trust.files import write_atomic

PASSPHRASE_ENV = "REFLECT_PASSPHRASE"
PASSCOMMAND_ENV = "REFLECT_PASSCOMMAND"
KEYRING_SERVICE = "reflect"
KEYRING_HINT = "pip install keyring, into the same environment as reflect"


class KeyringUnavailable(JournalError):
    """`--remember` asked for the OS keyring and there is none to use."""



@dataclass
class Found:
    """A passphrase and where it came from, for messages."""

    value: str
    source: str


def read_passphrase_file(path: Path) -> str:
    """The first line of `path`, without its line ending."""
    path = Path(path).expanduser()
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise BadInput(f"cannot read passphrase file {path}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise BadInput(f"passphrase file {path} is not UTF-8 text") from e
    line = text.splitlines()[0] if text else ""
    if not line:
        raise BadInput(f"passphrase file {path} has no passphrase on its first line")
    return line


def run_passcommand(command: str) -> str:
    """The first line `command` prints, run with the shell (as borg and restic do)."""
    try:
        done = subprocess.run(command, shell=True, stdout=subprocess.PIPE, check=False)
    except OSError as e:
        raise BadInput(f"{PASSCOMMAND_ENV} could not be run: {e.strerror or e}") from e
    if done.returncode != 0:
        raise BadInput(f"{PASSCOMMAND_ENV} failed with exit code {done.returncode}")
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    if not lines or not lines[0]:
        raise BadInput(f"{PASSCOMMAND_ENV} printed no passphrase")
    return lines[0]


def find_passphrase(passphrase_file: Path | None = None,
                    keyring_journal: Path | None = None) -> Found | None:
    """The passphrase from the first source that has one, or None: then ask on a terminal.

    The keyring is consulted only when `keyring_journal` was opted in (`--remember`); its
    backups share its key, so restoring one finds it there too.
    """
    if passphrase_file is not None:
        return Found(read_passphrase_file(passphrase_file), f"--passphrase-file {passphrase_file}")
    command = os.environ.get(PASSCOMMAND_ENV)
    if command:
        return Found(run_passcommand(command), PASSCOMMAND_ENV)
    if keyring_journal is not None and remembered(keyring_journal):
        stored = recall(keyring_journal)
        if stored:
            return Found(stored, "the keyring")
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return Found(value, PASSPHRASE_ENV)
    return None


# the OS keyring (opt-in) ----------------------------------------------------------------


def _opt_in_file() -> Path:
    return paths.config_dir() / "keyring-journals"


def _key_name(journal: Path) -> str:
    return str(Path(journal).expanduser().resolve())


def remembered(journal: Path) -> bool:
    """True when the user opted in to keeping this journal's passphrase in the keyring."""
    try:
        return _key_name(journal) in _opt_in_file().read_text().splitlines()
    except OSError:
        return False


def _set_opt_in(journal: Path, on: bool) -> None:
    names = [n for n in _opt_in_file().read_text().splitlines()
             if n != _key_name(journal)] if _opt_in_file().exists() else []
    names += [_key_name(journal)] if on else []
    files.ensure_private_dir(_opt_in_file().parent)
    write_atomic(_opt_in_file(), "".join(f"{n}\n" for n in names).encode("utf-8"))


def keyring_backend():
    """The `keyring` module with a working backend; `keyring` is an optional package."""
    try:
        import keyring
    except ImportError:
        raise KeyringUnavailable("--remember needs the keyring package, which is not "
                                 "installed", hint=KEYRING_HINT) from None
    backend = keyring.get_keyring()
    if type(backend).__module__.endswith(".fail") or getattr(backend, "priority", 1) <= 0:
        raise KeyringUnavailable("--remember found no OS keyring to use on this system",
                                 hint="unlock or install one (Keychain, Credential Manager, "
                                 "Secret Service), or use REFLECT_PASSCOMMAND")
    return keyring


def remember(journal: Path, passphrase: str) -> None:
    """Keep the passphrase in the OS keyring, and opt this journal in to reading it."""
    keyring = keyring_backend()
    try:
        keyring.set_password(KEYRING_SERVICE, _key_name(journal), normalise(passphrase))
    except Exception as e:  # each backend raises its own kind
        raise KeyringUnavailable(f"the keyring did not store the passphrase: {e}") from e
    _set_opt_in(journal, True)


def recall(journal: Path) -> str | None:
    try:
        return keyring_backend().get_password(KEYRING_SERVICE, _key_name(journal))
    except Exception:  # no package, no backend, locked: fall through to the next source
        return None


def forget(journal: Path) -> None:
    """Drop the journal's passphrase from the keyring and its opt-in."""
    if not remembered(journal):
        return
    _set_opt_in(journal, False)
    try:
        keyring_backend().delete_password(KEYRING_SERVICE, _key_name(journal))
    except Exception:
        pass  # nothing stored, or no keyring left: the opt-in is gone either way
