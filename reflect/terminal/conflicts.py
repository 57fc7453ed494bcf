"""Copies of a record kept from a sync conflict, as `goal show` and `person show` list
them below the record."""

from __future__ import annotations

from reflect.terminal.render import print_line


def kept_copies(copies: list[dict], current: dict) -> None:
    """Where each kept copy came from, and where it differs from the journal's copy."""
    for kept in copies:
        differs = [f"  {name}: {value!r}" for name, value in sorted(kept["copy"].items())
                   if name not in ("created", "updated", "reviews", "done_on", "id")
                   and (value or None) != (current.get(name) or None)]
        print_line("")
        print_line(f"Another copy, kept from a sync conflict on {kept['kept_at'][:10]} "
                   f"({kept['source']}):")
        for line in differs or ["  (the same as this one now)"]:
            print_line(line)
