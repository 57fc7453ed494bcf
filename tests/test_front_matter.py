"""Front matter is written entry by entry without the YAML dumper where it can be: the
text must be the dumper's, byte for byte, for any value."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.sharing import exchange
from reflect.sharing.exchange import dump_yaml, load_yaml

TRICKY = ["yes", "No", "ON", "off", "null", "Null", "~", "true", "123", "0123", "0o17",
          "0b101", "0x1F", "1_000", "1.5", "1e3", ".inf", ".NaN", "-1", "+1", "190:20:30",
          "2026-01-02", "2026-1-2", "2026-01-02T09:00:00+00:00", "2026-01-02 09:00:00",
          "<<", "=", "-dash", "- dash", ": colon", "a: b", "a:b", "# hash", "a #b", "a#b",
          "it's", "'quoted'", 'say "hi"', "tab\there", "Zoë Ångström", "emoji 😀", "𠀀",
          " lead", "trail ", "", "line\nbreak", "\u2028", "\x85", "\ufeff", "\xa0nbsp",
          "[list]", "{map}", "a, b", "a [b]", "?q", "q?", "!bang", "&amp", "*star", "|pipe",
          ">gt", "%pct", "@at", "`tick`", "a\\b", "x" * 97, "x" * 98, "x" * 99, "x" * 120,
          "word " * 19 + "end", "word " * 30, "Supervision with Sam Jones", "3fa8c1d2e4",
          "12345678", "1e10", "y", "n", "Y", "é", "²", "_under", "a_b", "__", "0", "00"]
KEYS = st.one_of(st.sampled_from(["id", "date", "title", "with", "as", "tags", "yes", "on",
                                  "a b", "a: b", "x" * 130, "", "2026-01-02", "1", "~"]),
                 st.text(max_size=12))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(TRICKY), st.text(), st.text(alphabet="ab :#'-\n"), st.dates(),
    st.datetimes(), st.text(alphabet=st.characters(codec="utf-8"), max_size=140))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=8)


def dumped(data) -> str:
    return exchange._dump(data)


@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=8))
@settings(max_examples=1500, deadline=None)
def test_front_matter_is_the_dumpers_text_for_any_mapping(data):
    assert dump_yaml(data) == dumped(data)


@given(st.sampled_from(TRICKY) | st.text(), st.sampled_from(TRICKY) | st.text())
@settings(max_examples=1500, deadline=None)
def test_front_matter_is_the_dumpers_text_for_any_text(key, text):
    for value in (text, [text, "plain"], [text] * 3):
        assert dump_yaml({key: value}) == dumped({key: value})


def test_every_tricky_text_comes_back_as_it_went():
    data = {f"k{n}": text for n, text in enumerate(TRICKY)}
    data.update(day=date(2026, 1, 2), stamp=datetime(2026, 1, 2, 3, 4, 5), empty=[],
                none={}, items=TRICKY)
    assert dump_yaml(data) == dumped(data)
    back = load_yaml(dump_yaml(data))
    assert [back[f"k{n}"] for n in range(len(TRICKY))] == TRICKY


def test_tricky_texts_inside_mappings_are_the_dumpers_text_at_every_depth():
    for text in TRICKY:
        for data in ({"answers": {"proctor": {"bring_next": text}}},
                     {"answers": {"heron": {"used": [text, "plain"]}}},
                     {"a": {"b": {"c": {"d": {text or "k": text}}}}}):
            assert dump_yaml(data) == dumped(data), (text, data)


def test_a_note_and_its_model_answers_need_no_dumper(monkeypatch):
    calls = []
    monkeypatch.setattr(exchange, "_dump", lambda data: calls.append(data) or "")
    record = {"id": "3fa8c1d2e4b5", "date": date(2026, 1, 5), "title": "Supervision with Sam",
              "with": "Sam Jones", "attendees": [], "as": "supervisee", "kind": "individual",
              "tags": ["workload"], "models": [], "goals": [],
              "created": "2026-01-05T09:00:00+00:00", "updated": "2026-01-06T09:00:00+00:00",
              "status": "final", "duration": 60,
              "answers": {"proctor": {"split": {"normative": 70, "formative": 20},
                                      "needed_more": "formative"},
                          "heron": {"used": ["catalytic"], "needed": []}}}
    assert dump_yaml(record).startswith("id: 3fa8c1d2e4b5\ndate: 2026-01-05\n")
    assert calls == []


# the pattern `_plain` replaced, one character at a time with a lookahead: the same verdict
SPELLED_OUT = re.compile(r"[^\W_](?:[\w .,'()/&+@%;!?\"-]|:(?! ))*(?<![ :])")


@given(st.sampled_from(TRICKY) | st.text(min_size=1) | st.text(alphabet="ab1_é😀 :#'.,-\"",
                                                               min_size=1))
@settings(max_examples=3000, deadline=None)
def test_plain_text_is_told_as_the_character_by_character_pattern_tells_it(text):
    expected = bool(SPELLED_OUT.fullmatch(text)) and not exchange._WIDE.search(text)
    assert exchange._plain(text) == expected


def split_line_by_line(text):
    """`split_front_matter` as it read a note before, splitting it into lines."""
    lines = text.split("\n")
    if lines[0].rstrip("\r") != "---":
        return None, text, 1
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r") in ("---", "..."):
            head = "".join(f"{part}\n" for part in lines[1:number])
            return head, "\n".join(lines[number + 1:]), number + 2
    raise ValueError("never closed")


LINES = st.sampled_from(["---", "...", "---\r", "...\r\r", "--- ", " ---", "----", "..",
                         "a: b", "", "\r", "text", "\u2028", "--", "\x85", "-- -"])
NOTES = st.lists(LINES, max_size=8).map("\n".join) | st.text(alphabet="-.\r\n a\u2028")


@given(NOTES)
@settings(max_examples=3000, deadline=None)
def test_front_matter_is_split_from_a_note_as_line_by_line(text):
    try:
        expected = split_line_by_line(text)
    except ValueError:
        with pytest.raises(ValueError):
            exchange.split_front_matter(text)
        return
    assert exchange.split_front_matter(text) == expected
