"""The field's fixed words that settings and records share: parts and kinds of session."""

from __future__ import annotations

from typing import Literal, get_args

RoleName = Literal["supervisee", "supervisor", "peer"]
KindName = Literal["individual", "group", "peer", "virtual", "action-learning"]
ROLES: tuple[str, ...] = get_args(RoleName)
KINDS: tuple[str, ...] = get_args(KindName)
