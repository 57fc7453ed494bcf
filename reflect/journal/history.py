"""A session's versions: every edit keeps the state before it."""

from __future__ import annotations

import difflib
import json
from datetime import date
from typing import Any

from reflect.journal.records import Session
from reflect.settings.errors import BadInput

Version = tuple[int, str, dict[str, Any], bool]  # number, when current, state, is current


def versions_of(journal, session: Session) -> list[Version]:
    """Earlier versions oldest first, then the current state as the last number."""
    earlier = [(n, when, state, False) for n, when, state in journal.versions(session.id)]
    return [*earlier, (len(earlier) + 1, session.updated, session.snapshot(), True)]


def _pick(versions: list[Version], number: int) -> Version:
    for version in versions:
        if version[0] == number:
            return version
    raise BadInput(f"no version {number}; this session has versions 1 to {len(versions)}")


def _lines(state: dict[str, Any]) -> list[str]:
    text = json.dumps(state, ensure_ascii=False, sort_keys=True, indent=2)
    return [line + "\n" for line in text.splitlines()]


def version_diff(versions: list[Version], number: int) -> str:
    """What changed from version `number` to the one after it, as a unified diff."""
    before = _pick(versions, number)
    if before[3]:
        raise BadInput(f"version {number} is the current one; nothing came after it")
    after = _pick(versions, number + 1)
    diff = difflib.unified_diff(_lines(before[2]), _lines(after[2]),
                                fromfile=f"version {number}", tofile=f"version {number + 1}")
    return "".join(diff).rstrip("\n") or "No differences."


def changes_to_restore(versions: list[Version], number: int) -> dict[str, Any]:
    """The fields to set so the session becomes version `number` again."""
    chosen = _pick(versions, number)
    if chosen[3]:
        raise BadInput(f"version {number} is the current one already")
    state = chosen[2]
    return {"held_on": date.fromisoformat(state["date"]), "title": state["title"],
            "kind": state["kind"], "role": state["as"], "with_name": state["with"],
            "duration": state["duration"], "body": state["body"],
            "private": state.get("private", ""), "tags": state["tags"],
            "answers": state["answers"], "attendees": state.get("attendees", []),
            "presenter": state.get("presenter"),
            "issue_presented": state.get("issue_presented"),
            "private_answers": state.get("private_answers", []),
            "front_matter": state.get("front_matter", {})}
