"""Front matter keys of other tools: Obsidian's `aliases`, `cssclasses`, `publish` and
the like are kept with the session and written back by the next export, never refused;
one that looks like a typo of reflect's own keys is warned about by name."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any


def own_keys(data: dict, line_of: Callable[[Any], int]) -> tuple[dict, list[str]]:
    """The front matter with keys reflect does not own moved under `front_matter`, and a
    warning (`line N: ...`) for each that looks like a typo of one of reflect's own."""
    from reflect.sharing.importing.schema import session_keys

    own = session_keys()
    kept = {key: plain(value) for key, value in data.items() if str(key) not in own}
    warnings = []
    for key in kept:
        likely = difflib.get_close_matches(str(key), sorted(own - {"front_matter"}), n=1,
                                           cutoff=0.75)
        if likely:
            warnings.append(f"line {line_of(key)}: unknown key {str(key)!r} kept as it is "
                            f"(did you mean {likely[0]!r}?)")
    if not kept:
        return data, warnings
    mine = {key: value for key, value in data.items() if str(key) in own}
    return {**mine, "front_matter": {**kept, **(mine.get("front_matter") or {})}}, warnings


def plain(value: Any) -> Any:
    """A YAML value as JSON can hold it (dates as ISO text)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
