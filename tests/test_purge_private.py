"""`purge --private`: process notes erased for good, the agreed record kept.

Checked on the bytes of the journal, its -wal and -shm, as the whole-session purge is.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.support import assert_one_line_error
from tests.test_purge import file_bytes, words_in

OLD = "2025-03-04"
RECENT = "2026-11-20"
PRIVATE_WORDS = ["plixovfirst", "snerdivsecond", "quastlecathartic", "vombrelplan"]
RECORD_WORDS = ["marrowbody", "fennelagreed", "olvantitle", "brisqueplanwho"]


def answers_file(tmp_path: Path, name: str, content: dict) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return str(path)


def old_session(reflect, tmp_path) -> str:
    """A session with private text edited once (so a version holds the first), a private
    Heron answer, and a DESC plan not yet held; its record is agreed."""
    session_id = reflect("new", "--answers", answers_file(tmp_path, "old.yaml", {
        "date": OLD, "with": "Sam Jones", "title": "Supervision olvantitle",
        "body": "We talked about marrowbody.",
        "private": "I felt plixovfirst.",
        "answers": {
            "heron": {"used": ["cathartic"], "cathartic_landed": "quastlecathartic",
                      "needed": []},
            "desc": {"describe": "the vombrelplan visits", "partner": "brisqueplanwho"},
        }})).stdout.strip()
    reflect("edit", session_id, "--private", "I still felt snerdivsecond.")
    reflect("agree", session_id, "--by", "Sam Jones fennelagreed")
    return session_id


def test_private_reflection_goes_from_the_session_and_every_version_and_the_record_stays(
        reflect, journal_path, tmp_path):
    session_id = old_session(reflect, tmp_path)
    recent = reflect("new", "--date", RECENT, "--body", "Recent.", "--private",
                     "recent private kept").stdout.strip()
    before = reflect.json("list")
    versions = reflect.json("history", session_id)
    assert words_in(file_bytes(journal_path), PRIVATE_WORDS) == sorted(PRIVATE_WORDS)

    dry = reflect("purge", "--private", "--before", "2026-01-01", "--dry-run")
    assert session_id[:8] in dry.stdout and recent[:8] not in dry.stdout
    # Heron's cathartic_landed (private: true) and DESC's describe (a plan not yet held);
    # the edit kept the first private text in version 1.
    assert ("private reflections: 1, private answers: 2, earlier versions holding some: 1"
            in dry.stderr)
    result = reflect("purge", "--private", "--before", "2026-01-01", "--yes")
    assert "the records are unchanged" in result.stderr

    found = file_bytes(journal_path)
    assert words_in(found, PRIVATE_WORDS) == []
    assert words_in({"journal": found["journal"]}, RECORD_WORDS) == sorted(RECORD_WORDS)
    after = reflect.json("list")
    assert after == before  # same sessions, same updated times, still agreed and unchanged
    record = reflect("show", session_id, "--format", "json")
    shown = json.loads(record.stdout)
    assert shown["private"] == "" and shown["changed_since_agreed"] is False
    assert shown["answers"]["heron"] == {"used": ["cathartic"]}  # an empty answer is none
    assert shown["answers"]["desc"] == {"partner": "brisqueplanwho"}
    assert len(reflect.json("history", session_id)) == len(versions)
    assert reflect.json("search", "snerdivsecond") == []
    recent_shown = json.loads(reflect("show", recent, "--format", "json").stdout)
    assert recent_shown["private"] == "recent private kept"
    reflect("check")


def test_purge_private_asks_and_bad_requests_are_one_line(reflect, journal_path, tmp_path):
    old_session(reflect, tmp_path)
    assert_one_line_error(reflect("purge", "--private", code=1), "--before")
    assert_one_line_error(reflect("purge", "--private", "--deleted", "--before", "2026-01-01",
                                  code=1), "--before")
    assert_one_line_error(reflect("purge", "--private", "--before", "2026-01-01", code=1),
                          "confirmation")
    assert words_in(file_bytes(journal_path), PRIVATE_WORDS)  # nothing erased
    assert "no private reflection" in reflect("purge", "--private", "--before",
                                              "2020-01-01", "--yes").stderr
