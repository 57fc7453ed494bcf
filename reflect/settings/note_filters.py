"""The templates' filters (to_yaml and long_date for notes, bar for agendas), in one
place for the Jinja2 environment and the built-in notes written in Python to share."""

from __future__ import annotations

from datetime import date
from typing import Any


def to_yaml(data: Any) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when it is there
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False)


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def bar(percent: int, width: int = 20) -> str:
    filled = round(max(0, min(100, percent)) * width / 100)
    return "█" * filled + "░" * (width - filled)
