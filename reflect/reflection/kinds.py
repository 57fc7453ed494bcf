"""Prompt kinds: one class per kind of question, and the registry that names them.

A kind says which fields a prompt of it may and must have (and any further check of its
definition), how an answer is checked and stored, how what a person typed becomes an
answer, the hint shown at the terminal, how an answer is shown in a line, and which
`when: equals` values can ever hold. Loading prompt sets, the interview, answers files and
rendering all ask `KINDS`; nothing else knows the kinds by name.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Prompt

YES = {"y", "yes", "true"}
NO = {"n", "no", "false"}
EXAMPLE_SPLIT = ["50", "30", "20", "0"]


class AnswerError(ValueError):
    """A value that does not fit its prompt; the message says what was expected."""


class Kind:
    """A kind of prompt. Subclasses set `name` and override what differs."""

    name: ClassVar[str]
    fields: ClassVar[frozenset[str]] = frozenset()  # optional fields this kind uses
    required: ClassVar[frozenset[str]] = frozenset()  # fields it cannot do without
    many: ClassVar[bool] = False  # answers hold several choices (`when: includes`)
    editable: ClassVar[bool] = False  # a long answer may be written in the editor

    def problems(self, prompt: Prompt) -> list[str]:
        """What is wrong with a prompt's definition beyond its fields."""
        return []

    def check(self, prompt: Prompt, value: Any) -> Any:
        """The value in its stored form, or AnswerError saying what the prompt expects."""
        raise NotImplementedError

    def parse(self, prompt: Prompt, text: str) -> Any:
        """What a person typed, as a value for `check`."""
        return text

    def hint(self, prompt: Prompt) -> str:
        """How to answer, at the terminal."""
        return ""

    def legend(self, prompt: Prompt) -> str | None:
        """A line explaining the answers, shown under the question; None for none."""
        return None

    def describe(self, prompt: Prompt) -> str | None:
        """The range of answers, where the choices do not already say it (`models show`)."""
        return None

    def show(self, prompt: Prompt, value: Any) -> str:
        """An answer as a short line, in the prompt's own labels."""
        labels = _labels(prompt)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dict):
            return ", ".join(f"{labels.get(k, k)} {v}%" for k, v in value.items())
        if isinstance(value, list):
            return ", ".join(labels.get(v, v) for v in value)
        return str(labels.get(value, value))

    def fits(self, prompt: Prompt, value: Any) -> bool:
        """Whether `when: equals: value` can ever hold for an answer to `prompt`."""
        return True


def _labels(prompt: Prompt) -> dict[str, str]:
    return {item.id: item.label for item in (prompt.choices or prompt.parts or [])}


def _numbered(prompt: Prompt, token: str) -> str:
    """The choice a person typed at the terminal, by its number (or its id); a number out
    of range or an unknown word is answered in their terms, not in the choices' ids."""
    ids = prompt.choice_ids()
    if token.isdecimal() and 1 <= int(token) <= len(ids):
        return ids[int(token) - 1]
    if token.lower() in ids:
        return token.lower()
    raise AnswerError(f"type a number from 1 to {len(ids)}")


class Text(Kind):
    name = "text"
    fields = frozenset({"multiline", "stem"})
    editable = True

    def check(self, prompt: Prompt, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise AnswerError("expected text")
        return str(value).strip()

    def hint(self, prompt: Prompt) -> str:
        return "Type edit to write a longer answer in your editor." if prompt.multiline else ""


class Choice(Kind):
    name = "choice"
    fields = required = frozenset({"choices"})

    def check(self, prompt: Prompt, value: Any) -> str:
        if not isinstance(value, str) or value not in prompt.choice_ids():
            raise AnswerError(f"expected one of {', '.join(prompt.choice_ids())}")
        return value

    def parse(self, prompt: Prompt, text: str) -> Any:
        return _numbered(prompt, text)

    def hint(self, prompt: Prompt) -> str:
        return "Type a number."

    def fits(self, prompt: Prompt, value: Any) -> bool:
        return value in prompt.choice_ids()


class Multi(Kind):
    name = "multi"
    fields = required = frozenset({"choices"})
    many = True

    def check(self, prompt: Prompt, value: Any) -> list[str]:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise AnswerError(f"expected a list of {', '.join(prompt.choice_ids())}")
        unknown = [v for v in values if v not in prompt.choice_ids()]
        if unknown:
            raise AnswerError(f"unknown choice {', '.join(unknown)}; expected "
                              f"{', '.join(prompt.choice_ids())}")
        return [c for c in prompt.choice_ids() if c in values]

    def parse(self, prompt: Prompt, text: str) -> Any:
        return [_numbered(prompt, t) for t in re.split(r"[,\s]+", text) if t]

    def hint(self, prompt: Prompt) -> str:
        return "Type one or more numbers, e.g. 1,3."


class Scale(Kind):
    name = "scale"
    fields = frozenset({"min", "max", "min_label", "max_label"})
    required = frozenset({"min", "max"})

    def problems(self, prompt: Prompt) -> list[str]:
        if None not in (prompt.min, prompt.max) and prompt.min >= prompt.max:
            return ["max: must be greater than min"]
        return []

    def check(self, prompt: Prompt, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not (
                prompt.min <= value <= prompt.max):
            raise AnswerError(f"expected a whole number from {prompt.min} to {prompt.max}")
        return value

    def parse(self, prompt: Prompt, text: str) -> Any:
        return int(text) if re.fullmatch(r"-?\d+", text) else text

    def hint(self, prompt: Prompt) -> str:
        return f"Type a number from {prompt.min} to {prompt.max}."

    def legend(self, prompt: Prompt) -> str | None:
        if not (prompt.min_label or prompt.max_label):
            return None
        return (f"{prompt.min} = {prompt.min_label or ''}, "
                f"{prompt.max} = {prompt.max_label or ''}")

    def describe(self, prompt: Prompt) -> str | None:
        return (f"{prompt.min} ({prompt.min_label or ''}) to "
                f"{prompt.max} ({prompt.max_label or ''})")

    def fits(self, prompt: Prompt, value: Any) -> bool:
        return (isinstance(value, int) and not isinstance(value, bool)
                and prompt.min <= value <= prompt.max)


class Split(Kind):
    name = "split"
    fields = required = frozenset({"parts"})

    def problems(self, prompt: Prompt) -> list[str]:
        if prompt.parts is not None and len(prompt.parts) < 2:
            return ["parts: a split needs at least two parts"]
        return []

    def check(self, prompt: Prompt, value: Any) -> dict[str, int]:
        parts = prompt.part_ids()
        expected = f"whole percentages for {', '.join(parts)} that add up to 100"
        if not isinstance(value, dict) or set(value) != set(parts):
            raise AnswerError(f"expected {expected}")
        if any(isinstance(v, bool) or not isinstance(v, int) or v < 0
               for v in value.values()):
            raise AnswerError(f"expected {expected}")
        total = sum(value.values())
        if total != 100:
            raise AnswerError(f"the parts add up to {total}, not 100")
        return {part: value[part] for part in parts}

    def parse(self, prompt: Prompt, text: str) -> Any:
        numbers = re.findall(r"-?\d+", text)
        parts = prompt.part_ids()
        if len(numbers) != len(parts):
            raise AnswerError(f"give {len(parts)} numbers, one per function, e.g. "
                              + " ".join(EXAMPLE_SPLIT[: len(parts)]))
        return {part: int(n) for part, n in zip(parts, numbers, strict=True)}

    def hint(self, prompt: Prompt) -> str:
        example = " ".join(EXAMPLE_SPLIT[: len(prompt.parts)])
        return (f"Type {len(prompt.parts)} whole percentages that add up to 100, "
                f"e.g. {example}.")


class Date(Kind):
    name = "date"

    def check(self, prompt: Prompt, value: Any) -> str:
        if isinstance(value, datetime):  # YAML reads `2026-11-20 10:00` as a datetime
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        try:
            return parse_date(str(value)).isoformat()
        except BadInput as e:
            raise AnswerError(e.message) from None

    def hint(self, prompt: Prompt) -> str:
        return "A date: YYYY-MM-DD, today, yesterday, 3 days ago, monday."


class Confirm(Kind):
    name = "confirm"

    def check(self, prompt: Prompt, value: Any) -> bool:
        if not isinstance(value, bool):
            raise AnswerError("expected yes or no (true or false)")
        return value

    def parse(self, prompt: Prompt, text: str) -> Any:
        lowered = text.lower()
        return True if lowered in YES else False if lowered in NO else text

    def hint(self, prompt: Prompt) -> str:
        return "y or n."

    def fits(self, prompt: Prompt, value: Any) -> bool:
        return isinstance(value, bool)


KINDS: dict[str, Kind] = {kind.name: kind() for kind in (
    Text, Choice, Multi, Scale, Split, Date, Confirm)}
ALL_FIELDS = frozenset().union(*(kind.fields for kind in KINDS.values()))


def kind_of(prompt: Prompt) -> Kind:
    return KINDS[prompt.kind]
