"""Private reflection never leaves in an export unless asked for."""

import json

import pytest

from tests.support import all_bytes

PRIVATE_TEXT = "Zebrafinch worries of mine"
PRIVATE_ANSWER = "Quokkalike tears came"


@pytest.fixture
def journal(reflect):
    data = {"with": "Jo", "body": "The record of the session.", "private": PRIVATE_TEXT,
            "answers": {"heron": {"used": ["cathartic"], "cathartic_landed": PRIVATE_ANSWER}}}
    return reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()



@pytest.mark.parametrize("fmt, target", [("markdown", "out"), ("html", "out"),
                                         ("json", "out.json")])
def test_default_exports_hold_no_private_reflection(reflect, journal, tmp_path, fmt, target):
    out = tmp_path / target
    result = reflect("export", "--format", fmt, "--out", str(out))
    data = all_bytes(out).lower()
    assert b"zebrafinch" not in data and b"quokkalike" not in data
    assert b"record of the session" in data
    assert "private reflection left out" in result.stderr


@pytest.mark.parametrize("fmt, target", [("markdown", "out"), ("json", "out.json")])
def test_include_private_carries_it_and_says_so(reflect, journal, tmp_path, fmt, target):
    out = tmp_path / target
    result = reflect("export", "--format", fmt, "--out", str(out), "--include-private")
    data = all_bytes(out).lower()
    assert b"zebrafinch" in data and b"quokkalike" in data
    assert "including private reflection" in result.stderr


def test_a_full_move_to_another_device_keeps_private_reflection(reflect, journal, tmp_path,
                                                                 monkeypatch):
    out = tmp_path / "all.json"
    reflect("export", "--format", "json", "--out", str(out), "--include-private")
    monkeypatch.setenv("REFLECT_JOURNAL", str(tmp_path / "second" / "journal.db"))
    reflect("import", str(out))
    moved = json.loads(reflect("show", journal, "--format", "json").stdout)
    assert moved["private"] == PRIVATE_TEXT
    assert moved["answers"]["heron"]["cathartic_landed"] == PRIVATE_ANSWER


def test_importing_a_shared_export_keeps_the_private_reflection_already_here(
        reflect, journal, tmp_path):
    out = tmp_path / "shared"
    reflect("export", "--out", str(out))
    reflect("edit", journal, "--title", "Changed here")  # make the journal copy newer
    reflect("import", str(out))
    kept = json.loads(reflect("show", journal, "--format", "json").stdout)
    assert kept["private"] == PRIVATE_TEXT
    assert kept["answers"]["heron"]["cathartic_landed"] == PRIVATE_ANSWER


def test_deleted_sessions_are_not_exported(reflect, journal, tmp_path):
    reflect("delete", journal, "--yes")
    out = tmp_path / "out.json"
    reflect("export", "--format", "json", "--out", str(out))
    assert b"record of the session" not in out.read_bytes()
