"""What keeps journals in step besides the records themselves.

- Sync bases: per record and per copy (a vault folder, a JSON file), the hash of the record
  as that copy last held it. Sessions keep theirs in `sessions.sync_base`; goals, people and
  actions here, keyed by kind and key (an id, or a person's name folded to lower case).
- Tombstones: a record deleted here or on another machine, as a kind, a key and the time
  (and for a renamed or merged person, the name they became), never its text. A deleted
  session is its own tombstone (`sessions.deleted_at`) until it is purged; then, and for
  people, the tombstone is a row of `tombstones`.
- Kept copies: the other side's copy of a goal, person or action that changed on both
  sides, kept whole so that nothing is lost.
"""

from __future__ import annotations

import json
from typing import Any

from reflect.journal.store import Store
from reflect.settings.clock import now

SESSION, PERSON = "session", "person"
BATCH = 500  # records whose bases one query reads (well under SQLite's 999 parameters)


def person_key(name: str) -> str:
    """A person's key across machines: the name, spaces folded, in lower case."""
    return " ".join(name.split()).casefold()


def _merged(held: str | None, base: dict[str, str | None]) -> str:
    """A record's bases as stored: those `held` (as stored), with the keys of `base` set."""
    return json.dumps({**(json.loads(held) if held else {}), **base}, sort_keys=True)


class VaultStore(Store):
    """Sync bases, tombstones and kept copies in an open journal."""

    # sync bases -----------------------------------------------------------------

    def base(self, kind: str, key: str) -> dict[str, str | None]:
        if kind == SESSION:
            return self.journal.sync_base(key)
        row = self.conn.execute("SELECT base FROM sync_bases WHERE kind = ? AND key = ?",
                                [kind, key]).fetchone()
        return json.loads(row[0]) if row else {}

    def set_bases(self, kind: str, bases: dict[str, dict[str, str | None]]) -> None:
        """Remember each record's hashes as a copy now holds it; other copies' stay.

        The bases held are read a batch of records at a time, not one query per record
        (an export sets the bases of every record it wrote), and only the rows whose text
        changes are written: exporting again into the same copy writes none."""
        keys = list(bases)
        with self.db.atomic():
            for start in range(0, len(keys), BATCH):
                batch = keys[start:start + BATCH]
                held = self._held_texts(kind, batch)
                changed = [(key, text) for key in batch
                           if (text := _merged(held.get(key), bases[key])) != held.get(key)]
                if kind == SESSION:
                    self.db.conn.executemany("UPDATE sessions SET sync_base = ? WHERE id = ?",
                                             [(text, key) for key, text in changed])
                else:
                    self.db.conn.executemany(
                        "INSERT INTO sync_bases (kind, key, base) VALUES (?, ?, ?) ON CONFLICT"
                        " (kind, key) DO UPDATE SET base = excluded.base",
                        [(kind, key, text) for key, text in changed])

    def _held_texts(self, kind: str, keys: list[str]) -> dict[str, str | None]:
        """The bases held for `keys` as stored (one query for them all)."""
        marks = ",".join("?" * len(keys))
        return dict(self.conn.execute(
            f"SELECT id, sync_base FROM sessions WHERE id IN ({marks})" if kind == SESSION
            else f"SELECT key, base FROM sync_bases WHERE kind = ? AND key IN ({marks})",
            keys if kind == SESSION else [kind, *keys]))

    # tombstones -----------------------------------------------------------------

    def tombstones(self) -> list[dict[str, Any]]:
        """Every deletion to carry: deleted sessions, and the rows of `tombstones`, by kind
        and key."""
        found = {(SESSION, row[0]): {"kind": SESSION, "key": row[0], "deleted_at": row[1],
                                     "became": None}
                 for row in self.conn.execute(
                     "SELECT id, deleted_at FROM sessions WHERE deleted_at IS NOT NULL")}
        for kind, key, deleted_at, became in self.conn.execute(
                "SELECT kind, key, deleted_at, became FROM tombstones"):
            found.setdefault((kind, key), {"kind": kind, "key": key,
                                           "deleted_at": deleted_at, "became": became})
        return [found[k] for k in sorted(found)]

    def tombstone(self, kind: str, key: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT deleted_at, became FROM tombstones WHERE kind = ?"
                                " AND key = ?", [kind, key]).fetchone()
        return {"kind": kind, "key": key, "deleted_at": row[0], "became": row[1]} \
            if row else None

    def bury(self, kind: str, key: str, at: str | None = None,
             became: str | None = None) -> None:
        """Record a tombstone; of two for one record, the later stands (a person renamed
        away, back, and away again is carried by the last), so that every machine comes to
        hold the same one."""
        at = at or now()
        with self.db.atomic():
            found = self.tombstone(kind, key)
            if found is None or (at, became or "") > (found["deleted_at"],
                                                     found["became"] or ""):
                self.conn.execute("INSERT OR REPLACE INTO tombstones (kind, key, deleted_at,"
                                  " became) VALUES (?, ?, ?, ?)", [kind, key, at, became])

    def unbury(self, kind: str, key: str) -> None:
        """The record is back (added again, or undeleted after the tombstone)."""
        with self.db.atomic():
            self.conn.execute("DELETE FROM tombstones WHERE kind = ? AND key = ?", [kind, key])

    def unbury_all(self, kind: str, keys: list[str]) -> None:
        """Many records back at once (an import's new ones), in one statement."""
        with self.db.atomic():
            self.db.conn.executemany("DELETE FROM tombstones WHERE kind = ? AND key = ?",
                                     [(kind, key) for key in keys])

    def hide_session(self, session_id: str, at: str) -> None:
        """A session deleted on another machine at `at`: hidden here from that time (the
        earlier of two deletions stands)."""
        with self.db.atomic():
            self.conn.execute("UPDATE sessions SET deleted_at = ? WHERE id = ? AND"
                              " (deleted_at IS NULL OR deleted_at > ?)", [at, session_id, at])

    def restore_session(self, session_id: str, updated: str) -> None:
        """A session undeleted (or changed) on another machine after it was deleted here:
        back, with that machine's stamp, so both hold the same."""
        with self.db.atomic():
            self.conn.execute("UPDATE sessions SET deleted_at = NULL, updated = max(updated, ?)"
                              " WHERE id = ?", [updated, session_id])
            self.unbury(SESSION, session_id)

    def align_updated(self, session_id: str, updated: str) -> None:
        """The later stamp of two copies with the same content, without a new version."""
        with self.db.atomic():
            self.conn.execute("UPDATE sessions SET updated = ? WHERE id = ? AND updated < ?",
                              [updated, session_id, updated])

    def deleted_at(self, session_id: str) -> str | None:
        row = self.conn.execute("SELECT deleted_at FROM sessions WHERE id = ?",
                                [session_id]).fetchone()
        return row[0] if row else None

    def person_row(self, key: str) -> dict[str, Any] | None:
        """The person whose key is `key` (name, role, team, created), or None."""
        return next((row for row in self.journal.people.rows()
                     if person_key(row["name"]) == key), None)

    # kept copies ----------------------------------------------------------------

    def keep_copy(self, kind: str, key: str, copy: dict[str, Any], source: str) -> None:
        text = json.dumps(copy, ensure_ascii=False, sort_keys=True, default=str)
        with self.db.atomic():
            self.conn.execute("INSERT OR IGNORE INTO kept_copies (kind, key, copy, source,"
                              " kept_at) VALUES (?, ?, ?, ?, ?)",
                              [kind, key, text, source, now()])

    def kept_copies(self, kind: str, key: str) -> list[dict[str, Any]]:
        """The other side's copies of a record kept from sync conflicts, oldest first."""
        return [{"copy": json.loads(copy), "source": source, "kept_at": kept_at}
                for copy, source, kept_at in self.conn.execute(
                    "SELECT copy, source, kept_at FROM kept_copies WHERE kind = ? AND key = ?"
                    " ORDER BY id", [kind, key])]
