"""Purging: erasing sessions for good, so that no word of them is left in the file.

The domain behind `reflect purge`: a plan first (what would go, and counts of what goes
with it), then the erasure through the journal, a VACUUM and a WAL checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.journal import erasing
from reflect.settings.errors import BadInput, JournalError, NotFound
from reflect.trust import driver

if TYPE_CHECKING:
    from reflect.journal.facade import Journal


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


def _person_id(journal: Journal, criteria: PurgeCriteria) -> int | None:
    if criteria.before is None and not criteria.deleted:
        raise BadInput("say what to purge: --before DATE, --deleted, or both")
    if criteria.with_name and criteria.before is None:
        raise BadInput("--with narrows --before", hint="give --before DATE too")
    if not criteria.with_name:
        return None
    person = journal.find_person(criteria.with_name)
    if person is None:
        raise NotFound(f"no person called {criteria.with_name!r}")
    return person.id


def plan_purge(journal: Journal, criteria: PurgeCriteria) -> PurgePlan:
    """What a purge with `criteria` would erase: the sessions, and counts of what goes too."""
    person_id = _person_id(journal, criteria)
    sessions = erasing.candidates(journal, criteria.before, person_id, criteria.deleted)
    ids = [s["id"] for s in sessions]
    counts = {"sessions": len(ids),
              "of them deleted": sum(1 for s in sessions if s["deleted_at"]),
              **erasing.related_counts(journal, ids)}
    return PurgePlan(criteria, sessions, counts)


def purge(journal: Journal, plan: PurgePlan) -> bool:
    """Erase the planned sessions for good, then `finish`; True when all is done.

    secure_delete zeroes the freed pages, the FTS5 index (secure-delete on) drops the text
    through the delete trigger, VACUUM rebuilds the file without free pages, and the
    checkpoint writes it back over the journal file and empties the WAL. False: another
    command has the journal open, and the file keeps the old pages until `finish` runs again.
    """
    erasing.erase_sessions(journal, plan.ids)
    try:
        return finish(journal)
    except JournalError as e:
        raise JournalError(f"erased {len(plan.ids)} session(s), but {e.message}",
                           hint=e.hint) from e


def finish(journal: Journal) -> bool:
    """Rewrite the journal file without free pages and empty the WAL; True when the file
    no longer holds erased text, False while another command holds the journal open."""
    try:
        return erasing.compact(journal)
    except driver.DatabaseError as e:
        raise JournalError(f"rewriting the journal to clear the freed space failed ({e}); "
                           "their text may still be in the file's free pages",
                           hint="free some space, then run reflect purge --finish") from e
