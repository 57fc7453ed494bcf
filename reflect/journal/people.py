"""People and their supervision contracts, as the journal stores them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from reflect.journal.records import Contract, Person
from reflect.journal.store import Store
from reflect.journal.vault import person_key
from reflect.settings.clock import after, now
from reflect.settings.errors import BadInput, NotFound

# Every column that points at a person, so a merge moves each link.
PERSON_LINKS = (("sessions", "with_id"), ("goals", "partner_id"), ("actions", "who_id"))


class PeopleStore(Store):
    """Reads and writes people and contracts in an open journal."""

    def get(self, name: str) -> Person:
        person = self.journal.find_person(name)
        if person is None:
            raise NotFound(f"no person called {name!r} in the journal",
                           hint="reflect person list shows who is there")
        return person

    def everyone(self) -> list[Person]:
        return [Person(*row) for row in self.conn.execute(
            "SELECT id, name, role FROM people ORDER BY rowid")]

    def rows(self) -> list[dict[str, Any]]:
        """Everyone as stored (name, role, team, created), by name."""
        return [{"name": name, "role": role, "team": team, "created": created}
                for name, role, team, created in self.conn.execute(
                    "SELECT name, role, team, created FROM people"
                    " ORDER BY name COLLATE NOCASE, name")]

    def take_in(self, name: str, role: str | None, team: str | None,
                created: str | None) -> str:
        """A person from an import: added, or the role and team filled in where the journal
        has none; returns "added", "updated" or "unchanged"."""
        found = self.journal.find_person(name)
        if found is None:
            self.db["people"].insert({"name": " ".join(name.split()), "role": role,
                                      "team": team, "created": created or now()})
            self.journal.vault.unbury("person", person_key(name))
            return "added"
        row = self.db["people"].get(found.id)
        fill = {k: v for k, v in (("role", role), ("team", team)) if v and not row[k]}
        if created and created < (row["created"] or created):
            # the earlier of the two: journals that swap exports come to agree on it
            self.db["people"].update(found.id, {"created": created})
        if fill:
            self.db["people"].update(found.id, fill)
        return "updated" if fill else "unchanged"

    def team(self, person: Person) -> str | None:
        return self.conn.execute("SELECT team FROM people WHERE id = ?",
                                 [person.id]).fetchone()[0]

    def add(self, name: str, role: str | None, team: str | None) -> tuple[Person, bool]:
        """Add a person, or set the role and team of one already there; True if new."""
        person, created = self.journal.ensure_person(name, role)
        changes = {k: v for k, v in (("role", role), ("team", team)) if v is not None}
        if changes:
            with self.db.atomic():
                self.db["people"].update(person.id, changes)
        return self.get(person.name), created

    def summaries(self) -> list[dict[str, Any]]:
        """Everyone with last session, session count (sessions held: no plans, nothing
        deleted), open goals and the next due date."""
        rows = self.conn.execute("""
            SELECT p.id, p.name, p.role, p.team,
              (SELECT max(held_on) FROM sessions s WHERE s.with_id = p.id
                 AND s.status = 'final' AND s.kind != 'plan'
                 AND s.deleted_at IS NULL) AS last_session,
              (SELECT count(*) FROM sessions s WHERE s.with_id = p.id
                 AND s.status = 'final' AND s.kind != 'plan'
                 AND s.deleted_at IS NULL) AS sessions,
              (SELECT count(*) FROM goals g WHERE g.partner_id = p.id
                 AND g.status = 'open') AS open_goals,
              (SELECT min(due) FROM (
                 SELECT due FROM goals WHERE partner_id = p.id AND status = 'open'
                 UNION ALL SELECT due FROM actions WHERE who_id = p.id AND done_on IS NULL
               ) WHERE due IS NOT NULL) AS next_due
            FROM people p ORDER BY p.name COLLATE NOCASE
        """).fetchall()
        keys = ("id", "name", "role", "team", "last_session", "sessions", "open_goals",
                "next_due")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def rename(self, old: str, new: str) -> Person:
        person = self.get(old)
        new = " ".join(new.split())
        if not new:
            raise BadInput("a person's name cannot be empty")
        other = self.journal.find_person(new)
        if other is not None and other.id != person.id:
            raise BadInput(f"{other.name!r} is already in the journal",
                           hint=f"reflect person merge {person.name!r} {other.name!r}")
        with self.db.atomic():
            self.db["people"].update(person.id, {"name": new})
            if person_key(person.name) != person_key(new):  # carried as "became"
                self.journal.vault.bury("person", person_key(person.name), became=new)
                self.journal.vault.unbury("person", person_key(new))
        return self.get(new)

    def merge(self, source: str, target: str, at: str | None = None) -> dict[str, int]:
        """Move every link from `source` to `target`, then remove `source`; counts moved.
        The tombstone left for `source` carries the merge to other machines (`at`: when
        it was made there)."""
        a, b = self.get(source), self.get(target)
        if a.id == b.id:
            raise BadInput("cannot merge a person into themselves")
        moved: dict[str, int] = {}
        with self.db.atomic():
            for table, column in PERSON_LINKS:
                cursor = self.conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [b.id, a.id])
                moved[table] = cursor.rowcount
            moved["session_people"] = self.conn.execute(
                "UPDATE OR IGNORE session_people SET person_id = ? WHERE person_id = ?",
                [b.id, a.id]).rowcount
            self.db["session_people"].delete_where("person_id = ?", [a.id])
            moved["contracts"] = self._move_contracts(a.id, b.id)
            rows = self.db["people"].get(a.id), self.db["people"].get(b.id)
            fill = {k: rows[0][k] for k in ("role", "team") if rows[0][k] and not rows[1][k]}
            if fill:  # a role or team only the first had is not lost
                self.db["people"].update(b.id, fill)
            self.db["people"].delete(a.id)
            self.journal.vault.bury("person", person_key(a.name), at, became=b.name)
        return moved

    def _move_contracts(self, from_id: int, to_id: int) -> int:
        """The versions of one person's contract join the other's (a version both hold,
        from an earlier sync, is kept once), numbered in the order they were made."""
        rows = list(self.db["contracts"].rows_where("person_id = ?", [from_id],
                                                    order_by="version"))
        self.db["contracts"].delete_where("person_id = ?", [from_id])
        self.take_in_versions(to_id, [{**row, "terms": json.loads(row["terms"])}
                                      for row in rows])
        return len(rows)

    # contracts ------------------------------------------------------------

    def set_contract(self, name: str, terms: dict[str, Any], review_on: date | None
                     ) -> Contract:
        """Record a new version of the contract with `name`; earlier versions stay."""
        person = self.get(name)
        with self.db.atomic():
            version, latest = self.conn.execute(
                "SELECT coalesce(max(version), 0) + 1, max(created) FROM contracts"
                " WHERE person_id = ?", [person.id]).fetchone()
            self.db["contracts"].insert({
                "person_id": person.id, "version": version,
                "terms": json.dumps(terms, ensure_ascii=False, sort_keys=True),
                "review_on": review_on.isoformat() if review_on else None,
                # made after every version before it, so the order made is the order
                # numbered on every machine (see take_in_versions)
                "created": after(latest)})
        return self.contracts(person.name)[-1]

    def contracts(self, name: str) -> list[Contract]:
        """Every version of the contract with `name`, oldest first."""
        person = self.get(name)
        return [Contract(person=person.name, version=version, terms=json.loads(terms),
                         review_on=date.fromisoformat(review_on) if review_on else None,
                         created=created)
                for version, terms, review_on, created in self.conn.execute(
                    "SELECT version, terms, review_on, created FROM contracts"
                    " WHERE person_id = ? ORDER BY version", [person.id])]

    def contract_rows(self) -> list[dict[str, Any]]:
        """Every version of every contract, by person and version."""
        return [{"person": name, "version": version, "terms": json.loads(terms),
                 "review_on": review_on, "created": created}
                for name, version, terms, review_on, created in self.conn.execute(
                    "SELECT p.name, c.version, c.terms, c.review_on, c.created FROM contracts c"
                    " JOIN people p ON p.id = c.person_id"
                    " ORDER BY p.name COLLATE NOCASE, c.version")]

    def take_in_contract(self, person_id: int, version: int, terms: dict[str, Any],
                         review_on: date | None, created: str | None) -> bool:
        """A contract version from an import; False when that version is there already."""
        if self.conn.execute("SELECT 1 FROM contracts WHERE person_id = ? AND version = ?",
                             [person_id, version]).fetchone():
            return False
        self.db["contracts"].insert({
            "person_id": person_id, "version": version,
            "terms": json.dumps(terms, ensure_ascii=False, sort_keys=True),
            "review_on": review_on.isoformat() if review_on else None, "created": created})
        return True

    def take_in_versions(self, person_id: int, versions: list[dict[str, Any]]) -> int:
        """Contract versions from another copy, joined to the journal's: a version is
        known by when it was made and its terms, so one edited in the vault is kept as
        another version beside the first. Versions are then numbered in the order they
        were made (two in one second by their terms), so every machine numbers them alike.
        The number added."""
        known = {(r["created"], r["terms"])
                 for r in self.db["contracts"].rows_where("person_id = ?", [person_id])}
        added = 0
        for version in versions:
            terms = json.dumps(version["terms"], ensure_ascii=False, sort_keys=True)
            if (version["created"], terms) in known:
                continue
            self.db["contracts"].insert({
                "person_id": person_id, "version": -1 - len(known), "terms": terms,
                "review_on": version["review_on"], "created": version["created"]})
            known.add((version["created"], terms))
            added += 1
        if added:
            ordered = list(self.conn.execute("SELECT id FROM contracts WHERE person_id = ?"
                                             " ORDER BY created, terms", [person_id]))
            for number, (row_id,) in enumerate(ordered, 1):  # out of the way, then in place
                self.db["contracts"].update(row_id, {"version": -number})
            self.conn.execute("UPDATE contracts SET version = -version WHERE person_id = ?",
                              [person_id])
        return added

    def take_in_fields(self, person_id: int, fields: dict[str, Any]) -> None:
        """A person's name, role and team as another copy has them."""
        self.db["people"].update(person_id, fields)

    def contract(self, name: str) -> Contract | None:
        versions = self.contracts(name)
        return versions[-1] if versions else None
