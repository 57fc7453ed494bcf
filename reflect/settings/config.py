"""The settings file (`<config dir>/config.yaml`): known keys, their defaults and validation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reflect.settings import paths
from reflect.settings.dates import parse_retention
from reflect.settings.errors import BadInput
from reflect.settings.vocabulary import KINDS, ROLES


@dataclass(frozen=True)
class Setting:
    default: Any
    help: str
    parse: Callable[[Any], Any]


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        value = str(value).strip().lower()
        if value not in choices:
            raise BadInput(f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    return parse


def _model_ids(value: Any) -> list[str]:
    """A list of model ids, from a YAML list or a comma-separated string.

    Whether each names a prompt set is checked by `config set` (which knows the catalog)
    and by the interview that uses them, not here: settings sit below the prompt sets.
    """
    items = value if isinstance(value, list) else str(value).split(",")
    ids = [str(item).strip().lower() for item in items if str(item).strip()]
    if not ids:
        raise BadInput("expected one or more model ids, e.g. proctor,heron")
    return ids


def unknown_models(ids: list[str], known: Iterable[str]) -> None:
    """Refuse model ids that name no prompt set in `known`."""
    known = sorted(known)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise BadInput(f"unknown model {', '.join(unknown)}; known: {', '.join(known)}")


def _whole_number(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        text = str(value).strip()
        if not text.isdecimal() or not low <= int(text) <= high:
            raise BadInput(f"expected a whole number from {low} to {high}, got {text!r}")
        return int(text)

    return parse


SETTINGS: dict[str, Setting] = {
    "role": Setting("supervisee", "your usual part in supervision (default for `new --as`)",
                    _one_of(ROLES)),
    "kind": Setting("individual", "the usual kind of session (default for `new --kind`)",
                    _one_of(KINDS)),
    "default_models": Setting(["proctor"], "models the guided interview walks by default "
                              "(comma-separated)", _model_ids),
    "neglect_threshold": Setting(20, "a Proctor function under this share (%) of recent "
                                 "sessions is named as neglected", _whole_number(1, 50)),
    "prepare_sessions": Setting(6, "how many recent sessions prepare looks back over",
                                _whole_number(1, 100)),
    "goals_window_days": Setting(42, "prepare lists goals due within this many days",
                                 _whole_number(1, 365)),
    "retention": Setting(None, "how long you keep session records (6y, 18m, 90d); check "
                         "reminds you of older ones", parse_retention),
}


def _setting(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        known = ", ".join(sorted(SETTINGS))
        raise BadInput(f"unknown setting {key!r}", hint=f"known settings: {known}") from None


def _read(path: Path) -> dict[str, Any]:
    from reflect.settings.datafiles import parse_yaml, read_text

    if not path.exists():
        return {}
    try:
        data = parse_yaml(read_text(path), f"settings file {path}") or {}
    except BadInput as e:
        raise BadInput(e.message.replace("not valid YAML", "is not valid YAML", 1)) from e
    if not isinstance(data, dict):
        raise BadInput(f"settings file {path} must be a mapping of key: value")
    return data


def load() -> dict[str, Any]:
    """Every known setting with its value: the file's, else the default. A file with a
    value that does not parse, or a key reflect does not know, names every problem."""
    path = paths.config_file()
    stored = _read(path)
    if not stored:
        return {key: setting.default for key, setting in SETTINGS.items()}
    from reflect.settings.validation import validate

    unknown = f"unknown setting; known: {', '.join(sorted(SETTINGS))}"
    return validate(_schema(), stored, f"settings file {path}",
                    words={"extra_forbidden": unknown}).model_dump()


@lru_cache(maxsize=1)
def _schema():
    from reflect.settings.settings_file import schema

    return schema(SETTINGS)


def get(key: str) -> Any:
    _setting(key)
    return load()[key]


def parse(key: str, raw: str) -> Any:
    """The value `raw` stands for as setting `key`, or BadInput saying what was expected."""
    return _setting(key).parse(raw)


def file_with(key: str, value: Any) -> bytes:
    """The settings file's new content: what it holds, with `key` set to a parsed `value`.

    Writing it (whole, owner-only) is `reflect.trust.files`'s: settings sit below it.
    """
    import yaml

    stored = _read(paths.config_file())
    stored[key] = value
    return yaml.safe_dump(stored, sort_keys=True, allow_unicode=True).encode("utf-8")
