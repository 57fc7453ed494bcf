"""Keeping one answer private when giving it: in an answers file (`keep_private`) and at
the terminal (typing `private`), with the choice carried through export and import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.test_purge import file_bytes, words_in

SESSION = {
    "date": "2026-11-20", "with": "Sam Jones", "body": "We talked about the court report.",
    "answers": {"proctor": {"split": {"normative": 50, "formative": 30, "restorative": 20},
                            "bring_next": "the glimmerquark worry about my manager"}},
    "keep_private": ["proctor.bring_next"],
}


def write(tmp_path: Path, content: dict, name: str = "session.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return str(path)


def test_an_answer_kept_private_in_a_file_stays_out_of_the_record(reflect, tmp_path):
    session_id = reflect("new", "--answers", write(tmp_path, SESSION)).stdout.strip()
    shown = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert shown["private_answers"] == ["proctor.bring_next"]
    assert shown["private_prompts"] == {"proctor": ["bring_next"]}
    note = reflect("show", session_id, "--format", "markdown").stdout
    assert "glimmerquark" in note[note.index("## Private reflection"):]
    assert "glimmerquark" not in note[:note.index("## Private reflection")]
    shared = tmp_path / "shared.json"
    reflect("export", "--format", "json", "--out", str(shared))
    assert "glimmerquark" not in shared.read_text()
    assert json.loads(shared.read_text())["sessions"][0]["answers"]["proctor"]["split"]


@pytest.mark.parametrize("form", ["json", "markdown"])
def test_the_choice_travels_through_export_and_import(reflect, tmp_path, monkeypatch, form):
    session_id = reflect("new", "--answers", write(tmp_path, SESSION)).stdout.strip()
    out = tmp_path / ("all.json" if form == "json" else "vault")
    reflect("export", "--format", form, "--include-private", "--out", str(out))
    monkeypatch.setenv("REFLECT_JOURNAL", str(tmp_path / "other.db"))
    reflect("import", str(out))
    shown = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert shown["answers"]["proctor"]["bring_next"].startswith("the glimmerquark")
    assert shown["private_answers"] == ["proctor.bring_next"]
    again = tmp_path / "again.json"
    reflect("export", "--format", "json", "--out", str(again))
    assert "glimmerquark" not in again.read_text()


def test_keep_private_must_name_an_answer_in_the_file(reflect, tmp_path):
    bad = {**SESSION, "keep_private": ["proctor.nonsense", "heron.used"]}
    result = reflect("new", "--answers", write(tmp_path, bad), code=1)
    assert "keep_private" in result.stderr and "'proctor.nonsense'" in result.stderr
    assert reflect.json("list") == []


def test_purge_private_erases_an_answer_kept_private(reflect, journal_path, tmp_path):
    session_id = reflect("new", "--answers", write(tmp_path, SESSION)).stdout.strip()
    reflect("purge", "--private", "--before", "2026-11-21", "--yes")
    assert words_in(file_bytes(journal_path), ["glimmerquark"]) == []
    shown = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert "bring_next" not in shown["answers"]["proctor"]
    assert shown["private_answers"] == []


def test_at_the_terminal_each_question_says_where_it_goes_and_private_keeps_it(spawn):
    child = spawn("new", "-m", "heron", "--with", "Sam Jones", "--date", "today")
    child.expect_exact("[Heron's six categories 1/")
    child.expect_exact("Goes in: the record. Type private to keep this answer to yourself.")
    child.expect_exact("> ")
    child.sendline("?")
    child.expect_exact("Goes in: the record.")
    child.expect_exact("> ")
    child.sendline("private")
    child.expect_exact("Goes in: your private reflection (your choice")
    child.expect_exact("> ")
    child.sendline("2")  # informative
    child.expect_exact("Goes in:")
    child.expect_exact("> ")
    child.sendline("private")
    child.expect_exact("Now type the answer.")
    child.expect_exact("> ")
    child.sendline("private")  # changed my mind: the record after all
    child.expect_exact("Goes in: the record.")
    child.expect_exact("> ")
    child.sendline("The advice on the court report helped.")
    for _ in range(10):  # the rest, skipped
        index = child.expect_exact(["> ", "Save this note? [Y/n]"])
        if index == 1:
            break
        child.sendline("")
    child.sendline("")
    child.expect_exact("SMART goal? [y/N]")
    child.sendline("")
    child.expect_exact("action> ")
    child.sendline("")
    child.expect(pexpect.EOF)
    listed = json.loads(subprocess.run([sys.executable, "-m", "reflect", "list", "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    shown = json.loads(subprocess.run(
        [sys.executable, "-m", "reflect", "show", listed[0]["id"], "--format", "json"],
        capture_output=True, text=True, check=True).stdout)
    assert shown["private_answers"] == ["heron.used"]
    assert shown["answers"]["heron"]["used"] == ["informative"]
