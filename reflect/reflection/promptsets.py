"""Prompt sets: the YAML files that hold each supervision model's questions.

Loads the built-in sets (`reflect/prompts/*.yaml`) and the user's own
(`<config dir>/prompts/*.yaml`, which override a built-in of the same id), validates
them strictly, and reports every problem at once as `file: prompt id: field: problem`.

The sets are plain frozen dataclasses. A user's file is validated by pydantic against
those same classes (`validate_set`, pydantic imported only then); the built-in sets are
the package's own, checked by the test suite, and are made without it, so a command
that reads no prompt file of the user's never loads pydantic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reflect.reflection.kinds import ALL_FIELDS, KINDS
from reflect.settings import paths
from reflect.settings.datafiles import read_yaml
from reflect.settings.errors import BadInput, PromptSetError
from reflect.settings.validation import problems

if TYPE_CHECKING:
    from pydantic import ValidationError

PromptKind = Literal[tuple(KINDS)]  # type: ignore[valid-type]
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
BUILT_IN = "built-in"


# pydantic's configuration of each class, read only when a user's file is validated:
# a key the class does not have is a problem, not ignored.
_STRICT = {"extra": "forbid"}


@dataclass(frozen=True)
class Choice:
    __pydantic_config__ = _STRICT
    id: str
    label: str
    help: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Part:
    __pydantic_config__ = _STRICT
    id: str
    label: str
    help: str | None = None


@dataclass(frozen=True)
class When:
    __pydantic_config__ = _STRICT
    prompt: str
    equals: str | int | bool | None = None
    includes: str | None = None
    answered: bool | None = None

    def __post_init__(self) -> None:
        given = [k for k in ("equals", "includes", "answered") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of equals, includes, answered")

    def describe(self) -> str:
        if self.includes is not None:
            return f"{self.prompt} includes {self.includes}"
        if self.answered is not None:
            return f"{self.prompt} is {'answered' if self.answered else 'left out'}"
        return f"{self.prompt} is {self.equals}"


@dataclass(frozen=True)
class Prompt:
    __pydantic_config__ = _STRICT
    id: str
    kind: PromptKind
    text: str
    text_supervisor: str | None = None
    text_supervisee: str | None = None
    help: str | None = None
    required: bool = False
    private: bool = False
    multiline: bool | None = None
    stem: str | None = None  # the words the answer completes ("When"), shown before it
    choices: list[Choice] | None = None
    min: int | None = None
    max: int | None = None
    min_label: str | None = None
    max_label: str | None = None
    parts: list[Part] | None = None
    when: When | None = None

    def __post_init__(self) -> None:
        """The fields fit the kind; one problem a line, each reported with the prompt id."""
        problems = []
        kind = KINDS[self.kind]
        for name in sorted(ALL_FIELDS - kind.fields):
            if getattr(self, name) is not None:
                problems.append(f"{name}: not used by kind {self.kind}")
        for name in sorted(kind.required):
            if getattr(self, name) in (None, []):
                problems.append(f"{name}: kind {self.kind} needs {name}")
        problems += kind.problems(self)
        for name in ("choices", "parts"):
            ids = [item.id for item in getattr(self, name) or []]
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                problems.append(f"{name}: duplicate id {', '.join(duplicates)}")
        if problems:
            raise ValueError("\n".join(problems))

    def wording(self, role: str) -> str:
        """The question in the words for the user's part in the session."""
        return getattr(self, f"text_{role}", None) or self.text

    def choice_ids(self) -> list[str]:
        return [c.id for c in self.choices or []]

    def part_ids(self) -> list[str]:
        return [p.id for p in self.parts or []]

    def is_shown(self, answers: dict[str, Any]) -> bool:
        """Whether this prompt applies, given the answers so far in its set."""
        if self.when is None:
            return True
        value = answers.get(self.when.prompt)
        if self.when.answered is not None:
            return (value not in (None, "", [], {})) == self.when.answered
        if self.when.includes is not None:
            return isinstance(value, list) and self.when.includes in value
        return value == self.when.equals


@dataclass(frozen=True)
class PromptSet:
    __pydantic_config__ = _STRICT
    id: str
    name: str
    summary: str
    source: str
    version: int | str
    prompts: list[Prompt]

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def labels(self) -> dict[str, str]:
        """Prompt texts and choice/part labels, keyed `prompt` and `prompt.choice`."""
        found = {}
        for prompt in self.prompts:
            found[prompt.id] = prompt.text
            for item in [*(prompt.choices or []), *(prompt.parts or [])]:
                found[f"{prompt.id}.{item.id}"] = item.label
        return found


def _pydantic_problems(error: ValidationError, prefix: str) -> list[str]:
    return problems(error, prefix=prefix, words={
        "literal_error": f"unknown kind; expected one of {', '.join(KINDS)}"})


@cache
def _schema(cls: type) -> Any:
    """pydantic's validator of one of the classes above (built on first use)."""
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def prompt_from(data: dict[str, Any]) -> Prompt:
    """One prompt from its mapping, as a prompt set file holds it, validated as a file's
    are (for code and tests that make a prompt alone): pydantic's ValidationError (a
    ValueError) names what does not fit."""
    return _schema(Prompt).validate_python(data)


def _check_ids(data: dict, stem: str | None) -> list[str]:
    problems = []
    set_id = data.get("id")
    if isinstance(set_id, str) and not re.match(ID_PATTERN, set_id):
        problems.append(f"id: {set_id!r} must be lowercase letters, digits, - or _")
    if stem is not None and isinstance(set_id, str) and set_id != stem:
        problems.append(f"id: {set_id!r} must match the file name {stem!r}")
    return problems


def _when_problem(when: When, target: Prompt | None) -> str | None:
    """Why `when` can never hold against `target`, or None when it can."""
    if target is None:
        return f"names {when.prompt!r}, which is not an earlier prompt in this set"
    if when.includes is not None:
        if not KINDS[target.kind].many:
            return f"includes needs a multi prompt; {target.id} is {target.kind}"
        if when.includes not in target.choice_ids():
            return f"{when.includes!r} is not a choice of {target.id}"
    if when.equals is not None:
        if not KINDS[target.kind].fits(target, when.equals):
            return f"{when.equals!r} is never an answer to {target.id} ({target.kind})"
    return None


def _cross_checks(entries: list[tuple[str, Prompt | None]]) -> list[str]:
    """Checks across prompts; a prompt with problems of its own (None) still holds its id."""
    problems, seen = [], {}
    for label, prompt in entries:
        if prompt is None:
            if label in seen:
                problems.append(f"{label}: id: duplicate prompt id")
            seen.setdefault(label, None)
            continue
        if not re.match(ID_PATTERN, prompt.id):
            problems.append(f"{prompt.id}: id: must be lowercase letters, digits, - or _")
        if prompt.id in seen:
            problems.append(f"{prompt.id}: id: duplicate prompt id")
        # a `when` naming an earlier prompt that failed on its own is not blamed as well
        if prompt.when is not None and (prompt.when.prompt not in seen
                                        or seen[prompt.when.prompt] is not None):
            problem = _when_problem(prompt.when, seen.get(prompt.when.prompt))
            if problem:
                problems.append(f"{prompt.id}: when: {problem}")
        seen.setdefault(prompt.id, prompt)
    return problems


def _parse_prompts(raw: Any) -> tuple[list[tuple[str, Prompt | None]], list[str]]:
    """Each prompt as (its id, the Prompt or None when it has problems of its own)."""
    from pydantic import ValidationError

    if not isinstance(raw, list) or not raw:
        return [], ["prompts: must be a non-empty list"]
    entries, problems = [], []
    for index, item in enumerate(raw):
        label = item.get("id") if isinstance(item, dict) and item.get("id") else f"#{index + 1}"
        try:
            entries.append((str(label), _schema(Prompt).validate_python(item)))
        except ValidationError as e:
            entries.append((str(label), None))
            problems.extend(_pydantic_problems(e, f"{label}: "))
    return entries, problems


def validate_set(data: Any, stem: str | None = None) -> tuple[PromptSet | None, list[str]]:
    """A validated set from parsed YAML, or None with the list of every problem."""
    if not isinstance(data, dict):
        return None, ["the file must hold a mapping with id, name, summary, source, version, "
                      "prompts"]
    from pydantic import ValidationError

    entries, problems = _parse_prompts(data.get("prompts"))
    prompts = [prompt for _, prompt in entries if prompt is not None]
    header = {k: v for k, v in data.items() if k != "prompts"}
    try:
        made = _schema(PromptSet).validate_python({**header, "prompts": []})
    except ValidationError as e:
        problems = _pydantic_problems(e, "") + problems
    problems = _check_ids(data, stem) + problems + _cross_checks(entries)
    if problems:
        return None, problems
    return replace(made, prompts=prompts), []


def load_file(path: Path) -> PromptSet:
    """Load and validate one prompt set file, raising PromptSetError with every problem."""
    prompt_set, problems = validate_set(read_yaml(path), Path(path).stem)
    if problems:
        raise PromptSetError(str(path), problems)
    return prompt_set


@dataclass
class Catalog:
    """Every prompt set available: built-ins, overridden by the user's files."""

    sets: dict[str, PromptSet] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def get(self, model_id: str) -> PromptSet:
        try:
            return self.sets[model_id]
        except KeyError:
            known = ", ".join(sorted(self.sets)) or "none"
            raise BadInput(f"unknown model {model_id!r}", hint=f"known models: {known}") from None


def builtin_data() -> list[tuple[str, dict[str, Any]]]:
    """Each built-in set's file name and parsed YAML, in name order."""
    import yaml

    return [(resource.name, yaml.safe_load(resource.read_text(encoding="utf-8")))
            for resource in sorted(files("reflect.prompts").iterdir(), key=lambda r: r.name)
            if resource.name.endswith(".yaml")]


def _builtin_sets() -> list[tuple[PromptSet, str]]:
    """The built-in sets, made without validating them: they are the package's own, and
    the test suite validates each (and that this makes them as validation does)."""
    return [(made_set(data), BUILT_IN) for _, data in builtin_data()]


def made_set(data: dict[str, Any]) -> PromptSet:
    """A prompt set from a valid file's parsed YAML, without pydantic."""
    return PromptSet(**{**data, "prompts": [_made_prompt(p) for p in data["prompts"]]})


def _made_prompt(data: dict[str, Any]) -> Prompt:
    made = dict(data)
    for name, cls in (("choices", Choice), ("parts", Part)):
        if made.get(name) is not None:
            made[name] = [cls(**item) for item in made[name]]
    if made.get("when") is not None:
        made["when"] = When(**made["when"])
    return Prompt(**made)


def load_catalog() -> Catalog:
    """Built-in sets plus the user's; a broken user file is reported, not fatal."""
    catalog = Catalog()
    for prompt_set, origin in _builtin_sets():
        catalog.sets[prompt_set.id] = prompt_set
        catalog.origins[prompt_set.id] = origin
    folder = paths.user_prompts_dir()
    user_files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    for path in user_files:
        try:
            prompt_set = load_file(path)
        except PromptSetError as e:
            catalog.problems.extend(f"{path}: {p}" for p in e.problems)
            continue
        except BadInput as e:
            catalog.problems.append(e.message)
            continue
        if catalog.origins.get(prompt_set.id) == BUILT_IN:
            catalog.overridden.add(prompt_set.id)
        catalog.sets[prompt_set.id] = prompt_set
        catalog.origins[prompt_set.id] = str(path)
    return catalog
