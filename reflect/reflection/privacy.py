"""The record and private reflection: which answers are private, and the agreed form.

A session's record (what was discussed, decided and agreed) can be shared; private
reflection (the `private` text, answers to prompts marked `private: true`, and answers a
model keeps private for now, such as a DESC plan not yet held, and answers the person chose
to keep private when giving them) is the owner's alone.
Agreement is a SHA-256 of the record's canonical form, so any later change to the record,
and only to the record, shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session
from reflect.models import private_now

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Catalog

PrivatePrompts = dict[str, set[str]]


def private_prompts(catalog: Catalog | None) -> PrivatePrompts:
    """{model: {prompt ids marked private}} for every set in the catalog."""
    if catalog is None:
        return {}
    return {model: {p.id for p in prompt_set.prompts if p.private}
            for model, prompt_set in catalog.sets.items()}


def split_answers(answers: dict[str, dict[str, Any]], private: PrivatePrompts,
                  marks: Iterable[str] = ()
                  ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(record answers, private answers), each {model: {prompt: value}}, empty models left
    out. Private are: prompts marked private in their set, those a model keeps private for
    now, and `marks` ("model.prompt"), the answers the person chose to keep private."""
    record: dict[str, dict[str, Any]] = {}
    kept: dict[str, dict[str, Any]] = {}
    chosen = set(marks)
    for model, values in answers.items():
        hidden = private.get(model, set()) | private_now(model, values)
        for prompt, value in values.items():
            if f"{model}.{prompt}" in chosen:
                kept.setdefault(model, {})[prompt] = value
                continue
            side = kept if prompt in hidden else record
            side.setdefault(model, {})[prompt] = value
    return record, kept


def shared_view(session: Session, private: PrivatePrompts) -> Session:
    """A copy of `session` without its private reflection, for anything that shares."""
    return split_view(session, private)[0]


def split_view(session: Session, private: PrivatePrompts
               ) -> tuple[Session, dict[str, dict[str, Any]]]:
    """(`shared_view(session)`, the answers it leaves out), from one split."""
    from dataclasses import replace

    record, kept = split_answers(session.answers, private, session.private_answers)
    if not (session.private or session.private_answers or kept) \
            and len(record) == len(session.answers):  # no model left empty either
        return session, kept  # nothing private: a copy cost an export more than its render
    return replace(session, private="", answers=record, private_answers=[]), kept


def canonical(session: Session, private: PrivatePrompts) -> str:
    """The record part as stable JSON: sorted keys, no private parts, no timestamps."""
    state = shared_view(session, private).snapshot()
    state.pop("private")
    state.pop("private_answers")  # which answers are private shows in what the record holds
    state["tags"] = sorted(state["tags"], key=str.lower)
    state["attendees"] = sorted(state["attendees"], key=str.lower)
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(session: Session, private: PrivatePrompts) -> str:
    return hashlib.sha256(canonical(session, private).encode("utf-8")).hexdigest()


def changed_since_agreed(session: Session, private: PrivatePrompts) -> bool | None:
    """None if never agreed; else whether the record differs from what was agreed."""
    if not session.agreed_hash:
        return None
    return digest(session, private) != session.agreed_hash
