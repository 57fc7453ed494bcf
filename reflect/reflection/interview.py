"""The interview: walks one or more prompt sets in order, one prompt at a time.

Pure state, no terminal: a terminal asker (in `commands/`) or an answers file drives it.
It knows which prompt comes next (skipping those whose `when` does not hold), how to go
back, and how to check a value against its prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reflect.settings.dates import parse_date
from reflect.settings.errors import BadInput

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Prompt, PromptSet

YES = {"y", "yes", "true"}
NO = {"n", "no", "false"}


class AnswerError(ValueError):
    """A value that does not fit its prompt; the message says what was expected."""


def _check_choice(prompt: Prompt, value: Any) -> str:
    if not isinstance(value, str) or value not in prompt.choice_ids():
        raise AnswerError(f"expected one of {', '.join(prompt.choice_ids())}")
    return value


def _check_multi(prompt: Prompt, value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise AnswerError(f"expected a list of {', '.join(prompt.choice_ids())}")
    unknown = [v for v in values if v not in prompt.choice_ids()]
    if unknown:
        raise AnswerError(f"unknown choice {', '.join(unknown)}; expected "
                          f"{', '.join(prompt.choice_ids())}")
    return [c for c in prompt.choice_ids() if c in values]


def _check_scale(prompt: Prompt, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (
            prompt.min <= value <= prompt.max):
        raise AnswerError(f"expected a whole number from {prompt.min} to {prompt.max}")
    return value


def _check_split(prompt: Prompt, value: Any) -> dict[str, int]:
    parts = prompt.part_ids()
    expected = f"whole percentages for {', '.join(parts)} that add up to 100"
    if not isinstance(value, dict) or set(value) != set(parts):
        raise AnswerError(f"expected {expected}")
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in value.values()):
        raise AnswerError(f"expected {expected}")
    total = sum(value.values())
    if total != 100:
        raise AnswerError(f"the parts add up to {total}, not 100")
    return {part: value[part] for part in parts}


def _check_date(prompt: Prompt, value: Any) -> str:
    if isinstance(value, datetime):  # YAML reads `2026-11-20 10:00` as a datetime
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return parse_date(str(value)).isoformat()
    except BadInput as e:
        raise AnswerError(e.message) from None


def _check_confirm(prompt: Prompt, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AnswerError("expected yes or no (true or false)")
    return value


def _check_text(prompt: Prompt, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerError("expected text")
    return str(value).strip()


CHECKS = {"text": _check_text, "choice": _check_choice, "multi": _check_multi,
          "scale": _check_scale, "split": _check_split, "date": _check_date,
          "confirm": _check_confirm}


def check_value(prompt: Prompt, value: Any) -> Any:
    """The value in its stored form, or AnswerError saying what the prompt expects."""
    return CHECKS[prompt.kind](prompt, value)


def _numbered(prompt: Prompt, token: str) -> str:
    ids = prompt.choice_ids()
    if token.isdigit() and 1 <= int(token) <= len(ids):
        return ids[int(token) - 1]
    return token.lower()


def _typed_split(prompt: Prompt, text: str) -> dict[str, int]:
    numbers = re.findall(r"-?\d+", text)
    parts = prompt.part_ids()
    if len(numbers) != len(parts):
        raise AnswerError(f"give {len(parts)} numbers, one per function, e.g. "
                          + " ".join(["50", "30", "20", "0"][: len(parts)]))
    return {part: int(n) for part, n in zip(parts, numbers, strict=True)}


def parse_typed(prompt: Prompt, text: str) -> Any:
    """Turn what a person typed at the terminal into a checked value."""
    text = text.strip()
    if prompt.kind == "choice":
        value: Any = _numbered(prompt, text)
    elif prompt.kind == "multi":
        value = [_numbered(prompt, t) for t in re.split(r"[,\s]+", text) if t]
    elif prompt.kind == "scale":
        value = int(text) if re.fullmatch(r"-?\d+", text) else text
    elif prompt.kind == "split":
        value = _typed_split(prompt, text)
    elif prompt.kind == "confirm":
        lowered = text.lower()
        value = True if lowered in YES else False if lowered in NO else text
    else:
        value = text
    return check_value(prompt, value)


@dataclass
class Step:
    """One prompt to ask, with where it stands in its set."""

    prompt_set: PromptSet
    prompt: Prompt
    number: int
    total: int

    @property
    def progress(self) -> str:
        return f"{self.prompt_set.name} {self.number}/{self.total}"


@dataclass
class Interview:
    """The walk through `sets`; `cursor` indexes the flattened list of their prompts."""

    sets: list[PromptSet]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    cursor: int = 0

    def __post_init__(self) -> None:
        self._order = [(s, p) for s in self.sets for p in s.prompts]

    def _shown(self, index: int) -> bool:
        prompt_set, prompt = self._order[index]
        return prompt.is_shown(self.answers.get(prompt_set.id, {}))

    def current(self) -> Step | None:
        """The next prompt to ask, or None when the interview is complete."""
        while self.cursor < len(self._order) and not self._shown(self.cursor):
            self.cursor += 1
        if self.cursor >= len(self._order):
            return None
        prompt_set, prompt = self._order[self.cursor]
        return Step(prompt_set, prompt, prompt_set.prompts.index(prompt) + 1,
                    len(prompt_set.prompts))

    def give(self, value: Any) -> None:
        """Answer the current prompt (None skips it, which a required prompt refuses)."""
        step = self.current()
        if step is None:
            return
        bucket = self.answers.setdefault(step.prompt_set.id, {})
        if value is None or value == "" or value == []:
            if step.prompt.required:
                raise AnswerError("this one is needed; type ? for help")
            bucket.pop(step.prompt.id, None)
        else:
            bucket[step.prompt.id] = value
        self.cursor += 1

    def back(self) -> bool:
        """Step back to the previous prompt that was shown; False if at the start."""
        index = min(self.cursor, len(self._order)) - 1
        while index >= 0 and not self._shown(index):
            index -= 1
        if index < 0:
            return False
        self.cursor = index
        return True

    def visible_answers(self) -> dict[str, dict[str, Any]]:
        """The answers to prompts still shown (a changed answer can hide later ones)."""
        kept: dict[str, dict[str, Any]] = {}
        for prompt_set in self.sets:
            given = self.answers.get(prompt_set.id, {})
            for prompt in prompt_set.prompts:
                if prompt.id in given and prompt.is_shown(kept.get(prompt_set.id, {})):
                    kept.setdefault(prompt_set.id, {})[prompt.id] = given[prompt.id]
        return kept

    def position_of(self, model: str, prompt_id: str) -> int:
        return next(i for i, (s, p) in enumerate(self._order)
                    if s.id == model and p.id == prompt_id)


def check_answers(prompt_set: PromptSet, given: Any) -> tuple[dict[str, Any], list[str]]:
    """Checked answers for one set from a file, and every problem as `model: prompt: ...`."""
    if not isinstance(given, dict):
        return {}, [f"{prompt_set.id}: expected a mapping of prompt id to answer"]
    problems, checked, failed = [], {}, set()
    for prompt_id in given:
        if prompt_set.prompt(str(prompt_id)) is None:
            problems.append(f"{prompt_set.id}: {prompt_id}: no such prompt in this set")
    for prompt in prompt_set.prompts:
        if prompt.when is not None and prompt.when.prompt in failed:
            continue  # cannot tell whether it is asked; the answer it follows is reported
        shown = prompt.is_shown(checked)
        value = given.get(prompt.id)
        if _blank(value):  # left out, as an empty answer at the terminal is
            if shown and prompt.required:
                problems.append(f"{prompt_set.id}: {prompt.id}: an answer is required")
            continue
        if not shown:
            problems.append(f"{prompt_set.id}: {prompt.id}: only asked if "
                            f"{prompt.when.describe()}; leave it out")
            continue
        try:
            checked[prompt.id] = check_value(prompt, value)
        except AnswerError as e:
            failed.add(prompt.id)
            problems.append(f"{prompt_set.id}: {prompt.id}: {e}")
    return checked, problems


def _blank(value: Any) -> bool:
    return value is None or value in ([], {}) or isinstance(value, str) and not value.strip()
