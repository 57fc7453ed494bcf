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
    private: bool = False  # only the private reflection, not the sessions


@dataclass
class PurgePlan:
    criteria: PurgeCriteria
    sessions: list[dict[str, Any]]
    counts: dict[str, int]

    @property
    def ids(self) -> list[str]:
        return [s["id"] for s in self.sessions]


def _person_id(journal: Journal, criteria: PurgeCriteria) -> int | None:
    if criteria.private and (criteria.deleted or criteria.before is None):
        raise BadInput("--private erases the private reflection of sessions held before a "
                       "date", hint="give --before DATE (and --with NAME to narrow it), "
                                    "without --deleted")
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
    """What a purge with `criteria` would erase: the sessions, and counts of what goes too.
    With `criteria.private`, the sessions whose private reflection (now or in an earlier
    version) would go, and how much of it."""
    person_id = _person_id(journal, criteria)
    sessions = erasing.candidates(journal, criteria.before, person_id, criteria.deleted)
    ids = [s["id"] for s in sessions]
    if criteria.private:
        found = {session_id: _private_in(journal, session_id) for session_id in ids}
        sessions = [s for s in sessions if any(found[s["id"]].values())]
        counts = {"sessions": len(sessions),
                  **{what: sum(f[what] for f in found.values())
                     for what in ("private reflections", "private answers",
                                  "earlier versions holding some")}}
        return PurgePlan(criteria, sessions, counts)
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


def purge_private(journal: Journal, plan: PurgePlan) -> bool:
    """Erase the private reflection of the planned sessions for good (the private text,
    answers kept private, and both in every earlier version), leaving each record and its
    agreement as they were; then `finish`, as `purge` does."""
    erasing.erase_private(journal, plan.ids, record_of)
    try:
        return finish(journal)
    except JournalError as e:
        raise JournalError(f"erased the private reflection of {len(plan.ids)} session(s), "
                           f"but {e.message}", hint=e.hint) from e


def record_of(answers: dict[str, dict[str, Any]], marks: list[str]
              ) -> dict[str, dict[str, Any]]:
    """The answers that belong to the record: private ones (by the prompt sets, by the
    model for now, by the person's choice in `marks`) left out."""
    from reflect.reflection.privacy import private_prompts, split_answers
    from reflect.reflection.promptsets import load_catalog

    return split_answers(answers, private_prompts(load_catalog()), marks)[0]


def _private_in(journal: Journal, session_id: str) -> dict[str, int]:
    """How much private reflection a session holds: now, and in its earlier versions."""
    session = journal.session(session_id)
    kept = _answer_count(session.answers) - _answer_count(
        record_of(session.answers, session.private_answers))
    versions = sum(1 for _, _, state in journal.versions(session_id)
                   if state.get("private") or _answer_count(state.get("answers") or {})
                   != _answer_count(record_of(state.get("answers") or {},
                                              state.get("private_answers") or [])))
    return {"private reflections": int(bool(session.private)), "private answers": kept,
            "earlier versions holding some": versions}


def _answer_count(answers: dict[str, dict[str, Any]]) -> int:
    return sum(len(values) for values in answers.values())


def finish(journal: Journal) -> bool:
    """Rewrite the journal file without free pages and empty the WAL; True when the file
    no longer holds erased text, False while another command holds the journal open."""
    try:
        return erasing.compact(journal)
    except driver.DatabaseError as e:
        raise JournalError(f"rewriting the journal to clear the freed space failed ({e}); "
                           "their text may still be in the file's free pages",
                           hint="free some space, then run reflect purge --finish") from e
