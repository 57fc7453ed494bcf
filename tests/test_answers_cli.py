"""`reflect new --answers FILE`: a whole guided session from a file, end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

FULL = """\
date: 2026-11-20
title: Supervision with Sam
with: Sam Jones
as: supervisee
kind: individual
duration: 90
tags: [workload, court]
body: A heavy week with two court reports.
answers:
  proctor:
    split: {normative: 60, formative: 30, restorative: 10}
    needed_more: restorative
    bring_next: Time to talk about how the court work is landing.
  heron:
    used: [prescriptive, confronting]
    confronting_landed: It stung, but I saw what I had been avoiding.
    needed: [catalytic, confronting]
    mix_right: more_facilitative
  stoltenberg:
    motivation: level_2
    autonomy: level_3
    awareness: level_2
    autonomy_evidence: I made the call on the home visit myself.
  desc:
    describe: the assessment was filed two weeks late
    express: worried that the family is left waiting
    specify: the record updated within two working days
    consequences: the family knows where they stand
    tips: [contract, balance]
"""

MODEL_NAMES = {
    "proctor": "Proctor's three functions",
    "heron": "Heron's six categories",
    "stoltenberg": "Stoltenberg and McNeill's developmental levels",
    "desc": "DESC script for a difficult conversation",
}
SPLIT = {"normative": 60, "formative": 30, "restorative": 10}


def write(tmp_path: Path, content: Any, name: str = "session.yaml") -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return str(path)


def shown(reflect, session_id: str) -> dict[str, Any]:
    return json.loads(reflect("show", session_id, "--format", "json").stdout)


def markdown(reflect, session_id: str) -> str:
    return reflect("show", session_id, "--format", "markdown").stdout


def empty_headings(text: str) -> list[str]:
    """Headings followed by nothing, or straight away by a heading at the same or higher level."""
    lines = [line for line in text.splitlines() if line.strip()]
    found, in_code = [], False
    for index, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not re.match(r"#+ ", line):
            continue
        level = len(line) - len(line.lstrip("#"))
        after = lines[index + 1] if index + 1 < len(lines) else ""
        next_level = len(after) - len(after.lstrip("#")) if re.match(r"#+ ", after) else 99
        if not after or next_level <= level:
            found.append(line)
    return found


def assert_rejected(result, journal_path: Path, *words: str) -> str:
    """One `reflect: error:` line naming every word, exit 1, no journal, nothing on stdout."""
    assert result.exit_code == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reflect: error: ")
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""
    assert not list(journal_path.parent.glob(journal_path.name + "*"))
    return lines[0]


def with_answers(**answers: Any) -> dict[str, Any]:
    return {"date": "2026-11-20", "answers": answers}


# -- a good file ---------------------------------------------------------------------


def test_the_helper_finds_empty_headings():
    assert empty_headings("# T\n\n## A\n\n## B\ntext\n### C\n") == ["## A", "### C"]
    assert empty_headings("## A\n\n### B\n\nx\n```text\n# not a heading\n```\n") == []


def test_a_full_file_saves_a_final_session_and_prints_only_its_id(reflect, tmp_path):
    result = reflect("new", "--answers", write(tmp_path, FULL))
    assert re.fullmatch(r"[0-9a-f]{32}\n", result.stdout)
    assert "Added Sam Jones to people." in result.stderr
    session = shown(reflect, result.stdout.strip())
    assert session["status"] == "final"
    assert {k: session[k] for k in ("date", "title", "with", "as", "kind", "duration", "body")} \
        == {"date": "2026-11-20", "title": "Supervision with Sam", "with": "Sam Jones",
            "as": "supervisee", "kind": "individual", "duration": 90,
            "body": "A heavy week with two court reports."}
    assert sorted(session["tags"]) == ["court", "workload"]
    assert session["models"] == ["proctor", "heron", "stoltenberg", "desc"]
    answers = session["answers"]
    assert answers["proctor"] == {"split": SPLIT, "needed_more": "restorative",
                                  "bring_next": "Time to talk about how the court work is "
                                                "landing."}
    # multi answers are kept in the order of the prompt's choices
    assert answers["heron"]["needed"] == ["confronting", "catalytic"]
    assert answers["heron"]["used"] == ["prescriptive", "confronting"]
    assert answers["stoltenberg"]["autonomy"] == "level_3"
    assert answers["desc"]["tips"] == ["contract", "balance"]


def test_show_json_has_every_models_results(reflect, tmp_path):
    session_id = reflect("new", "--answers", write(tmp_path, FULL)).stdout.strip()
    results = shown(reflect, session_id)["results"]
    assert results["proctor"] == {"balance": SPLIT, "dominant": "normative",
                                  "least_attention": ["restorative"], "needed_more": "restorative"}
    assert results["heron"]["needed_missing"] == ["catalytic"]
    assert results["heron"]["needed_and_used"] == ["confronting"]
    assert (results["heron"]["authoritative_share"], results["heron"]["facilitative_share"]) \
        == (100, 0)
    stoltenberg = results["stoltenberg"]
    assert stoltenberg["levels"] == {"motivation": 2, "autonomy": 3, "awareness": 2}
    # within one level of each other: one level, their median rounded down
    assert stoltenberg["overall"] == 2 and stoltenberg["spread"] == [2, 3]
    assert stoltenberg["integrated"] is False
    assert "change" not in stoltenberg
    assert results["desc"]["script"] == (
        "When the assessment was filed two weeks late, I feel worried that the family is left "
        "waiting. I would like the record updated within two working days. That would mean "
        "the family knows where they stand.")
    assert results["desc"]["tips_unchecked"] == ["personal_or_managerial", "simple_message",
                                                 "resistance", "apologise", "revisit"]


def test_show_markdown_has_a_section_per_model(reflect, tmp_path):
    note = markdown(reflect, reflect("new", "--answers", write(tmp_path, FULL)).stdout.strip())
    positions = [note.index(f"## {name}\n") for name in MODEL_NAMES.values()]
    assert positions == sorted(positions)
    for text in ("| Normative (accountability) | 60% |", "### How they landed",
                 "It stung, but I saw what I had been avoiding.", "**Overall: level 2.**",
                 "### Script to rehearse", "- [x] Linked it to what the supervision contract",
                 "A heavy week with two court reports."):
        assert text in note, text
    assert empty_headings(note) == []


def test_skipped_prompts_leave_no_empty_headings(reflect, tmp_path):
    data = with_answers(proctor={"split": SPLIT}, heron={"used": ["supportive"]},
                        stoltenberg={"motivation": "level_1"}, desc={"describe": "it was late"})
    note = markdown(reflect, reflect("new", "--answers", write(tmp_path, data)).stdout.strip())
    for name in MODEL_NAMES.values():
        assert f"## {name}\n" in note
    for heading in ("### What was covered", "### To bring next time", "### How they landed",
                    "### Next time", "### Evidence", "### Support that fits now", "### Express",
                    "### Specify", "### Consequences", "### Before the conversation"):
        assert heading not in note, heading
    assert "### Describe" in note and "I have noticed that it was late." in note
    assert empty_headings(note) == []


def test_a_model_left_out_of_the_file_has_no_section(reflect, tmp_path):
    data = with_answers(desc={"describe": "it was late"})
    session_id = reflect("new", "--answers", write(tmp_path, data)).stdout.strip()
    assert shown(reflect, session_id)["models"] == ["desc"]
    note = markdown(reflect, session_id)
    assert "## " + MODEL_NAMES["desc"] in note
    assert MODEL_NAMES["proctor"] not in note and MODEL_NAMES["heron"] not in note


def test_blank_optional_answers_are_left_out(reflect, tmp_path):
    data = with_answers(proctor={"split": SPLIT, "bring_next": "   ", "needed_more": None},
                        heron={"used": ["supportive"], "confronting_landed": ""})
    session_id = reflect("new", "--answers", write(tmp_path, data)).stdout.strip()
    assert shown(reflect, session_id)["answers"] == {"proctor": {"split": SPLIT},
                                                     "heron": {"used": ["supportive"]}}


def test_a_json_answers_file(reflect, tmp_path):
    data = {"date": "2026-11-20", "with": "Sam Jones", "tags": ["court"],
            "answers": {"proctor": {"split": SPLIT}, "heron": {"used": ["catalytic"]}}}
    path = write(tmp_path, json.dumps(data, indent=2), "session.json")
    session = shown(reflect, reflect("new", "--answers", path).stdout.strip())
    assert session["date"] == "2026-11-20" and session["with"] == "Sam Jones"
    assert session["tags"] == ["court"]
    assert session["answers"] == data["answers"]
    assert session["results"]["heron"]["facilitative_share"] == 100


def test_answers_from_stdin(reflect):
    result = reflect("new", "--answers", "-", input=FULL)
    session = shown(reflect, result.stdout.strip())
    assert session["title"] == "Supervision with Sam"
    assert set(session["answers"]) == set(MODEL_NAMES)


def test_bad_answers_on_stdin_are_named_as_stdin(reflect, journal_path):
    result = reflect("new", "--answers", "-", input="answers: {proctor: {}}\n", code=None)
    assert_rejected(result, journal_path, "stdin", "proctor: split: an answer is required")


def test_command_line_options_win_over_the_file(reflect, tmp_path):
    result = reflect("new", "--answers", write(tmp_path, FULL), "--date", "2026-10-01",
                     "--title", "Group supervision", "--with", "Alex Smith", "--as", "supervisor",
                     "--kind", "group", "--body", "Written on the command line.",
                     "--duration", "45", "--tag", "court-skills")
    session = shown(reflect, result.stdout.strip())
    assert {k: session[k] for k in ("date", "title", "with", "as", "kind", "duration", "body",
                                    "tags")} == {
        "date": "2026-10-01", "title": "Group supervision", "with": "Alex Smith",
        "as": "supervisor", "kind": "group", "duration": 45,
        "body": "Written on the command line.", "tags": ["court-skills"]}
    assert session["answers"]["proctor"]["split"] == SPLIT


def test_file_values_fill_what_the_command_line_leaves_out(reflect, tmp_path):
    result = reflect("new", "--answers", write(tmp_path, FULL), "--title", "Renamed")
    session = shown(reflect, result.stdout.strip())
    assert (session["title"], session["date"], session["with"], session["duration"]) == (
        "Renamed", "2026-11-20", "Sam Jones", 90)


# -- bad input: one line, exit 1, nothing saved ----------------------------------------

HERON_SIX = "prescriptive, informative, confronting, cathartic, catalytic, supportive"
SPLIT_EXPECTED = ("expected whole percentages for normative, formative, restorative that add "
                  "up to 100")
BAD = {
    "unknown top-level key": (
        {"mood": "tired", "answers": {"proctor": {"split": SPLIT}}},
        ["mood: unknown key; expected one of date, title, with, attendees"]),
    "unknown model": (
        with_answers(gibbs={"feelings": "x"}),
        ["answers: gibbs: unknown model; known: desc, heron, proctor, stoltenberg"]),
    "unknown prompt id": (
        with_answers(proctor={"split": SPLIT, "feelings": "x"}),
        ["proctor: feelings: no such prompt in this set"]),
    "text given a list": (
        with_answers(proctor={"split": SPLIT, "bring_next": ["a", "b"]}),
        ["proctor: bring_next: expected text"]),
    "choice not among the choices": (
        with_answers(proctor={"split": SPLIT, "needed_more": "cake"}),
        ["proctor: needed_more: expected one of normative, formative, restorative, "
         "balance_right"]),
    "choice given a number": (
        with_answers(stoltenberg={"motivation": 3}),
        ["stoltenberg: motivation: expected one of level_1, level_2, level_3, level_4"]),
    "multi given a mapping": (
        with_answers(heron={"used": {"confronting": True}}),
        [f"heron: used: expected a list of {HERON_SIX}"]),
    "multi with an unknown choice": (
        with_answers(heron={"used": ["confronting", "shouting"]}),
        [f"heron: used: unknown choice shouting; expected {HERON_SIX}"]),
    "split given a number": (
        with_answers(proctor={"split": 60}), [f"proctor: split: {SPLIT_EXPECTED}"]),
    "split missing a part": (
        with_answers(proctor={"split": {"normative": 60, "formative": 40}}),
        [f"proctor: split: {SPLIT_EXPECTED}"]),
    "split with an extra part": (
        with_answers(proctor={"split": {**SPLIT, "supportive": 0}}),
        [f"proctor: split: {SPLIT_EXPECTED}"]),
    "split with a fraction": (
        with_answers(proctor={"split": {**SPLIT, "normative": 59.5, "restorative": 10.5}}),
        [f"proctor: split: {SPLIT_EXPECTED}"]),
    "split with a negative part": (
        with_answers(proctor={"split": {"normative": 110, "formative": -10, "restorative": 0}}),
        [f"proctor: split: {SPLIT_EXPECTED}"]),
    "split not adding up to 100": (
        with_answers(proctor={"split": {**SPLIT, "restorative": 0}}),
        ["proctor: split: the parts add up to 90, not 100"]),
    "split adding up to more than 100": (
        with_answers(proctor={"split": {**SPLIT, "restorative": 20}}),
        ["proctor: split: the parts add up to 110, not 100"]),
    "proctor without its split": (
        with_answers(proctor={"bring_next": "x"}), ["proctor: split: an answer is required"]),
    "desc without describe": (
        with_answers(desc={"express": "worried"}), ["desc: describe: an answer is required"]),
    "desc with nothing at all": (
        with_answers(desc=None), ["desc: describe: an answer is required"]),
    "desc with a blank describe": (
        with_answers(desc={"describe": "   "}), ["desc: describe: an answer is required"]),
    "a model's answers not a mapping": (
        with_answers(heron=["confronting"]), ["heron: expected a mapping of prompt id"]),
    "an answer to a prompt whose when does not hold": (
        with_answers(heron={"used": ["supportive"], "confronting_landed": "It stung."}),
        ["heron: confronting_landed: only asked if used includes confronting; leave it out"]),
    "a follow-up with no answer to the question it follows": (
        with_answers(heron={"cathartic_landed": "A relief."}),
        ["heron: cathartic_landed: only asked if used includes cathartic"]),
    "answers not a mapping": (
        {"answers": ["proctor"]}, ["answers: expected a mapping of model id to answers"]),
    "a role that does not exist": (
        {"as": "boss", "answers": {"desc": {"describe": "x"}}},
        ["as: expected one of supervisee, supervisor, peer"]),
    "a kind that does not exist": (
        {"kind": "coffee", "answers": {"desc": {"describe": "x"}}}, ["kind: expected one of"]),
    "a duration of zero": (
        {"duration": 0, "answers": {"desc": {"describe": "x"}}},
        ["duration: expected a whole number of minutes"]),
    "a date that cannot be read": (
        {"date": "someday", "answers": {"desc": {"describe": "x"}}}, ["date: ", "someday"]),
    "tags that are not words": (
        {"tags": {"a": 1}, "answers": {"desc": {"describe": "x"}}},
        ["tags: expected a list of words"]),
}


@pytest.mark.parametrize("data, words", BAD.values(), ids=BAD)
def test_each_bad_answer_is_named_and_nothing_is_saved(reflect, tmp_path, journal_path, data,
                                                       words):
    path = write(tmp_path, data)
    line = assert_rejected(reflect("new", "--answers", path, code=None), journal_path, path,
                           "has 1 problem:", *words)
    assert line.count(" | ") == 0


def test_a_bad_file_leaves_an_existing_journal_as_it_was(reflect, tmp_path, journal_path):
    reflect.new(body="The first session.")
    before = journal_path.read_bytes()
    path = write(tmp_path, with_answers(proctor={"split": {**SPLIT, "formative": 0}}))
    reflect("new", "--answers", path, code=1)
    assert journal_path.read_bytes() == before
    assert len(reflect.json("list")) == 1


def test_several_problems_are_reported_together(reflect, tmp_path, journal_path):
    data = {"mood": "tired", "as": "boss", "answers": {
        "proctor": {"split": {**SPLIT, "restorative": 20}, "feelings": "x"},
        "heron": {"used": ["supportive"], "confronting_landed": "x"},
        "desc": {"express": "worried"},
        "gibbs": {},
    }}
    path = write(tmp_path, data)
    line = assert_rejected(reflect("new", "--answers", path, code=None), journal_path,
                           f"{path} has 7 problems: ")
    problems = line.split(" has 7 problems: ", 1)[1].split(" | ")
    assert sorted(problems) == sorted([
        "mood: unknown key; expected one of date, title, with, attendees, presenter, issue, as, "
        "kind, duration, tags, body, private, answers, keep_private",
        "as: expected one of supervisee, supervisor, peer",
        "proctor: feelings: no such prompt in this set",
        "proctor: split: the parts add up to 110, not 100",
        "heron: confronting_landed: only asked if used includes confronting; leave it out",
        "desc: describe: an answer is required",
        "answers: gibbs: unknown model; known: desc, heron, proctor, stoltenberg",
    ])


def test_a_bad_answer_does_not_also_blame_the_prompts_that_follow_it(reflect, tmp_path,
                                                                    journal_path):
    data = with_answers(heron={"used": ["confronting", "shouting"],
                               "confronting_landed": "It stung."})
    assert_rejected(reflect("new", "--answers", write(tmp_path, data), code=None), journal_path,
                    "has 1 problem: heron: used: unknown choice shouting")


@pytest.mark.parametrize("text", ["- proctor\n- heron\n", "just a sentence\n", "", "42\n"],
                         ids=["list", "text", "empty", "number"])
def test_yaml_that_is_not_a_mapping(reflect, tmp_path, journal_path, text):
    path = write(tmp_path, text)
    assert_rejected(reflect("new", "--answers", path, code=None), journal_path, path,
                    "expected a mapping")


def test_malformed_yaml_is_one_line_naming_the_spot(reflect, tmp_path, journal_path):
    path = write(tmp_path, "date: 2026-11-20\nanswers:\n  proctor: {split: {normative: 60\n")
    assert_rejected(reflect("new", "--answers", path, code=None), journal_path,
                    f"{path}: not valid YAML at line 4, column 1")


def test_an_impossible_yaml_date_is_one_line(reflect, tmp_path, journal_path):
    path = write(tmp_path, "date: 2026-02-30\nanswers: {desc: {describe: x}}\n")
    assert_rejected(reflect("new", "--answers", path, code=None), journal_path, path,
                    "day is out of range")


def test_an_answers_file_that_is_not_utf8(reflect, tmp_path, journal_path):
    path = write(tmp_path, "title: Réunion\n".encode("latin-1"))
    assert_rejected(reflect("new", "--answers", path, code=None), journal_path, "not UTF-8")


def test_a_missing_answers_file(reflect, tmp_path, journal_path):
    path = str(tmp_path / "nope.yaml")
    assert_rejected(reflect("new", "--answers", path, code=None), journal_path, "cannot read",
                    path)


def test_answers_and_body_cannot_both_read_stdin(reflect, journal_path):
    result = reflect("new", "--answers", "-", "--body", "-", input="answers: {}\n", code=1)
    assert "only one of --answers, --body and --private can read stdin" in result.stderr
    assert not journal_path.exists()


def test_answers_file_with_nothing_in_it_records_nothing(reflect, journal_path, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("date: 2026-11-20\nwith: Sam\n")
    result = reflect("new", "--answers", str(path), code=1)
    assert "nothing to record" in result.stderr
    assert not journal_path.exists()


def test_empty_body_records_nothing(reflect, journal_path):
    assert "empty" in reflect("new", "--body", "  ", code=1).stderr
    assert "empty" in reflect("new", "--body", "-", input="\n", code=1).stderr
    assert not journal_path.exists()
