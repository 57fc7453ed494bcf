"""The CLI as a person meets it: in a real pseudo-terminal (pexpect)."""

import json
import os
import subprocess
import sys

import pexpect
import pytest


@pytest.fixture
def spawn(tmp_path):
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}

    def start(*args: str, extra_env=None) -> pexpect.spawn:
        child = pexpect.spawn(sys.executable, ["-m", "reflect", *args], cwd=str(tmp_path),
                              env={**env, **(extra_env or {})}, encoding="utf-8", timeout=20)
        return child

    return start


def run_json(*args):
    done = subprocess.run([sys.executable, "-m", "reflect", *args], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


@pytest.fixture
def fake_editor(tmp_path):
    """An 'editor' that keeps the template and adds a reflection above it."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "open(path, 'w').write('Talked through the Smith family visit.\\n' + text)\n")
    return f"{sys.executable} {script}"


def test_new_with_editor_opens_the_editor(spawn, fake_editor):
    child = spawn("new", "--with", "Sam", "--editor", extra_env={"EDITOR": fake_editor})
    child.expect("Added Sam to people")
    child.expect(r"[0-9a-f]{32}")
    session_id = child.after
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = run_json("show", session_id, "--format", "json")
    assert record["body"] == "Talked through the Smith family visit."


def test_emptied_editor_records_nothing(spawn, tmp_path):
    script = tmp_path / "blank.py"
    script.write_text("import sys\nopen(sys.argv[1], 'w').write('')\n")
    child = spawn("new", "--editor", extra_env={"EDITOR": f"{sys.executable} {script}"})
    child.expect("empty")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert run_json("list", "--json") == []


def test_delete_asks_and_respects_no(spawn):
    session_id = subprocess.run([sys.executable, "-m", "reflect", "new", "--body", "keep me"],
                                capture_output=True, text=True, check=True).stdout.strip()
    child = spawn("delete", session_id[:6])
    child.expect(r"Delete the session .*\?")
    child.sendline("n")
    child.expect("Nothing deleted")
    child.expect(pexpect.EOF)
    assert len(run_json("list", "--json")) == 1
    child = spawn("delete", session_id[:6])
    child.expect(r"Delete the session .*\?")
    child.sendline("y")
    child.expect("Deleted")
    child.expect(pexpect.EOF)
    assert run_json("list", "--json") == []


def test_edit_in_the_editor_changes_record_and_private_parts(spawn, tmp_path):
    session_id = subprocess.run(
        [sys.executable, "-m", "reflect", "new", "--title", "Old title", "--body", "Old body.",
         "--private", "Old private."], capture_output=True, text=True, check=True).stdout.strip()
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "text = text.replace('Old title', 'New title').replace('Old body.', 'New body.')\n"
        "text = text.replace('Old private.', 'New private.')\n"
        "open(path, 'w').write(text)\n")
    child = spawn("edit", session_id[:8], extra_env={"EDITOR": f"{sys.executable} {script}"})
    child.expect("previous version is kept")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = run_json("show", session_id, "--format", "json")
    assert (record["title"], record["body"], record["private"]) == (
        "New title", "New body.", "New private.")
    assert len(run_json("history", session_id, "--json")) == 2
