"""Applying imported batches to the journal, one transaction per file.

New records are added with their own ids and times. A record the journal already has
(the same id, or for sources without ids the same content hash) is left alone, so
importing the same thing twice adds nothing. A session or goal whose incoming `updated`
is newer than the journal's replaces it only when the caller allows it (--update; the
store keeps a session's old copy as a version); otherwise its whole file is refused.

A dry run applies everything inside one transaction and rolls it back, so what it
reports is exactly what an import would do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from reflect.journal.facade import Journal
from reflect.journal.records import default_title
from reflect.settings import config
from reflect.settings.errors import ReflectError
from reflect.sharing.exchange import parse_stamp
from reflect.sharing.importing.readers import Batch
from reflect.trust import driver


class Conflict(ReflectError):
    """An incoming record is newer than the journal's and updating was not asked for."""


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls everything back."""


@dataclass
class Tally:
    """What one file did: counts per (kind, verb), and a line per change."""

    counts: Counter = field(default_factory=Counter)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # verb, kind, label
    notices: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # changed on both sides: what was kept

    def record(self, kind: str, verb: str, label: str = "") -> None:
        self.counts[(kind, verb)] += 1
        if verb != "unchanged":
            self.changes.append((verb, kind, label))


@dataclass
class FileResult:
    source: str
    tally: Tally = field(default_factory=Tally)
    rejected: str | None = None
    skipped: str | None = None


@dataclass
class ImportReport:
    files: list[FileResult]
    dry_run: bool

    @property
    def rejected(self) -> list[FileResult]:
        return [f for f in self.files if f.rejected]

    @property
    def conflicts(self) -> list[tuple[str, str]]:
        """(file, what was kept) for each session changed in both places."""
        return [(f.source, line) for f in self.files for line in f.tally.conflicts]

    def totals(self) -> Counter:
        total: Counter = Counter()
        for result in self.files:
            total.update(result.tally.counts)
        return total


def import_batches(journal: Journal, batches: list[Batch], allow_update: bool = False,
                   dry_run: bool = False) -> ImportReport:
    importer = _Importer(journal, allow_update)
    if not dry_run:
        return ImportReport([importer.file(b) for b in batches], dry_run=False)
    files: list[FileResult] = []
    try:
        with journal.transaction():
            files = [importer.file(b) for b in batches]
            raise _DryRun
    except _DryRun:
        pass
    return ImportReport(files, dry_run=True)


def _newer(incoming: str | None, current: str | None) -> bool:
    if not incoming:
        return False
    if not current:
        return True
    try:
        return parse_stamp(incoming) > parse_stamp(current)
    except ValueError:
        return False


def _agreement(record) -> dict[str, Any]:
    return {"agreed_by": record.agreed_by, "agreed_hash": record.agreed_hash,
            "agreed_on": record.agreed_on.isoformat() if record.agreed_on else None}


def _label(held_on, title: str | None, record_id: str | None) -> str:
    return f"{held_on} '{title or ''}'" + (f" ({record_id[:8]})" if record_id else "")


class _Importer:
    """Applies batches to one journal, with the settings that fill in missing fields."""

    def __init__(self, journal: Journal, allow_update: bool):
        self.journal, self.allow_update = journal, allow_update
        self.settings = config.load()
        self._private = None
        self.copy, self.source = "markdown", ""  # the copy being applied ("format:where"), its file
        self._seen: dict[str, tuple[str, str]] = {}  # session id -> (file, its content hash)

    def private_prompts(self):
        if self._private is None:
            from reflect.reflection.privacy import private_prompts
            from reflect.reflection.promptsets import load_catalog

            self._private = private_prompts(load_catalog())
        return self._private

    def file(self, batch: Batch) -> FileResult:
        """One file, all or nothing."""
        if batch.rejected or batch.skipped:
            return FileResult(batch.source, rejected=batch.rejected, skipped=batch.skipped)
        result = FileResult(batch.source)
        self.copy, self.source = batch.copy, batch.source
        result.tally.notices.extend(f"{batch.source}: {w}" for w in batch.warnings)
        try:
            with self.journal.transaction():
                self._apply(batch, result.tally)
        except ReflectError as e:
            return FileResult(batch.source, rejected=e.one_line())
        except driver.DatabaseError as e:
            return FileResult(batch.source, rejected=f"the journal refused it: {e}")
        return result

    def _apply(self, batch: Batch, tally: Tally) -> None:
        for person in batch.people:
            self._person(person, tally)
        for record in batch.sessions:
            self._session(record, tally)
        for contract in batch.contracts:
            self._contract(contract, tally)
        for goal in batch.goals:
            self._goal(goal, tally)
        for action in batch.actions:
            self._action(action, tally)

    def _refuse(self, kind: str, label: str, incoming: str, current: str,
                changed_in_vault: bool = False) -> None:
        kept = "; the old copy is kept in its history" if kind == "session" else ""
        what = ("was changed there since this journal and it were last in step"
                if changed_in_vault else
                f"was changed since the journal's copy (updated {incoming}, the journal's "
                f"{current})")
        raise Conflict(f"{kind} {label} {what}",
                       hint=f"pass --update to replace the journal's copy{kept}")

    # people and sessions ------------------------------------------------------------

    def _person_id(self, name: str | None, tally: Tally) -> int | None:
        if not name:
            return None
        person, created = self.journal.ensure_person(name)
        if created:
            tally.notices.append(f"Added {person.name} to people.")
        return person.id

    def _person(self, person, tally: Tally) -> None:
        done = self.journal.people.take_in(person.name, person.role, person.team,
                                           person.created)
        tally.record("person", done, person.name)

    def _session_fields(self, record) -> dict[str, Any]:
        title = default_title(record.with_name) if record.title is None else record.title
        return {
            "held_on": record.held_on, "title": title,
            "kind": record.kind or self.settings["kind"],
            "role": record.role or self.settings["role"], "with_name": record.with_name,
            "duration": record.duration, "body": record.body or "", "tags": record.tags,
            "private": record.private or "",
            "answers": {model: dict(values) for model, values in record.answers.items()},
            "private_answers": list(record.private_answers),
            "front_matter": dict(record.front_matter),
            "attendees": record.attendees,
            "presenter": record.presenter, "issue_presented": record.issue_presented,
        }

    def _session(self, record, tally: Tally) -> None:
        label = _label(record.held_on, record.title, record.id)
        current = self.journal.stamp_of(session_id=record.id)
        if current is None and self.journal.stamp_of(source_hash=record.source_hash):
            tally.record("session", "unchanged")
        elif current is None:
            session, notices = self.journal.add_session(
                **self._session_fields(record), status=record.status,
                interview=record.interview, session_id=record.id, created=record.created,
                updated=record.updated, source_hash=record.source_hash)
            tally.notices.extend(notices)
            if record.agreed_hash:
                self.journal.set_imported_state(session.id, **_agreement(record))
            self._set_base(session, record.private is not None)
            tally.record("session", "added", label)
        else:
            self._sync_session(record, label, tally)
        self._note_read(record.id)
        for action in record.actions:
            self._action(action.model_copy(update={"session_id": record.id}), tally)

    def _sync_session(self, record, label: str, tally: Tally) -> None:
        """A session the journal has: compare the two copies with their sync base and
        take, keep, or keep both (see `reflect.sharing.sync`)."""
        from dataclasses import replace

        from reflect.reflection.privacy import shared_view
        from reflect.settings.clock import now
        from reflect.sharing import sync

        current = self.journal.session(record.id)
        full = record.private is not None  # the copy carries private reflection
        incoming = replace(current, **self._merged_fields(record, current),
                           status=record.status)
        private = self.private_prompts()
        seen = (lambda s: s) if full else (lambda s: shared_view(s, private))
        vault = sync.content_hash(seen(incoming), full)
        base = self.journal.sync_base(record.id)
        verdict = sync.decide(vault, sync.content_hash(seen(current), full),
                              base.get(sync.mode(full, self.copy)))
        earlier = self._seen.get(record.id)
        if earlier is not None and earlier[1] != vault and verdict != sync.UNCHANGED:
            verdict = sync.CONFLICT  # two files hold this session, differently
        self._seen.setdefault(record.id, (self.source, vault))
        taken = verdict == sync.VAULT or (
            verdict == sync.NO_BASE and _newer(record.updated, current.updated))
        if taken:
            if not self.allow_update:
                self._refuse("session", label, record.updated, current.updated,
                             changed_in_vault=verdict == sync.VAULT)
            # the later of the two stamps: machines that take the same copy agree on it
            updated = current.updated if _newer(current.updated, record.updated) else (
                record.updated or now())
            self._replace_session(record, incoming, tally, updated)
            tally.record("session", "updated", label)
        elif verdict in (sync.CONFLICT, sync.NO_BASE):
            number = self.journal.keep_as_version(incoming, record.updated or now())
            kept = (f"session {label}: kept this journal's copy; the other copy is kept as "
                    f"version {number} (reflect history {record.id[:8]} --diff {number} "
                    f"shows it; reflect revert {record.id[:8]} {number} takes it)")
            if earlier is not None and earlier[1] != vault:
                tally.conflicts.append(f"{earlier[0]} holds this session too, differently: "
                                       f"{kept}")
            elif verdict == sync.CONFLICT:
                tally.conflicts.append(f"changed both here and in the copy imported since "
                                       f"they were last in step: {kept}")
            else:
                newer = "newer" if _newer(current.updated, record.updated) else "as recent"
                tally.notices.append(f"{kept}, as this journal's copy is {newer}")
            tally.record("session", "unchanged")
        else:
            tally.record("session", "unchanged")
        if verdict != sync.CONFLICT:  # a conflict waits, and is reported, until resolved
            self._set_base(incoming, full)

    def _note_read(self, session_id: str) -> None:
        """A vault note's bytes as read: its words are in the journal now (taken, or kept
        as a version), so an export may write over it."""
        import hashlib
        from pathlib import Path

        from reflect.sharing import sync

        path = Path(self.source)
        if self.copy.startswith("markdown:") and path.is_file():
            self.journal.set_sync_bases({session_id: {
                sync.file_key(path, read=True):
                    hashlib.sha256(path.read_bytes()).hexdigest()}})

    def _set_base(self, session, full: bool) -> None:
        """The session's sync base for the copy being applied: its content as that copy
        holds it (the whole of it only when the copy carries private reflection)."""
        from reflect.reflection.privacy import shared_view
        from reflect.sharing import sync

        base = {sync.mode(False, self.copy):
                sync.content_hash(shared_view(session, self.private_prompts()), False)}
        if full:
            base[sync.mode(True, self.copy)] = sync.content_hash(session, True)
        self.journal.set_sync_bases({session.id: base})

    def _merged_fields(self, record, current) -> dict[str, Any]:
        """The incoming copy's fields, with the private reflection it does not carry
        (exports leave it out by default) kept as the journal has it."""
        from reflect.reflection.privacy import split_answers

        fields = self._session_fields(record)
        # an answer kept private on either side stays private
        fields["private_answers"] = sorted({*fields["private_answers"],
                                            *current.private_answers})
        if current.answers:
            _, private = split_answers(current.answers, self.private_prompts(),
                                       current.private_answers)
            for model, values in private.items():
                incoming = fields["answers"].setdefault(model, {})
                for prompt, value in values.items():
                    incoming.setdefault(prompt, value)
        if record.private is None:
            fields["private"] = current.private
        return fields

    def _replace_session(self, record, incoming, tally: Tally, updated: str) -> None:
        """The journal's copy becomes the incoming one (the store keeps the old copy as a
        version)."""
        fields = {name: getattr(incoming, name) for name in (
            "held_on", "title", "kind", "role", "with_name", "duration", "body", "tags",
            "private", "answers", "attendees", "presenter", "issue_presented",
            "private_answers", "front_matter")}
        _, notices = self.journal.update_session(record.id, fields, updated=updated)
        tally.notices.extend(notices)
        self.journal.set_imported_state(
            record.id, status=record.status, interview=record.interview,
            source_hash=record.source_hash, **_agreement(record))

    # contracts, goals and actions (reflect's JSON export) ----------------------------

    def _contract(self, contract, tally: Tally) -> None:
        person_id = self._person_id(contract.person, tally)
        label = f"{contract.person} v{contract.version}"
        if self.journal.people.take_in_contract(person_id, contract.version, contract.terms,
                                                contract.review_on, contract.created):
            tally.record("contract", "added", label)
        else:
            tally.record("contract", "unchanged")

    def _known_session(self, session_id: str | None) -> str | None:
        return session_id if self.journal.stamp_of(session_id=session_id) else None

    def _goal(self, goal, tally: Tally) -> None:
        row = {"id": goal.id, "title": goal.title, "specific": goal.specific,
               "measurable": goal.measurable, "achievable": goal.achievable,
               "relevant": goal.relevant, "due": goal.due.isoformat() if goal.due else None,
               "function": goal.function, "partner_id": self._person_id(goal.partner, tally),
               "session_id": self._known_session(goal.session_id), "status": goal.status,
               "status_note": goal.status_note, "created": goal.created,
               "updated": goal.updated}
        found = self.journal.goals.updated_of(goal.id)
        label = f"'{goal.title}' ({goal.id[:8]})"
        if found and not _newer(goal.updated, found):
            tally.record("goal", "unchanged")
            return
        if found and not self.allow_update:
            self._refuse("goal", label, goal.updated, found)
        self.journal.goals.take_in(row, [
            {"reviewed_on": review.reviewed_on.isoformat(), "progress": review.progress,
             "note": review.note, "evidence": review.evidence,
             "created": review.created or goal.updated} for review in goal.reviews])
        tally.record("goal", "updated" if found else "added", label)

    def _action(self, action, tally: Tally) -> None:
        exists, was_done_on = self.journal.goals.done_on_of(action.id)
        label = f"'{action.what}' ({action.id[:8]})"
        done_on = action.done_on.isoformat() if action.done_on else None
        if not exists:
            self.journal.goals.take_in_action({
                "id": action.id, "what": action.what,
                "who_id": self._person_id(action.who, tally),
                "due": action.due.isoformat() if action.due else None, "done_on": done_on,
                "session_id": self._known_session(action.session_id),
                "created": action.created})
            tally.record("action", "added", label)
        elif done_on and not was_done_on:
            # done on either machine means done: the one change an action goes through
            self.journal.goals.mark_done(action.id, action.done_on)
            tally.record("action", "updated", label)
        else:
            tally.record("action", "unchanged")
