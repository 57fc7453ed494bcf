"""Goals at the terminal: the SMART builder, and the interview's offer to set goals."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pexpect
import pytest

from reflect.goals import smart


@pytest.fixture
def spawn(tmp_path):
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200"}

    def start(*args: str) -> pexpect.spawn:
        return pexpect.spawn(sys.executable, ["-m", "reflect", *args], cwd=str(tmp_path),
                             env=env, encoding="utf-8", timeout=20)

    return start


def cli(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "reflect", *args], capture_output=True,
                          text=True, check=True).stdout


def reply(child, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


def test_goal_add_walks_the_five_parts_with_guidance(spawn):
    cli("new", "--with", "Jo Bloggs", "--body", "First session.")
    child = spawn("goal", "add")
    reply(child, "A short title for the goal: ", "Genograms")
    reply(child, "Specific: what new practice will you adopt?: ", "?")
    child.expect_exact(smart.GUIDANCE["specific"][:30])
    reply(child, ": ", "Use a genogram with every new family")
    reply(child, "Measurable: how will you know it has changed?: ",
          "Supervisor sees three in case files")
    reply(child, "Achievable: over what period, with what resources and evidence?: ",
          "Three months; the team's template")
    reply(child, "Relevant: which development need or local priority does it serve?: ",
          "Assessment skills in my PDP")
    default_due = smart.default_due(date.today()).isoformat()
    reply(child, f"Time-bound: report back by [{default_due}]: ", "")
    reply(child, "Accountability partner (Enter for none): ", "Jo Bloggs")
    child.expect(r"Specific\s+✓ met")
    child.expect(r"[0-9a-f]{32}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [goal] = json.loads(cli("goal", "list", "--json"))
    assert goal["title"] == "Genograms"
    assert goal["due"] == default_due
    assert goal["partner"] == "Jo Bloggs"
    assert all(v["verdict"] == "met" for v in goal["smart"].values())


def test_unknown_partner_can_be_added_on_a_terminal(spawn):
    child = spawn("goal", "add", "--title", "Reading", "--specific", "Read two articles a month",
                  "--partner", "New Mentor")
    reply(child, "New Mentor is not in your journal yet. Add them?", "y")
    child.expect(r"[0-9a-f]{32}")
    child.expect(pexpect.EOF)
    assert json.loads(cli("goal", "list", "--json"))[0]["partner"] == "New Mentor"


def test_new_shows_due_goals_and_open_actions_then_offers_goals_and_actions(spawn):
    cli("goal", "add", "--title", "Chronologies up to date", "--specific", "Write up visits",
        "--due", (date.today() - timedelta(days=3)).isoformat(), "--allow-past")
    cli("new", "--with", "Sam Jones", "--body", "Last time.", "--action",
        "Send the chronology to Sam by tomorrow")
    child = spawn("new", "-m", "desc", "--date", "today")
    child.expect_exact("Before you start:")
    child.expect("Goal overdue .*Chronologies up to date")
    reply(child, "Who was it with? (Enter to skip): ", "Sam Jones")
    child.expect("Open action: Send the chronology to Sam by")
    reply(child, "> ", "")                                               # partner
    reply(child, "> ", "")                                               # planned for
    reply(child, "> When ", "the notes are three weeks behind")          # describe
    reply(child, "> The effect is that ", "")                            # effect
    reply(child, "> I feel ", "I am worried decisions rest on old information")  # express
    reply(child, "> I would like you to ", "write notes within a week of each visit")
    reply(child, "> That would mean ", "")                               # consequences
    reply(child, "> If nothing changes, ", "")                           # if unchanged
    reply(child, "(Enter keeps it)", "")                                 # the script
    reply(child, "> ", "1 3")                                            # tips
    child.expect_exact("[DESC script for a difficult conversation 11/14]")
    reply(child, "> ", "2")                                              # follow_up: set a goal
    reply(child, "> ", "n")                                              # held: not yet
    reply(child, "Save this note? [Y/n] ", "")
    reply(child, "SMART goal? [Y/n] ", "")
    reply(child, "A short title for the goal: ", "Timely notes")
    child.expect_exact("[write notes within a week of each visit]")
    reply(child, ": ", "")
    reply(child, "Measurable: how will you know it has changed?: ", "Weekly audit of my cases")
    reply(child, "Achievable: over what period, with what resources and evidence?: ", "")
    reply(child, "Relevant: which development need or local priority does it serve?: ", "")
    reply(child, "]: ", "in 4 months")
    reply(child, "Accountability partner (Enter for none) [Sam Jones]: ", "")
    child.expect("Goal saved")
    reply(child, "Another goal? [y/N] ", "")
    reply(child, "action> ", "Book a catch-up with Sam by friday")
    reply(child, "action> ", "")
    child.expect(r"[0-9a-f]{32}")
    session_id = child.after
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    goals = json.loads(cli("goal", "list", "--json"))
    timely = next(g for g in goals if g["title"] == "Timely notes")
    assert timely["session_id"] == session_id
    assert timely["specific"] == "write notes within a week of each visit"
    assert timely["partner"] == "Sam Jones"
    assert timely["smart"]["relevant"]["verdict"] == "missing"  # a link says nothing of why
    note = cli("show", session_id, "--format", "markdown")
    assert "## Agreed actions" in note and "Book a catch-up with Sam" in note
    assert "## Goals set" in note and "Timely notes" in note


def test_free_text_new_on_a_terminal_also_shows_what_is_due(spawn):
    cli("goal", "add", "--title", "Overdue reading", "--specific", "Read the guidance",
        "--due", (date.today() - timedelta(days=2)).isoformat(), "--allow-past")
    cli("new", "--with", "Sam Jones", "--body", "Before.", "--action", "Phone Sam by tomorrow")
    child = spawn("new", "--with", "Sam Jones", "--body", "Quick note.")
    child.expect_exact("Before you start:")
    child.expect("Goal overdue .*Overdue reading")
    child.expect("Open action: Phone Sam")
    child.expect(r"[0-9a-f]{32}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
