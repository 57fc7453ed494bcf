"""The guided interview in a real pseudo-terminal: help, back, Ctrl-C, resume."""

import json
import subprocess
import sys

import pexpect

from reflect.reflection.promptsets import load_catalog

PROCTOR = "Proctor's three functions"
HERON = "Heron's six categories"


def record(session_ref: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "reflect", "show", session_ref, "--format",
                           "json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def answer(child, progress: str, text: str) -> None:
    child.expect_exact(f"[{progress}]")
    child.expect_exact("> ")
    child.sendline(text)


def test_interview_survives_ctrl_c_and_resumes_with_nothing_lost(spawn):
    split_help = load_catalog().get("proctor").prompt("split").help
    child = spawn("new", "-m", "proctor", "-m", "heron", "--with", "Sam Jones",
                  "--date", "2026-11-20")
    child.expect(r"Draft ([0-9a-f]{8})")
    draft = child.match.group(1)

    child.expect_exact(f"[{PROCTOR} 1/6]")
    child.expect_exact("> ")
    child.sendline("?")
    child.expect_exact(split_help.split(";")[0][:40])
    child.expect_exact("> ")
    child.sendline("50 30 10")
    child.expect("add up to 90, not 100")
    child.expect_exact("> ")
    child.sendline("60 30 10")
    answer(child, f"{PROCTOR} 2/6", "Went through the Smith plan.")
    answer(child, f"{PROCTOR} 3/6", "back")
    child.expect_exact(f"[{PROCTOR} 2/6]")
    child.expect_exact("so far: Went through the Smith plan.")
    child.expect_exact("> ")
    child.sendline("")  # keep it
    answer(child, f"{PROCTOR} 3/6", "Practised strengths-based questions.")
    answer(child, f"{PROCTOR} 4/6", "")  # skipped
    answer(child, f"{PROCTOR} 5/6", "3")
    child.expect_exact(f"[{PROCTOR} 6/6]")
    child.expect_exact("> ")
    child.sendintr()
    child.expect(f"saved; continue with: reflect resume {draft}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    saved = record(draft)
    assert saved["status"] == "draft"
    assert saved["answers"] == {"proctor": {
        "split": {"normative": 60, "formative": 30, "restorative": 10},
        "normative_notes": "Went through the Smith plan.",
        "formative_notes": "Practised strengths-based questions.",
        "needed_more": "restorative"}}

    child = spawn("resume")
    answer(child, f"{PROCTOR} 6/6", "Ask for time on how the visits affect me.")
    answer(child, f"{HERON} 1/10", "3")  # confronting only
    answer(child, f"{HERON} 4/10", "Hard to hear, but fair.")  # its when-gated follow-up
    answer(child, f"{HERON} 8/10", "4 6")
    answer(child, f"{HERON} 9/10", "")
    answer(child, f"{HERON} 10/10", "Some room for how I feel.")
    child.expect_exact("Save this note? [Y/n]")
    child.sendline("y")
    child.expect_exact("SMART goal? [y/N]")
    child.sendline("")
    child.expect_exact("action> ")
    child.sendline("")
    child.expect(r"[0-9a-f]{32}")
    session_id = child.after
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert session_id.startswith(draft)

    final = record(draft)
    assert final["status"] == "final"
    assert final["answers"]["proctor"]["needed_more"] == "restorative"
    assert final["answers"]["proctor"]["bring_next"] == "Ask for time on how the visits affect me."
    assert final["answers"]["heron"] == {
        "used": ["confronting"], "confronting_landed": "Hard to hear, but fair.",
        "needed": ["cathartic", "supportive"], "ask_next": "Some room for how I feel."}
    assert final["results"]["heron"]["needed_missing"] == ["cathartic", "supportive"]
    listed = subprocess.run([sys.executable, "-m", "reflect", "resume", "--json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(listed.stdout) == []


def test_list_marks_drafts_and_resume_without_terminal_is_an_error(spawn):
    child = spawn("new", "--with", "Jo", "--date", "today")
    child.expect_exact(f"[{PROCTOR} 1/6]")
    child.expect_exact("> ")
    child.sendline("40 40 20")
    child.expect_exact(f"[{PROCTOR} 2/6]")
    child.sendcontrol("d")  # a closed input stream stops like Ctrl-C
    child.expect(pexpect.EOF)
    child.close()
    listed = subprocess.run([sys.executable, "-m", "reflect", "list"], capture_output=True,
                            text=True, check=True)
    assert "Supervision with Jo (draft)" in listed.stdout
    drafts = subprocess.run([sys.executable, "-m", "reflect", "resume"], capture_output=True,
                            text=True)
    assert drafts.returncode == 1
    assert "needs a terminal" in drafts.stderr
    rows = json.loads(subprocess.run([sys.executable, "-m", "reflect", "list", "--json"],
                                     capture_output=True, text=True, check=True).stdout)
    assert rows[0]["status"] == "draft"
    assert rows[0]["models"] == ["proctor"]


def test_declining_to_save_keeps_the_draft(spawn):
    child = spawn("new", "-m", "desc", "--with", "Jo", "--date", "today")
    for number in (1, 2):
        answer(child, f"DESC script for a difficult conversation {number}/14", "")
    answer(child, "DESC script for a difficult conversation 3/14", "the notes are late")
    for number in range(4, 13):
        answer(child, f"DESC script for a difficult conversation {number}/14", "")
    child.expect_exact("I have noticed that the notes are late")  # the preview shows the script
    child.expect_exact("Save this note? [Y/n]")
    child.sendline("n")
    child.expect("Kept as a draft")
    child.expect(pexpect.EOF)
    rows = json.loads(subprocess.run([sys.executable, "-m", "reflect", "list", "--json"],
                                     capture_output=True, text=True, check=True).stdout)
    assert rows[0]["status"] == "draft"


def test_desc_shows_each_sentence_stem_then_the_script_to_keep_or_change(spawn):
    child = spawn("new", "-m", "desc", "--with", "Jo", "--date", "today")
    title = "DESC script for a difficult conversation"
    answer(child, f"{title} 1/14", "")
    answer(child, f"{title} 2/14", "")
    for number, stem, typed in (
            (3, "When ", "the notes are three weeks behind"),
            (4, "The effect is that ", "decisions rest on old information"),
            (5, "I feel ", "worried"),
            (6, "I would like you to ", "write notes within a week of each visit"),
            (7, "That would mean ", "the family can trust the plan"),
            (8, "If nothing changes, ", "")):
        child.expect_exact(f"[{title} {number}/14]")
        child.expect_exact(f"> {stem}")
        child.sendline(typed)
    child.expect_exact(f"[{title} 9/14]")
    child.expect_exact("When the notes are three weeks behind, the effect is that decisions "
                       "rest on old information. I feel worried. I would like you to write "
                       "notes within a week of each visit. That would mean the family can "
                       "trust the plan.")
    child.expect_exact("(Enter keeps it)")
    child.expect_exact("> ")
    child.sendline("back")  # change an answer: the script follows it
    child.expect_exact(f"[{title} 8/14]")
    child.expect_exact("> If nothing changes, ")
    child.sendline("I will raise it with the manager")
    child.expect_exact(f"[{title} 9/14]")
    child.expect_exact("If nothing changes, I will raise it with the manager.")
    child.expect_exact("> ")
    child.sendline("Jo, the notes are behind and I am worried; can we fix it together?")
    for number in (10, 11, 12):
        answer(child, f"{title} {number}/14", "")
    child.expect_exact("Jo, the notes are behind and I am worried; can we fix it together?")
    child.expect_exact("Save this note? [Y/n]")
    child.sendline("y")
    child.expect_exact("SMART goal? [y/N]")
    child.sendline("")
    child.expect_exact("action> ")
    child.sendline("")
    child.expect(pexpect.EOF)
    shown = json.loads(subprocess.run(
        [sys.executable, "-m", "reflect", "show", "--format", "json",
         json.loads(subprocess.run([sys.executable, "-m", "reflect", "list", "--json"],
                                   capture_output=True, text=True, check=True).stdout)[0]["id"]],
        capture_output=True, text=True, check=True).stdout)
    assert shown["answers"]["desc"]["script"].startswith("Jo, the notes are behind")
    assert shown["answers"]["desc"]["if_unchanged"] == "I will raise it with the manager"


def test_a_future_date_typed_at_the_prompt_is_asked_again(spawn):
    child = spawn("new", "-m", "proctor", "--with", "Jo")
    child.expect_exact("Date of the session [today]: ")
    child.sendline("tomorrow")
    child.expect_exact("is in the future")
    child.expect_exact("Date of the session [today]: ")
    child.sendline("today")
    child.expect_exact("[Proctor")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def _leave_a_draft(spawn, name: str) -> str:
    child = spawn("new", "--with", name, "--date", "today")
    child.expect(r"Draft ([0-9a-f]{8})")
    draft = child.match.group(1)
    child.expect_exact(f"[{PROCTOR} 1/6]")
    child.expect_exact("> ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return draft


def test_the_draft_picker_answers_a_wrong_number_in_the_users_terms(spawn):
    drafts = [_leave_a_draft(spawn, name) for name in ("Jo", "Sam")]
    child = spawn("resume")
    child.expect_exact("Which draft (1-2)? ")
    for wrong in ("3", "0", "first", drafts[0]):
        child.sendline(wrong)
        child.expect_exact("Type a number from 1 to 2.")
        child.expect_exact("Which draft (1-2)? ")
    child.sendline("2")
    child.expect_exact(f"[{PROCTOR} 1/6]")
    child.sendintr()
    child.expect(pexpect.EOF)
