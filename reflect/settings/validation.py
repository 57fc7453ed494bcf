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
# (a dataclass, as prompt sets are, says "unexpected_keyword_argument" and
# "missing_argument" for what a model calls "extra_forbidden" and "missing")
WORDS = {"extra_forbidden": "unknown field", "unexpected_keyword_argument": "unknown field",
         "missing": "missing", "missing_argument": "missing"}


def place(loc: tuple, dotted: bool = False) -> str:
    """`sessions[3].date` from ('sessions', 3, 'date'); `choices.0.id` when `dotted`."""
    text = ""
    for part in loc:
        if isinstance(part, int) and not dotted:
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# What a value of each pydantic type is, in the words a user reads.
_EXPECTED = {
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "dataclass_type": "a mapping of keys to values",
    "dataclass_args_type": "a mapping of keys to values",
}
_DATES = ("date_type", "date_parsing", "date_from_datetime_parsing",
          "date_from_datetime_inexact")


def _in_words(item: dict[str, Any]) -> str | None:
    """pydantic's error in reflect's words ("'2026-13-01' is not a date"), or None to keep
    a validator's own message."""
    kind, given, ctx = item["type"], item.get("input"), item.get("ctx") or {}
    shown = f", not {given!r}" if isinstance(given, (str, int, float)) else ""
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}{shown}"
    if kind in _DATES:
        return f"{given!r} is not a date (YYYY-MM-DD)"
    if kind in ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"):
        return f"{given!r} is not a timestamp (YYYY-MM-DDTHH:MM:SS+00:00)"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}{shown}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"expected {ctx.get('ge', ctx.get('gt'))} or more{shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"expected {ctx.get('le', ctx.get('lt'))} or less{shown}"
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not in the form expected here"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "value_error":
        return None
    return item["msg"].replace("Input should be", "expected")


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
        worded = _in_words(item)
        if member and worded and found and found[-1].startswith(f"{here}expected "):
            found[-1] += " or " + worded.removeprefix("expected ").split(", not ")[0]
            continue
        if item["type"] in words:
            messages = [words[item["type"]]]
        elif worded is not None:
            messages = [worded]
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
