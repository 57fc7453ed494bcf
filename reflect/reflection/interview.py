"""The interview: walks one or more prompt sets in order, one prompt at a time.

Pure state, no terminal: an Asker (see `reflect.reflection.guided`) or an answers file
drives it. It knows which prompt comes next (skipping those whose `when` does not hold),
how to go back, and checks each value through its prompt's kind (`reflect.reflection.kinds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reflect.models import private_now, suggestions
from reflect.reflection.kinds import KINDS, AnswerError

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Prompt, PromptSet

def check_value(prompt: Prompt, value: Any) -> Any:
    """The value in its stored form, or AnswerError saying what the prompt expects."""
    return KINDS[prompt.kind].check(prompt, value)


def parse_typed(prompt: Prompt, text: str) -> Any:
    """Turn what a person typed at the terminal into a checked value."""
    kind = KINDS[prompt.kind]
    return kind.check(prompt, kind.parse(prompt, text.strip()))


@dataclass
class Step:
    """One prompt to ask, with where it stands in its set."""

    prompt_set: PromptSet
    prompt: Prompt
    number: int
    total: int
    suggested: Any = None  # what the model offers from the answers so far, to keep or edit
    private: str | None = None  # why the answer is private (see `Interview.where`); None: record

    @property
    def progress(self) -> str:
        return f"{self.prompt_set.name} {self.number}/{self.total}"


@dataclass
class Interview:
    """The walk through `sets`; `cursor` indexes the flattened list of their prompts."""

    sets: list[PromptSet]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    cursor: int = 0
    marks: set[str] = field(default_factory=set)  # "model.prompt" the person keeps private

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
        offered = suggestions(prompt_set.id, self.answers.get(prompt_set.id, {}))
        return Step(prompt_set, prompt, prompt_set.prompts.index(prompt) + 1,
                    len(prompt_set.prompts), offered.get(prompt.id),
                    self.where(prompt_set, prompt))

    def where(self, prompt_set: PromptSet, prompt: Prompt) -> str | None:
        """Why an answer to `prompt` goes in the private reflection: "always" (the prompt
        is private), "for now" (its model keeps it private, as a DESC plan until held),
        "chosen" (the person keeps it private); None when it goes in the record."""
        if prompt.private:
            return "always"
        if prompt.id in private_now(prompt_set.id, self.answers.get(prompt_set.id, {})):
            return "for now"
        return "chosen" if f"{prompt_set.id}.{prompt.id}" in self.marks else None

    def mark(self, keep_private: bool) -> None:
        """Keep the current prompt's answer private, or not (the person's choice)."""
        step = self.current()
        if step is not None:
            key = f"{step.prompt_set.id}.{step.prompt.id}"
            self.marks = self.marks | {key} if keep_private else self.marks - {key}

    def give(self, value: Any) -> None:
        """Answer the current prompt (None skips it, which a required prompt refuses).
        Keeping what was suggested stores nothing, so it follows later changes."""
        step = self.current()
        if step is None:
            return
        if step.suggested is not None and value == step.suggested:
            value = None
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


def check_answers(prompt_set: PromptSet, given: Any, complete: bool = True
                  ) -> tuple[dict[str, Any], list[str]]:
    """Checked answers for one set from a file, and every problem as `model: prompt: ...`.

    With `complete` off (a draft, its interview unfinished) an answer may be missing or
    kept for a prompt a later answer hid; each value given must still fit its prompt."""
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
            if shown and prompt.required and complete:
                problems.append(f"{prompt_set.id}: {prompt.id}: an answer is required")
            continue
        if not shown and complete:
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
