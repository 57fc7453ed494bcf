"""The field's fixed words that settings and records share: parts and kinds of session."""

from __future__ import annotations

from typing import Literal, get_args

RoleName = Literal["supervisee", "supervisor", "peer"]
KindName = Literal["individual", "group", "peer", "virtual", "action-learning"]
# Every kind of entry: the sessions held, and a plan (private preparation for a difficult
# conversation, made with `reflect plan`), which is not a session held.
EntryKindName = Literal["individual", "group", "peer", "virtual", "action-learning", "plan"]
PLAN = "plan"
ROLES: tuple[str, ...] = get_args(RoleName)
KINDS: tuple[str, ...] = get_args(KindName)
ENTRY_KINDS: tuple[str, ...] = get_args(EntryKindName)


def normal_tag(text: str) -> str:
    """A tag in its one form: no leading "#", spaces as "-", lower case ("#Court work" ->
    "court-work"), as Obsidian and most markdown tools read a tag."""
    return "-".join(text.strip().lstrip("#").split()).lower()
