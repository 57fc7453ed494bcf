"""What an export holds: the chosen sessions with their goals and actions, as shared.

`gather` applies a `Selection` (dates, person, tag, models, ids) and the privacy and
redaction choices, and returns the `ExportData` every exporter renders. Output depends only
on the records, never on the clock, so exporting an unchanged journal twice gives
identical bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from reflect.journal.goals import GoalFilter
from reflect.journal.records import Action, Goal, Review, Session
from reflect.journal.sessions import SessionFilter
from reflect.reflection.privacy import private_prompts, shared_view
from reflect.reflection.promptsets import load_catalog
from reflect.sharing.outfiles import Folder

Tick = Callable[[], None]
# a folder's files, made as they are reached, or one file (whole, or a part at a time)
Output = Folder | bytes | Iterator[bytes]


@dataclass
class Selection:
    """Which sessions to export; goals and actions follow the sessions they came from."""

    date_from: date | None = None
    date_to: date | None = None
    with_name: str | None = None
    tag: str | None = None
    models: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    include_private: bool = False
    redact: bool = False

    def narrows(self) -> bool:
        return any((self.date_from, self.date_to, self.with_name, self.tag, self.models,
                    self.ids))


@dataclass
class ExportData:
    """The records one export holds, sessions oldest first."""

    journal: Any
    sessions: Sessions
    goals: list[Goal]
    actions: list[Action]
    whole: bool  # nothing was filtered out, so people and contracts go in whole
    catalog: Any = None  # the prompt sets, when any session has answers
    include_private: bool = False
    redactor: Any = None  # a reflect.sharing.redact.Redactor when names and identifiers go

    def __post_init__(self) -> None:
        self._goals: dict[str | None, list[Goal]] = {}
        self._actions: dict[str | None, list[Action]] = {}
        for goal in self.goals:
            self._goals.setdefault(goal.session_id, []).append(goal)
        for action in self.actions:
            self._actions.setdefault(action.session_id, []).append(action)
        self._hashes: dict[str, tuple[str, str | None]] = {}

    def remember(self, session: Session) -> None:
        """Keep the session's content hashes as this export writes it (its sync base),
        taken while it is at hand: remembering the bases after the export then reads no
        session a second time. A redacted export is never a sync base."""
        from reflect.sharing.sync import content_hash

        if self.redactor is not None:
            return
        if not self.include_private:  # exported as its shared view already
            self._hashes[session.id] = (content_hash(session, full=False), None)
            return
        self._hashes[session.id] = (
            content_hash(shared_view(session, self.notes.private), full=False),
            content_hash(session, full=True))

    def content_hashes(self) -> dict[str, tuple[str, str | None]]:
        """Each session's (shared, whole) content hash as exported: those `remember`
        kept, the others read now."""
        if len(self._hashes) < len(self.sessions):
            for session in self.sessions:
                if session.id not in self._hashes:
                    self.remember(session)
        return self._hashes

    @cached_property
    def notes(self):
        """The notes' renderer, with what every note shares found once for the export."""
        from reflect.sharing.notes import Notes

        return Notes(self.catalog)

    @cached_property
    def earlier_answers(self):
        """Each note's "since the last session": read once for the export."""
        return self.journal.earlier_answers()

    def goals_of(self, session_id: str) -> list[Goal]:
        return self._goals.get(session_id, [])

    def actions_of(self, session_id: str) -> list[Action]:
        return self._actions.get(session_id, [])

    def _named(self) -> set[str]:
        """Everyone the exported records mention, by name folded for comparison."""
        names = {g.partner for g in self.goals} | {a.who for a in self.actions}
        for session in self.sessions.headings:
            names |= {session.with_name, session.presenter, *session.attendees}
        return {name.casefold() for name in names if name}

    def people(self) -> list[dict[str, Any]]:
        """People as stored (name, role, team, created): everyone in a whole export, else
        those the exported records mention."""
        named = None if self.whole else self._named()
        return [row for row in self.journal.people.rows()
                if named is None or row["name"].casefold() in named]

    def contracts(self, people: set[str]) -> list[dict[str, Any]]:
        """Every version of the contracts with `people`."""
        return [row for row in self.journal.people.contract_rows() if row["person"] in people]

    def tombstones(self) -> list[dict[str, Any]]:
        """Deletions to carry to other machines: only in a whole export that is not
        redacted (a narrowed or redacted one is for reading, not for keeping in step)."""
        if not self.whole or self.redactor is not None:
            return []
        return self.journal.vault.tombstones()


def chronological(session: Session) -> tuple:
    return (session.held_on, session.created, session.id)


def gather(journal, selection: Selection) -> ExportData:
    """The sessions `selection` picks, with the goals and actions that belong to them.

    Sessions come as their shared view: private reflection (the private text and the
    answers to private prompts) is left out unless the selection asks to include it.
    Deleted sessions, and drafts with nothing written yet, are always left out. Only
    the sessions' ids are read here; each whole session is read as it is exported.
    """
    chosen = sorted({journal.resolve_session_id(ref) for ref in selection.ids})
    ids, drafts = journal.session_order(SessionFilter(
        date_from=selection.date_from, date_to=selection.date_to,
        with_name=selection.with_name, tag=selection.tag, models=selection.models or None,
        ids=chosen or None))
    empty = {s.id for s in journal.sessions_by_id(drafts) if _empty_draft(s)}
    if empty:
        ids = [session_id for session_id in ids if session_id not in empty]
    catalog = load_catalog() if journal.any_answers(ids) else None
    private = private_prompts(catalog)
    kept, whole = set(ids), not selection.narrows()
    goals = [g for g in journal.goals.list(GoalFilter(status=None))
             if whole or g.session_id in kept]
    actions = [a for a in journal.goals.actions() if whole or a.session_id in kept]
    shown: list[Callable[[Session], Session]] = []
    if not selection.include_private:
        shown.append(lambda s: shared_view(s, private))
    redactor = None
    if selection.redact:
        from reflect.sharing.redact import Redactor

        redactor = Redactor.from_journal(journal)
        shown.append(redactor.session)
        goals = [_redacted(redactor, g, GOAL_TEXT) for g in goals]
        actions = [_redacted(redactor, a, ("what", "who")) for a in actions]
    return ExportData(journal, Sessions(journal, ids, shown), goals, actions, whole,
                      catalog, selection.include_private, redactor)


class Sessions:
    """An export's sessions, oldest first, read from the journal as the export reaches
    them, a few hundred at a time: only their ids are held, so the sessions' texts are
    never all in memory at once. Their `headings` (dates, titles, people; no reflection,
    no answers), for file names and the index, are read when first asked for."""

    AT_ONCE = 500

    def __init__(self, journal, ids: list[str],
                 shown: list[Callable[[Session], Session]] = ()):
        self.journal = journal
        self.ids = ids
        self._shown = list(shown)

    def _show(self, session: Session) -> Session:
        for step in self._shown:
            session = step(session)
        return session

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Session]:
        yield from self._read(texts=True)

    @cached_property
    def headings(self) -> list[Session]:
        return list(self._read(texts=False))

    def _read(self, texts: bool) -> Iterator[Session]:
        for start in range(0, len(self.ids), self.AT_ONCE):
            ids = self.ids[start:start + self.AT_ONCE]
            found = {s.id: s for s in self.journal.sessions_by_id(ids, texts)}
            for session_id in ids:
                yield self._show(found[session_id])


def _empty_draft(session: Session) -> bool:
    """A draft with nothing written yet: there is nothing to export."""
    return session.status == "draft" and not (session.body.strip() or session.private.strip()
                                              or any(session.answers.values()))


GOAL_TEXT = ("title", "specific", "measurable", "achievable", "relevant", "partner",
             "status_note")


def _redacted(redactor, record, names: tuple[str, ...]):
    changes = {n: redactor.text(getattr(record, n)) for n in names if getattr(record, n)}
    if getattr(record, "reviews", None):
        changes["reviews"] = [Review(r.reviewed_on, r.progress, redactor.text(r.note),
                                     r.evidence and redactor.text(r.evidence))
                              for r in record.reviews]
    return replace(record, **changes)


def redaction_plan(journal, selection: Selection) -> list[dict[str, str]]:
    """What `--redact` would replace, and where, without writing anything."""
    from reflect.sharing.redact import Redactor

    plain = gather(journal, replace(selection, redact=False))
    redactor = Redactor.from_journal(journal)
    plan = []
    for session in plain.sessions:
        for where, text in _texts(session):
            plan += [{"session": session.id[:8], "date": session.held_on.isoformat(),
                      "where": where, "kind": f.kind, "original": f.original,
                      "replacement": f.replacement} for f in redactor.findings(text)]
    for goal in plain.goals:
        for name in GOAL_TEXT:
            plan += [{"session": (goal.session_id or "")[:8], "date": "", "where":
                      f"goal {goal.id[:8]} {name}", "kind": f.kind, "original": f.original,
                      "replacement": f.replacement}
                     for f in redactor.findings(getattr(goal, name) or "")]
    return plan


def _texts(session: Session) -> Iterator[tuple[str, str]]:
    for name in ("title", "body", "private", "with_name", "presenter", "issue_presented"):
        value = getattr(session, name)
        if value:
            yield name.replace("with_name", "with"), value
    for person in session.attendees:
        yield "attendees", person
    for model, values in session.answers.items():
        for prompt, value in values.items():
            for text in _strings(value):
                yield f"{model}.{prompt}", text


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def sync_bases(data: ExportData, fmt: str) -> dict[str, dict[str, dict[str, str | None]]]:
    """Each exported record's sync base for `fmt`, by kind: the hashes of its content as
    the output holds it (see `reflect.sharing.sync`)."""
    from reflect.journal.vault import person_key
    from reflect.sharing.exchange import action_record, goal_record
    from reflect.sharing.sync import mode, record_hash

    key = mode(False, fmt)
    return {
        "session": {session_id: {key: shared, mode(True, fmt): whole}
                    for session_id, (shared, whole) in data.content_hashes().items()},
        "goal": {g.id: {key: record_hash("goal", goal_record(g, []))} for g in data.goals},
        "action": {a.id: {key: record_hash("action", action_record(a))}
                   for a in data.actions},
        "person": {person_key(p["name"]): {key: record_hash("person", p)}
                   for p in data.people()},
    }
