"""Validating a user's file: pydantic models with `extra="forbid"`, and one translator from
pydantic's errors to the messages reflect's users read (`key: problem`, every problem at
once; never pydantic's own "Extra inputs are not permitted").

Prompt sets, the interchange form, answers files, goal files and the settings file all
validate through here. pydantic is imported only when a file is validated, so commands
that read no user file stay light.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflect.settings.errors import BadInput, PromptSetError

# pydantic names the member types of a union (`version: int | str`) in an error's location
_UNION_MEMBERS = {"int", "str", "bool"}
WORDS = {"extra_forbidden": "unknown field", "missing": "missing"}


def place(loc: tuple, dotted: bool = False) -> str:
    """`sessions[3].date` from ('sessions', 3, 'date'); `choices.0.id` when `dotted`."""
    text = ""
    for part in loc:
        if isinstance(part, int) and not dotted:
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _located(item: dict[str, Any]) -> tuple:
    return tuple(part for part in item["loc"]
                 if not str(part).startswith("function-") and str(part) not in _UNION_MEMBERS)


def problems(error: Any, *, prefix: str = "", words: dict[str, str] | None = None,
             where: Callable[[tuple], str] | None = None) -> list[str]:
    """Each error of a pydantic ValidationError as `prefix + where: problem`.

    `words` replaces pydantic's message for an error type (by default an unknown key is
    "unknown field" and a missing one "missing"); a validator's own message is kept as it
    is, one problem per line of it. `where` renders a location (default: dotted).
    """
    words = {**WORDS, **(words or {})}
    where = where or (lambda loc: place(loc, dotted=True))
    found: list[str] = []
    for item in error.errors():
        loc = _located(item)
        shown = where(loc) if loc else ""
        here = f"{prefix}{shown + ': ' if shown else ''}"
        member = item["loc"] and str(item["loc"][-1]) in _UNION_MEMBERS
        if member and found and found[-1].startswith(f"{here}Input should be "):
            found[-1] += " or " + item["msg"].removeprefix("Input should be ")
            continue
        if item["type"] in words:
            messages = [words[item["type"]]]
        else:
            messages = item["msg"].removeprefix("Value error, ").splitlines()
        found.extend(f"{here}{message}" for message in messages)
    return found


def checked(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`parse`, for a schema's validator: its BadInput becomes the ValueError pydantic
    reports, in the same words."""
    def check(value: Any) -> Any:
        try:
            return parse(value)
        except BadInput as e:
            raise ValueError(e.message) from None
    return check


def validate(schema: Any, data: Any, subject: str, *, context: dict | None = None,
             words: dict[str, str] | None = None, prefix: str = "") -> Any:
    """`data` as an instance of the pydantic model `schema`, or PromptSetError naming every
    problem, as `subject: key: problem`."""
    from pydantic import ValidationError

    try:
        return schema.model_validate(data, context=context)
    except ValidationError as e:
        raise PromptSetError(subject, problems(e, prefix=prefix, words=words)) from None
