"""Encryption at rest: SQLCipher keys, keyed connections, and converting a journal.

The whole journal file is encrypted by SQLCipher (sqlcipher3, see `reflect.trust.driver`): every
page, the search index and the write-ahead log alike, so search keeps working and nothing is
encrypted field by field. This module owns:

- recognising an encrypted file (its first 16 bytes are not SQLite's plain header);
- the passphrase as SQLCipher gets it: NFC-normalised, and quoted by doubling `'`, because
  `PRAGMA key` takes no `?` parameter;
- connections that are quiet (`cipher_log_level = NONE`, set before keying, so a wrong key
  prints nothing raw on stderr) and keyed, with the key checked at once;
- `convert`: encrypting, decrypting or re-keying a journal on a copy (`sqlcipher_export`
  into an attached database), checked with `PRAGMA integrity_check` and swapped in whole,
  so an interruption leaves a journal that opens with exactly one of the two keys.

The passphrase sources are in `reflect.trust.passphrase`.
"""

from __future__ import annotations

import os
import unicodedata
import uuid
from pathlib import Path

from reflect.settings.errors import BadInput, JournalError
from reflect.trust import driver, files

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PAGE_SIZE = 512
CONVERT_MARK = ".convert-"  # in the names of conversion copies beside the journal
# PBKDF2 iterations for new keys; None keeps SQLCipher's default (256,000). Only the test
# suite lowers it, by patching this constant in its own process: nothing a user sets does.
KDF_ITER: int | None = None


class EncryptedJournal(JournalError):
    """An encrypted file was to be opened and no passphrase was given."""


class WrongPassphrase(JournalError):
    """The passphrase does not open the file (or the file is not a journal at all)."""


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


def _set_kdf_iter(conn, schema: str = "main") -> None:
    if KDF_ITER:
        conn.execute(f"PRAGMA {schema}.kdf_iter = {int(KDF_ITER)}")


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


# converting ----------------------------------------------------------------------------


def convert(path: Path, old: str | None, new: str | None) -> None:
    """Re-write the journal at `path` from key `old` to key `new` (None: not encrypted).

    The journal is held exclusively, exported into a new owner-only copy, the copy is checked
    with the new key, and then moved over the journal in one step. Until that step the
    journal is untouched; after it, only the new key opens it.
    """
    path = Path(path)
    sweep_leftovers(path)
    copy = path.with_name(f".{path.name}{CONVERT_MARK}{uuid.uuid4().hex[:12]}")
    files.create_private(copy)
    lock, conn = files.hold(copy), None  # while held, no other command sweeps the copy
    try:
        with files.private_umask():  # SQLite's own notes beside it (-journal, -mj*) too
            conn = _hold(path, old)
            version = _export(conn, copy, new)
            check_copy(copy, new)
            _hold_unchanged(conn, version)
            files.fsync(copy)
            files.replace(copy, path)
    except driver.DatabaseError as e:
        raise JournalError(f"cannot convert journal {path}: {e}; it was not changed") from e
    finally:
        if conn is not None:
            conn.close()
        for leftover in (copy, Path(f"{copy}-journal")):
            files.erase(leftover)  # a decrypted copy holds everything in plain text
        os.close(lock)


def leftovers(path: Path) -> list[Path]:
    """What conversions of the journal at `path` leave beside it if they are interrupted:
    copies (`.NAME.convert-*`, with their own -journal) and SQLite's notes of a transaction
    over two files (`NAME-mj*`). The journal itself is always whole."""
    path = Path(path)
    return sorted({*path.parent.glob(f".{path.name}{CONVERT_MARK}*"),
                   *path.parent.glob(f"{path.name}-mj*")})


def sweep_leftovers(path: Path) -> tuple[list[Path], list[Path]]:
    """Erase (overwrite, then unlink) what interrupted conversions left; a copy that a
    running conversion still holds is left alone, and so are its notes. Returns what was
    erased and what was left."""
    found = leftovers(path)
    live = [p for p in found if CONVERT_MARK in p.name and not p.name.endswith("-journal")
            and files.held_elsewhere(p)]
    left = [p for p in found if any(p.name.startswith(c.name) for c in live)
            or (live and "-mj" in p.name)]
    erased = [p for p in found if p not in left]
    for stale in erased:
        files.erase(stale)
    return erased, left


def take_journal(conn, *statements: str) -> None:
    """Fold the WAL into the journal (removing -wal and -shm), then run `statements`.

    Another command holding the journal is a one-line JournalError; any other database
    error is raised as it is. The connection is closed on any failure.
    """
    try:
        conn.execute(f"PRAGMA busy_timeout = {driver.BUSY_TIMEOUT_MS}")
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
