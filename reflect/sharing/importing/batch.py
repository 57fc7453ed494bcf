"""A file read for import: the `Batch` of checked records it holds, and the reading every
reader shares (bytes to text, JSON, a content hash for sources without ids)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflect.settings.datafiles import whole_characters


@dataclass
class Batch:
    """What one file holds; applied to the journal in one transaction."""

    source: str
    sessions: list = field(default_factory=list)  # exchange.SessionIn, bodies filled in
    people: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    contracts: list = field(default_factory=list)
    tombstones: list = field(default_factory=list)  # schema.TombstoneIn
    rejected: str | None = None  # why the file was refused (with its line where known)
    skipped: str | None = None  # why the file was passed over (not an error)
    warnings: list[str] = field(default_factory=list)  # read all the same, but worth a look
    copy: str = "markdown"  # the copy it is, "format:where" (each copy has its own sync base)


    def identity(self) -> tuple[str, str] | None:
        """The one record a vault file holds, as (kind, key); None for any other file."""
        from reflect.journal.vault import person_key

        held = [("session", s.id) for s in self.sessions if s.id]
        held += [("goal", g.id) for g in self.goals] + [("person", person_key(p.name))
                                                        for p in self.people]
        held += [("action", a.id) for a in self.actions]
        held += [("contract", person_key(c.person)) for c in self.contracts[:1]]
        return held[0] if len(held) == 1 or (held and self.contracts) else None


class _Reject(Exception):
    """A problem with one file: the rest of the import goes on."""


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise _Reject(f"cannot read it: {e.strerror or e}") from e
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise _Reject(f"line {line}: not UTF-8 text") from e
    # a file whose line ends were turned into CRLF on the way (git on Windows) reads as LF
    return text.replace("\r\n", "\n") if text.startswith("---\r\n") else text


def _content_hash(kind: str, data: bytes) -> str:
    return f"{kind}:{hashlib.sha256(data).hexdigest()}"


def _json(path: Path) -> Any:
    text = _text(path)
    try:
        return whole_characters(json.loads(text))
    except json.JSONDecodeError as e:
        raise _Reject(f"line {e.lineno}: not valid JSON: {e.msg}") from e
    except RecursionError as e:
        raise _Reject("nested too deeply to read") from e
    except ValueError as e:
        raise _Reject(f"not valid JSON: {e}") from e


