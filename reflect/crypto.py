"""Encryption at rest: SQLCipher keys, passphrase sources, and converting a journal.

The whole journal file is encrypted by SQLCipher (sqlcipher3, see `reflect.driver`): every
page, the search index and the write-ahead log alike, so search keeps working and nothing is
encrypted field by field. This module owns:

- recognising an encrypted file (its first 16 bytes are not SQLite's plain header);
- the passphrase as SQLCipher gets it: NFC-normalised, and quoted by doubling `'`, because
  `PRAGMA key` takes no `?` parameter;
- connections that are quiet (`cipher_log_level = NONE`, set before keying, so a wrong key
  prints nothing raw on stderr) and keyed, with the key checked at once;
- the passphrase sources a command consults before asking on a terminal, in order:
  a passphrase file, `REFLECT_PASSCOMMAND`, the OS keyring (only for journals the user opted
  in with `--remember`), `REFLECT_PASSPHRASE`;
- `convert`: encrypting, decrypting or re-keying a journal on a copy (`sqlcipher_export`
  into an attached database), checked with `PRAGMA integrity_check` and swapped in whole,
  so an interruption leaves a journal that opens with exactly one of the two keys.

`REFLECT_KDF_ITER` is for the test suite only: it lowers SQLCipher's key derivation
(256,000 PBKDF2 iterations by default) so tests run fast. Production never sets it, and a
journal made with it set opens only with it set to the same number.
"""

from __future__ import annotations

import os
import subprocess
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from reflect import driver
from reflect.errors import BadInput, JournalError

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PAGE_SIZE = 512
PASSPHRASE_ENV = "REFLECT_PASSPHRASE"
PASSCOMMAND_ENV = "REFLECT_PASSCOMMAND"
KDF_ITER_ENV = "REFLECT_KDF_ITER"  # tests only; see the module docstring
KEYRING_SERVICE = "reflect"
KEYRING_HINT = "pip install keyring, into the same environment as reflect"


class EncryptedJournal(JournalError):
    """An encrypted file was to be opened and no passphrase was given."""


class WrongPassphrase(JournalError):
    """The passphrase does not open the file (or the file is not a journal at all)."""


class KeyringUnavailable(JournalError):
    """`--remember` asked for the OS keyring and there is none to use."""


# the file and the key ---------------------------------------------------------------


def is_encrypted(path: Path) -> bool:
    """True when `path` looks like an SQLCipher file: no plain header, whole pages.

    A text file also lacks the header; its printable first bytes (a random salt almost
    never is) and a size that is not a whole number of pages tell it apart.
    """
    try:
        path = Path(path).expanduser()
        size = path.stat().st_size
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError:
        return False
    printable = all(32 <= b < 127 or b in b"\t\r\n" for b in header)
    return (size > 0 and size % MIN_PAGE_SIZE == 0 and header != SQLITE_HEADER
            and not printable)


def normalise(passphrase: str) -> str:
    """The passphrase as typed on any keyboard: NFC, so composed and decomposed forms agree."""
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        raise BadInput("the passphrase is empty")
    if "\x00" in text:
        raise BadInput("the passphrase contains a NUL character")
    return text


def quote(passphrase: str) -> str:
    """An SQL string literal for `PRAGMA key`, which cannot take a `?` parameter."""
    return "'" + normalise(passphrase).replace("'", "''") + "'"


def _kdf_iter() -> int | None:
    value = os.environ.get(KDF_ITER_ENV)
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise BadInput(f"{KDF_ITER_ENV} must be a whole number above 0 (it is for tests only)")
    return int(value)


def _set_kdf_iter(conn, schema: str = "main") -> None:
    iterations = _kdf_iter()
    if iterations:
        conn.execute(f"PRAGMA {schema}.kdf_iter = {iterations}")


def connect(database: str, passphrase: str | None = None, name: object = None, **kwargs):
    """A connection that prints no SQLCipher log; keyed and checked when given a passphrase.

    A wrong key raises `WrongPassphrase` before anything is read or written.
    """
    conn = driver.connect(database, **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # before keying: quiet on a wrong key
        if passphrase is not None:
            conn.execute(f"PRAGMA key = {quote(passphrase)}")
            _set_kdf_iter(conn)
            _check_key(conn, name or database)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_key(conn, name: object) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as e:
        raise WrongPassphrase(f"the passphrase does not open {name} (a wrong passphrase, "
                              "or not a reflect journal)") from e


# passphrase sources -----------------------------------------------------------------


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
    from reflect import paths

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
    from reflect import paths

    names = [n for n in _opt_in_file().read_text().splitlines()
             if n != _key_name(journal)] if _opt_in_file().exists() else []
    names += [_key_name(journal)] if on else []
    paths.ensure_private_dir(_opt_in_file().parent)
    fd = os.open(_opt_in_file(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("".join(f"{n}\n" for n in names))


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


# converting ----------------------------------------------------------------------------


def convert(path: Path, old: str | None, new: str | None) -> None:
    """Re-write the journal at `path` from key `old` to key `new` (None: not encrypted).

    The journal is held exclusively, exported into a new owner-only copy, the copy is checked
    with the new key, and then moved over the journal in one step. Until that step the
    journal is untouched; after it, only the new key opens it.
    """
    path = Path(path)
    _remove_leftovers(path)
    copy = path.with_name(f".{path.name}.convert-{uuid.uuid4().hex[:12]}")
    fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = None
    try:
        conn = _hold(path, old)
        version = _export(conn, copy, new)
        check_copy(copy, new)
        _hold_unchanged(conn, version)
        _fsync(copy)
        _swap(copy, path)
    except driver.DatabaseError as e:
        raise JournalError(f"cannot convert journal {path}: {e}; it was not changed") from e
    finally:
        if conn is not None:
            conn.close()
        for leftover in (copy, Path(f"{copy}-journal")):
            leftover.unlink(missing_ok=True)


def _remove_leftovers(path: Path) -> None:
    """Copies an interrupted conversion left; the journal itself is always whole."""
    for stale in path.parent.glob(f".{path.name}.convert-*"):
        stale.unlink(missing_ok=True)


def take_journal(conn, *statements: str) -> None:
    """Fold the WAL into the journal (removing -wal and -shm), then run `statements`.

    Another command holding the journal is a one-line JournalError; any other database
    error is raised as it is. The connection is closed on any failure.
    """
    from reflect.store import BUSY_TIMEOUT_MS

    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = DELETE")
        for statement in statements:
            conn.execute(statement)
    except driver.DatabaseError as e:
        conn.close()
        if "locked" in str(e) or "busy" in str(e):
            raise JournalError("the journal is in use by another reflect command; nothing "
                               "was changed", hint="try again when it has finished") from e
        raise


def _hold(path: Path, passphrase: str | None):
    """The journal with its WAL folded in and removed, ready to be held exclusively."""
    conn = connect(str(path), passphrase, name=f"journal {path}", isolation_level=None)
    take_journal(conn)
    return conn


def _export(conn, copy: Path, passphrase: str | None) -> int:
    """Export everything into `copy`, keyed with `passphrase`; the data version seen."""
    key = "" if passphrase is None else normalise(passphrase)  # '' attaches it plain
    conn.execute("ATTACH DATABASE ? AS converted KEY ?", [str(copy), key])
    try:
        if passphrase is not None:
            _set_kdf_iter(conn, "converted")
        conn.execute("BEGIN EXCLUSIVE")
        try:
            version = conn.execute("PRAGMA main.data_version").fetchone()[0]
            conn.execute("SELECT sqlcipher_export('converted')")
            user_version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
            conn.execute(f"PRAGMA converted.user_version = {user_version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE converted")
    return version


def check_copy(copy: Path, passphrase: str | None) -> None:
    """The copy opens with the new key and passes SQLite's integrity check."""
    conn = connect(str(copy), passphrase, name=copy)
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    if rows != ["ok"]:
        raise JournalError(f"the converted copy failed its integrity check ({rows[0]}); "
                           "the journal was not changed")


def _hold_unchanged(conn, version: int) -> None:
    """Lock the journal again and make sure no other command wrote to it meanwhile."""
    conn.execute("BEGIN EXCLUSIVE")
    if conn.execute("PRAGMA main.data_version").fetchone()[0] != version:
        raise JournalError("the journal changed while it was being converted; it was not "
                           "changed", hint="try again")


def _swap(copy: Path, path: Path) -> None:
    os.replace(copy, path)
    _fsync_dir(path.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    _fsync(folder)
