"""Applying the records beside sessions: people, contracts, goals, actions and deletions.

Goals, people and actions follow the sessions' three-way rule (`reflect.sharing.sync`) on
the fields an edit can change: changed in the copy only, taken (with --update); changed
here only, kept; changed on both sides, a conflict: this journal's copy is kept and the
other is kept whole beside it (`reflect goal show`, `person show` list it). Some parts only
ever grow and are merged instead: a goal's reviews, an action's done day (the earlier of
two), a contract's versions (numbered in the order they were made).

A deletion arrives as a tombstone: a session changed no later than it was deleted is
hidden here too; a person renamed or merged on another machine is merged here into the
person they became. A session changed after the tombstone (undeleted, or edited) stands.
"""

from __future__ import annotations

import re
from typing import Any

from reflect.journal.vault import PERSON, SESSION, person_key
from reflect.settings.errors import BadInput, ReflectError
from reflect.sharing import sync
from reflect.sharing.exchange import ID_PATTERN


class Conflict(ReflectError):
    """An incoming record is newer than the journal's and updating was not asked for."""


def newer(incoming: str | None, current: str | None) -> bool:
    from reflect.sharing.exchange import parse_stamp

    if not incoming:
        return False
    if not current:
        return True
    try:
        return parse_stamp(incoming) > parse_stamp(current)
    except ValueError:
        return False


def _iso(value) -> str | None:
    return value.isoformat() if value else None


class RecordSync:
    """The part of an import that applies records other than sessions (a mixin of the
    importer: `journal`, `allow_update`, `copy` and `source` are the importer's)."""

    journal: Any
    allow_update: bool
    copy: str
    source: str
    _seen: dict[tuple[str, str], tuple[str, str]]  # what this import has read, by record

    def _refuse(self, kind: str, label: str, incoming: str | None, current: str | None,
                changed_in_vault: bool = False) -> None:
        kept = "; the old copy is kept in its history" if kind == "session" else ""
        what = ("was changed there since this journal and it were last in step"
                if changed_in_vault else
                f"was changed since the journal's copy (updated {incoming}, the journal's "
                f"{current})")
        raise Conflict(f"{kind} {label} {what}",
                       hint=f"pass --update to replace the journal's copy{kept}")

    def _person_id(self, name: str | None, tally) -> int | None:
        if not name:
            return None
        person, created = self.journal.ensure_person(self._current_name(name))
        if created:
            tally.notices.append(f"Added {person.name} to people.")
        return person.id

    def _current_name(self, name: str) -> str:
        """The name a person goes by here: one renamed or merged (a tombstone with the name
        they became) is followed to their new name, unless someone of that name is here."""
        seen: set[str] = set()
        while self.journal.find_person(name) is None and person_key(name) not in seen:
            seen.add(person_key(name))
            buried = self.journal.vault.tombstone(PERSON, person_key(name))
            if not buried or not buried["became"]:
                break
            name = buried["became"]
        return name

    def _settle(self, kind: str, key: str, label: str, vault: dict[str, Any],
                journal: dict[str, Any], tally, take, newer_there: bool, ref: str) -> bool:
        """One record the journal has: take the copy's fields (`take()`), keep the
        journal's, or keep both, by the three-way rule; then remember the base. True when
        the copy's fields were taken. `ref` is how `reflect KIND show` names it."""
        taken = False
        mine = self.journal.vault.base(kind, key).get(sync.mode(False, self.copy))
        theirs = sync.record_hash(kind, vault)
        verdict = sync.decide(theirs, sync.record_hash(kind, journal), mine)
        earlier = self._seen.setdefault((kind, key), (self.source, theirs))
        if earlier[1] != theirs and verdict != sync.UNCHANGED:
            verdict = sync.CONFLICT  # two files hold this record, differently
        if verdict == sync.VAULT or (verdict == sync.NO_BASE and newer_there):
            if not self.allow_update:
                self._refuse(kind, label, vault.get("updated"), journal.get("updated"),
                             changed_in_vault=verdict == sync.VAULT)
            take()
            taken = True
        elif verdict in (sync.CONFLICT, sync.NO_BASE):
            self.journal.vault.keep_copy(kind, key, vault, self.source)
            differs = ", ".join(f"{name} {vault.get(name)!r}" for name in sync.CONTENT[kind]
                                if str(vault.get(name) or "") != str(journal.get(name) or ""))
            shown = f"; reflect {kind} show {ref} lists it" if ref else ""
            line = (f"{kind} {label}: kept this journal's copy; the other copy ({differs}) "
                    f"is kept beside it{shown}")
            self._report_kept(tally, kind, line, earlier[0] if earlier[1] != theirs else None,
                              verdict == sync.CONFLICT, notice=line)
        if verdict != sync.CONFLICT:  # a conflict waits, and is reported, until resolved
            self._record_base(kind, key, vault)
        return taken

    # people and contracts ------------------------------------------------------------

    def _person(self, person, tally) -> None:
        key = person_key(person.name)
        found = self.journal.find_person(person.name)
        buried = self.journal.vault.tombstone(PERSON, key)
        if found is None and buried and (person.created or "") <= buried["deleted_at"]:
            tally.record("person", "unchanged")  # renamed or merged since this copy
            return
        if found is None:
            tally.record("person", self.journal.people.take_in(
                person.name, person.role, person.team, person.created), person.name)
            self._record_base("person", key, person.model_dump())
            return
        self.journal.people.take_in(found.name, None, None, person.created)  # the earlier
        row = self.journal.vault.person_row(key)
        vault = {"name": " ".join(person.name.split()), "role": person.role,
                 "team": person.team}
        taken = self._settle("person", key, found.name, vault, row, tally,
                             lambda: self.journal.people.take_in_fields(found.id, vault),
                             newer_there=not (row["role"] or row["team"]),
                             ref=repr(found.name))
        tally.record("person", "updated" if taken else "unchanged", found.name)

    def _contracts(self, contracts, tally) -> None:
        """Every version a copy holds of the contracts with each person, joined."""
        by_person: dict[str, list] = {}
        for contract in contracts:
            by_person.setdefault(contract.person, []).append(contract)
        for name, versions in by_person.items():
            person_id = self._person_id(name, tally)  # a renamed person's go to the new name
            added = self.journal.people.take_in_versions(person_id, [
                {"terms": v.terms, "review_on": _iso(v.review_on), "created": v.created}
                for v in versions])
            for _ in range(added):
                tally.record("contract", "added", name)
            for _ in range(len(versions) - added):
                tally.record("contract", "unchanged")

    # goals and actions ------------------------------------------------------------

    def _known_session(self, session_id: str | None) -> str | None:
        return session_id if self.journal.stamp_of(session_id=session_id) else None

    def _goal(self, goal, tally) -> None:
        from reflect.goals.drafts import check_function
        from reflect.sharing.exchange import goal_record

        check_function(goal.function, where=f"goal '{goal.title}': ")

        row = {"id": goal.id, "title": goal.title, "specific": goal.specific,
               "measurable": goal.measurable, "achievable": goal.achievable,
               "relevant": goal.relevant, "due": _iso(goal.due), "function": goal.function,
               "partner_id": self._person_id(goal.partner, tally),
               "session_id": self._known_session(goal.session_id), "status": goal.status,
               "status_note": goal.status_note, "created": goal.created,
               "updated": goal.updated}
        reviews = [{"reviewed_on": r.reviewed_on.isoformat(), "progress": r.progress,
                    "note": r.note, "evidence": r.evidence,
                    "created": r.created or goal.updated} for r in goal.reviews]
        vault = {**goal.model_dump(mode="json"), "session_id": row["session_id"]}
        found = self.journal.goals.updated_of(goal.id)
        label = f"'{goal.title}' ({goal.id[:8]})"
        if found is None:
            self.journal.goals.take_in(row, reviews)
            tally.record("goal", "added", label)
            self._record_base("goal", goal.id, vault)
            return
        mine = goal_record(self.journal.goals.goal(goal.id), [])
        latest = goal.updated if newer(goal.updated, found) else found
        taken = self._settle("goal", goal.id, label, vault, mine, tally,
                             lambda: self.journal.goals.take_in(row, []),
                             newer_there=newer(goal.updated, found), ref=goal.id[:8])
        taken |= bool(self.journal.goals.merge_reviews(goal.id, reviews))
        tally.record("goal", "updated" if taken else "unchanged", label)
        self.journal.goals.set_updated(goal.id, latest)  # the later stamp, on both sides

    @staticmethod
    def _report_kept(tally, kind: str, line: str, other: str | None, conflict: bool,
                     notice: str) -> None:
        """Say where the other copy of a record went: a conflict when another file holds it
        differently (`other`) or both sides changed it, else a notice."""
        if other is not None:
            tally.conflicts.append(f"{other} holds this {kind} too, differently: {line}")
        elif conflict:
            tally.conflicts.append(f"changed both here and in the copy imported since they "
                                   f"were last in step: {line}")
        else:
            tally.notices.append(notice)

    def _record_base(self, kind: str, key: str, record: dict[str, Any]) -> None:
        self.journal.vault.set_bases(kind, {key: {
            sync.mode(False, self.copy): sync.record_hash(kind, record)}})

    def _action(self, action, tally) -> None:
        from reflect.sharing.exchange import action_record

        exists, was_done_on = self.journal.goals.done_on_of(action.id)
        label = f"'{action.what}' ({action.id[:8]})"
        done_on = _iso(action.done_on)
        session_id = self._known_session(action.session_id)
        vault = {**action.model_dump(mode="json"), "session_id": session_id}
        if not exists:
            self.journal.goals.take_in_action({
                "id": action.id, "what": action.what,
                "who_id": self._person_id(action.who, tally), "due": _iso(action.due),
                "done_on": done_on, "session_id": session_id, "created": action.created})
            tally.record("action", "added", label)
            self._record_base("action", action.id, vault)
            return
        mine = action_record(self.journal.goals.action(action.id))
        taken = self._settle("action", action.id, label, vault, mine, tally,
                             lambda: self.journal.goals.take_in_changes(action.id, {
                                 "what": action.what,
                                 "who_id": self._person_id(action.who, tally),
                                 "due": _iso(action.due), "session_id": session_id}),
                             newer_there=False, ref="")
        if done_on and (not was_done_on or done_on < was_done_on):
            # done on either machine means done (on the earlier day of two)
            self.journal.goals.take_in_changes(action.id, {"done_on": done_on})
            taken = True
        tally.record("action", "updated" if taken else "unchanged", label)

    # deletions ------------------------------------------------------------------

    def _tombstone(self, tombstone, tally) -> None:
        vault = self.journal.vault
        if tombstone.kind == SESSION and not re.fullmatch(ID_PATTERN, tombstone.key):
            raise BadInput(f"{tombstone.key!r} is not a session id")
        if tombstone.kind == SESSION:
            found = self.journal.stamp_of(session_id=tombstone.key)
            if found is None:
                vault.bury(SESSION, tombstone.key, tombstone.deleted)
            elif not newer(found["updated"], tombstone.deleted):
                before = vault.deleted_at(tombstone.key)
                vault.hide_session(tombstone.key, tombstone.deleted)
                if before is None:
                    tally.record("deletion", "carried", f"session {tombstone.key[:8]}")
                    return
            tally.record("deletion", "unchanged")
            return
        found = vault.person_row(tombstone.key)
        target = self._current_name(tombstone.became) if tombstone.became else None
        if found and target and person_key(target) != tombstone.key \
                and (found["created"] or "") <= tombstone.deleted:
            self._person_id(target, tally)
            self._keep_details(found, target, tally)
            self.journal.people.merge(found["name"], target, at=tombstone.deleted)
            tally.record("deletion", "carried", f"{found['name']} became {target}")
            return
        if not (found and target and person_key(target) == tombstone.key):
            # (a person renamed back to this name here is not buried again)
            vault.bury(PERSON, tombstone.key, tombstone.deleted, tombstone.became)
        tally.record("deletion", "unchanged")

    def learn_renames(self, tombstones) -> None:
        """Every rename and merge a copy carries, learnt before any is applied, oldest
        first, so a chain (Ann became Bea, then Bea became Cat) is followed to its end; a
        person who became someone is alive again from then, over an older tombstone."""
        vault = self.journal.vault
        # the journal's own renames too: one made here since the copy was written says
        # who is alive again
        known = [(t.deleted, t.key, t.became) for t in tombstones if t.kind == PERSON]
        known += [(t["deleted_at"], t["key"], t["became"]) for t in vault.tombstones()
                  if t["kind"] == PERSON]
        for deleted, key, became in sorted(known, key=lambda t: (t[0], t[1], t[2] or "")):
            vault.bury(PERSON, key, deleted, became)
            alive = person_key(became) if became else None
            found = vault.tombstone(PERSON, alive) if alive else None
            if found and found["deleted_at"] < deleted:
                vault.unbury(PERSON, alive)

    def _keep_details(self, found: dict[str, Any], target: str, tally) -> None:
        """Before a person merged on another machine is merged here: a role or team only
        they have goes to the person they became; one that differs is kept as a copy."""
        into = self.journal.vault.person_row(person_key(target))
        fill = {k: found[k] for k in ("role", "team") if found[k] and not into[k]}
        if fill:
            self.journal.people.take_in_fields(self.journal.find_person(target).id, fill)
        differs = [k for k in ("role", "team") if found[k] and into[k] and found[k] != into[k]]
        if differs:
            copy = {"name": found["name"], "role": found["role"], "team": found["team"]}
            self.journal.vault.keep_copy(PERSON, person_key(target), copy, self.source)
            tally.notices.append(f"{found['name']} became {target} on another machine; "
                                 f"{found['name']}'s {' and '.join(differs)} differed and "
                                 f"are kept beside {target} (reflect person show "
                                 f"{target!r} lists them)")
