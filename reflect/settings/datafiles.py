"""Reading the YAML and JSON files users hand to reflect, safely.

`yaml.safe_load` only, and more: files over MAX_BYTES are refused, aliases are refused
(an alias bomb is cheap to load and explosive to walk), deep nesting is a clean error
rather than a RecursionError, and every failure is one line naming the file and spot.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reflect.settings.errors import BadInput

MAX_BYTES = 256 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


def whole_characters(value: Any) -> Any:
    """`value` with each string made of whole characters. A surrogate pair (JSON writes 😀 as
    "\\ud83d\\ude00", which YAML reads as two halves) becomes the one character; a half on
    its own, which no text can hold, is a ValueError."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError("a \\u escape that is half a character") from None
    if isinstance(value, list):
        return [whole_characters(item) for item in value]
    if isinstance(value, dict):
        return {whole_characters(k): whole_characters(v) for k, v in value.items()}
    return value


def loader_without_aliases():
    """yaml.SafeLoader, refusing aliases (*name): every YAML file reflect reads uses it."""
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not allowed", event.start_mark)
            return super().compose_node(parent, index)

    return NoAliases


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML (or JSON, which is YAML); a one-line BadInput names what is wrong."""
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise BadInput(f"{source} is larger than {MAX_BYTES // 1024} KiB; not read")
    try:
        return whole_characters(yaml.load(text, Loader=loader_without_aliases()))  # noqa: S506
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "invalid YAML"
        raise BadInput(f"{source}: not valid YAML{where}: {problem}") from e
    except RecursionError as e:
        raise BadInput(f"{source}: nested too deeply to read") from e
    except (ValueError, KeyError, TypeError) as e:  # a value safe_load cannot build
        raise BadInput(f"{source}: not valid YAML: cannot read a value ({e})") from e


def read_text(path: Path) -> str:
    """A UTF-8 text file of at most MAX_BYTES, or a one-line BadInput."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadInput(f"{path} is larger than {MAX_BYTES // 1024} KiB; not read")
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise BadInput(f"{path} is not UTF-8 text") from e


def read_yaml(path: Path) -> Any:
    return parse_yaml(read_text(path), str(path))
