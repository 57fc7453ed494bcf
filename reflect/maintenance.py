"""Looking after the journal file: backup, restore, purge, check, and the retention period.

The domain behind `reflect backup`, `restore`, `purge` and `check`. It never prints and never
asks; the commands show plans and reports and ask before anything is replaced or erased.
The SQLite driver and sqlite-utils are imported inside the functions that use them, because
the settings module imports `parse_retention` from here while the CLI starts.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from reflect.dates import parse_date
from reflect.errors import BadInput, JournalError, NotFound

if TYPE_CHECKING:
    from reflect.store import Journal

_PERIOD = re.compile(r"(\d+)\s*([ymd])")
_PERIOD_LIMITS = {"y": 100, "m": 1200, "d": 36500}
PURGE_CHUNK = 500


# retention -------------------------------------------------------------------


def parse_retention(value: Any) -> str | None:
    """A retention period as `6y`, `18m` or `90d` (years, months, days); `none` clears it."""
    text = "" if value is None else str(value).strip().lower()
    if text in ("", "none", "off"):
        return None
    match = _PERIOD.fullmatch(text)
    if not match or not 1 <= int(match[1]) <= _PERIOD_LIMITS[match[2]]:
        raise BadInput(f"expected a period like 6y, 18m or 90d (years, months, days) or none,"
                       f" got {text!r}")
    return f"{int(match[1])}{match[2]}"


def retention_cutoff(period: str, today: date) -> date:
    """Sessions held before this date are older than `period`."""
    count, unit = int(period[:-1]), period[-1]
    if unit == "d":
        return today - timedelta(days=count)
    months = count * 12 if unit == "y" else count
    return parse_date(f"{months} months ago", today)


# files -------------------------------------------------------------------------


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _unused(path: Path) -> Path:
    """`path`, or the same name with -2, -3 ... when a file of that name exists."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_private(source: Path, dest: Path) -> None:
    """A byte-for-byte copy to a new owner-only file, flushed to disk."""
    fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())


def backups_beside(journal_path: Path) -> list[Path]:
    """Copies reflect made next to the journal: backups, and those kept before a change."""
    folder, name = journal_path.parent, journal_path.name
    found = set(folder.glob(f"{name}.backup-*")) | set(folder.glob(f"{name}.before-*.bak"))
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm", "-journal")))


# backup ------------------------------------------------------------------------


def default_backup_path(journal_path: Path, folder: Path | None = None) -> Path:
    """`journal.db.backup-YYYYMMDD-HHMMSS` beside the journal (or in `folder`)."""
    folder = folder or journal_path.parent
    return _unused(folder / f"{journal_path.name}.backup-{_stamp()}")


def backup(journal: Journal, dest: Path | None = None) -> Path:
    """A consistent owner-only copy of the open journal; never overwrites a file."""
    from reflect.backups import backup_to

    if dest is None or Path(dest).is_dir():
        dest = default_backup_path(journal.path, Path(dest) if dest else None)
    # owner-only, refuses an existing file, and keyed like the journal when it is encrypted
    backup_to(journal.db.conn, Path(dest), journal.passphrase)
    _fsync(Path(dest))
    return Path(dest)


# restore -----------------------------------------------------------------------


@dataclass
class BackupSummary:
    path: Path
    sessions: int
    latest: str | None
    schema: str


@dataclass
class Restored:
    summary: BackupSummary
    kept: Path | None


def _open_read_only(source: Path, passphrase: str | None = None):
    """A connection that cannot change `source`, nor leave -wal or -shm files beside it."""
    from reflect import crypto

    wal = Path(f"{source}-wal")
    # A WAL with content must be read through (mode=ro); otherwise immutable creates nothing.
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
    return crypto.connect(f"file:{quote(str(source.resolve()))}?{mode}", passphrase,
                          name=source, uri=True)


def _require_database_file(source: Path, journal_path: Path, passphrase: str | None) -> None:
    from reflect.crypto import EncryptedJournal, is_encrypted
    from reflect.store import SQLITE_HEADER

    if not source.exists():
        raise NotFound(f"no file {source}")
    if source.is_dir():
        raise BadInput(f"{source} is a folder, not a journal")
    if journal_path.exists() and source.resolve() == journal_path.resolve():
        raise BadInput(f"{source} is the journal itself")
    try:
        with open(source, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise JournalError(f"cannot read {source}: {e.strerror or e}") from e
    if is_encrypted(source):
        if passphrase is None:
            raise EncryptedJournal(f"{source} is encrypted; its passphrase is needed")
    elif header != SQLITE_HEADER:
        raise JournalError(f"{source} is not a reflect journal (not an SQLite database)")


def _summary(conn, source: Path) -> BackupSummary:
    from sqlite_utils import Database

    from reflect.migrations import migrations
    from reflect.store import _check_schema

    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise JournalError(f"{source} is damaged: {result[0]}", hint="try another backup")
    db = Database(conn)
    _check_schema(db, source)
    applied = migrations.applied(db)
    if not applied:
        raise JournalError(f"{source} is not a reflect journal")
    sessions, latest = conn.execute("SELECT COUNT(*), MAX(held_on) FROM sessions").fetchone()
    return BackupSummary(source, sessions, latest, applied[-1].name)


def inspect_backup(source: Path, journal_path: Path,
                   passphrase: str | None = None) -> BackupSummary:
    """Check that `source` is a sound reflect journal this version can open; change nothing."""
    from reflect import driver

    source = Path(source).expanduser()
    _require_database_file(source, journal_path, passphrase)
    try:
        conn = _open_read_only(source, passphrase)
        try:
            return _summary(conn, source)
        finally:
            conn.close()
    except driver.DatabaseError as e:
        raise JournalError(f"{source} is damaged or not a reflect journal: {e}") from e


def restore(source: Path, journal_path: Path, passphrase: str | None = None) -> Restored:
    """Replace the journal with the checked backup at `source`, keeping the current one.

    An encrypted backup needs its `passphrase`, and the journal restored from it keeps it.
    """
    from reflect import paths
    from reflect.store import _private_umask, open_journal

    summary = inspect_backup(source, journal_path, passphrase)
    paths.ensure_private_dir(journal_path.parent)
    with _private_umask():
        incoming = _copy_in(summary.path, journal_path, passphrase)
        try:
            kept = _swap(incoming, journal_path, passphrase)
        except BaseException:
            incoming.unlink(missing_ok=True)
            raise
    open_journal(journal_path, passphrase).close()  # migrates a backup from an older reflect
    return Restored(summary, kept)


def _copy_in(source: Path, journal_path: Path, passphrase: str | None) -> Path:
    """The backup, copied through the backup API to a hidden file beside the journal."""
    from reflect.backups import backup_to

    incoming = journal_path.with_name(f".{journal_path.name}.restore-{uuid.uuid4().hex[:12]}")
    conn = _open_read_only(source, passphrase)
    try:
        backup_to(conn, incoming, passphrase)
        _fsync(incoming)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    return incoming


def _swap(incoming: Path, journal_path: Path, passphrase: str | None) -> Path | None:
    """Keep the current journal aside, then move `incoming` into its place in one step."""
    kept = None
    lock = _lock(journal_path, passphrase) if journal_path.exists() else None
    try:
        if journal_path.exists():
            kept = _set_aside(journal_path)
        os.replace(incoming, journal_path)
        _fsync(journal_path.parent)
    finally:
        if lock is not None:
            lock.close()
    return kept


def _lock(journal_path: Path, passphrase: str | None):
    """Fold the WAL into the journal and hold it exclusively; None if it is too damaged.

    An encrypted journal is keyed with the backup's passphrase; with another, it is kept
    aside as a damaged one would be.
    """
    from reflect import crypto, driver

    key = passphrase if crypto.is_encrypted(journal_path) else None
    try:
        conn = crypto.connect(str(journal_path), key, isolation_level=None)
    except (driver.DatabaseError, crypto.WrongPassphrase):
        return None
    try:
        crypto.take_journal(conn, "BEGIN EXCLUSIVE")
    except driver.DatabaseError:
        return None
    return conn


def _set_aside(journal_path: Path) -> Path:
    """Copy the journal (and a WAL a damaged one left) aside; drop its stale -wal, -shm."""
    kept = _unused(journal_path.with_name(f"{journal_path.name}.before-restore-{_stamp()}.bak"))
    _copy_private(journal_path, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{journal_path}{suffix}")
        if not side.exists():
            continue
        if suffix == "-wal" and side.stat().st_size:
            _copy_private(side, Path(f"{kept}-wal"))  # SQLite pairs it with the copy
        # Left beside the new file, an old WAL would be replayed into it.
        side.unlink()
    return kept


# purge -------------------------------------------------------------------------


@dataclass
class PurgeCriteria:
    before: date | None = None
    with_name: str | None = None
    deleted: bool = False


@dataclass
class PurgePlan:
    criteria: PurgeCriteria
    sessions: list[dict[str, Any]]
    counts: dict[str, int]

    @property
    def ids(self) -> list[str]:
        return [s["id"] for s in self.sessions]


_COUNTS = {
    "private reflections": "SELECT COUNT(*) FROM sessions WHERE private != '' AND id IN ({})",
    "answers": "SELECT COUNT(*) FROM answers WHERE session_id IN ({})",
    "earlier versions": "SELECT COUNT(*) FROM session_versions WHERE session_id IN ({})",
    "tag links": "SELECT COUNT(*) FROM session_tags WHERE session_id IN ({})",
    "attendees": "SELECT COUNT(*) FROM session_people WHERE session_id IN ({})",
    "goals kept, unlinked": "SELECT COUNT(*) FROM goals WHERE session_id IN ({})",
    "actions kept, unlinked": "SELECT COUNT(*) FROM actions WHERE session_id IN ({})",
}


def _purge_where(journal: Journal, criteria: PurgeCriteria) -> tuple[str, list[Any]]:
    if criteria.before is None and not criteria.deleted:
        raise BadInput("say what to purge: --before DATE, --deleted, or both")
    if criteria.with_name and criteria.before is None:
        raise BadInput("--with narrows --before", hint="give --before DATE too")
    clauses, params = [], []
    if criteria.before is not None:
        clause, params = "s.held_on < ?", [criteria.before.isoformat()]
        if criteria.with_name:
            person = journal.find_person(criteria.with_name)
            if person is None:
                raise NotFound(f"no person called {criteria.with_name!r}")
            clause += (" AND (s.with_id = ? OR s.id IN"
                       " (SELECT session_id FROM session_people WHERE person_id = ?))")
            params += [person.id, person.id]
        clauses.append(f"({clause})")
    if criteria.deleted:
        clauses.append("s.deleted_at IS NOT NULL")
    return " OR ".join(clauses), params


def plan_purge(journal: Journal, criteria: PurgeCriteria) -> PurgePlan:
    """What a purge with `criteria` would erase: the sessions, and counts of what goes too."""
    where, params = _purge_where(journal, criteria)
    cursor = journal.db.execute(
        "SELECT s.id, s.held_on, s.title, p.name AS with_name, s.deleted_at FROM sessions s"
        f" LEFT JOIN people p ON p.id = s.with_id WHERE {where}"
        " ORDER BY s.held_on, s.created, s.id", params)
    columns = [c[0] for c in cursor.description]
    sessions = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    ids = [s["id"] for s in sessions]
    counts = {"sessions": len(ids),
              "of them deleted": sum(1 for s in sessions if s["deleted_at"])}
    for label, sql in _COUNTS.items():
        counts[label] = sum(journal.db.execute(sql.format(",".join("?" * len(chunk))),
                                               chunk).fetchone()[0]
                            for chunk in _chunks(ids))
    return PurgePlan(criteria, sessions, counts)


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), PURGE_CHUNK):
        yield ids[start:start + PURGE_CHUNK]


def purge(journal: Journal, plan: PurgePlan) -> bool:
    """Erase the planned sessions for good; True when the WAL could be emptied as well.

    secure_delete zeroes the freed pages, the FTS5 index (secure-delete on) drops the text
    through the delete trigger, VACUUM rebuilds the file without free pages, and the
    checkpoint truncates the WAL that still held earlier copies of the pages.
    """
    db = journal.db
    db.execute("PRAGMA secure_delete = ON")
    with db.atomic():
        for chunk in _chunks(plan.ids):
            marks = ",".join("?" * len(chunk))
            tag_ids = [r[0] for r in db.execute(
                f"SELECT DISTINCT tag_id FROM session_tags WHERE session_id IN ({marks})", chunk)]
            db.execute(f"DELETE FROM sessions WHERE id IN ({marks})", chunk)
            _drop_unused_tags(db, tag_ids)
    db.vacuum()
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return busy == 0


def _drop_unused_tags(db, tag_ids: list[int]) -> None:
    """A tag only purged sessions used goes too: a tag can name a family."""
    for tag_id in tag_ids:
        db.execute("DELETE FROM tags WHERE id = ? AND id NOT IN"
                   " (SELECT tag_id FROM session_tags)", [tag_id])


# check -------------------------------------------------------------------------


@dataclass
class Finding:
    name: str
    what: str
    ok: bool
    problems: list[str] = field(default_factory=list)


@dataclass
class Reminder:
    name: str
    message: str
    count: int
    command: str | None = None


@dataclass
class CheckReport:
    journal: Path
    sessions: int
    findings: list[Finding]
    reminders: list[Reminder]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"journal": str(self.journal), "ok": self.ok, "sessions": self.sessions,
                "checks": [asdict(f) for f in self.findings],
                "reminders": [asdict(r) for r in self.reminders]}


def _integrity(db) -> Finding:
    rows = [str(row[0]) for row in db.execute("PRAGMA integrity_check")]
    return Finding("integrity", "the database file (PRAGMA integrity_check)", rows == ["ok"],
                   [] if rows == ["ok"] else rows)


def _foreign_keys(db) -> Finding:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    problems = [f"{table} row {rowid} points to a missing {parent}"
                for table, rowid, parent, _ in rows]
    return Finding("links", "links between records (PRAGMA foreign_key_check)", not rows,
                   problems)


def _search_index(db) -> Finding:
    """The index is sound and holds exactly the sessions not deleted.

    FTS5's check against the content table (rank 1) counts deleted sessions, which are
    rightly out of the index, as missing; with any of those, the index's own check (rank 0)
    and a comparison of which sessions it holds stand in.
    """
    from reflect import driver

    what = "the search index (FTS5 integrity-check)"
    hidden = db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NOT NULL"
                        ).fetchone()[0]
    try:
        db.execute("INSERT INTO sessions_fts(sessions_fts, rank) VALUES ('integrity-check', ?)",
                   [0 if hidden else 1])
    except driver.DatabaseError as e:
        return Finding("search_index", what, False, [f"out of step with the sessions: {e}"])
    finally:
        db.conn.rollback()
    problems = _index_rows(db) if hidden else []
    return Finding("search_index", what, not problems, problems)


def _index_rows(db) -> list[str]:
    missing = db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NULL AND rowid"
                         " NOT IN (SELECT id FROM sessions_fts_docsize)").fetchone()[0]
    extra = db.execute("SELECT COUNT(*) FROM sessions_fts_docsize WHERE id NOT IN (SELECT"
                       " rowid FROM sessions WHERE deleted_at IS NULL)").fetchone()[0]
    return ([f"{missing} session(s) missing from it"] if missing else []) + (
        [f"{extra} entry(ies) for deleted or unknown sessions"] if extra else [])


def _reminders(db, retention: str | None, today: date) -> list[Reminder]:
    found = []
    if retention is None:
        found.append(Reminder("retention", "no retention period is set", 0,
                              "reflect config set retention 6y"))
    else:
        cutoff = retention_cutoff(retention, today).isoformat()
        older = db.execute("SELECT COUNT(*) FROM sessions WHERE held_on < ?",
                           [cutoff]).fetchone()[0]
        found.append(Reminder(
            "retention", f"{older} session(s) held before {cutoff} are older than your "
            f"retention period ({retention})", older,
            f"reflect purge --before {cutoff}" if older else None))
    deleted = db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NOT NULL"
                         ).fetchone()[0]
    if deleted:
        found.append(Reminder("deleted", f"{deleted} deleted session(s) are still in the file",
                              deleted, "reflect purge --deleted"))
    return found


def check(journal: Journal, retention: str | None, today: date | None = None) -> CheckReport:
    """Integrity, links and the search index (problems), and retention reminders (not)."""
    db = journal.db
    findings = [_integrity(db), _foreign_keys(db), _search_index(db)]
    sessions = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    return CheckReport(journal.path, sessions, findings,
                       _reminders(db, retention, today or date.today()))
