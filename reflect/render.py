"""Terminal output: Rich tables and notes for people, plain JSON for scripts.

Data is built once by the domain and shown here two ways; nothing is parsed back.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from reflect.records import Session


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_line(text: str) -> None:
    """A bare value on stdout (an id, a path) that scripts can capture."""
    sys.stdout.write(text + "\n")


def notice(text: str) -> None:
    """A message for the person at the terminal, on stderr so stdout stays clean."""
    _console(stderr=True).print(text, markup=False)


def error(text: str) -> None:
    sys.stderr.write(f"reflect: error: {text}\n")


def print_markdown(text: str) -> None:
    """A note: rendered with Rich on a terminal, raw markdown elsewhere."""
    if not stdout_is_terminal():
        sys.stdout.write(text)
        return
    from rich.markdown import Markdown

    body = text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        body = text[end + 5:] if end != -1 else text
    _console().print(Markdown(body))


def sessions_table(sessions: Iterable[Session]) -> None:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "date", "title", "with", "kind", "tags"):
        table.add_column(column, overflow="fold")
    rows = 0
    for s in sessions:
        title = s.title + (" [draft]" if s.status == "draft" else "")
        table.add_row(s.id[:8], s.held_on.isoformat(), title, s.with_name or "",
                      s.kind, ", ".join(s.tags))
        rows += 1
    if rows:
        _console().print(table)
    else:
        notice("No sessions yet. Record one with: reflect new --with NAME --body TEXT")


def settings_table(values: dict[str, Any], helps: dict[str, str]) -> None:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("key", "value", "meaning"):
        table.add_column(column)
    for key, value in values.items():
        table.add_row(key, str(value), helps.get(key, ""))
    _console().print(table)
