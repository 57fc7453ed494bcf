"""jrnl's JSON export (`jrnl --export json`), read as a batch of free-text sessions."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from reflect.sharing.importing.batch import Batch, _content_hash, _json, _Reject


def read_jrnl(path: Path) -> list[Batch]:
    """`jrnl --export json`: entries become free-text sessions with their tags."""
    try:
        return [Batch(str(path), sessions=_jrnl_sessions(_json(path)))]
    except _Reject as e:
        return [Batch(str(path), rejected=str(e))]


def _jrnl_entries(data: Any) -> list:
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        return data["entries"]
    if isinstance(data, dict) and "date" in data:
        return [data]  # one entry, as `jrnl --export json -o folder/` writes each
    raise _Reject("not a jrnl JSON export (it has no entries)")


def _jrnl_sessions(data: Any) -> list:
    from reflect.sharing.importing.schema import SessionIn

    records = []
    for number, raw in enumerate(_jrnl_entries(data)):
        title, body, day, time, tags, starred = _plain_entry(raw) or _checked_entry(raw, number)
        tags = [tag.lstrip("@#") for tag in tags] + (["starred"] if starred else [])
        stamp = _local_stamp(day, time)
        canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8")
        # every value is checked above and of its field's type: building the record
        # without checking it again is a third of the cost of reading a large export
        records.append(SessionIn.model_construct(
            held_on=day, title=title.strip() or None, body=body.strip(),
            tags=[t for t in tags if t], created=stamp, updated=stamp,
            source_hash=_content_hash("jrnl", canonical)))
    return records


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


