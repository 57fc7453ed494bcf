"""The interchange form as read back: pydantic models of a note's front matter and of the
JSON export, each strict about its keys. Imported only when a file is imported (it loads
pydantic); writing the form is `reflect.sharing.exchange`'s."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue

from reflect.journal.records import GOAL_STATUSES, MAX_INTEGER, STATUSES
from reflect.settings.vocabulary import EntryKindName, RoleName
from reflect.sharing.exchange import ID_PATTERN, parse_stamp


def _stamp(value: Any) -> Any:
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, str):
        try:
            parse_stamp(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a timestamp (YYYY-MM-DDTHH:MM:SS+00:00)"
                             ) from None
    return value


Stamp = Annotated[str, BeforeValidator(_stamp)]


def _tag_list(value: Any) -> Any:
    """Tags as a list; Obsidian also writes them as one line ("workload court", "#a, #b")."""
    if isinstance(value, str):
        return [tag for tag in value.replace(",", " ").split() if tag.strip("#")]
    return value
RecordId = Annotated[str, Field(pattern=ID_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True,
                              coerce_numbers_to_str=True)


class ActionIn(_Strict):
    id: RecordId
    what: str
    who: str | None = None
    due: date | None = None
    done_on: date | None = None
    session_id: RecordId | None = None
    created: Stamp


class SessionIn(_Strict):
    """A session as an export holds it; a hand-written note may leave most keys out."""

    id: RecordId | None = None
    held_on: date | None = Field(None, alias="date")
    title: str | None = None
    with_name: str | None = Field(None, alias="with")
    attendees: list[str] = []
    role: RoleName | None = Field(None, alias="as")
    kind: EntryKindName | None = None
    tags: Annotated[list[str], BeforeValidator(_tag_list)] = []
    models: list[str] = []
    goals: list[str] = []
    created: Stamp | None = None
    updated: Stamp | None = None
    status: Literal[STATUSES] = "final"
    duration: int | None = Field(None, ge=1, le=MAX_INTEGER)
    presenter: str | None = None
    issue_presented: str | None = None
    source_hash: str | None = None
    interview: dict[str, JsonValue] | None = None
    agreed_by: str | None = None
    agreed_on: date | None = None
    agreed_hash: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")
    actions: list[ActionIn] = []
    answers: dict[str, dict[str, JsonValue]] = {}
    body: str | None = None
    private: str | None = None
    private_answers: list[Annotated[str, Field(pattern=r"^[^.\s]+\.[^.\s]+$")]] = []
    front_matter: dict[str, JsonValue] = {}  # keys of other tools, written back as they came


class ReviewIn(_Strict):
    reviewed_on: date = Field(alias="date")
    progress: int = Field(ge=0, le=100)
    note: str = ""
    evidence: str | None = None
    created: Stamp | None = None


class GoalIn(_Strict):
    id: RecordId
    title: str
    specific: str = ""
    measurable: str = ""
    achievable: str = ""
    relevant: str = ""
    due: date | None = None
    function: str | None = None
    partner: str | None = None
    session_id: RecordId | None = None
    status: Literal[GOAL_STATUSES] = "open"
    status_note: str | None = None
    created: Stamp
    updated: Stamp
    reviews: list[ReviewIn] = []


class PersonIn(_Strict):
    name: str = Field(min_length=1)
    role: str | None = None
    team: str | None = None
    created: Stamp | None = None


class ContractIn(_Strict):
    person: str = Field(min_length=1)
    version: int = Field(ge=1, le=MAX_INTEGER)
    terms: dict[str, JsonValue]
    review_on: date | None = None
    created: Stamp


class TombstoneIn(_Strict):
    """A deletion carried from another machine: no text, only what was deleted and when."""

    kind: Literal["session", "person"]
    key: str = Field(min_length=1)
    deleted: Stamp
    became: str | None = None


class ContractVersionIn(_Strict):
    version: int = Field(ge=1, le=MAX_INTEGER)
    terms: dict[str, JsonValue]
    review_on: date | None = None
    created: Stamp


class ContractsIn(_Strict):
    """A vault's contract file: every version of the contract with one person."""

    person: str = Field(min_length=1)
    versions: list[ContractVersionIn] = []

    def contracts(self) -> list[ContractIn]:
        return [ContractIn(person=self.person, **v.model_dump()) for v in self.versions]


class JournalIn(_Strict):
    """Reflect's JSON export, checked whole."""

    format_version: int = Field(ge=1)
    people: list[PersonIn] = []
    sessions: list[SessionIn] = []
    goals: list[GoalIn] = []
    actions: list[ActionIn] = []
    contracts: list[ContractIn] = []
    deleted: list[TombstoneIn] = []
    redacted: bool = False


def session_keys() -> set[str]:
    """Every front matter key a session note may use: each field's name and its alias."""
    return {name for field_name, info in SessionIn.model_fields.items()
            for name in (field_name, info.alias) if name}
