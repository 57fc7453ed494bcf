"""Faults: a killed process, two writers at once, a damaged or full journal, no terminal.

Each fault is made deterministic: a real SIGKILL sent at a known point (a pseudo-terminal
waiting at a prompt, or a hook in a small driver process that kills itself mid-way), a write
lock held by an import stopped mid-file until the test lets it go on, `PRAGMA max_page_count`
for a full database and RLIMIT_FSIZE for a real write error. Afterwards the journal must pass
`reflect check` and hold every earlier record, and the failing command must have said so in
one line.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pexpect
import pytest

from reflect.trust import cipher
from reflect.trust import passphrase as sources
from tests.support import FAST_KDF_ITER, assert_one_line_error
from tests.transfer_data import tree

PROCTOR = "Proctor's three functions"
FIRST_ANSWERS = {"split": {"normative": 60, "formative": 30, "restorative": 10},
                 "normative_notes": "Went through the Smith plan.",
                 "formative_notes": "Practised strengths-based questions."}

# A driver runs the CLI in a process of its own with hooks: `name=N` acts on the Nth call.
DRIVER = r'''
import os, signal, sys
from reflect.journal import connection, facade
from reflect.journal import goals as goalstore
from reflect.trust import files
from reflect.sharing.importing import apply as importing
from reflect.trust import driver

hooks = dict(item.split("=", 1) for item in sys.argv[1].split(",") if item)
calls = {}


def reached(name):
    calls[name] = calls.get(name, 0) + 1
    return calls[name] == int(hooks[name])


def die():
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


class Os:
    """os for reflect.trust.files, which writes every export file (and, in these commands,
    no other file: the journal already exists)."""

    def __getattr__(self, name):
        return getattr(os, name)

    def fdopen(self, fd, *args, **kwargs):
        opened = os.fdopen(fd, *args, **kwargs)
        if "half_write" in hooks and reached("half_write"):
            opened.write = lambda data: (os.write(fd, data[: len(data) // 2]), die())
        return opened

    def replace(self, source, target):
        if "kill_at_replace" in hooks and reached("kill_at_replace"):
            die()
        return os.replace(source, target)


files.os = Os()
add_session = facade.Journal.add_session


add_sessions = facade.Journal.add_sessions


def session_added():
    if "kill_after_session" in hooks and reached("kill_after_session"):
        die()
    if "hold" in hooks and "held" not in calls:  # keep the write lock until told to go on
        calls["held"] = 1
        print("holding", flush=True)
        sys.stdin.readline()


def hooked_add_session(self, **fields):
    result = add_session(self, **fields)
    session_added()
    return result


def hooked_add_sessions(self, new):  # an import adds new sessions without ids together
    result = add_sessions(self, new)
    for _ in result:
        session_added()
    return result


facade.Journal.add_session = hooked_add_session
facade.Journal.add_sessions = hooked_add_sessions
add_goal = importing._Importer._goal


def hooked_goal(self, goal, tally):
    if "kill_at_goal" in hooks and reached("kill_at_goal"):
        die()
    return add_goal(self, goal, tally)


importing._Importer._goal = hooked_goal
set_pragmas = connection._set_pragmas


def hooked_pragmas(db):
    set_pragmas(db)
    if "max_pages" in hooks:  # a full disk: the journal may grow by this many pages only
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + int(hooks['max_pages'])}")


connection._set_pragmas = hooked_pragmas
review = goalstore.GoalStore.review


def hooked_review(self, *args):
    if "say_reviewing" in hooks:
        print("reviewing", flush=True)
    return review(self, *args)


goalstore.GoalStore.review = hooked_review
if "busy_ms" in hooks:
    driver.BUSY_TIMEOUT_MS = int(hooks["busy_ms"])

from reflect.cli import app

app(sys.argv[2:], prog_name="reflect")
'''


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """`python -m reflect ARGS` in a process of its own, without a terminal."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run([sys.executable, "-m", "reflect", *args], capture_output=True,
                          text=True, timeout=60, **kwargs)


def driven(hooks: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run([sys.executable, "-c", DRIVER, hooks, *args], capture_output=True,
                          text=True, timeout=60, **kwargs)


def killed(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == -signal.SIGKILL, done.stderr



def assert_sound(reflect, journal_path: Path) -> None:
    """`reflect check` finds nothing wrong (integrity, links, search index)."""
    report = json.loads(reflect("--journal", str(journal_path), "check", "--json").stdout)
    assert report["ok"] and all(finding["ok"] for finding in report["checks"]), report


def sessions(reflect) -> dict[str, dict]:
    """The journal's sessions as `show --format json` has them, by title."""
    found = {}
    for row in reflect.json("list"):
        record = json.loads(reflect("show", row["id"], "--format", "json").stdout)
        found[record["title"]] = record
    return found


def snapshot(path: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


def notes_folder(folder: Path, count: int, words: int = 20) -> dict[str, str]:
    """`count` plain markdown notes; returns each one's title and text."""
    folder.mkdir()
    texts = {}
    for n in range(1, count + 1):
        text = f"# Note {n}\n\n" + " ".join(f"word{n}-{i}" for i in range(words))
        (folder / f"2026-01-{n:02d}-note-{n}.md").write_text(text + "\n", encoding="utf-8")
        texts[f"Note {n}"] = text
    return texts


# A killed interview ------------------------------------------------------------------------

def test_sigkill_mid_interview_keeps_every_answer_given(tmp_path, reflect, journal_path):
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}
    child = pexpect.spawn(sys.executable, ["-m", "reflect", "new", "-m", "proctor", "--with",
                                           "Sam Jones", "--date", "2026-11-20"],
                          cwd=str(tmp_path), env=env, encoding="utf-8", timeout=20)
    child.expect(r"Draft ([0-9a-f]{8})")
    draft = child.match.group(1)
    for number, text in enumerate(["60 30 10", FIRST_ANSWERS["normative_notes"],
                                   FIRST_ANSWERS["formative_notes"]], start=1):
        child.expect_exact(f"[{PROCTOR} {number}/6]")
        child.expect_exact("> ")
        child.sendline(text)
    child.expect_exact(f"[{PROCTOR} 4/6]")  # shown only once answer 3 is saved
    child.expect_exact("> ")
    child.sendline("Felt heard.")  # and killed at once: saved whole, or not at all
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    assert_sound(reflect, journal_path)
    saved = json.loads(reflect("show", draft, "--format", "json").stdout)
    assert saved["status"] == "draft"
    assert saved["answers"]["proctor"] in (
        FIRST_ANSWERS, {**FIRST_ANSWERS, "restorative_notes": "Felt heard."})
    assert [d["id"][:8] for d in reflect.json("resume")] == [draft]


# A killed import or export -----------------------------------------------------------------

def test_sigkill_mid_import_leaves_each_file_whole_or_absent(tmp_path, reflect, journal_path):
    reflect.new(body="Recorded before the import.")
    texts = notes_folder(tmp_path / "notes", 6)
    killed(driven("kill_after_session=4", "import", str(tmp_path / "notes")))  # inside file 4

    assert_sound(reflect, journal_path)
    found = sessions(reflect)
    assert sorted(found) == ["Note 1", "Note 2", "Note 3", "Supervision"]
    for title in ("Note 1", "Note 2", "Note 3"):
        assert found[title]["body"] == texts[title]
    again = reflect("import", str(tmp_path / "notes"))
    assert "sessions: 3 added, 3 already there" in again.stderr
    assert sorted(sessions(reflect)) == [*sorted(texts), "Supervision"]


def test_sigkill_mid_json_import_leaves_none_of_that_file(tmp_path, reflect, journal_path):
    for n in range(3):
        session_id = reflect.new("--with", "Sam Jones", "--action", f"Send note {n} by friday",
                                 body=f"Session {n}.")
        reflect("goal", "add", "--title", f"Goal {n}", "--specific", "Use a genogram",
                "--due", "in 3 months", "--session", session_id)
    reflect("export", "--format", "json", "--out", str(tmp_path / "journal.json"))
    other = tmp_path / "other.db"
    killed(driven("kill_at_goal=2", "--journal", str(other), "import",
                  str(tmp_path / "journal.json")))

    assert_sound(reflect, other)
    for listing in (["list"], ["goal", "list"], ["action", "list"], ["person", "list"]):
        assert reflect.json("--journal", str(other), *listing) == [], listing
    reflect("--journal", str(other), "import", str(tmp_path / "journal.json"))
    assert len(reflect.json("--journal", str(other), "goal", "list")) == 3


@pytest.fixture
def three_sessions(reflect):
    return [reflect.new("--with", "Sam Jones", "--tag", "t", body=f"Session {n}. " * 40)
            for n in range(3)]


def test_sigkill_mid_export_leaves_no_export_folder(tmp_path, reflect, three_sessions):
    out = tmp_path / "notes"
    killed(driven("half_write=3", "export", "--out", str(out)))
    assert not out.exists()
    beside = [p.name for p in tmp_path.iterdir() if p.name not in ("home", "journal")]
    assert all(name.startswith(".notes-") for name in beside)  # at most the hidden staging
    reflect("export", "--out", str(out))
    assert len(list(out.glob("*.md"))) == 5  # three notes, index.md and goals.md


def test_sigkill_mid_forced_export_leaves_each_file_old_or_new(tmp_path, reflect, three_sessions):
    out, fresh = tmp_path / "notes", tmp_path / "fresh"
    reflect("export", "--out", str(out))
    old = tree(out)
    reflect("edit", three_sessions[0][:8], "--body", "Changed after the first export.")
    reflect.new("--with", "Sam Jones", body="A fourth session.")
    killed(driven("kill_at_replace=3", "export", "--out", str(out), "--force"))

    reflect("export", "--out", str(fresh))
    new = tree(fresh)
    now = tree(out)
    assert set(now) <= set(old) | set(new)
    for name, data in now.items():
        assert data in (old.get(name), new.get(name)), name
    assert now != new  # it was interrupted: a --force export again finishes the job
    reflect("export", "--out", str(out), "--force")
    assert tree(out) == new


def test_sigkill_mid_single_file_export_keeps_the_old_file(tmp_path, reflect, three_sessions):
    target = tmp_path / "journal.json"
    reflect("export", "--format", "json", "--out", str(target))
    old = target.read_bytes()
    reflect.new(body="Added after the first export.")
    killed(driven("half_write=1", "export", "--format", "json", "--out", str(target),
                  "--force"))
    assert target.read_bytes() == old
    json.loads(old)


# Two writers at once -----------------------------------------------------------------------

@pytest.fixture
def a_goal(reflect):
    return reflect("goal", "add", "--title", "Genograms", "--specific", "Use a genogram",
                   "--due", "in 3 months").stdout.strip()


def _import_holding_the_lock(folder: Path) -> subprocess.Popen:
    """An import stopped inside its first file's transaction until a line comes on stdin."""
    holder = subprocess.Popen([sys.executable, "-c", DRIVER, "hold=1", "import", str(folder)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_write_during_an_import_fails_cleanly_and_loses_nothing(tmp_path, reflect,
                                                                  journal_path, a_goal):
    texts = notes_folder(tmp_path / "notes", 3)
    holder = _import_holding_the_lock(tmp_path / "notes")
    try:
        review = driven("busy_ms=200", "goal", "review", a_goal[:8], "--progress", "40",
                        "--note", "Used it twice.")
    finally:
        out, err = holder.communicate("go\n", timeout=60)
    assert_one_line_error(review, "locked")
    assert holder.returncode == 0, err
    assert_sound(reflect, journal_path)
    assert sorted(sessions(reflect)) == sorted(texts)
    assert reflect.json("goal", "show", a_goal[:8])["reviews"] == []
    reflect("goal", "review", a_goal[:8], "--progress", "40", "--note", "Used it twice.")
    assert len(reflect.json("goal", "show", a_goal[:8])["reviews"]) == 1


def test_a_write_during_an_import_waits_for_it(tmp_path, reflect, a_goal):
    notes_folder(tmp_path / "notes", 2)
    holder = _import_holding_the_lock(tmp_path / "notes")
    # A busy timeout longer than the test, so the review can only end once the lock is free.
    review = subprocess.Popen([sys.executable, "-c", DRIVER, "say_reviewing=1,busy_ms=60000",
                               "goal", "review", a_goal[:8], "--progress", "40", "--note",
                               "Waited."],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert review.stdout.readline().strip() == "reviewing"
        with pytest.raises(subprocess.TimeoutExpired):
            review.wait(timeout=1)  # the import holds the lock: the review must still wait
    finally:
        holder.communicate("go\n", timeout=60)
        _, err = review.communicate(timeout=60)
    assert holder.returncode == 0
    assert review.returncode == 0, err
    assert [r["note"] for r in reflect.json("goal", "show", a_goal[:8])["reviews"]] == ["Waited."]


# Damaged journals --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def several_pages(tmp_path_factory) -> bytes:
    """The bytes of a journal of some 70 pages, its write-ahead log folded in."""
    from reflect.journal.connection import open_journal

    path = tmp_path_factory.mktemp("template") / "journal.db"
    journal = open_journal(path)
    for n in range(8):
        journal.add_session(held_on=date(2026, 1, n + 1), title=f"Session {n}",
                            kind="individual", role="supervisee", body="reflection " * 400)
    journal.close()
    assert not Path(f"{path}-wal").exists()
    return path.read_bytes()


@pytest.mark.parametrize("keep", [10, 4096, "half", "all but a page"])
def test_a_truncated_journal_is_a_one_line_error_and_left_as_it_is(reflect, journal_path,
                                                                  tmp_path, several_pages, keep):
    size = len(several_pages)
    keep = {"half": size // 2, "all but a page": size - 4096}.get(keep, keep)
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(several_pages[:keep])
    before = snapshot(journal_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.md").write_text("# A note\n\nText.\n")
    for args in (["list"], ["new", "--body", "x"], ["check"], ["import", str(tmp_path / "in")],
                 ["export", "--out", str(tmp_path / "out")]):
        assert_one_line_error(reflect(*args, code=None), "journal")
        assert snapshot(journal_path) == before, args
    assert not (tmp_path / "out").exists()


def _newer(reflect, journal_path: Path) -> None:
    reflect.new()
    with sqlite3.connect(journal_path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('reflect', 'm042_from_the_future', '2031-01-01')")
    conn.close()


def _not_sqlite(reflect, journal_path: Path) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.write_text("Dear diary, this is not a database.\n" * 20)


@pytest.mark.parametrize("make, words", [(_newer, "newer version"),
                                         (_not_sqlite, "not a reflect journal")])
@pytest.mark.parametrize("args", [["import", "IN"], ["export", "--out", "OUT"], ["check"],
                                  ["backup"], ["goal", "add", "--title", "T"],
                                  ["person", "add", "Sam"], ["purge", "--deleted", "--yes"]])
def test_every_command_refuses_a_newer_or_foreign_journal_untouched(reflect, journal_path,
                                                                   tmp_path, make, words, args):
    make(reflect, journal_path)
    before = snapshot(journal_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.md").write_text("# A note\n\nText.\n")
    args = [{"IN": str(tmp_path / "in"), "OUT": str(tmp_path / "out")}.get(a, a) for a in args]
    assert_one_line_error(reflect(*args, code=None), words)
    assert snapshot(journal_path) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["list"], ["check"], ["backup"], ["goal", "list"]])
def test_a_read_only_journal_is_refused_for_reading_too_and_left_as_it_is(reflect, journal_path,
                                                                         monkeypatch, args):
    reflect.new()
    journal_path.chmod(0o400)
    if os.access(journal_path, os.W_OK):  # root may write anyway: answer as for anyone else
        access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
            not mode & os.W_OK and access(path, mode, **kw)) if Path(path) == journal_path
            else access(path, mode, **kw))
    try:
        before = snapshot(journal_path)
        assert_one_line_error(reflect(*args, code=None), "permission")
        assert snapshot(journal_path) == before
    finally:
        journal_path.chmod(0o600)


# A full disk and a failing write -----------------------------------------------------------

def test_a_full_journal_refuses_the_new_record_and_keeps_the_old(tmp_path, reflect,
                                                                 journal_path):
    earlier = {reflect.new(body=f"Earlier {n}.") for n in range(3)}
    big = "A long reflection. " * 20000
    done = driven("max_pages=2", "new", "--body", "-", input=big, stdin=None)
    assert_one_line_error(done, "full")
    assert {row["id"] for row in reflect.json("list")} == earlier
    assert_sound(reflect, journal_path)

    texts = notes_folder(tmp_path / "notes", 6, words=3000)
    done = driven("max_pages=12", "import", str(tmp_path / "notes"))
    assert done.returncode == 1
    refused = [line for line in done.stderr.splitlines()
               if line.startswith("reflect: error: ")]
    assert refused and all(line.endswith("the journal refused it: database or disk is full")
                           for line in refused)
    imported = {t: s for t, s in sessions(reflect).items() if t.startswith("Note")}
    assert len(imported) + len(refused) == 6
    for title, session in imported.items():
        assert session["body"] == texts[title]
    assert_sound(reflect, journal_path)


def _limit_file_size(limit: int):
    def limit_it() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_it


def test_a_write_error_is_one_line_and_every_earlier_record_is_intact(reflect, journal_path):
    earlier = {reflect.new(body=f"Earlier {n}.") for n in range(3)}
    limit = journal_path.stat().st_size + 64 * 1024
    done = cli("new", "--body", "-", input="A long reflection. " * 60000, stdin=None,
               preexec_fn=_limit_file_size(limit))
    assert_one_line_error(done, "journal")
    assert {row["id"] for row in reflect.json("list")} == earlier
    assert_sound(reflect, journal_path)


@pytest.mark.parametrize("fmt, out", [("json", "journal.json"), ("markdown", "notes")])
def test_an_export_that_cannot_be_written_leaves_nothing_behind(tmp_path, reflect, fmt, out):
    reflect.new(body="A long reflection. " * 20000)
    done = cli("export", "--format", fmt, "--out", str(tmp_path / "exports" / out),
               preexec_fn=_limit_file_size(64 * 1024))
    assert_one_line_error(done, "cannot write", "File too large")
    assert list((tmp_path / "exports").iterdir()) == []


# No terminal -------------------------------------------------------------------------------

@pytest.fixture
def asking_journals(tmp_path, reflect, journal_path, monkeypatch):
    """A plain journal with something for every asking command, an encrypted one, a backup."""
    monkeypatch.setattr(cipher, "KDF_ITER", FAST_KDF_ITER)
    session_id = reflect.new("--with", "Sam Jones", body="Kept.")
    hidden = reflect.new(body="Hidden.")
    reflect("delete", hidden, "--yes")
    reflect("person", "add", "S Jones")
    reflect("contract", "set", "Sam Jones", "--frequency", "monthly")
    goal_id = reflect("goal", "add", "--title", "Genograms", "--specific", "Use a genogram",
                      "--due", "in 3 months").stdout.strip()
    from reflect.journal.connection import open_journal
    from reflect.reflection.recording import SessionFields, start_draft

    journal = open_journal(journal_path)
    start_draft(journal, SessionFields().completed(), ["proctor"])
    journal.close()
    backup = reflect("backup", str(tmp_path / "backup.db")).stdout.strip()
    encrypted = tmp_path / "secret.db"
    monkeypatch.setenv(sources.PASSPHRASE_ENV, "correct horse")
    reflect("--journal", str(encrypted), "init", "--encrypt")
    monkeypatch.delenv(sources.PASSPHRASE_ENV)
    return {"ID": session_id[:8], "GOAL": goal_id[:8], "BACKUP": backup,
            "SECRET": str(encrypted), "NEW": str(tmp_path / "new.db")}


ASKING = [
    (["new"], "nothing to record and no terminal"),
    (["new", "--editor"], "no editor set and no terminal"),
    (["new", "--body", "-"], "empty"),
    (["new", "--answers", "-"], "expected a mapping"),
    (["resume"], "needs a terminal"),
    (["goal", "add"], "no terminal"),
    (["goal", "add", "--title", "T", "--partner", "Nobody Known"], "Nobody Known"),
    (["goal", "edit", "GOAL"], "nothing to change"),
    (["edit", "ID"], "no terminal"),
    (["delete", "ID"], "no terminal"),
    (["person", "merge", "S Jones", "Sam Jones"], "no terminal"),
    (["contract", "set", "Sam Jones"], "no terminal"),
    (["restore", "BACKUP"], "no terminal"),
    (["purge", "--before", "tomorrow"], "no terminal"),
    (["purge", "--deleted"], "no terminal"),
    (["encrypt"], "no terminal"),
    (["--journal", "NEW", "init", "--encrypt"], "no terminal"),
    (["--journal", "SECRET", "list"], "no passphrase was given"),
    (["--journal", "SECRET", "decrypt"], "no passphrase was given"),
    (["--journal", "SECRET", "decrypt", "PASSPHRASE"], "no terminal"),
    (["--journal", "SECRET", "passphrase", "PASSPHRASE"], "no terminal"),
]


# Forks one child per command after the imports, so twenty commands cost one start-up. Each
# child is a process of its own with stdin from /dev/null, given 20 seconds to finish.
EACH_IN_A_CHILD = r'''
import json, os, sys, tempfile, time
import pydantic, rich.console, sqlite_utils, yaml  # loaded once, before the forks
import reflect.journal.connection, reflect.reflection.promptsets, reflect.trust.cipher
reflect.trust.cipher.KDF_ITER = int(sys.argv[2])  # the tests' fast key derivation
from reflect.cli import app

results = []
for args, env in json.loads(sys.argv[1]):
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        os.environ.update(env)
        code = 0
        try:
            app(args, prog_name="reflect")
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else int(e.code is not None)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    deadline = time.monotonic() + 20
    while not (ended := os.waitpid(pid, os.WNOHANG))[0] and time.monotonic() < deadline:
        time.sleep(0.005)
    if not ended[0]:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    out.seek(0)
    err.seek(0)
    results.append([os.waitstatus_to_exitcode(ended[1]) if ended[0] else "hung",
                    out.read().decode(errors="replace"), err.read().decode(errors="replace")])
print(json.dumps(results))
'''


def test_no_command_hangs_or_crashes_without_a_terminal(asking_journals, journal_path):
    """Every command that might ask, run with stdin from /dev/null: one clear line, exit 1."""
    before = {path: snapshot(path) for path in (journal_path, Path(asking_journals["SECRET"]))}
    commands = [([asking_journals.get(a, a) for a in args if a != "PASSPHRASE"],
                 {sources.PASSPHRASE_ENV: "correct horse"} if "PASSPHRASE" in args else {})
                for args, _ in ASKING]
    ran = subprocess.run([sys.executable, "-c", EACH_IN_A_CHILD, json.dumps(commands),
                          str(FAST_KDF_ITER)],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    for (command, _), (_, words), (code, out, err) in zip(
            commands, ASKING, json.loads(ran.stdout), strict=True):
        assert code != "hung", f"reflect {' '.join(command)} hung without a terminal"
        done = subprocess.CompletedProcess(command, code, out, err)
        assert_one_line_error(done, words)
    assert not Path(asking_journals["NEW"]).exists()
    for path, files in before.items():
        assert snapshot(path) == files
