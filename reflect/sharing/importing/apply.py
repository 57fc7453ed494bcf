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
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from reflect.journal.facade import Journal
from reflect.journal.records import default_title
from reflect.journal.vault import SESSION
from reflect.settings import config
from reflect.settings.errors import ReflectError
from reflect.sharing.importing.batch import Batch
from reflect.sharing.importing.records import RecordSync, newer
from reflect.trust import driver

NEW_AT_ONCE = 500  # new sessions added with one statement a kind of row: few round trips,
# and what is held at once stays the same however long the file


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
    batches = sorted(batches, key=_order)
    renamed = [t for b in batches if not (b.rejected or b.skipped) for t in b.tombstones]
    if not dry_run:
        with journal.transaction():
            importer.learn_renames(renamed)
        return ImportReport([importer.file(b) for b in batches], dry_run=False)
    files: list[FileResult] = []
    try:
        with journal.transaction():
            importer.learn_renames(renamed)
            files = [importer.file(b) for b in batches]
            raise _DryRun
    except _DryRun:
        pass
    return ImportReport(files, dry_run=True)


def _order(batch: Batch) -> int:
    """People first, then sessions, contracts, goals, actions, and deletions last (a
    vault holds one kind per file; a JSON file holds every kind and applies them in the
    same order)."""
    kinds = ("people", "sessions", "contracts", "goals", "actions", "tombstones")
    return next((rank for rank, kind in enumerate(kinds) if getattr(batch, kind)), 0)


def _agreement(record) -> dict[str, Any]:
    return {"agreed_by": record.agreed_by, "agreed_hash": record.agreed_hash,
            "agreed_on": record.agreed_on.isoformat() if record.agreed_on else None}


def _label(held_on, title: str | None, record_id: str | None) -> str:
    return f"{held_on} '{title or ''}'" + (f" ({record_id[:8]})" if record_id else "")


class _Importer(RecordSync):
    """Applies batches to one journal, with the settings that fill in missing fields."""

    def __init__(self, journal: Journal, allow_update: bool):
        self.journal, self.allow_update = journal, allow_update
        self.settings = config.load()
        self._private = None
        self.copy, self.source = "markdown", ""  # the copy being applied ("format:where"), its file
        # (kind, key) -> (the first file holding it in this import, its content hash)
        self._seen: dict[tuple[str, str], tuple[str, str]] = {}

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
                self._note_read(batch)
        except ReflectError as e:
            return FileResult(batch.source, rejected=e.one_line())
        except driver.DatabaseError as e:
            return FileResult(batch.source, rejected=f"the journal refused it: {e}")
        return result

    def _apply(self, batch: Batch, tally: Tally) -> None:
        for person in batch.people:
            self._person(person, tally)
        self._sessions(batch.sessions, tally)
        self._contracts(batch.contracts, tally)
        for goal in batch.goals:
            self._goal(goal, tally)
        for action in batch.actions:
            self._action(action, tally)
        for tombstone in batch.tombstones:
            try:
                with self.journal.transaction():  # one that cannot apply changes nothing
                    self._tombstone(tombstone, tally)
            except ReflectError as e:
                tally.notices.append(f"{self.source}: not carried: {e.one_line()}")

    # sessions ----------------------------------------------------------------------

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

    def _sessions(self, records: Iterable, tally: Tally) -> None:
        """Each session in turn; new ones (no id, or one this journal never held) without
        actions are added NEW_AT_ONCE together, with what came before them. Any other goes
        alone, after those gathered before it, so that what it looks at is written: one
        held or buried here, one with actions, a second copy of one earlier in the file."""
        waiting: list = []
        known: set[str] = set()  # ids held, buried, or met in this file before
        records = iter(records)  # (a long file's are read as they are taken)
        while part := list(islice(records, NEW_AT_ONCE)):
            known |= self.journal.known_sessions([r.id for r in part if r.id])
            for record in part:
                alone = record.actions or (record.id and record.id in known)
                if alone or len(waiting) == NEW_AT_ONCE:
                    self._add_new(waiting, tally)
                    waiting = []
                if alone:
                    self._session(record, tally)
                else:
                    waiting.append(record)
                if record.id:
                    known.add(record.id)
        self._add_new(waiting, tally)

    def _add_new(self, records: list, tally: Tally) -> None:
        """New sessions, as `_session` takes each, with one query for those made from the
        same source before (in the journal, or earlier in this import)."""
        known = self.journal.known_sources([r.source_hash for r in records if r.source_hash])
        new = []
        for record in records:
            if record.source_hash and record.source_hash in known:
                tally.record("session", "unchanged")
                continue
            if record.source_hash:
                known.add(record.source_hash)
            new.append(record)
        if not new:
            return
        added = self.journal.add_sessions([{
            **self._session_fields(r), "status": r.status, "interview": r.interview,
            "session_id": r.id, "created": r.created, "updated": r.updated,
            "source_hash": r.source_hash}
            for r in new])
        bases = {}
        for record, (session, notices) in zip(new, added, strict=True):
            tally.notices.extend(notices)
            if record.agreed_hash:
                self.journal.set_imported_state(session.id, **_agreement(record))
            bases[session.id] = self._base(session, record.private is not None)
            tally.record("session", "added", _label(record.held_on, record.title, record.id))
        self.journal.vault.unbury_all(SESSION, list(bases))
        self.journal.set_sync_bases(bases)

    def _session(self, record, tally: Tally) -> None:
        label = _label(record.held_on, record.title, record.id)
        current = self.journal.stamp_of(session_id=record.id)
        if self._deleted_since(record, current):
            tally.record("session", "unchanged")  # a copy from before it was deleted here
            return
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
            self.journal.vault.unbury(SESSION, session.id)
            self._set_base(session, record.private is not None)
            tally.record("session", "added", label)
        else:
            self._sync_session(record, label, tally)
        for action in record.actions:
            self._action(action.model_copy(update={"session_id": record.id}), tally)

    def _deleted_since(self, record, current) -> bool:
        """True when the journal deleted this session (or erased it, leaving a tombstone)
        after the copy last changed. A copy changed later (undeleted or edited on another
        machine) wins: the session is brought back here, with the copy's stamp."""
        if not record.id:
            return False
        vault = self.journal.vault
        when = (vault.deleted_at(record.id) if current else
                (vault.tombstone(SESSION, record.id) or {}).get("deleted_at"))
        if when is None:
            return False
        if not newer(record.updated, when):
            return True
        if current:
            vault.restore_session(record.id, record.updated)
        return False

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
        earlier = self._seen.get(("session", record.id))
        if earlier is not None and earlier[1] != vault and verdict != sync.UNCHANGED:
            verdict = sync.CONFLICT  # two files hold this session, differently
        self._seen.setdefault(("session", record.id), (self.source, vault))
        taken = verdict == sync.VAULT or (
            verdict == sync.NO_BASE and newer(record.updated, current.updated))
        if taken:
            if not self.allow_update:
                self._refuse("session", label, record.updated, current.updated,
                             changed_in_vault=verdict == sync.VAULT)
            # the later of the two stamps: machines that take the same copy agree on it
            updated = current.updated if newer(current.updated, record.updated) else (
                record.updated or now())
            self._replace_session(record, incoming, tally, updated)
            tally.record("session", "updated", label)
        elif verdict in (sync.CONFLICT, sync.NO_BASE):
            number = self.journal.keep_as_version(incoming, record.updated or now())
            kept = (f"session {label}: kept this journal's copy; the other copy is kept as "
                    f"version {number} (reflect history {record.id[:8]} --diff {number} "
                    f"shows it; reflect revert {record.id[:8]} {number} takes it)")
            which = "newer" if newer(current.updated, record.updated) else "as recent"
            self._report_kept(tally, "session", kept,
                              earlier[0] if earlier is not None and earlier[1] != vault
                              else None, verdict == sync.CONFLICT,
                              notice=f"{kept}, as this journal's copy is {which}")
            tally.record("session", "unchanged")
        else:
            tally.record("session", "unchanged")
            if verdict == sync.UNCHANGED and newer(record.updated, current.updated):
                # the same content, changed later there (undeleted, or edited and back):
                # both sides come to hold the later stamp
                self.journal.vault.align_updated(record.id, record.updated)
        if verdict != sync.CONFLICT:  # a conflict waits, and is reported, until resolved
            self._set_base(incoming, full)

    def _note_read(self, batch: Batch) -> None:
        """A vault file's bytes as read: its words are in the journal now (taken, or kept
        as a version or copy), so an export may write over it."""
        import hashlib
        from pathlib import Path

        from reflect.sharing import sync

        if not self.copy.startswith("markdown:"):
            return  # (a jrnl file's sessions are read from it again when gone through)
        path, ident = Path(batch.source), batch.identity()
        if ident and path.is_file():
            self.journal.vault.set_bases(ident[0], {ident[1]: {
                sync.file_key(path, read=True):
                    hashlib.sha256(path.read_bytes()).hexdigest()}})

    def _set_base(self, session, full: bool) -> None:
        self.journal.set_sync_bases({session.id: self._base(session, full)})

    def _base(self, session, full: bool) -> dict[str, str]:
        """The session's sync base for the copy being applied: its content as that copy
        holds it (the whole of it only when the copy carries private reflection)."""
        from reflect.reflection.privacy import shared_view
        from reflect.sharing import sync

        private = self.private_prompts()
        # without answers, the shared view's content is the session's own: no copy to make
        shared = shared_view(session, private) if session.answers else session
        base = {sync.mode(False, self.copy): sync.content_hash(shared, False)}
        if full:
            base[sync.mode(True, self.copy)] = sync.content_hash(session, True)
        return base

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
