"""The interchange form of journal records, shared by export and import.

A session becomes a plain dict: the YAML front matter of an exported note, or one entry of
the JSON export. Reading it back is checked against `reflect.sharing.importing.schema`,
which refuses unknown keys, so a typo is reported instead of silently dropped.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

from reflect.journal.records import Action, Goal, Session

FORMAT_VERSION = 1
ID_PATTERN = r"^[0-9a-f]{8,64}$"
# The reflection inside an exported note sits between these (hidden by markdown viewers),
# so an import takes it back exactly, whatever the note's template puts around it.
BODY_START = "<!-- reflect:body -->"
BODY_END = "<!-- /reflect:body -->"
# The front matter key naming what a vault file other than a session note holds.
RECORD_KEY = "reflect"
RECORD_KINDS = ("goal", "person", "contract", "action", "deleted")


def action_record(action: Action) -> dict[str, Any]:
    return {"id": action.id, "what": action.what, "who": action.who, "due": action.due,
            "done_on": action.done_on, "session_id": action.session_id,
            "created": action.created}


def _day(value) -> str | None:
    return value.isoformat() if value else None


def goal_record(goal: Goal, reviews: list[dict[str, Any]]) -> dict[str, Any]:
    """A goal with its reviews (as `GoalStore.review_rows` gives them)."""
    return {"id": goal.id, "title": goal.title, "specific": goal.specific,
            "measurable": goal.measurable, "achievable": goal.achievable,
            "relevant": goal.relevant, "due": _day(goal.due), "function": goal.function,
            "partner": goal.partner, "session_id": goal.session_id, "status": goal.status,
            "status_note": goal.status_note, "created": goal.created,
            "updated": goal.updated, "reviews": reviews}


def tombstone_record(tombstone: dict[str, Any]) -> dict[str, Any]:
    """A deletion as it travels: the kind, the key (a session's id, a person's name in
    lower case), when, and for a person renamed or merged, who they became. No text."""
    record = {"kind": tombstone["kind"], "key": tombstone["key"],
              "deleted": tombstone["deleted_at"]}
    if tombstone.get("became"):
        record["became"] = tombstone["became"]
    return record


def session_record(session: Session, goal_ids: list[str],
                   actions: list[Action] = (), carries_private: bool = False
                   ) -> dict[str, Any]:
    """Everything about a session's record; optional fields only where they hold something.

    Private reflection is carried only when `session` holds it, that is when the export
    was asked to include it (otherwise `session` is the shared view). A note
    carries the session's agreed actions with it; the JSON export lists them apart.
    """
    record: dict[str, Any] = {
        "id": session.id, "date": session.held_on, "title": session.title,
        "with": session.with_name, "attendees": list(session.attendees), "as": session.role,
        "kind": session.kind, "tags": list(session.tags), "models": session.models,
        "goals": list(goal_ids), "created": session.created, "updated": session.updated,
        "status": session.status,
    }
    optional = {"duration": session.duration, "presenter": session.presenter,
                "issue_presented": session.issue_presented,
                "source_hash": session.source_hash, "interview": session.interview,
                "agreed_by": session.agreed_by, "agreed_on": session.agreed_on,
                "agreed_hash": session.agreed_hash, "private": session.private,
                "private_answers": list(session.private_answers),
                "front_matter": dict(session.front_matter),
                "actions": [{k: v for k, v in action_record(a).items() if k != "session_id"}
                            for a in actions]}
    record.update({key: value for key, value in optional.items()
                   if value not in (None, "", [], {})})
    if carries_private:  # even empty: the copy says it carries private reflection (an
        record.setdefault("private", "")  # erased note stays erased on the other side)
    record["answers"] = session.answers
    return record


SEAL = "<!-- reflect:rendered {} -->"
_SEAL_START = SEAL.split("{}")[0]


def rendered_part(text: str) -> str:
    """What of a vault file reflect renders and no import reads: the text after the front
    matter, less the reflection between the body markers and less the seal."""
    try:
        _, rest, _ = split_front_matter(text)
    except ValueError:
        rest = text
    cut = rest.rfind("\n" + _SEAL_START)
    if cut != -1:  # the seal's own line goes; anything written after it stays
        after = rest.find("\n", cut + 1)
        rest = rest[:cut + 1] + (rest[after + 1:] if after != -1 else "")
    start, end = rest.find(BODY_START), rest.rfind(BODY_END)
    part = rest if start == -1 or end == -1 else rest[:start] + rest[end:]
    return part.rstrip()


def seal(text: str) -> str:
    """A vault file with a last line holding the hash of its rendered part, so that any
    machine can tell whether someone wrote in that part (words an import would not take
    back) or only reflect did, on whichever machine."""
    digest = hashlib.sha256(rendered_part(text).encode("utf-8")).hexdigest()[:16]
    return f"{text.rstrip(chr(10))}\n\n{SEAL.format(digest)}\n"


def sealed(text: str) -> bool | None:
    """True when the rendered part is as reflect wrote it; False when someone changed it;
    None for a file without a seal (written by an older reflect, or by hand)."""
    cut = text.rfind("\n" + _SEAL_START)
    if cut == -1:
        return None
    digest = text[cut + 1 + len(_SEAL_START):].split(" ", 1)[0].split("\n", 1)[0]
    return hashlib.sha256(rendered_part(text).encode("utf-8")).hexdigest()[:16] == digest


def mark_body(body: str) -> str:
    """The reflection fenced by the markers, empty or not, so words written between them
    in the vault (a note that had none yet) are read back."""
    return f"{BODY_START}\n{body}\n{BODY_END}"


def marked_body(text: str) -> str | None:
    """The reflection between the markers in an exported note, or None without markers."""
    start, end = text.find(BODY_START + "\n"), text.rfind("\n" + BODY_END)
    begin = start + len(BODY_START) + 1
    if start == -1 or end < begin - 1:
        return None
    return text[begin:end] if end >= begin else ""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, the text after it, the line that text starts on); None if none.

    Raises ValueError when the front matter is opened and never closed.
    """
    opening = _OPENING.match(text)
    if opening is None:
        return None, text, 1
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise ValueError("the front matter opened on line 1 is never closed with ---")
    return (text[opening.end():closing.start()], text[closing.end() + 1:],
            text.count("\n", 0, closing.start()) + 2)


# Only \n ends a line here, whatever else the text holds (as for `re`'s ^ and $); a line
# of "---" or "..." may end in carriage returns. Found by search, not by splitting the
# whole note into lines: a note is read (and sealed) on every export.
_OPENING = re.compile(r"---\r*(?:\n|\Z)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)\r*$", re.MULTILINE)


@lru_cache(maxsize=1)
def _dumper():
    """A safe YAML dumper that writes text with line breaks as literal blocks."""
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's, if there
        def ignore_aliases(self, data) -> bool:  # a value used twice is written twice:
            return True  # the loader refuses aliases (*name)

    def text(dumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


@lru_cache(maxsize=1)
def _loader():
    """The safe loader, less its guess that 2026-02-30 is a date: dates and timestamps stay
    text here, so the schema checks them and a bad one is reported with its key's line.
    Aliases are refused, as in every file reflect reads (see `reflect.settings.datafiles`)."""
    import yaml

    from reflect.settings.datafiles import loader_without_aliases

    class Loader(loader_without_aliases()):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def load_yaml(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=_loader())  # safe: _loader() is a SafeLoader


def dump_yaml(data: Any) -> str:
    """`data` as YAML; a mapping (front matter) entry by entry, each written directly when
    it is a plain scalar or a list of them and by the YAML dumper otherwise: the same
    text either way, and most notes need no dumper at all."""
    if isinstance(data, dict) and data:
        text = "".join(_entry(key, value) for key, value in data.items())
        # text kept with its last line breaks (`|+`) ends the document with "...", after
        # whatever follows it: that one the dumper writes whole
        return text if not text.endswith("\n...\n") and "\n...\n" not in text else _dump(data)
    return _dump(data)


def _dump(data: Any) -> str:
    import yaml

    return yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


WIDTH = 100  # the dumper's: a longer line may be folded, so it writes those
# Text the dumper writes as it is, in a block: a letter or digit first, then letters,
# digits, spaces and punctuation that is no YAML indicator inside a line (no "#", no ":"
# before a space or at the end), no space last, nothing beyond the Basic Multilingual
# Plane (which libyaml escapes). The pattern checks the characters and `_plain` the rest:
# a lookahead at every character made this check the slowest part of a note's front matter.
_PLAIN = re.compile(r"[^\W_][\w .,'()/&+@%;!?\":-]*")
_WIDE = re.compile("[\ud800-\U0010ffff]")
_QUOTABLE = re.compile(r"[!-&(-~](?:[ !-&(-~]*[!-&(-~])?")  # printable ASCII, no ' or edge space
_STR = "tag:yaml.org,2002:str"


_NAMES: dict[str, str | None] = {}  # a key as written, for the few keys notes have


def _entry(key: Any, value: Any) -> str:
    """One entry of a top-level mapping, as the dumper writes it."""
    return _block(key, value, 0) or _dump({key: value})


def _block(key: Any, value: Any, indent: int) -> str | None:
    """An entry of a mapping `indent` columns in, as the dumper writes it: a scalar, a
    list of scalars, or a mapping of those (a model's answers); None when the dumper
    must write it."""
    name = _key(key)
    if name is None:
        return None
    pad = " " * indent
    if type(value) is list:
        items = [_scalar(item, WIDTH - indent - 2) for item in value]
        if None in items:
            return None
        return f"{pad}{name}:\n" + "".join(f"{pad}- {item}\n" for item in items) if items \
            else f"{pad}{name}: []\n"
    if type(value) is dict:
        if not value:
            return f"{pad}{name}: {{}}\n"
        entries = [_block(k, v, indent + 2) for k, v in value.items()]
        return None if None in entries else f"{pad}{name}:\n" + "".join(entries)
    text = _scalar(value, WIDTH - indent - len(name) - 2)
    return None if text is None else f"{pad}{name}: {text}\n"


def _key(key: Any) -> str | None:
    """A mapping's key as the dumper writes it; None when the dumper must decide."""
    if type(key) is not str:
        return None
    name = _NAMES.get(key, "")
    if name == "":
        name = _scalar(key, WIDTH)
        if len(_NAMES) < 1000:  # bounded: keys of other tools come from notes
            _NAMES[key] = name
    return name


def _scalar(value: Any, room: int) -> str | None:
    """A scalar as the dumper writes it within `room` columns; None when the dumper
    must decide (or would fold it)."""
    if type(value) is str:
        return None if not value or len(value) > room else _text(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is date:
        return value.isoformat()
    return None


@lru_cache(maxsize=4096)  # most texts of a vault recur (a role, a kind, a name, a tag)
def _text(value: str) -> str | None:
    """Non-empty text as the dumper writes it, where it fits; None when the dumper must
    decide."""
    if _implicit_tag(value) != _STR:  # a number, a date ... as text: quoted
        return f"'{value}'" if _QUOTABLE.fullmatch(value) else None
    return value if _plain(value) else None


def _plain(text: str) -> bool:
    """Whether the dumper writes `text` as it is (`text` resolving to a string)."""
    return _PLAIN.fullmatch(text) is not None and ": " not in text \
        and text[-1] not in " :" and not _WIDE.search(text)


def _implicit_tag(text: str) -> str:
    """The tag the dumper's resolver gives plain `text` (as yaml's Resolver.resolve)."""
    resolvers = _dumper().yaml_implicit_resolvers
    for tag, pattern in resolvers.get(text[0], []) + resolvers.get(None, []):
        if pattern.match(text):
            return tag
    return _STR


def parse_stamp(value: str) -> datetime:
    """An ISO timestamp as an aware datetime (a stamp without a zone is taken as UTC)."""
    stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
