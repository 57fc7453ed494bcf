"""DESC plans: private preparation for a difficult conversation, not a session held.

Hand-worked expectations: a plan made today for a talk with Sam next week is listed when
preparing with Sam (and not with Jo), keeps its steps out of every export until held, and
is never counted as a supervision session (sessions, per month, last session, gap).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.support import assert_one_line_error

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()
PLAN = {"answers": {"desc": {
    "describe": "the last three visits were written up a fortnight late",
    "effect": "the family's plan rests on old information",
    "express": "worried",
    "specify": "write up each visit within two working days",
    "consequences": "everyone can rely on the record",
    "follow_up": "revisit",
}}}


def plan_file(tmp_path: Path, content: dict = PLAN) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return str(path)


def make_plan(reflect, tmp_path, *args: str) -> str:
    return reflect("plan", "--with", "Sam Jones", "--on", NEXT_WEEK, "--answers",
                   plan_file(tmp_path), *args).stdout.strip()


def test_a_plan_is_an_entry_of_kind_plan_with_who_and_when(reflect, tmp_path):
    plan_id = make_plan(reflect, tmp_path)
    record = json.loads(reflect("show", plan_id, "--format", "json").stdout)
    assert record["kind"] == "plan"
    assert record["with"] == "Sam Jones" and record["title"] == "Conversation with Sam Jones"
    assert record["date"] == date.today().isoformat()  # made today, for next week
    assert record["answers"]["desc"]["planned_for"] == NEXT_WEEK
    assert record["answers"]["desc"]["partner"] == "Sam Jones"
    assert [row["id"] for row in reflect.json("list", "--kind", "plan")] == [plan_id]


def test_a_plan_is_not_a_session_held(reflect, tmp_path):
    held = date.today() - timedelta(days=40)
    reflect("new", "--with", "Sam Jones", "--date", held.isoformat(), "--body", "Held.")
    reflect("contract", "set", "Sam Jones", "--frequency", "every 4 weeks")
    make_plan(reflect, tmp_path)
    figures = reflect.json("stats")
    assert figures["sessions"] == 1
    assert sum(figures["per_month"].values()) == 1
    assert figures["last"] == held.isoformat()
    assert figures["people"]["Sam Jones"]["sessions"] == 1
    assert figures["people"]["Sam Jones"]["gap"]["days_since"] == 40
    assert figures["people"]["Sam Jones"]["gap"]["overdue"] is True  # 40 > 28: still overdue
    [person] = reflect.json("person", "list")
    assert person["sessions"] == 1 and person["last_session"] == held.isoformat()
    prepared = reflect.json("prepare", "--with", "Sam Jones")
    assert prepared["last_session"] == held.isoformat()
    assert prepared["gap"]["days_since"] == 40


def test_a_pending_plan_surfaces_when_preparing_with_that_person_only(reflect, tmp_path):
    plan_id = make_plan(reflect, tmp_path)
    # planned inside a supervision session with Jo, for a conversation with Sam
    content = {"date": date.today().isoformat(), "with": "Jo Bloggs",
               "answers": {"desc": {**PLAN["answers"]["desc"], "partner": "sam jones"}}}
    inside = reflect("new", "--answers", plan_file(tmp_path, content)).stdout.strip()
    pending = reflect.json("prepare", "--with", "Sam Jones")["pending_desc"]
    assert {p["id"] for p in pending} == {plan_id, inside}
    assert next(p for p in pending if p["id"] == plan_id)["planned_for"] == NEXT_WEEK
    agenda = reflect.json("prepare", "--with", "Sam Jones")["agenda"]
    assert any(item["item"] == "Planned difficult conversation" for item in agenda)
    assert reflect.json("prepare", "--with", "Jo Bloggs")["pending_desc"] == []
    reflect("held", plan_id, "--said", "We went through the records",
            "--agreed", "Notes within two days")
    assert [p["id"] for p in reflect.json("prepare", "--with", "Sam Jones")["pending_desc"]] \
        == [inside]


def test_the_plan_stays_private_until_held_then_what_was_said_joins_the_record(
        reflect, tmp_path):
    plan_id = make_plan(reflect, tmp_path)
    out = tmp_path / "before.json"
    reflect("export", "--format", "json", "--out", str(out))
    exported = json.loads(out.read_text())["sessions"][0]["answers"]["desc"]
    assert exported == {"partner": "Sam Jones", "planned_for": NEXT_WEEK,
                        "follow_up": "revisit"}
    notes = tmp_path / "notes"
    reflect("export", "--out", str(notes))
    text = "".join(p.read_text() for p in notes.glob("*.md"))
    assert "fortnight late" not in text and "I would like you to" not in text
    assert f"Conversation with Sam Jones, planned for {NEXT_WEEK}" in text
    shown = reflect("show", plan_id, "--format", "markdown").stdout
    private = shown[shown.index("## Private reflection"):]
    assert "I would like you to write up each visit within two working days." in private

    reflect("held", plan_id, "--said", "We went through the records",
            "--agreed", "Notes within two days of each visit")
    after = tmp_path / "after.json"
    reflect("export", "--format", "json", "--out", str(after))
    desc = json.loads(after.read_text())["sessions"][0]["answers"]["desc"]
    assert desc["held"] is True and desc["agreed"] == "Notes within two days of each visit"
    assert desc["describe"].startswith("the last three visits")
    shown = reflect("show", plan_id, "--format", "markdown").stdout
    assert "## Private reflection" not in shown
    assert "### What was agreed" in shown and "Notes within two days" in shown


@pytest.mark.parametrize("form", ["json", "markdown"])
def test_plans_travel_through_export_and_import(reflect, tmp_path, monkeypatch, form):
    plan_id = make_plan(reflect, tmp_path)
    out = tmp_path / ("all.json" if form == "json" else "vault")
    reflect("export", "--format", form, "--include-private", "--out", str(out))
    monkeypatch.setenv("REFLECT_JOURNAL", str(tmp_path / "other.db"))
    reflect("import", str(out))
    record = json.loads(reflect("show", plan_id, "--format", "json").stdout)
    assert record["kind"] == "plan"
    assert record["answers"]["desc"]["specify"] == "write up each visit within two working days"


def test_plan_bad_input(reflect, tmp_path):
    result = reflect("plan", "--answers", plan_file(tmp_path, {"answers": {
        "proctor": {"split": {"normative": 50, "formative": 50, "restorative": 0}}}}), code=1)
    assert_one_line_error(result, "a plan holds DESC answers only, not proctor")
    assert_one_line_error(reflect("plan", "--on", "2026-13-01", "--answers",
                                  plan_file(tmp_path), code=1), "2026-13-01")
    assert_one_line_error(reflect("plan", code=1), "planning needs a terminal")
    assert reflect("new", "--kind", "plan", "--body", "x", code=2)
    assert reflect.json("list") == []
    assert_one_line_error(reflect("held", "abcd1234", code=1), "abcd1234")


def test_planning_at_the_terminal_offers_who_and_when_and_keeps_the_plan(spawn):
    child = spawn("plan", "--with", "Sam Jones", "--on", NEXT_WEEK)
    child.expect_exact("[DESC script for a difficult conversation 1/14]")
    child.expect_exact("(so far: Sam Jones; Enter keeps it")
    child.sendline("")
    child.expect_exact(f"(so far: {NEXT_WEEK}; Enter keeps it")
    child.sendline("")
    child.expect_exact("> When ")
    child.sendline("the visits are written up late")
    for _ in range(5):  # effect, express, specify, consequences, if nothing changes
        child.expect_exact("> ")
        child.sendline("")
    child.expect_exact("I have noticed that the visits are written up late.")
    for _ in range(4):  # keep the script; tips, follow-up, held
        child.expect_exact("> ")
        child.sendline("")
    child.expect_exact("Save this note? [Y/n]")
    child.sendline("")
    child.expect(r"[0-9a-f]{32}")
    child.expect(pexpect.EOF)
    rows = json.loads(subprocess.run([sys.executable, "-m", "reflect", "list", "--json"],
                                     capture_output=True, text=True, check=True).stdout)
    assert rows[0]["kind"] == "plan" and rows[0]["with"] == "Sam Jones"


def test_review_findings_about_plans(reflect, tmp_path):
    # a partner not yet in the journal is added, so preparing with them finds the plan
    content = {"title": "Talk with Ann", "answers": {"desc": {
        "describe": "the handover was missed", "partner": "Ann Lee", "follow_up": "revisit"}}}
    plan_id = reflect("plan", "--on", NEXT_WEEK, "--answers",
                      plan_file(tmp_path, content)).stdout.strip()
    assert reflect.json("prepare", "--with", "Ann Lee")["pending_desc"][0]["id"] == plan_id
    assert json.loads(reflect("show", plan_id, "--format", "json").stdout)["title"] == (
        "Talk with Ann")
    # the follow-up chosen in the file adds the one action it implies, naming only who
    assert [a["what"] for a in reflect.json("action", "list")] == [
        "Come back to the conversation with Ann Lee"]
    # the agenda gives the day it is planned for
    why = next(i["why"] for i in reflect.json("prepare", "--with", "Ann Lee")["agenda"]
               if i["item"] == "Planned difficult conversation")
    assert why.startswith(f"Planned for {NEXT_WEEK}")
    # person show counts sessions held, and lists plans apart
    shown = reflect.json("person", "show", "Ann Lee")
    assert shown["sessions"] == [] and [p["id"] for p in shown["plans"]] == [plan_id]
    # a plan's file cannot date it on another day; the conversation's day is planned_for
    dated = {"date": "2026-01-01", "answers": {"desc": {"describe": "x"}}}
    assert_one_line_error(reflect("plan", "--answers", plan_file(tmp_path, dated), code=1),
                          "planned_for")
