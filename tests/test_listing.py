"""Listings for a pipe (one record a line, tab-separated) and for a narrow terminal."""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest

from reflect.terminal.listing import Column, fit

LONG_TITLE = "Supervision about workload and caseload pressures in the duty team"
LONG_NAME = "Samantha Jones-Whitfield"
LONG_GOAL = "Complete the safeguarding refresher course before the end of the quarter"


def test_fit_keeps_everything_when_there_is_room():
    columns = [Column("id", whole=True), Column("title", least=16)]
    assert fit(columns, [8, 30], 80) == ([0, 1], [8, 30])


def test_fit_shrinks_the_least_kept_column_first():
    # 8 + 10 + 30 + 20 + 3 gaps of 2 = 74: at 60, 14 cells must go. "with" (kept less
    # than the title) gives first, down to its floor of 10 (10 cells); the title gives
    # the other 4.
    columns = [Column("id", whole=True), Column("date", whole=True, keep=8),
               Column("title", keep=5, least=16), Column("with", keep=4, least=10)]
    shown, widths = fit(columns, [8, 10, 30, 20], 60)
    assert shown == [0, 1, 2, 3]
    assert widths == [8, 10, 26, 10]  # ids and dates whole


def test_fit_drops_the_least_kept_columns_when_shrinking_is_not_enough():
    columns = [Column("id", whole=True), Column("date", whole=True, keep=8),
               Column("title", keep=5, least=16), Column("with", keep=4, least=10),
               Column("kind", whole=True, keep=2), Column("tags", keep=1, least=8)]
    natural = [8, 10, 66, 24, 10, 14]
    # floors 8 + 10 + 16 + 10 + 10 + 8 = 62, and 10 for gaps: 72. At 60 tags (keep 1)
    # go (62), then kind (keep 2): 8 + 10 + 16 + 10 + 6 = 50, which fits. Then 66 + 24
    # must come down to 36: "with" gives 14 (to its floor), the title the other 40.
    shown, widths = fit(columns, natural, 60)
    assert shown == [0, 1, 2, 3]
    assert widths == [8, 10, 26, 10]  # 66 + 24 -> 26 + 10: "with" to its floor first
    # At 30: "with" goes too (8 + 10 + 16 + 4 = 38 is still too wide); before the title
    # (essential) goes, it may shrink to 8 cells: 8 + 10 + 8 + 4 = 30 fits.
    assert fit(columns, natural, 30) == ([0, 1, 2], [8, 10, 8])
    # At 20 not even that: id and date, 8 + 2 + 10.
    assert fit(columns, natural, 20) == ([0, 1], [8, 10])


@pytest.fixture
def filled(reflect):
    first = reflect.new("--with", LONG_NAME, "--title", LONG_TITLE, "--tag", "workload",
                        "--tag", "team")
    second = reflect.new("--with", "Sam", "--title", "Short\tone", "--date", "2026-11-04")
    reflect("goal", "add", "--title", LONG_GOAL, "--due", "in 3 months", "--specific", "Book",
            "--measurable", "Certificate", "--achievable", "Yes", "--relevant", "Duty",
            "--partner", "Sam")
    reflect("action", "add", "Send the chronology to the team manager by friday",
            "--who", LONG_NAME)
    return first, second


@pytest.mark.parametrize("args,fields", [
    (["list"], 7), (["goal", "list"], 6), (["person", "list"], 7), (["action", "list"], 5),
    (["search", "workload"], 5), (["config", "list"], 3),
    (["models", "list"], 4)])
def test_piped_listings_are_one_record_a_line_tab_separated(reflect, filled, args, fields):
    out = reflect(*args).stdout
    lines = out.splitlines()
    assert lines, out
    for line in lines:
        assert line.count("\t") == fields - 1, repr(line)
        assert not line.endswith(" ") and "  " not in line, repr(line)
        assert "\x1b" not in line and "…" not in line
    assert not any(line.split("\t")[0] in ("id", "name", "key") for line in lines)  # no header


def test_a_piped_listing_shows_whole_values(reflect, filled):
    first, second = filled
    rows = [line.split("\t") for line in reflect("list").stdout.splitlines()]
    assert rows[0][:4] == [first[:8], rows[0][1], LONG_TITLE, LONG_NAME]
    assert rows[0][5] == "team, workload"
    assert rows[1][:4] == [second[:8], "2026-11-04", "Short one", "Sam"]  # a tab flattened
    [goal] = [line.split("\t") for line in reflect("goal", "list").stdout.splitlines()]
    assert goal[2] == LONG_GOAL


def _at_width(tmp_path, columns: int, *args: str) -> list[str]:
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": str(columns)}
    child = pexpect.spawn(sys.executable, ["-m", "reflect", *args], cwd=str(tmp_path),
                          env=env, encoding="utf-8", timeout=20, dimensions=(40, columns))
    child.expect(pexpect.EOF)
    text = re.sub(r"\x1b\[[0-9;]*m", "", child.before)
    return [line for line in text.replace("\r", "").split("\n") if line]


@pytest.mark.parametrize("columns", [60, 44])
@pytest.mark.parametrize("args", [["list"], ["goal", "list"], ["person", "list"],
                                  ["action", "list"]])
def test_a_narrow_terminal_never_splits_a_date_an_id_or_a_word_across_lines(
        reflect, filled, tmp_path, columns, args):
    lines = _at_width(tmp_path, columns, *args)
    header, rows = lines[0], lines[1:]
    assert all(len(line) <= columns for line in lines), lines
    assert not any(line.endswith(" ") for line in lines)
    assert len(rows) == len(reflect(*args).stdout.splitlines())  # one line per record
    if args[0] != "person":
        assert header.split()[0] == "id"
        assert {"title", "what"} & set(header.split()), header  # the title stays
        ids = [row.split()[0] for row in rows]
        assert all(re.fullmatch(r"[0-9a-f]{8}", i) for i in ids), rows
    for row in rows:  # every date shown is whole
        for date in re.findall(r"\b\d{4}-[\d-]*", row):
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", date), row
    longs = (LONG_TITLE, LONG_NAME, LONG_GOAL, "Send the chronology to the team manager")
    for row in rows:  # a long value is whole, or shortened to a prefix with an ellipsis
        for cut in re.findall(r"(\S[^…]*?)…", row):
            assert any(long.startswith(cut.split("  ")[-1]) for long in longs), row


def test_a_narrow_listing_keeps_the_date_and_title_before_kind_and_tags(
        reflect, filled, tmp_path):
    header = _at_width(tmp_path, 60, "list")[0].split()
    assert header[:3] == ["id", "date", "title"]
    assert "tags" not in header and "agreed" not in header  # nothing agreed: empty column
    wide = _at_width(tmp_path, 160, "list")
    assert wide[0].split() == ["id", "date", "title", "with", "kind", "tags"]
    assert any(LONG_TITLE in line for line in wide)
