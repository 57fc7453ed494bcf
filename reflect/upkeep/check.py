"""Checking the journal: integrity, links and the search index, and retention reminders.

The domain behind `reflect check`; it reports and changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.journal import checks
from reflect.settings.dates import retention_cutoff

if TYPE_CHECKING:
    from reflect.journal.facade import Journal


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


def _finding(name: str, what: str, problems: list[str]) -> Finding:
    return Finding(name, what, not problems, problems)


def _reminders(journal: Journal, retention: str | None, today: date) -> list[Reminder]:
    found = []
    if retention is None:
        found.append(Reminder("retention", "no retention period is set", 0,
                              "reflect config set retention 6y"))
    else:
        cutoff = retention_cutoff(retention, today)
        older = checks.count_sessions(journal, held_before=cutoff)
        found.append(Reminder(
            "retention", f"{older} session(s) held before {cutoff.isoformat()} are older than "
            f"your retention period ({retention})", older,
            f"reflect purge --before {cutoff.isoformat()}" if older else None))
    if journal.swept:
        found.append(Reminder(
            "leftovers", f"{len(journal.swept)} file(s) left by an interrupted encrypt, "
            "decrypt or passphrase change were erased when the journal was opened",
            len(journal.swept)))
    deleted = checks.count_sessions(journal, deleted=True)
    if deleted:
        found.append(Reminder("deleted", f"{deleted} deleted session(s) are still in the file",
                              deleted, "reflect purge --deleted"))
    return found


def check(journal: Journal, retention: str | None, today: date | None = None) -> CheckReport:
    """Integrity, links and the search index (problems), and retention reminders (not)."""
    findings = [
        _finding("integrity", "the database file (PRAGMA integrity_check)",
                 checks.integrity_problems(journal)),
        _finding("links", "links between records (PRAGMA foreign_key_check)",
                 checks.link_problems(journal)),
        _finding("search_index", "the search index (FTS5 integrity-check)",
                 checks.search_index_problems(journal)),
        _finding("leftovers", "copies beside the journal from interrupted conversions",
                 [f"{p.name} is still held by a conversion under way"
                  for p in journal.leftovers]),
    ]
    return CheckReport(journal.path, checks.count_sessions(journal), findings,
                       _reminders(journal, retention, today or date.today()))
