"""Round trips: export a journal, import it into an empty one, export again: same bytes.

Property-tested over generated sessions (unicode, empty fields, many tags, drafts).
A short run by default; set REFLECT_FUZZ_EXAMPLES=500 (say) for a long fuzz.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.journal.connection import open_journal
from reflect.settings.vocabulary import KINDS, ROLES
from reflect.sharing.export import EXPORTERS
from reflect.sharing.export.selection import Selection, gather
from reflect.sharing.importing.apply import import_batches
from reflect.sharing.importing.readers import read_source
from reflect.sharing.outfiles import write_output
from tests.transfer_data import tree

EXAMPLES = int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "25"))
NAMES = ["Sam Jones", "Zoë Ångström", "李雷", "O'Brien-Smith", "Jo", "Ana María Núñez"]
TAGS = ["workload", "neglect", "Ünïcode", "日本語", "self-care", "c#", "a b", "CPD", "x",
        "emoji 🙂", "niño", "ßtraße", "risk", "team", "safeguarding"]
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
               max_size=60)
START = datetime(2025, 1, 1, tzinfo=timezone.utc)

# Answers to the user's own prompt sets (written by `own_sets`): an import checks every
# answer against the sets, as an answers file is checked, so they must fit them.
OWN_SETS = ("gibbs", "kolb", "my-model")
answer = st.one_of(TEXT, st.integers(-5, 500))
answers = st.dictionaries(st.sampled_from(OWN_SETS),
                          st.dictionaries(st.sampled_from(["what", "so_what", "now_what"]),
                                          answer, min_size=1, max_size=3), max_size=2)


@st.composite
def session_fields(draw) -> dict:
    created = START + timedelta(minutes=draw(st.integers(0, 5)))
    status = draw(st.sampled_from(["final", "final", "draft"]))
    return {
        "session_id": uuid.UUID(int=draw(st.integers(0, 2**128 - 1))).hex,
        "held_on": draw(st.dates(date(2024, 1, 1), date(2024, 1, 10))),
        "title": draw(TEXT.filter(lambda t: "\n" not in t)),
        "kind": draw(st.sampled_from(KINDS)), "role": draw(st.sampled_from(ROLES)),
        "with_name": draw(st.none() | st.sampled_from(NAMES)),
        "attendees": draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3)),
        "presenter": draw(st.none() | st.sampled_from(NAMES)),
        "issue_presented": draw(st.none() | TEXT),
        "duration": draw(st.none() | st.integers(1, 600)),
        "body": draw(TEXT), "tags": draw(st.lists(st.sampled_from(TAGS), unique=True)),
        "answers": draw(answers), "status": status,
        "interview": {"models": ["gibbs"], "cursor": 0} if status == "draft" else None,
        "source_hash": draw(st.none() | st.just("md:" + "0" * 64)),
        "created": created.isoformat(),
        "updated": (created + timedelta(seconds=draw(st.integers(0, 90)))).isoformat(),
    }


def own_sets(config_dir: Path) -> None:
    """Three prompt sets of the user's own, each with three text prompts."""
    folder = config_dir / "prompts"
    folder.mkdir(parents=True, exist_ok=True)
    for model in OWN_SETS:
        prompts = "".join(f"  - id: {p}\n    kind: text\n    text: {p}?\n"
                          for p in ("what", "so_what", "now_what"))
        (folder / f"{model}.yaml").write_text(
            f"id: {model}\nname: {model}\nsummary: s\nsource: s\nversion: 1\n"
            f"prompts:\n{prompts}")


def _journal(path: Path, sessions: list[dict]) -> None:
    journal = open_journal(path)
    for number, fields in enumerate(sessions):
        # one content hash per journal: a second equal one would be the same source
        fields = {**fields, "source_hash": fields["source_hash"] if number == 0 else None}
        journal.add_session(**fields)
    journal.close()


def _export(db: Path, fmt: str, out: Path) -> None:
    journal = open_journal(db)
    try:
        exporter = EXPORTERS[fmt]
        write_output(out, exporter.build(gather(journal, Selection()), False, lambda: None),
                     exporter.owns)
    finally:
        journal.close()


def _import(db: Path, source: Path):
    journal = open_journal(db)
    try:
        return import_batches(journal, read_source(source, None)[1])
    finally:
        journal.close()


def _round_trip(folder: Path, fmt: str, sessions: list[dict]) -> None:
    """Through the domain, not the CLI (the CLI round trip is in test_import), for speed."""
    suffix = ".json" if fmt == "json" else ""
    first, second = folder / f"one{suffix}", folder / f"two{suffix}"
    _journal(folder / "a.db", sessions)
    _export(folder / "a.db", fmt, first)
    assert not _import(folder / "b.db", first).rejected
    _export(folder / "b.db", fmt, second)
    if fmt == "json":
        assert first.read_bytes() == second.read_bytes()
    else:
        assert tree(first) == tree(second)
    again = _import(folder / "b.db", first).totals()
    assert not again[("session", "added")] and not again[("session", "updated")]


many_sessions = st.lists(session_fields(), min_size=1, max_size=5,
                         unique_by=lambda s: s["session_id"])
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@SETTINGS
@given(sessions=many_sessions)
def test_markdown_round_trip_gives_identical_output(sessions, config_dir):
    own_sets(config_dir)
    with tempfile.TemporaryDirectory() as folder:
        _round_trip(Path(folder), "markdown", sessions)


@SETTINGS
@given(sessions=many_sessions)
def test_json_round_trip_gives_identical_output(sessions, config_dir):
    own_sets(config_dir)
    with tempfile.TemporaryDirectory() as folder:
        _round_trip(Path(folder), "json", sessions)
