"""jrnl's JSON export (`jrnl --export json`), read as a batch of free-text sessions."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from reflect.settings.datafiles import whole_characters
from reflect.settings.errors import BadInput
from reflect.sharing.importing.batch import Batch, _content_hash, _json, _Reject
from reflect.sharing.importing.json_stream import ArrayReader, NotPlain


def read_jrnl(path: Path) -> list[Batch]:
    """`jrnl --export json`: entries become free-text sessions with their tags."""
    try:
        return [Batch(str(path), sessions=_Entries.checked(path))]
    except NotPlain:
        pass  # read whole, as before: it says what is wrong the way it always has
    try:
        return [Batch(str(path), sessions=_jrnl_sessions(_json(path)))]
    except _Reject as e:
        return [Batch(str(path), rejected=str(e))]


class _Entries:
    """A jrnl export's sessions, read from the file an entry at a time as the import takes
    them, so that a long file is never held whole. Every entry is read and checked first
    (`checked`); taking them reads the file again, and refuses it if it changed since."""

    def __init__(self, path: Path):
        self.path, self.digest = path, None

    @classmethod
    def checked(cls, path: Path) -> _Entries:
        entries = cls(path)
        reader = entries._reader()
        for number, raw in enumerate(reader.items()):
            try:
                _entry(whole_characters(raw), number)
            except (_Reject, ValueError):
                raise NotPlain from None  # the file read whole says it, as before
        entries.digest = reader.digest
        return entries

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Iterator:
        reader = self._reader()
        try:
            for number, raw in enumerate(reader.items()):
                yield _session(whole_characters(raw), number)
        except (NotPlain, _Reject, ValueError):
            pass
        if reader.digest is None or reader.digest != self.digest:
            raise BadInput(f"{self.path} changed while it was imported; nothing of it was "
                           "taken", hint="import it again")

    def _reader(self) -> ArrayReader:
        return ArrayReader(self.path, "entries", _other_key)


def _other_key(name: str, value: Any) -> None:
    """A top-level key beside "entries": the file read whole checks every character of it,
    and takes a file with a "date" as one entry (or refuses it)."""
    if name == "date":
        raise NotPlain
    try:
        whole_characters([name, value])
    except ValueError:
        raise NotPlain from None


def _jrnl_entries(data: Any) -> list:
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        return data["entries"]
    if isinstance(data, dict) and "date" in data:
        return [data]  # one entry, as `jrnl --export json -o folder/` writes each
    raise _Reject("not a jrnl JSON export (it has no entries)")


def _jrnl_sessions(data: Any) -> list:
    return [_session(raw, number) for number, raw in enumerate(_jrnl_entries(data))]


def _session(raw: Any, number: int):
    """The session an entry becomes, or _Reject."""
    from reflect.sharing.importing.schema import SessionIn

    title, body, day, stamp, tags = _entry(raw, number)
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8")
    # every value is checked above and of its field's type: building the record
    # without checking it again is a third of the cost of reading a large export
    return SessionIn.model_construct(
        held_on=day, title=title.strip() or None, body=body.strip(),
        tags=[t for t in tags if t], created=stamp, updated=stamp,
        source_hash=_content_hash("jrnl", canonical))


def _entry(raw: Any, number: int) -> tuple:
    """(title, body, date, time stamp, tags) of an entry, or _Reject."""
    title, body, day, time, tags, starred = _plain_entry(raw) or _checked_entry(raw, number)
    tags = [tag.lstrip("@#") for tag in tags] + (["starred"] if starred else [])
    return title, body, day, _local_stamp(day, time), tags


_DAY, _TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), re.compile(r"[0-9]{1,2}:[0-9]{2}")


def _plain_entry(raw: Any) -> tuple | None:
    """(title, body, date, time, tags, starred) of an entry as jrnl writes it, each value
    already of its type, as `_checked_entry` would read it; None for anything else, which
    that reads (or refuses) instead."""
    if type(raw) is not dict or type(raw.get("date")) is not str \
            or not _DAY.fullmatch(raw["date"]):
        return None
    title, body, time = raw.get("title", ""), raw.get("body", ""), raw.get("time", "00:00")
    tags, starred = raw.get("tags", []), raw.get("starred", False)
    if type(title) is not str or type(body) is not str or type(time) is not str \
            or not _TIME.fullmatch(time) or type(starred) is not bool or type(tags) is not list \
            or any(type(tag) is not str for tag in tags):
        return None
    try:
        day = date.fromisoformat(raw["date"])
    except ValueError:
        return None
    return title, body, day, time, tags, starred


def _checked_entry(raw: Any, number: int) -> tuple:
    """An entry read as jrnl's own keys allow (others it may add, uuid and creator, are
    left out), or the file refused with what is wrong, by the entry's place."""
    from pydantic import ValidationError

    from reflect.settings.validation import place, problems

    try:
        entry = _entry_model().model_validate(raw)
    except ValidationError as e:
        raise _Reject("; ".join(problems(e, prefix=f"entries[{number}].",
                                         where=place))) from e
    return entry.title, entry.body, entry.day, entry.time, entry.tags, entry.starred


@lru_cache(maxsize=1)
def _entry_model():
    from pydantic import BaseModel, ConfigDict, Field

    class Entry(BaseModel):
        model_config = ConfigDict(extra="ignore")
        title: str = ""
        body: str = ""
        day: date = Field(alias="date")
        time: str = Field("00:00", pattern=r"^\d{1,2}:\d{2}$")
        tags: list[str] = []
        starred: bool = False

    return Entry


def _local_stamp(day: date, time: str) -> str:
    hours, minutes = (int(part) for part in time.split(":"))
    try:
        moment = datetime.combine(day, datetime.min.time()).replace(hour=hours, minute=minutes)
    except ValueError:
        raise _Reject(f"{day} {time}: not a time of day") from None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


