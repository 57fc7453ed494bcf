"""Long notes go through the user's pager on a terminal; never when piped or refused."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from reflect.terminal import pager

LONG_BODY = "\n\n".join(f"Paragraph {n} about the Smith family visit." for n in range(60))


@pytest.mark.parametrize("environ,words", [
    ({}, ["less", "-FRX"]),
    ({"PAGER": "more"}, ["more"]),
    ({"PAGER": "less -S --quit-at-eof"}, ["less", "-S", "--quit-at-eof"]),
    ({"PAGER": ""}, None),
    ({"PAGER": "cat"}, None),
    ({"PAGER": "'unclosed"}, None),
])
def test_the_pager_is_pager_else_less_frx(environ, words):
    assert pager.command(environ) == words


@pytest.fixture
def marking_pager(tmp_path):
    """A pager that marks what passed through it."""
    script = tmp_path / "mark.py"
    script.write_text("import sys\nsys.stdout.write('PAGED>' + sys.stdin.read())\n")
    return f"{sys.executable} {script}"


def _show(tmp_path, env, *args) -> str:
    child = pexpect.spawn(sys.executable, ["-m", "reflect", *args], cwd=str(tmp_path),
                          env={**os.environ, "TERM": "xterm", "NO_COLOR": "1",
                               "COLUMNS": "80", "LINES": "24", **env},
                          encoding="utf-8", timeout=20, dimensions=(24, 80))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


@pytest.fixture
def notes(reflect):
    long = reflect.new("--title", "Long one", body=LONG_BODY)
    short = reflect.new("--title", "Short one", body="Two lines.")
    return long, short


def test_a_note_longer_than_the_screen_goes_through_the_pager(notes, tmp_path,
                                                               marking_pager):
    out = _show(tmp_path, {"PAGER": marking_pager}, "show", notes[0])
    assert "PAGED>" in out and "Paragraph 59" in out
    raw = _show(tmp_path, {"PAGER": marking_pager}, "show", notes[0], "--format", "markdown")
    assert "PAGED>" in raw and "Paragraph 59" in raw


def test_a_note_that_fits_is_not_paged(notes, tmp_path, marking_pager):
    out = _show(tmp_path, {"PAGER": marking_pager}, "show", notes[1])
    assert "Two lines." in out and "PAGED>" not in out


@pytest.mark.parametrize("args", [["--no-pager", "show", "ID"], ["show", "ID", "--no-pager"]])
def test_no_pager_prints_straight_to_the_terminal(notes, tmp_path, marking_pager, args):
    args = [notes[0] if a == "ID" else a for a in args]
    out = _show(tmp_path, {"PAGER": marking_pager}, *args)
    assert "Paragraph 59" in out and "PAGED>" not in out


def test_an_empty_pager_or_one_that_cannot_start_prints_the_note(notes, tmp_path):
    for chosen in ("", "no-such-pager-anywhere"):
        out = _show(tmp_path, {"PAGER": chosen}, "show", notes[0])
        assert "Paragraph 0" in out and "Paragraph 59" in out


def test_piped_output_is_never_paged(reflect, notes, monkeypatch, marking_pager):
    monkeypatch.setenv("PAGER", marking_pager)
    out = reflect("show", notes[0]).stdout
    assert "PAGED>" not in out and "Paragraph 59" in out
