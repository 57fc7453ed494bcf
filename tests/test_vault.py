"""A complete vault: every record travels as markdown, deletions too, and links resolve.

Two journals (work and home) keep in step through one vault with `reflect sync`. The
hand-worked cases come first; the property over random edits, deletions and undeletions of
every kind of record is in test_vault_property.py.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from reflect.journal.connection import open_journal
from tests.test_sync import Machine
from tests.transfer_data import fill, tree


@pytest.fixture
def machines(tmp_path: Path, reflect):
    vault = tmp_path / "vault"
    work, home = (Machine(reflect, tmp_path / name / "journal.db", vault)
                  for name in ("work", "home"))
    return work, home, vault


def summary(machine: Machine) -> str:
    result = machine("sync", str(machine.vault), code=None)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def listed(machine: Machine) -> list[str]:
    return [s["id"] for s in json.loads(machine("list", "--json").stdout)]


# Every table is carried, or left out on purpose ------------------------------------------

# table -> where the vault carries it
CARRIED = {
    "sessions": "session notes (top level)",
    "answers": "session notes: answers",
    "tags": "session notes: tags",
    "session_tags": "session notes: tags",
    "session_people": "session notes: attendees and presenter",
    "people": "people/",
    "contracts": "contracts/",
    "goals": "goals/",
    "goal_reviews": "goals/: reviews",
    "actions": "session notes: actions, and actions/ for those without a note",
    "tombstones": "deleted/",
}
# table -> why it stays on this machine
LOCAL = {
    "session_versions": "a session's history on this machine (a conflict's other copy "
                        "is kept here too)",
    "redact_names": "this machine's list of names to hide when sharing, like config.yaml",
    "sync_bases": "what this journal last wrote to or read from each copy",
    "kept_copies": "the other side's copies kept here from a conflict",
    "_sqlite_migrations": "the schema version of this file",
}


def test_every_journal_table_is_carried_by_the_vault_or_left_out_on_purpose(journal_path):
    open_journal(journal_path).close()
    db = sqlite3.connect(journal_path)
    names = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'sessions_fts%'")}  # the search index is built from sessions
    db.close()
    assert names == set(CARRIED) | set(LOCAL), (
        "a table is neither carried by the vault nor left out on purpose: "
        f"{sorted(names ^ (set(CARRIED) | set(LOCAL)))}")


def _journal_with_everything(path: Path, reflect) -> dict[str, str]:
    """transfer_data's journal, and a deleted session, a purged one, a renamed person, a
    second contract version and an action with no session."""
    ids = fill(path)
    at = ["--journal", str(path)]
    ids["gone"] = reflect(*at, "new", "--date", "2026-01-20", "--body", "Deleted.").stdout.strip()
    reflect(*at, "delete", ids["gone"], "--yes")
    purged = reflect(*at, "new", "--date", "2025-01-01", "--body", "Erased.").stdout.strip()
    reflect(*at, "purge", "--before", "2025-06-01", "--yes")
    ids["purged"] = purged
    reflect(*at, "person", "rename", "Jo Bloggs", "Jo Smith")
    reflect(*at, "contract", "set", "Sam Jones", "--frequency", "every 2 weeks")
    ids["loose"] = reflect(*at, "action", "add", "Read the policy", "--who", "Sam Jones"
                           ).stdout.strip()
    return ids


@pytest.mark.parametrize("private", [[], ["--include-private"]])
def test_a_markdown_only_round_trip_reproduces_the_json_export(reflect, tmp_path, private):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    _journal_with_everything(first, reflect)
    vault = tmp_path / "vault"
    reflect("--journal", str(first), "export", "--out", str(vault), *private)
    reflect("--journal", str(second), "import", str(vault))
    dumps = []
    for journal in (first, second):
        out = tmp_path / f"{journal.stem}.json"
        reflect("--journal", str(journal), "export", "--format", "json", "--out", str(out),
                *private)
        dumps.append(json.loads(out.read_text()))
    assert dumps[0]["goals"] and dumps[0]["contracts"] and dumps[0]["deleted"]
    assert len(dumps[0]["contracts"]) == 2
    assert dumps[1] == dumps[0]


# Each record kind as a file ------------------------------------------------------------

def test_each_record_is_a_readable_file_beside_the_notes(reflect, tmp_path):
    path = tmp_path / "j.db"
    ids = _journal_with_everything(path, reflect)
    vault = tmp_path / "vault"
    reflect("--journal", str(path), "export", "--out", str(vault))
    files = tree(vault)
    goal = files[f"goals/genograms-{ids['goal'][:8]}.md"].decode()
    assert "reflect: goal" in goal and "# Genograms" in goal
    assert "- 2026-02-01 · 40% · Two done · Evidence: case audit" in goal
    person = files["people/sam-jones.md"].decode()
    assert "reflect: person" in person and "- Role: supervisor" in person
    contract = files["contracts/sam-jones-contract.md"].decode()
    assert "version: 1" in contract and "version: 2" in contract
    assert "every 2 weeks" in contract
    assert any(name.startswith("actions/read-the-policy-") for name in files)
    gone = files[f"deleted/session-{ids['gone']}.md"].decode()
    assert "Deleted." not in gone and "reflect: deleted" in gone
    assert f"deleted/session-{ids['purged']}.md" in files
    assert any(name.startswith("deleted/person-jo-bloggs-") for name in files)
    assert "Erased." not in "".join(f.decode() for f in files.values())


# Links ---------------------------------------------------------------------------------

def _links(text: str) -> list[str]:
    found = []
    for token in MarkdownIt().parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(child.attrs["href"])
    return found


def _obsidian_resolves(vault: Path, source: Path, href: str) -> Path | None:
    """Obsidian's resolution of a markdown link: the path relative to the note, else from
    the vault's root, else the one file in the vault with that name."""
    target = unquote(href)
    for base in (source.parent, vault):
        if (base / target).is_file():
            return (base / target).resolve()
    named = [p for p in vault.rglob(Path(target).name)]
    return named[0].resolve() if len(named) == 1 else None


def test_links_between_notes_goals_people_and_the_index_resolve_everywhere(reflect, tmp_path):
    path = tmp_path / "j.db"
    ids = _journal_with_everything(path, reflect)
    vault = tmp_path / "vault"
    reflect("--journal", str(path), "export", "--out", str(vault))
    names = [p.name for p in vault.rglob("*.md")]
    assert len(names) == len(set(names))  # every name unique: Obsidian's short links agree
    edges = set()
    for source in vault.rglob("*.md"):
        for href in _links(source.read_text()):
            assert "://" not in href and " " not in href, href
            plain = (source.parent / unquote(href)).resolve()  # any viewer
            assert plain.is_file(), f"{source.name}: {href}"
            assert _obsidian_resolves(vault, source, href) == plain  # Obsidian
            edges.add((source.relative_to(vault).as_posix(),
                       plain.relative_to(vault.resolve()).as_posix()))
    goal = f"goals/genograms-{ids['goal'][:8]}.md"
    note = "2026-01-05-supervision-with-sam.md"
    assert (note, goal) in edges and (goal, note) in edges  # both ways
    assert (goal, "people/sam-jones.md") in edges
    assert ("people/sam-jones.md", "contracts/sam-jones-contract.md") in edges
    assert {("index.md", goal), ("index.md", "people/sam-jones.md")} <= edges
    assert any(s == "index.md" and t.startswith("actions/") for s, t in edges)


# Deletions -----------------------------------------------------------------------------

def test_a_deletion_travels_and_a_later_undelete_wins(machines):
    work, home, vault = machines
    kept = work("new", "--date", "2026-11-01", "--body", "Stays.").stdout.strip()
    gone = work("new", "--date", "2026-11-02", "--body", "Goes.").stdout.strip()
    summary(work)
    summary(home)
    work("delete", gone, "--yes")
    assert summary(work).endswith(", 1 deletion carried\n")  # the tombstone written
    tomb = vault / "deleted" / f"session-{gone}.md"
    assert "Goes." not in tomb.read_text()
    assert not any("Goes." in p.read_text() for p in vault.glob("*.md"))
    assert summary(home).endswith(", 1 deletion carried\n")  # and taken
    assert listed(home) == [kept]
    home("undelete", gone)
    summary(home)
    assert not tomb.exists()
    summary(work)
    assert sorted(listed(work)) == sorted([kept, gone])
    assert work.record(gone)["body"] == "Goes."


def test_an_edit_after_the_deletion_keeps_the_session(machines):
    work, home, vault = machines
    session = work("new", "--date", "2026-11-02", "--body", "First.").stdout.strip()
    summary(work)
    summary(home)
    work("delete", session, "--yes")
    summary(work)
    time.sleep(1.1)  # stamps are to the second: a change in the same second is no later
    home("edit", session, "--body", "Changed after it was deleted elsewhere.")
    summary(home)  # home's copy is newer than the tombstone: it stands, and goes out
    summary(work)
    assert listed(work) == [session] == listed(home)
    assert work.record(session)["body"] == "Changed after it was deleted elsewhere."


def test_a_purge_travels_as_a_deletion_and_is_not_brought_back(machines):
    work, home, vault = machines
    old = work("new", "--date", "2024-01-02", "--body", "Long ago.").stdout.strip()
    summary(work)
    summary(home)
    work("purge", "--before", "2025-01-01", "--yes")
    summary(work)
    summary(home)
    summary(work)
    assert listed(home) == [] and listed(work) == []
    assert (vault / "deleted" / f"session-{old}.md").exists()
    assert not any("Long ago." in p.read_text() for p in vault.rglob("*.md"))


def test_a_renamed_person_is_renamed_on_the_other_machine(machines):
    work, home, vault = machines
    work("new", "--with", "Jo Bloggs", "--date", "2026-11-02", "--body", "x")
    work("contract", "set", "Jo Bloggs", "--frequency", "monthly")
    summary(work)
    summary(home)
    work("person", "rename", "Jo Bloggs", "Jo Smith")
    summary(work)
    assert ", 1 deletion carried" in summary(home)
    for machine in (work, home):
        people = [p["name"] for p in json.loads(machine("person", "list", "--json").stdout)]
        assert people == ["Jo Smith"]
    assert json.loads(home("contract", "show", "Jo Smith", "--json").stdout)["version"] == 1
    assert summary(work).startswith("0 taken from the vault, 0 files written")


def test_json_carries_deletions_too(reflect, tmp_path):
    first, second = ["--journal", str(tmp_path / "a.db")], ["--journal", str(tmp_path / "b.db")]
    session = reflect(*first, "new", "--date", "2026-11-02", "--body", "x").stdout.strip()
    dump = tmp_path / "all.json"
    reflect(*first, "export", "--format", "json", "--out", str(dump))
    reflect(*second, "import", str(dump))
    reflect(*first, "delete", session, "--yes")
    reflect(*first, "export", "--format", "json", "--out", str(dump), "--force")
    assert json.loads(dump.read_text())["deleted"][0]["key"] == session
    result = reflect(*second, "import", str(dump))
    assert "deletions: 1 carried" in result.stderr
    assert json.loads(reflect(*second, "list", "--json").stdout) == []


# Goals, people, contracts and actions in step -----------------------------------------------

def _goal(machine: Machine) -> str:
    return machine("goal", "add", "--title", "Genograms", "--specific", "Use a genogram",
                   "--measurable", "three seen", "--achievable", "yes", "--relevant",
                   "assessment", "--due", "2026-12-20").stdout.strip()


def test_a_goal_changed_on_one_side_is_taken_and_reviews_from_both_join(machines):
    work, home, vault = machines
    goal = _goal(work)
    summary(work)
    summary(home)
    home("goal", "edit", goal, "--due", "2027-01-31")
    work("goal", "review", goal, "--progress", "30", "--note", "One done")
    home("goal", "review", goal, "--progress", "50", "--note", "Two done")
    summary(home)
    summary(work)
    summary(home)
    shown = [json.loads(m("goal", "show", goal, "--json").stdout) for m in (work, home)]
    assert shown[0] == shown[1]
    assert shown[0]["due"] == "2027-01-31"
    assert sorted(r["progress"] for r in shown[0]["reviews"]) == [30, 50]


def test_a_goal_changed_on_both_sides_is_a_conflict_and_keeps_both(machines):
    work, home, vault = machines
    goal = _goal(work)
    summary(work)
    summary(home)
    work("goal", "edit", goal, "--title", "Genograms with every family")
    home("goal", "edit", goal, "--title", "Genograms and ecomaps")
    summary(home)
    result = work("sync", str(vault), code=1)
    assert "conflict" in result.stderr and "Genograms and ecomaps" in result.stderr
    shown = work("goal", "show", goal).stdout
    assert "Genograms with every family" in shown
    assert "kept from a sync conflict" in shown and "Genograms and ecomaps" in shown


def test_contract_versions_from_both_sides_are_joined_in_the_order_made(machines):
    work, home, vault = machines
    work("person", "add", "Sam Jones")
    work("contract", "set", "Sam Jones", "--frequency", "monthly")
    summary(work)
    summary(home)
    time.sleep(1.1)  # the next two are made in one second: numbered by their terms
    work("contract", "set", "Sam Jones", "--frequency", "every 2 weeks")
    home("contract", "set", "Sam Jones", "--frequency", "every 3 weeks")
    summary(work)
    summary(home)
    summary(work)
    versions = [[json.loads(m("contract", "show", "Sam Jones", "--version", str(n),
                                "--json").stdout)["frequency"] for n in (1, 2, 3)]
                for m in (work, home)]
    assert versions[0] == versions[1]  # numbered alike on both machines
    assert versions[0][0] == "monthly"  # in the order made (two in one second by terms)
    assert sorted(versions[0][1:]) == ["every 2 weeks", "every 3 weeks"]


def test_an_action_done_on_one_machine_is_done_on_both(machines):
    work, home, vault = machines
    action = work("action", "add", "Send the chronology by 2026-12-01").stdout.strip()
    summary(work)
    summary(home)
    home("action", "done", action)
    summary(home)
    summary(work)
    done = [a for a in json.loads(work("action", "list", "--json").stdout) if a["id"] == action]
    assert done[0]["done_on"]


def test_a_person_edited_in_the_vault_comes_back(machines):
    work, home, vault = machines
    work("person", "add", "Sam Jones", "--as", "supervisee")
    summary(work)
    path = vault / "people" / "sam-jones.md"
    path.write_text(path.read_text().replace("role: supervisee", "role: supervisor"))
    summary(work)
    people = json.loads(work("person", "list", "--json").stdout)
    assert people[0]["role"] == "supervisor"


# Found by a review, as a new user would try it ---------------------------------------------

def test_two_files_holding_one_goal_differently_are_a_conflict_and_both_titles_kept(machines):
    work, home, vault = machines
    goal = _goal(work)
    summary(work)
    path = next((vault / "goals").glob("*.md"))
    copy = path.with_name(path.stem + ".sync-conflict-1.md")
    copy.write_text(path.read_text().replace("title: Genograms", "title: Ecomaps"))
    result = work("sync", str(vault), code=1)
    assert "holds this goal too, differently" in result.stderr
    shown = work("goal", "show", goal).stdout
    assert "Genograms" in shown and "Ecomaps" in shown  # one current, one kept


def test_a_person_renamed_twice_or_back_again_keeps_sync_working(machines):
    work, home, vault = machines
    work("person", "add", "Sam Jones", "--as", "supervisee", "--team", "Duty")
    summary(work)
    summary(home)
    work("person", "rename", "Sam Jones", "Sam B")
    summary(work)
    time.sleep(1.1)
    work("person", "rename", "Sam B", "Sam Jones")  # back again
    work("person", "rename", "Sam Jones", "Sam C")
    for machine in (work, home, work, home):
        assert machine("sync", str(vault)).exit_code == 0
    for machine in (work, home):
        people = json.loads(machine("person", "list", "--json").stdout)
        assert [(p["name"], p["team"]) for p in people] == [("Sam C", "Duty")]


def test_a_merge_from_the_other_machine_keeps_a_role_and_team(machines):
    work, home, vault = machines
    work("person", "add", "Sam Jones", "--as", "supervisee", "--team", "Duty")
    work("person", "add", "Jo Bloggs")
    summary(work)
    summary(home)
    work("person", "merge", "Sam Jones", "Jo Bloggs", "--yes")
    for machine in (work, home, work):
        summary(machine)
    for machine in (work, home):
        people = json.loads(machine("person", "list", "--json").stdout)
        assert [(p["name"], p["role"], p["team"]) for p in people] == [
            ("Jo Bloggs", "supervisee", "Duty")]


def test_a_purge_after_an_undelete_elsewhere_wins(machines):
    work, home, vault = machines
    session = work("new", "--date", "2026-11-02", "--body", "Erase me.").stdout.strip()
    summary(work)
    summary(home)
    work("delete", session, "--yes")
    summary(work)
    summary(home)
    time.sleep(1.1)
    home("undelete", session)
    summary(home)
    time.sleep(1.1)
    work("purge", "--deleted", "--yes")
    for machine in (work, home, work, home):
        summary(machine)
    assert listed(work) == [] and listed(home) == []
    assert not any("Erase me." in p.read_text() for p in vault.rglob("*.md"))


def test_a_dry_run_names_the_deletions_it_would_carry(machines):
    work, home, vault = machines
    session = work("new", "--date", "2026-11-02", "--body", "x").stdout.strip()
    summary(work)
    summary(home)
    work("delete", session, "--yes")
    summary(work)
    result = home("import", str(vault), "--dry-run")
    assert f"would carry deletion session {session[:8]}" in result.stdout
    assert "deletions: 1 to carry" in result.stderr
    assert listed(home) == [session]  # nothing changed


def test_a_goal_file_with_an_unknown_function_is_refused(machines):
    work, home, vault = machines
    _goal(work)
    summary(work)
    path = next((vault / "goals").glob("*.md"))
    path.write_text(path.read_text().replace("function: null", "function: banana"))
    result = work("sync", str(vault), code=1)
    assert "function 'banana' is neither a Proctor function" in result.stderr


def test_a_tombstone_that_names_no_session_is_named_and_changes_nothing(machines):
    work, home, vault = machines
    session = work("new", "--date", "2026-11-02", "--body", "x").stdout.strip()
    summary(work)
    (vault / "deleted").mkdir(exist_ok=True)
    (vault / "deleted" / "session-bad.md").write_text(
        "---\nreflect: deleted\nkind: session\nkey: notanid\n"
        "deleted: '2030-01-01T00:00:00+00:00'\n---\n")
    result = work("sync", str(vault))
    assert "not carried: 'notanid' is not a session id" in result.stderr
    assert listed(work) == [session]


def test_a_plan_not_yet_held_syncs_without_its_private_steps(machines, tmp_path):
    work, home, vault = machines
    answers = tmp_path / "plan.yaml"
    answers.write_text("answers:\n  desc:\n    describe: He shouted in the team meeting.\n")
    work("plan", "--with", "Sam Jones", "--on", "in 3 days", "--answers", str(answers))
    for machine in (work, work, home):
        assert machine("sync", str(vault)).exit_code == 0
    assert not any("He shouted" in p.read_text() for p in vault.rglob("*.md"))


def test_a_redacted_export_never_replaces_a_vault_and_is_never_taken_back(machines, tmp_path):
    work, home, vault = machines
    work("new", "--with", "Samira Okonkwo", "--date", "2026-11-02", "--body", "Samira said.")
    summary(work)
    result = work("export", "--out", str(vault), "--force", "--redact", code=1)
    assert "holds notes that are not redacted" in result.stderr
    shared = tmp_path / "shared"
    work("export", "--out", str(shared), "--redact")
    result = home("import", str(shared))
    assert "Nothing new to import" in result.stderr and listed(home) == []
    dump = tmp_path / "redacted.json"
    work("export", "--format", "json", "--out", str(dump), "--redact")
    assert "a redacted export" in home("import", str(dump), code=1).stderr


def test_private_reflection_erased_on_one_machine_is_not_brought_back(machines):
    work, home, vault = machines
    session = work("new", "--date", "2026-10-01", "--private", "PROCESS-NOTE",
                   "--body", "b").stdout.strip()
    for machine in (work, home):
        machine("sync", str(vault), "--include-private")
    work("purge", "--private", "--before", "2026-11-01", "--yes")
    for machine in (work, home, work):
        machine("sync", str(vault), "--include-private")
    for machine in (work, home):
        assert "PROCESS-NOTE" not in machine("show", session).stdout
    assert not any("PROCESS-NOTE" in p.read_text() for p in vault.rglob("*.md"))


def test_renames_chained_on_one_machine_and_undone_on_the_other_converge(machines):
    work, home, vault = machines
    work("person", "add", "Ann", "--team", "T")
    work("new", "--with", "Ann", "--date", "2026-11-02", "--body", "x")
    summary(work)
    summary(home)
    time.sleep(1.1)
    work("person", "rename", "Ann", "Bea")
    time.sleep(1.1)
    work("person", "rename", "Bea", "Cat")
    summary(work)
    summary(home)
    time.sleep(1.1)
    home("person", "rename", "Cat", "Ann")  # the later change
    for machine in (home, work, home):
        summary(machine)
    for machine in (work, home):
        people = json.loads(machine("person", "list", "--json").stdout)
        assert [(p["name"], p["team"], p["sessions"]) for p in people] == [("Ann", "T", 1)]
