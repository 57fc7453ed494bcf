"""A quick look into a journal for shell completion: read-only, no migration, no key.

The shell asks while the person types, so this must be fast and must never change or
lock anything: the file is opened read-only and as immutable (no lock, and no -wal or
-shm file made beside it; a write still in another command's log is not seen, which
only leaves a suggestion out), nothing is migrated, and an encrypted journal (no
passphrase can be asked for at a prompt) or any failure gives nothing.
"""

from __future__ import annotations

from pathlib import Path

LIMIT = 50  # suggestions offered at most

_QUERIES = {
    "session": "SELECT id, held_on || '  ' || title FROM sessions WHERE deleted_at IS NULL"
               " AND id >= ? AND id < ? ORDER BY id LIMIT ?",
    "deleted": "SELECT id, held_on || '  ' || title FROM sessions WHERE deleted_at IS NOT NULL"
               " AND id >= ? AND id < ? ORDER BY id LIMIT ?",
    "draft": "SELECT id, held_on || '  ' || title FROM sessions WHERE deleted_at IS NULL"
             " AND status = 'draft' AND id >= ? AND id < ? ORDER BY id LIMIT ?",
    "goal": "SELECT id, title FROM goals WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
    "action": "SELECT id, what FROM actions WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
}


def _rows(path: Path, sql: str, params: list) -> list[tuple]:
    from reflect.trust import cipher, driver

    if not path.is_file() or cipher.is_encrypted(path):
        return []
    try:
        conn = driver.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except Exception:  # noqa: BLE001 - completion offers nothing rather than fail
        return []
    try:
        return conn.execute(sql, params).fetchall()
    except Exception:  # noqa: BLE001 - not a journal, locked, older: nothing to offer
        return []
    finally:
        conn.close()


def ids(path: Path, kind: str, prefix: str) -> list[tuple[str, str]]:
    """(id, what it is) of `kind` records whose id starts with `prefix`."""
    prefix = prefix.strip().lower()
    if any(c not in "0123456789abcdef" for c in prefix):
        return []
    return [(row[0], row[1] or "") for row in _rows(
        path, _QUERIES[kind], [prefix, prefix + "g", LIMIT])]


def names(path: Path, start: str) -> list[str]:
    """People's names beginning with `start` (any case)."""
    return [row[0] for row in _rows(
        path, "SELECT name FROM people WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?",
        [_like(start), LIMIT])]


def tags(path: Path, start: str) -> list[str]:
    """Tags in use beginning with `start` (any case)."""
    return [row[0] for row in _rows(
        path, "SELECT name FROM tags WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?",
        [_like(start), LIMIT])]


def _like(start: str) -> str:
    return start.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
