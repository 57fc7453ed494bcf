"""The user's own list of names to redact from exports, kept in the journal."""

from __future__ import annotations

from reflect.journal.store import Store
from reflect.settings.clock import now
from reflect.settings.errors import BadInput, NotFound


def _tidy(name: str) -> str:
    return " ".join(name.split())


class RedactNames(Store):
    """The user's own list of names to redact (family names and the like), in the journal."""

    def names(self) -> list[str]:
        return [row["name"] for row in self.rows()]

    def rows(self) -> list[dict[str, str]]:
        return [{"name": name, "added": created} for name, created in self.conn.execute(
            "SELECT name, created FROM redact_names ORDER BY name COLLATE NOCASE, name")]

    def add(self, name: str) -> tuple[str, bool]:
        """Store `name` (spaces tidied); the flag is False if it was already there."""
        name = _tidy(name)
        if not name:
            raise BadInput("a name to redact cannot be empty")
        found = self._find(name)
        if found is not None:
            return found, False
        with self.db.atomic():
            self.db["redact_names"].insert({"name": name, "created": now()})
        return name, True

    def remove(self, name: str) -> str:
        found = self._find(_tidy(name))
        if found is None:
            raise NotFound(f"{name!r} is not on the redaction list",
                           hint="reflect redact list shows the names")
        with self.db.atomic():
            self.db["redact_names"].delete_where("name = ? COLLATE NOCASE", [found])
        return found

    def _find(self, name: str) -> str | None:
        rows = list(self.db["redact_names"].rows_where("name = ? COLLATE NOCASE", [name]))
        return rows[0]["name"] if rows else None
