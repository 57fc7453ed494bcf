"""jrnl's JSON export (`jrnl --export json`), read as a batch of free-text sessions."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
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
    from pydantic import BaseModel, ConfigDict, Field, ValidationError

    from reflect.settings.validation import place, problems
    from reflect.sharing.importing.schema import SessionIn

    class Entry(BaseModel):  # jrnl's own keys; others it may add (uuid, creator) ignored
        model_config = ConfigDict(extra="ignore")
        title: str = ""
        body: str = ""
        day: date = Field(alias="date")
        time: str = Field("00:00", pattern=r"^\d{1,2}:\d{2}$")
        tags: list[str] = []
        starred: bool = False

    records = []
    for number, raw in enumerate(_jrnl_entries(data)):
        try:
            entry = Entry.model_validate(raw)
        except ValidationError as e:
            raise _Reject("; ".join(problems(e, prefix=f"entries[{number}].",
                                             where=place))) from e
        tags = [tag.lstrip("@#") for tag in entry.tags] + (["starred"] if entry.starred else [])
        stamp = _local_stamp(entry.day, entry.time)
        canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8")
        records.append(SessionIn(
            held_on=entry.day, title=entry.title.strip() or None, body=entry.body.strip(),
            tags=[t for t in tags if t], created=stamp, updated=stamp,
            source_hash=_content_hash("jrnl", canonical)))
    return records


def _local_stamp(day: date, time: str) -> str:
    hours, minutes = (int(part) for part in time.split(":"))
    try:
        moment = datetime.combine(day, datetime.min.time()).replace(hour=hours, minute=minutes)
    except ValueError:
        raise _Reject(f"{day} {time}: not a time of day") from None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


