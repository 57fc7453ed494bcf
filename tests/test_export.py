"""`reflect export`: markdown notes, printable HTML and JSON, written privately and
atomically, byte-identical every time for an unchanged journal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from reflect.sharing.export import markdown as markdown_export
from tests.transfer_data import fill, modes, tree


@pytest.fixture
def ids(journal_path):
    return fill(journal_path)


def front(text: str) -> dict:
    _, head, _ = text.split("---\n", 2)
    return yaml.safe_load(head)


def notes(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("2026-*"))


# Markdown -----------------------------------------------------------------------------

def test_markdown_folder_has_a_note_per_session_an_index_and_goals(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    result = reflect("export", "--out", str(out))
    assert notes(out) == [
        "2026-01-05-supervision-with-sam-" + ids["twin"][:8] + ".md",
        "2026-01-05-supervision-with-sam.md", "2026-02-02-action-learning-zoe-s-case.md",
        "2026-03-01-unfinished.md"]
    assert {"index.md", "goals.md"} <= {p.name for p in out.iterdir()}
    assert result.stderr.strip().endswith(
        f"Exported 4 sessions and 1 goal to {out}; private reflection left out "
        "(--include-private to include it).")


def test_note_front_matter_holds_everything_about_the_session(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    meta = front((out / "2026-01-05-supervision-with-sam.md").read_text())
    assert list(meta)[:13] == ["id", "date", "title", "with", "attendees", "as", "kind",
                               "tags", "models", "goals", "created", "updated", "status"]
    assert meta["id"] == ids["first"] and str(meta["date"]) == "2026-01-05"
    assert meta["goals"] == [ids["goal"]] and meta["duration"] == 60
    assert meta["answers"]["proctor"]["split"]["normative"] == 70
    assert [a["what"] for a in meta["actions"]] == ["Send the chronology", "Book the visit"]
    group = front((out / "2026-02-02-action-learning-zoe-s-case.md").read_text())
    assert group["attendees"] == ["Jo Bloggs", "Zoë Ångström"]
    assert group["presenter"] == "Zoë Ångström"
    assert group["issue_presented"] == "Closing a case well"
    draft = front((out / "2026-03-01-unfinished.md").read_text())
    assert draft["status"] == "draft" and draft["interview"]["cursor"] == 1


def test_note_reads_as_the_session_note(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    text = (out / "2026-01-05-supervision-with-sam.md").read_text()
    shown = reflect("show", ids["first"], "--format", "markdown").stdout
    assert "# Supervision with Sam" in text and "## Agreed actions" in text
    # the same, but for the goal: in a vault it links to the goal's own file
    goal = next(out.glob("goals/genograms-*.md")).relative_to(out).as_posix()
    assert f"- [Genograms]({goal}), due 2026-05-01 (open)" in text
    text = text.replace(f"[Genograms]({goal})", "Genograms")
    assert shown.split("# Supervision with Sam", 1)[1].replace("\n", "") in (
        text.replace("<!-- reflect:body -->", "").replace("<!-- /reflect:body -->", "")
        .replace("\n", ""))


def test_index_links_notes_in_date_order_and_is_marked_generated(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    index = (out / "index.md").read_text()
    links = re.findall(r"\]\(([^)]+)\)", index)
    assert links == ["goals.md", "2026-01-05-supervision-with-sam.md",
                     f"2026-01-05-supervision-with-sam-{ids['twin'][:8]}.md",
                     "2026-02-02-action-learning-zoe-s-case.md", "2026-03-01-unfinished.md",
                     f"goals/genograms-{ids['goal'][:8]}.md", "people/jo-bloggs.md",
                     "people/sam-jones.md", "people/zoe-angstrom.md",
                     "contracts/sam-jones-contract.md"]
    assert all((out / link).is_file() for link in links)
    for name in ("index.md", "goals.md"):
        meta = front((out / name).read_text())
        assert meta["generated"] is True
        assert not {"date", "exported", "created", "updated"} & set(meta)


def test_single_writes_one_combined_file(reflect, ids, tmp_path):
    out = tmp_path / "journal.md"
    reflect("export", "--single", "--out", str(out))
    text = out.read_text()
    assert front(text)["generated"] is True
    assert text.count("# Supervision with Sam\n") == 2 and "# Goals" in text
    assert "reflect:body" not in text


def test_sessions_are_read_a_few_at_a_time_with_the_same_result(reflect, ids, tmp_path,
                                                                 monkeypatch):
    from reflect.journal.sessions import SessionReads
    from reflect.sharing.export.selection import Sessions

    whole = tmp_path / "whole.md"
    reflect("export", "--single", "--out", str(whole), "--include-private")
    reads = []
    by_id = SessionReads.sessions_by_id
    monkeypatch.setattr(SessionReads, "sessions_by_id",
                        lambda self, wanted, texts=True:
                        reads.append(len(wanted)) or by_id(self, wanted, texts))
    monkeypatch.setattr(Sessions, "AT_ONCE", 1)
    parts = tmp_path / "parts.md"
    reflect("export", "--single", "--out", str(parts), "--include-private")
    assert parts.read_bytes() == whole.read_bytes()
    assert reads.count(1) >= 4 and max(reads) <= 1  # one session read at a time


def test_a_one_file_export_holds_no_list_of_the_sessions(reflect, ids, tmp_path,
                                                         monkeypatch):
    """Memory stays flat: only ids are held, each session is read as it is written."""
    from reflect.sharing.export.selection import Sessions

    def headings(self):
        raise AssertionError("a one-file export read every session's heading")

    monkeypatch.setattr(Sessions, "headings", property(headings))
    out = tmp_path / "all.md"
    reflect("export", "--single", "--out", str(out))
    assert out.read_text().count("\n# ") >= 4


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_folder_export_writes_each_note_as_it_is_made(reflect, ids, tmp_path, monkeypatch,
                                                        fmt):
    """Memory stays flat: a note is on disk (staged beside the folder) before the next
    one is made, and only names and hashes are held."""
    out, staged_before = tmp_path / "vault", []
    note_text = markdown_export.note_text

    def counting(data, session, *args, **kwargs):
        staged_before.append(sum(1 for p in tmp_path.glob(".vault-*/*") if p.is_file()
                                 and p.suffix in (".md", ".html")))
        return note_text(data, session, *args, **kwargs)

    monkeypatch.setattr(markdown_export, "note_text", counting)
    if fmt == "html":
        from reflect.sharing.export import html

        monkeypatch.setattr(html, "note_text", counting)
    reflect("export", "--format", fmt, "--out", str(out))
    assert staged_before == list(range(len(staged_before))) and len(staged_before) >= 4
    assert not list(tmp_path.glob(".vault-*"))  # the staging folder is gone


@pytest.mark.parametrize("args", [["--out", "vault"], ["--format", "json", "--out", "a.json"],
                                  ["--out", "vault", "--include-private"]])
def test_an_export_that_keeps_sync_bases_reads_each_session_once(reflect, ids, tmp_path,
                                                                   monkeypatch, args):
    from reflect.journal.sessions import SessionReads

    read: list[str] = []
    by_id = SessionReads.sessions_by_id
    monkeypatch.setattr(SessionReads, "sessions_by_id",  # whole, not their headings alone
                        lambda self, wanted, texts=True:
                        (texts and read.extend(wanted)) or by_id(self, wanted, texts))
    monkeypatch.chdir(tmp_path)
    reflect("export", *args)
    # each once; a draft once more before, to see whether it holds anything yet
    assert sorted(read) == sorted([ids["first"], ids["twin"], ids["group"], ids["draft"],
                                   ids["draft"]])


def test_an_export_holds_the_journal_as_it_was_when_it_began(reflect, ids, tmp_path,
                                                             journal_path, monkeypatch):
    from reflect.journal.connection import open_journal
    from reflect.sharing.export.selection import Sessions

    monkeypatch.setattr(Sessions, "AT_ONCE", 1)  # each session read as it is reached
    note_text, changed = markdown_export.note_text, []

    def another_command_writes(data, session, **kwargs):
        if not changed:  # while the first note is made, another command erases one
            other = open_journal(journal_path)  # and retitles another
            try:
                other.update_session(ids["group"], {"title": "Renamed meanwhile"})
                other.erase_sessions([ids["draft"]])
            finally:
                other.close()
            changed.append(True)
        return note_text(data, session, **kwargs)

    monkeypatch.setattr(markdown_export, "note_text", another_command_writes)
    out = tmp_path / "all.md"
    reflect("export", "--single", "--out", str(out))
    text = out.read_text()
    assert changed and "# Unfinished" in text and "Renamed meanwhile" not in text
    assert "Renamed meanwhile" in reflect("show", ids["group"]).stdout  # the change stands


def test_a_sync_writes_the_journal_as_it_was_when_it_began(reflect, ids, tmp_path,
                                                           journal_path, monkeypatch):
    from reflect.journal.connection import open_journal
    from reflect.sharing.export.selection import Sessions

    monkeypatch.setattr(Sessions, "AT_ONCE", 1)  # each session read as it is reached
    note_file, erased = markdown_export.note_file, []

    def another_command_erases(data, session, *args):
        if not erased:  # while the first note is made, another command erases one
            other = open_journal(journal_path)
            try:
                other.erase_sessions([ids["draft"]])
            finally:
                other.close()
            erased.append(True)
        return note_file(data, session, *args)

    monkeypatch.setattr(markdown_export, "note_file", another_command_erases)
    out = tmp_path / "vault"
    reflect("sync", str(out))
    assert erased and (out / "2026-03-01-unfinished.md").is_file()


def test_a_full_disk_is_a_one_line_error_naming_the_file(reflect, ids, tmp_path,
                                                         monkeypatch):
    from reflect.trust import files

    def full(path):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(files, "fsync", full)
    out = tmp_path / "journal.md"
    result = reflect("export", "--single", "--out", str(out), code=1)
    assert result.stderr.startswith("reflect: error: cannot write ")
    assert "No space left on device" in result.stderr and not out.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_an_unreadable_template_is_named_as_such_not_as_the_output(reflect, ids, tmp_path,
                                                                   config_dir):
    folder = config_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "session.md.j2").write_text("{{ session.title }}\n")
    (folder / "session.md.j2").chmod(0)
    result = reflect("export", "--single", "--out", str(tmp_path / "all.md"), code=1)
    assert result.stderr.strip() == \
        "reflect: error: cannot read template session.md.j2: Permission denied"


def test_a_template_that_is_not_text_is_named_as_such(reflect, ids, tmp_path, config_dir):
    folder = config_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "session.md.j2").write_bytes(b"\xff\xfe{{ session.title }}\n")
    result = reflect("export", "--single", "--out", str(tmp_path / "all.md"), code=1)
    assert result.stderr.startswith("reflect: error: cannot read template session.md.j2: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_that_cannot_be_read_while_the_export_is_made_is_not_called_unwritable(
        reflect, ids, tmp_path, monkeypatch):
    def unreadable(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "/somewhere/else.yaml")

    monkeypatch.setattr(markdown_export, "note_text", unreadable)
    result = reflect("export", "--single", "--out", str(tmp_path / "all.md"), code=1)
    assert "cannot write" not in result.stderr and "else.yaml" in result.stderr


TEMPLATE_FAILS = "template session.md.j2 line 3: 'nope' is undefined"


@pytest.fixture
def third_note_fails(monkeypatch):
    """From its call on, the third note of an export fails as a broken template would;
    it returns the list of notes made."""
    from reflect.settings.errors import BadInput

    def install() -> list[int]:
        made: list[int] = []
        note_text = markdown_export.note_text

        def fails_on_the_third(*args, **kwargs):
            made.append(1)
            if len(made) == 3:
                raise BadInput(TEMPLATE_FAILS)
            return note_text(*args, **kwargs)

        monkeypatch.setattr(markdown_export, "note_text", fails_on_the_third)
        return made

    return install


def test_a_failure_part_way_through_an_export_to_stdout_prints_nothing(reflect, ids,
                                                                       third_note_fails):
    third_note_fails()
    result = reflect("export", "--single", "--out", "-", code=1)
    assert result.stdout == ""  # never half a document that looks whole
    assert result.stderr.strip() == f"reflect: error: {TEMPLATE_FAILS}"


def test_a_failure_part_way_through_one_file_leaves_the_earlier_file(reflect, ids, tmp_path,
                                                                     third_note_fails):
    out = tmp_path / "journal.md"
    reflect("export", "--single", "--out", str(out))
    before = out.read_bytes()
    made = third_note_fails()
    result = reflect("export", "--single", "--out", str(out), "--force", code=1)
    assert result.stderr.strip() == f"reflect: error: {TEMPLATE_FAILS}"
    assert len(made) == 3  # written as made: it stopped where the note failed
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".journal.md-")]


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--from", "2026-02-01", 2), ("--to", "2026-01-31", 2), ("--with", "jo bloggs", 1),
    ("--tag", "group", 1), ("--model", "proctor", 1)])
def test_filters_choose_sessions(reflect, ids, tmp_path, option, value, expected):
    out = tmp_path / "part"
    reflect("export", "--out", str(out), option, value)
    assert len(notes(out)) == expected


def test_id_filter_repeats_and_takes_prefixes(reflect, ids, tmp_path):
    out = tmp_path / "part.json"
    reflect("export", "--format", "json", "--out", str(out),
            "--id", ids["group"][:6], "--id", ids["first"])
    data = json.loads(out.read_text())
    assert [s["id"] for s in data["sessions"]] == [ids["first"], ids["group"]]
    assert [g["id"] for g in data["goals"]] == [ids["goal"]]
    assert {p["name"] for p in data["people"]} == {"Sam Jones", "Zoë Ångström", "Jo Bloggs"}


# HTML ---------------------------------------------------------------------------------

def test_html_folder_is_self_contained_with_a_print_stylesheet(reflect, ids, tmp_path):
    out = tmp_path / "site"
    reflect("export", "--format", "html", "--out", str(out))
    pages = {p.name: p.read_text() for p in out.glob("*.html")}
    assert {"index.html", "goals.html"} <= set(pages) and len(pages) == 6
    css = (out / "export.css").read_text()
    assert "@media print" in css
    for text in [*pages.values(), css]:
        assert "<script" not in text and "http://" not in text and "https://" not in text
    note = pages["2026-01-05-supervision-with-sam.html"]
    assert '<link rel="stylesheet" href="export.css">' in note
    assert "<table>" in note and "<em>workload</em>" in note
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in note
    assert 'href="2026-02-02-action-learning-zoe-s-case.html"' in pages["index.html"]


def test_single_html_inlines_its_stylesheet(reflect, ids, tmp_path):
    out = tmp_path / "journal.html"
    reflect("export", "--format", "html", "--single", "--out", str(out))
    text = out.read_text()
    assert "<style>" in text and "@media print" in text and "export.css" not in text


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium is not installed; the HTML is checked without a browser")
def test_html_renders_in_headless_chromium(reflect, ids, tmp_path):
    out = tmp_path / "site"
    reflect("export", "--format", "html", "--out", str(out))
    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
         (out / "index.html").as_uri()], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    text = re.sub(r"<[^>]+>", " ", done.stdout)
    assert "Supervision journal" in text and "Action learning: Zoë's case" in text
    assert "4 sessions, oldest first" in text


# JSON ---------------------------------------------------------------------------------

def test_json_holds_everything_with_a_format_version(reflect, ids, tmp_path):
    out = tmp_path / "journal.json"
    reflect("export", "--format", "json", "--out", str(out))
    data = json.loads(out.read_text())
    assert data["format_version"] == 1
    assert [s["id"] for s in data["sessions"]] == [ids["first"], ids["twin"], ids["group"],
                                                    ids["draft"]]
    first = data["sessions"][0]
    assert first["body"].startswith("We talked") and first["answers"]["proctor"]
    [goal] = data["goals"]
    assert goal["reviews"][0]["progress"] == 40 and goal["reviews"][0]["created"]
    assert "overdue" not in goal
    assert {a["id"] for a in data["actions"]} >= {ids["action"]}
    sam = next(p for p in data["people"] if p["name"] == "Sam Jones")
    assert (sam["role"], sam["team"]) == ("supervisor", "North")
    assert data["contracts"][0]["terms"] == {"frequency_days": 28}


# Determinism, privacy, safety ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_exporting_twice_gives_identical_bytes(reflect, ids, tmp_path, fmt):
    first, second = tmp_path / "one", tmp_path / "two"
    reflect("export", "--format", fmt, "--out", str(first))
    reflect("export", "--format", fmt, "--out", str(second))
    if first.is_file():
        assert first.read_bytes() == second.read_bytes()
    else:
        assert tree(first) == tree(second)


@pytest.mark.parametrize("args", [["--format", "markdown"], ["--format", "html"]])
def test_exported_folders_and_files_are_owner_only(reflect, ids, tmp_path, args):
    out = tmp_path / "new" / "vault"
    reflect("export", *args, "--out", str(out))
    assert modes(out) == {("dir", 0o700), ("file", 0o600)}
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700


def test_single_file_is_owner_only(reflect, ids, tmp_path):
    out = tmp_path / "all.json"
    reflect("export", "--format", "json", "--out", str(out))
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_non_empty_folder_is_refused_without_force(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    result = reflect("export", "--out", str(out), code=1)
    assert result.stderr.startswith("reflect: error: ") and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_force_replaces_reflects_files_and_keeps_the_rest(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    (out / ".git").mkdir()
    (out / "my own note.md").write_text("# Mine\n")
    reflect("delete", ids["draft"], "--yes")
    reflect("export", "--out", str(out), "--force")
    assert "2026-03-01-unfinished.md" not in notes(out) and len(notes(out)) == 3
    assert (out / ".git").is_dir() and (out / "my own note.md").read_text() == "# Mine\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".vault-")]


def test_a_note_moved_into_a_folder_of_ones_own_and_edited_is_not_removed(reflect, ids,
                                                                         tmp_path):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    (out / "archive").mkdir()
    moved = out / "archive" / "2026-01-05-supervision-with-sam.md"
    (out / "2026-01-05-supervision-with-sam.md").rename(moved)
    moved.write_text(moved.read_text().replace("about *workload*", "about moved and edited"))
    result = reflect("export", "--out", str(out), "--force", code=1)
    assert "archive/2026-01-05-supervision-with-sam.md was changed in the folder" in \
        result.stderr and "reflect sync" in result.stderr
    assert "moved and edited" in moved.read_text()
    reflect("sync", str(out))  # taken in: the edit is the journal's now
    assert "moved and edited" in reflect("show", ids["first"], "--format", "markdown").stdout


def test_a_pipe_named_like_a_note_is_left_alone(reflect, ids, tmp_path, journal_path):
    import sys

    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    os.mkfifo(out / "pipe.md")  # reading it would wait for ever
    (out / "goals.md").unlink()
    os.mkfifo(out / "goals.md")  # where the export writes a file of its own
    env = {**os.environ, "REFLECT_JOURNAL": str(journal_path)}
    for args in (["export", "--out", str(out), "--force"], ["import", str(out)]):
        done = subprocess.run([sys.executable, "-m", "reflect", *args], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    assert (out / "pipe.md").exists()
    assert (out / "goals.md").is_file() and "# Goals" in (out / "goals.md").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--single"], "exists"), ([], "is a file"), (["--format", "json"], "exists")])
def test_an_existing_file_is_refused(reflect, ids, tmp_path, args, message):
    out = tmp_path / "taken.md"
    out.write_text("mine")
    result = reflect("export", *args, "--out", str(out), code=1)
    assert message in result.stderr and out.read_text() == "mine"


def test_an_interrupted_export_leaves_nothing_behind(reflect, ids, tmp_path, monkeypatch):
    real, calls = markdown_export.note_file, []

    def failing(data, session, goal_links=None):
        calls.append(session.id)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(data, session, goal_links)

    monkeypatch.setattr(markdown_export, "note_file", failing)
    out = tmp_path / "vault"
    result = reflect("export", "--out", str(out), code=1)
    assert "disk full" in result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "home", "journal"]


def test_bad_date_and_unknown_format_are_refused(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    result = reflect("export", "--out", str(out), "--from", "the day after never", code=1)
    assert result.stderr.startswith("reflect: error: ") and not out.exists()
    reflect("export", "--out", str(out), "--format", "pdf", code=2)
    assert not out.exists()


def test_a_large_export_shows_progress_then_the_summary(reflect, ids, tmp_path, monkeypatch):
    from reflect.commands import transfer

    small = reflect("export", "--format", "html", "--out", str(tmp_path / "small"))
    assert "Exporting" not in small.stderr  # 4 sessions: no bar
    monkeypatch.setattr(transfer, "PROGRESS_FROM", 1)
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich draws the bar as on a terminal
    out = tmp_path / "site"
    result = reflect("export", "--format", "html", "--out", str(out))
    bar = result.stderr[:result.stderr.index("Exported")]
    assert "Exporting" in bar and "100%" in bar
    assert result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].endswith(
        f"Exported 4 sessions and 1 goal to {out}; private reflection left out "
        "(--include-private to include it).")


def test_an_empty_journal_exports_an_index_and_goals(reflect, tmp_path):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["goals.md", "index.md"]
    assert "No sessions in this export." in (out / "index.md").read_text()


def test_private_reflection_never_reaches_an_export(reflect, journal_path, tmp_path):
    from datetime import date

    from reflect.journal.connection import open_journal

    journal = open_journal(journal_path)
    journal.add_session(
        held_on=date(2026, 1, 7), title="Feelings", kind="individual",
        role="supervisee", body="Shared words.", private="SECRET-TEXT",
        answers={"heron": {"used": ["cathartic"], "cathartic_landed": "SECRET-ANSWER"}})
    journal.close()
    for fmt in ("markdown", "html", "json"):
        out = tmp_path / fmt
        reflect("export", "--format", fmt, "--out", str(out))
        files = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
        text = "".join(p.read_text() for p in files)
        assert "Shared words." in text and "cathartic" in text.lower()
        assert "SECRET" not in text, fmt


@pytest.mark.parametrize("command", [
    ["export", "--out", "OUT"], ["export", "--format", "json", "--out", "OUT"],
    ["goal", "export", "--out", "OUT", "--yes"]])
def test_an_export_never_touches_the_users_files_named_like_its_staging(
        reflect, tmp_path, command):
    reflect.new(body="A note.")
    out = tmp_path / "x" / "notes"
    out.parent.mkdir()
    archive = out.parent / ".notes-archive"
    archive.mkdir()
    (archive / "2019.md").write_text("kept for years")
    (out.parent / ".notes-draft.md").write_text("mine too")
    reflect(*[str(out) if arg == "OUT" else arg for arg in command])
    assert (archive / "2019.md").read_text() == "kept for years"
    assert (out.parent / ".notes-draft.md").read_text() == "mine too"


def test_out_dash_writes_json_or_one_file_to_stdout_and_nothing_named_dash(reflect, tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    reflect("new", "--with", "Sam Jones", "--body", "Piped out.")
    result = reflect("export", "--format", "json", "--out", "-")
    assert json.loads(result.stdout)["sessions"][0]["body"] == "Piped out."
    assert "to stdout" in result.stderr
    single = reflect("export", "--single", "--out", "-")
    assert "Piped out." in single.stdout
    folder = reflect("export", "--out", "-", code=1)
    assert "cannot go to stdout" in folder.stderr and "--single" in folder.stderr
    assert not (tmp_path / "-").exists()


def test_a_draft_with_nothing_written_is_not_exported_but_one_with_answers_is(reflect,
                                                                              tmp_path):
    from reflect.journal.connection import open_journal
    from reflect.reflection.guided import begin
    from reflect.reflection.recording import SessionFields

    reflect("init")
    journal = open_journal(Path(os.environ["REFLECT_JOURNAL"]))
    empty, _ = begin(journal, SessionFields(with_name="Sam Jones"), ["proctor"])
    begun, _ = begin(journal, SessionFields(with_name="Sam Jones"), ["proctor"],
                     answers={"proctor": {"bring_next": "the Smith case"}})
    journal.close()
    found = json.loads(reflect("export", "--format", "json", "--out", "-").stdout)["sessions"]
    assert [(s["id"], s["status"]) for s in found] == [(begun.id, "draft")]


def test_an_export_over_an_earlier_one_writes_only_what_changed(reflect, ids, tmp_path):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.md")}
    reflect("edit", ids["twin"], "--body", "Changed.")
    reflect("export", "--out", str(out), "--force")
    rewritten = {p.name for p, stamp in before.items()
                 if (p.stat().st_ino, p.stat().st_mtime_ns) != stamp}
    assert rewritten == {f"2026-01-05-supervision-with-sam-{ids['twin'][:8]}.md"}


def test_an_export_over_an_earlier_one_reads_each_file_once(reflect, ids, tmp_path,
                                                           monkeypatch):
    out = tmp_path / "vault"
    reflect("export", "--out", str(out))
    reflect("edit", ids["twin"], "--body", "Changed.")
    reads: dict[str, int] = {}
    read_bytes = Path.read_bytes

    def counted(path):
        if out in path.parents:  # the vault's files (not those staged beside it)
            reads[path.name] = reads.get(path.name, 0) + 1
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    reflect("export", "--out", str(out), "--force")
    changed = f"2026-01-05-supervision-with-sam-{ids['twin'][:8]}.md"
    assert reads.pop(changed) <= 2  # read again to see what was written in it
    assert set(reads.values()) == {1}, reads  # the rest: once, for its hash
    assert {"index.md", "goals.md", "2026-01-05-supervision-with-sam.md"} <= set(reads)


def test_html_shows_agreed_actions_as_checkboxes_and_a_single_page_has_contents(
        reflect, ids, tmp_path):
    import html.parser

    out = tmp_path / "pages"
    reflect("export", "--format", "html", "--out", str(out))
    page = (out / "2026-01-05-supervision-with-sam.html").read_text()
    boxes = re.findall(r'<li class="task-list-item"><input class="task-list-item-checkbox"'
                       r'( checked="checked")? disabled="disabled" type="checkbox"> ([^<]+)',
                       page)
    assert [(bool(done), text.strip()) for done, text in boxes] == [
        (False, "Send the chronology (Sam Jones) by 2026-01-09"), (True, "Book the visit")]
    single = tmp_path / "all.html"
    reflect("export", "--format", "html", "--single", "--out", str(single))
    text = single.read_text()

    class Targets(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.links = set(), []

        def handle_starttag(self, tag, attrs):
            found = dict(attrs)
            if "id" in found:
                self.ids.add(found["id"])
            if tag == "a" and (found.get("href") or "").startswith("#"):
                self.links.append(found["href"][1:])

    parsed = Targets()
    parsed.feed(text)
    assert text.index('<nav class="contents">') < text.index("<h1")
    assert set(parsed.links) <= parsed.ids  # every entry leads somewhere on the page
    # one per note (two with one title get two targets), and the goals
    assert len(set(parsed.links)) == len(parsed.links) == 5 and parsed.links[-1] == "goals"


def test_every_note_has_a_place_in_the_contents_whatever_its_title(reflect, tmp_path):
    titles = ["!!!", "🦊🦊", "Tabbed\ttitle\nwith newline", "Plain"]
    for title in titles:
        reflect.new("--title", title)
    single = tmp_path / "all.html"
    reflect("export", "--format", "html", "--single", "--out", str(single))
    text = single.read_text()
    contents = text[text.index('<nav class="contents">'):text.index("</nav>")]
    entries = re.findall(r'<li><a href="#([^"]+)">([^<]*)</a></li>', contents)
    headings = re.findall(r'<h1 id="([^"]*)">([^<]*)</h1>', text)
    assert all(anchor for anchor, _ in headings)  # no empty id
    assert [anchor for anchor, _ in entries][:4] == [anchor for anchor, _ in headings][:4]
    assert "Tabbed title with newline" in [label for _, label in entries]
    assert len({anchor for anchor, _ in entries}) == len(entries)
