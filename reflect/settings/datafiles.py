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


# PyYAML's account of a broken file, in the words of the person who wrote it.
_YAML_WORDS = (
    ("expected ',' or ']'", "a list opened with [ is not closed"),
    ("expected ',' or '}'", "a mapping opened with { is not closed"),
    ("could not find expected ':'", "a line is missing the ':' after its key"),
    ("mapping values are not allowed here",
     "a ':' where it cannot be (put quotes around text that holds one)"),
    ("found character '\\t' that cannot start any token",
     "a tab is used to indent (use spaces)"),
    ("found unexpected end of stream", "a quote is opened and not closed"),
    ("found undefined alias", "a '*' starts a word (put quotes around it)"),
    ("expected <block end>, but found", "the indentation is uneven"),
    ("did not find expected key", "the indentation is uneven"),
    ("did not find expected '-' indicator", "a list item is out of line with the others"),
    ("while scanning an alias", "a '*' starts a word (put quotes around it)"),
)


def yaml_problem(error: Any) -> str:
    """What is wrong with a YAML text, in plain words."""
    problem = (getattr(error, "problem", None) or str(error).splitlines()[0]).strip()
    for words, plain in _YAML_WORDS:
        if problem.startswith(words):
            return plain
    return f"it is not valid YAML ({problem})"


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
        raise BadInput(f"{source}: not valid YAML{where}: {yaml_problem(e)}") from e
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
