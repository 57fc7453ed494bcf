"""Keeping two journals in step through one vault, by content: no edit is ever dropped.

The routine on each machine is `import VAULT --update` then `export --out VAULT --force`.
Hand-worked cases first, then a property test over random edits on both journals and in
the vault's text (a short run by default; --long-fuzz for a long one).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.journal.connection import open_journal
from tests.conftest import Reflect
from tests.transfer_data import tree

EXAMPLES = int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "8"))
BODY = re.compile(r"(<!-- reflect:body -->\n)(.*?)(\n<!-- /reflect:body -->)", re.DOTALL)


class Machine:
    """One journal and the routine run on it."""

    def __init__(self, reflect: Reflect, journal: Path, vault: Path):
        self.reflect, self.journal, self.vault = reflect, journal, vault

    def __call__(self, *args: str, code: int | None = 0):
        return self.reflect("--journal", str(self.journal), *args, code=code)

    def sync(self) -> int:
        """`reflect sync VAULT`: the vault's changes in, the journal out."""
        result = self("sync", str(self.vault), code=None)
        assert result.exit_code in (0, 1), result.stderr
        assert re.fullmatch(r"\d+ taken from the vault, \d+ files? written, \d+ conflicts?, "
                            r"\d+ deletions? carried\n", result.stdout), result.stdout
        return result.exit_code

    def import_export(self) -> int:
        """The same by hand: import --update, then export --force."""
        code = self("import", str(self.vault), "--update", code=None).exit_code
        assert code in (0, 1)
        self("export", "--out", str(self.vault), "--force")
        return code

    def record(self, session_id: str) -> dict:
        return json.loads(self("show", session_id, "--format", "json").stdout)

    def texts(self, session_id: str) -> set[str]:
        """Every body this journal holds for the session: current and in its versions."""
        journal = open_journal(self.journal)
        try:
            found = {journal.session(session_id).body}
            found |= {state.get("body") for _, _, state in journal.versions(session_id)}
        finally:
            journal.close()
        return {text.strip() for text in found if text is not None}


def note_of(vault: Path, session_id: str) -> Path:
    return next(p for p in vault.glob("*.md") if f"id: {session_id}" in p.read_text())


def edit_note(vault: Path, session_id: str, body: str) -> None:
    """An edit as an editor (Obsidian, vim) makes it: the text only, `updated` untouched."""
    path = note_of(vault, session_id)
    path.write_text(BODY.sub(lambda m: m.group(1) + body + m.group(3), path.read_text()))


@pytest.fixture
def machines(tmp_path: Path, reflect: Reflect):
    vault = tmp_path / "vault"
    work, home = (Machine(reflect, tmp_path / name / "journal.db", vault)
                  for name in ("work", "home"))
    return work, home, vault


def one_session_on_both(machines) -> str:
    work, home, vault = machines
    session_id = work("new", "--with", "Sam Jones", "--date", "2026-11-02", "--body",
                      "The first text.").stdout.strip()
    work.sync()
    home.sync()
    return session_id


def test_a_note_edited_by_hand_reaches_the_journal_without_touching_updated(machines):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    edit_note(vault, session_id, "Edited in the vault.")
    assert work.import_export() == 0
    assert work.record(session_id)["body"] == "Edited in the vault."
    assert "The first text." in work.texts(session_id)  # kept as an earlier version
    assert home.sync() == 0
    assert home.record(session_id)["body"] == "Edited in the vault."


def test_a_note_changed_on_both_sides_keeps_both_texts_and_says_how_to_resolve(machines):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    work("edit", session_id, "--body", "Work's text.")
    edit_note(vault, session_id, "The vault's text.")
    result = work("import", str(vault), "--update", code=1)
    note = note_of(vault, session_id).name
    [line] = [x for x in result.stderr.splitlines() if x.startswith("reflect: error:")]
    assert line.startswith(f"reflect: error: {vault / note}: conflict: ")
    assert "kept this journal's copy" in line and "reflect revert" in line
    assert work.record(session_id)["body"] == "Work's text."
    assert {"Work's text.", "The vault's text."} <= work.texts(session_id)
    work("export", "--out", str(vault), "--force")  # the next export keeps both too
    assert "Work's text." in note_of(vault, session_id).read_text()
    assert "The vault's text." in work.texts(session_id)
    number = re.search(r"reflect revert \w+ (\d+)", line).group(1)
    work("revert", session_id, number)  # resolving: take the vault's after all
    assert work.record(session_id)["body"] == "The vault's text."


def test_without_a_base_the_newer_copy_wins_and_the_other_is_kept(machines):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    for machine in (work, home):  # journals and vaults from before sync bases
        journal = open_journal(machine.journal)
        with journal.db.atomic():
            journal.db.execute("UPDATE sessions SET sync_base = NULL")
        journal.close()
    work("edit", session_id, "--body", "Newer, in work's journal.")
    edit_note(vault, session_id, "Older, in the vault.")
    assert work.sync() == 0  # the journal's copy is newer: kept; the vault's kept as version
    assert work.record(session_id)["body"] == "Newer, in work's journal."
    assert "Older, in the vault." in work.texts(session_id)


def test_an_unchanged_reexport_is_byte_identical(machines):
    work, _, vault = machines
    one_session_on_both(machines)
    before = tree(vault)
    assert work("sync", str(vault)).stdout == "0 taken from the vault, 0 files written, " \
                                              "0 conflicts, 0 deletions carried\n"
    assert tree(vault) == before


def test_sync_says_what_it_took_wrote_and_found_and_exits_1_on_a_conflict(machines):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    edit_note(vault, session_id, "From the vault.")
    assert work("sync", str(vault)).stdout.startswith("1 taken from the vault, ")
    home("edit", session_id, "--body", "Home's own.")
    edit_note(vault, session_id, "Edited again in the vault.")
    result = home("sync", str(vault), code=1)
    assert result.stdout.endswith(", 1 conflict, 0 deletions carried\n")
    assert "conflict: changed both here" in result.stderr
    assert home.record(session_id)["body"] == "Home's own."
    assert "Edited again in the vault." in home.texts(session_id)
    assert "file" in home("sync", str(vault / note_of(vault, session_id).name),
                          code=1).stderr  # a vault is a folder


def test_obsidian_keys_and_tags_come_back_and_go_out_unchanged(machines):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    path = note_of(vault, session_id)
    text = path.read_text().replace("tags: []", "tags:\n- '#Safeguarding'\n- court work")
    text = text.replace("status: final", "status: final\naliases:\n- Sam, November\n"
                                         "cssclasses:\n- wide\npublish: false")
    path.write_text(text)
    assert work.sync() == 0
    shown = work.record(session_id)
    assert shown["tags"] == ["court-work", "safeguarding"]
    assert shown["front_matter"] == {"aliases": ["Sam, November"], "cssclasses": ["wide"],
                                     "publish": False}
    written = note_of(vault, session_id).read_text()
    assert "aliases:\n- Sam, November\ncssclasses:\n- wide\npublish: false\n" in written
    assert home.sync() == 0  # through the vault to the other machine, and out again as is
    assert home.record(session_id)["front_matter"] == shown["front_matter"]
    assert note_of(vault, session_id).read_text() == written


# -- the property ------------------------------------------------------------------------

EDIT = st.tuples(st.sampled_from(["work", "home", "vault"]), st.integers(0, 2),
                 st.sampled_from(["alpha", "beta", "gamma", "delta", "omega"]))
ROUND = st.lists(EDIT, max_size=3)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(ROUND, min_size=1, max_size=3))
def test_two_journals_and_a_vault_converge_and_no_text_vanishes(tmp_path_factory, rounds):
    root = tmp_path_factory.mktemp("sync")
    reflect = Reflect()
    vault = root / "vault"
    work = Machine(reflect, root / "work.db", vault)
    home = Machine(reflect, root / "home.db", vault)
    ids = [work("new", "--date", f"2026-11-0{n + 1}", "--body", f"start {n}").stdout.strip()
           for n in range(3)]
    work.sync()
    home.sync()
    written = {f"start {n}" for n in range(3)}
    for number, edits in enumerate(rounds):
        in_vault = {}  # a second edit of one note overwrites the first in the file itself
        for side, which, word in edits:
            text = f"{word} {number} by {side}"
            if side == "vault":
                edit_note(vault, ids[which], text)
                in_vault[which] = text
            else:
                written.add(text)
                (work if side == "work" else home)("edit", ids[which], "--body", text)
        written |= set(in_vault.values())
        work.sync()
        home.sync()
        work.sync()
        for session_id in ids:
            assert work.record(session_id)["body"] == home.record(session_id)["body"]
        held = set().union(*(m.texts(i) for m in (work, home) for i in ids))
        assert written <= held, written - held  # nothing written has vanished
    before = tree(vault)
    work("export", "--out", str(vault), "--force")
    assert tree(vault) == before


def test_review_findings_no_edit_lost(machines):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    # a note with no reflection yet still has the markers, so words written there are read
    empty = work("new", "--date", "2026-11-03", "--body", "x").stdout.strip()
    work("edit", empty, "--body", "")
    work.sync()
    edit_note(vault, empty, "Written in the vault into an empty reflection.")
    assert work.sync() == 0
    assert work.record(empty)["body"] == "Written in the vault into an empty reflection."

    # the markdown vault and a JSON export each have their own base: importing a stale
    # JSON after taking a vault edit does not undo it
    work("export", "--format", "json", "--out", str(vault / "journal.json"), "--force")
    edit_note(vault, session_id, "Edited in Obsidian.")
    work("import", str(vault), "--update")
    work("import", str(vault / "journal.json"), "--update", code=None)
    assert work.record(session_id)["body"] == "Edited in Obsidian."

    # two files holding one session differently: a conflict, not the last one winning
    note = note_of(vault, session_id)
    copy = vault / (note.stem + ".sync-conflict-20261130.md")
    copy.write_text(BODY.sub(lambda m: m.group(1) + "The laptop's copy." + m.group(3),
                             note.read_text()))
    result = work("import", str(vault), "--update", code=1)
    assert "holds this session too, differently" in result.stderr
    assert "The laptop's copy." in work.texts(session_id)

    # markers removed by hand: the file is refused, and sync writes nothing over it
    copy.unlink()
    text = note.read_text()
    note.write_text(text.replace("<!-- reflect:body -->\n", "").replace(
        "\n<!-- /reflect:body -->", ""))
    result = work("sync", str(vault), code=1)
    assert "markers around the reflection" in result.stderr
    assert "nothing written" in result.stderr
    assert "<!-- reflect:body -->" not in note.read_text()  # left for you to fix


def test_nothing_overwrites_an_edit_the_journal_has_not_read(machines, tmp_path):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    note = note_of(vault, session_id)
    # an export elsewhere leaves the vault's base alone: a journal edit is not undone
    work("edit", session_id, "--body", "Newer in the journal.")
    work("export", "--out", str(tmp_path / "for-my-manager"))
    assert work.sync() == 0
    assert work.record(session_id)["body"] == "Newer in the journal."
    # export --force over a note edited in the vault and not yet imported is refused
    edit_note(vault, session_id, "Edited in the vault, not yet imported.")
    result = work("export", "--out", str(vault), "--force", code=1)
    assert f"{note} was changed in the folder and not taken in yet" in result.stderr
    assert "reflect sync" in result.stderr
    assert "not yet imported" in note.read_text()
    # words written outside the reflection, which no import reads, are kept beside the note
    note.write_text(note.read_text() + "\nA line typed under the generated sections.\n")
    assert work.sync() == 0
    kept = note.with_name(note.stem + ".unread.txt")
    assert "A line typed under the generated sections." in kept.read_text()
    assert work.record(session_id)["body"] == "Edited in the vault, not yet imported."


def test_obsidian_one_line_tags_and_dates_come_back_as_written(machines):
    work, _, vault = machines
    session_id = one_session_on_both(machines)
    note = note_of(vault, session_id)
    note.write_text(note.read_text().replace("tags: []", "tags: workload, court")
                    .replace("status: final", "status: final\nreviewed: 2026-03-12"))
    assert work.sync() == 0
    assert work.record(session_id)["tags"] == ["court", "workload"]
    assert "\nreviewed: 2026-03-12\n" in note_of(vault, session_id).read_text()


def test_an_agreed_action_edited_in_the_vault_is_taken_in(machines):
    work, _, vault = machines
    session_id = work("new", "--with", "Sam Jones", "--date", "2026-11-02", "--body", "B.",
                      "--action", "send the plan to Sam by friday").stdout.strip()
    work.sync()
    note = note_of(vault, session_id)
    note.write_text(note.read_text().replace("what: send the plan to Sam",
                                             "what: send the plan and the chronology to Sam"))
    assert work.sync() == 0
    actions = json.loads(work("action", "list", "--json").stdout)
    assert [a["what"] for a in actions] == ["send the plan and the chronology to Sam"]
    assert "- [ ] send the plan and the chronology to Sam" in note.read_text()
    assert not list(vault.glob("*.unread*.txt"))  # nothing left unread: it was taken


def test_another_machines_rendering_is_not_mistaken_for_words_typed_there(machines):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    work("edit", session_id, "--private", "A private thought.", "--title", "New title")
    assert work("sync", str(vault), "--include-private").exit_code == 0
    assert home.sync() == 0  # home writes the note without the private part, unasked
    assert not list(vault.glob("*.unread*.txt"))
    assert not any("A private thought." in p.read_text() for p in vault.rglob("*.*")
                   if p.is_file())


def test_a_second_review_finds_no_way_to_lose_an_edit(machines, tmp_path):
    work, home, vault = machines
    session_id = one_session_on_both(machines)
    # a note another machine added, edited in the vault, is not removed by an export here
    other = home("new", "--date", "2026-11-04", "--body", "Kim body.").stdout.strip()
    home.sync()
    edit_note(vault, other, "Kim body, edited.")
    result = work("export", "--out", str(vault), "--force", code=1)
    assert "not taken in yet" in result.stderr
    assert "Kim body, edited." in note_of(vault, other).read_text()
    # a filtered export does not remove an edited note it leaves out
    work.sync()
    edit_note(vault, session_id, "Edited, and not in the next export.")
    work("export", "--out", str(vault), "--force", "--id", other[:8], code=1)
    assert "Edited, and not in the next export." in note_of(vault, session_id).read_text()
    work.sync()
    # the by-hand routine keeps words outside the reflection too, and never over an old copy
    note = note_of(vault, session_id)
    for n in (1, 2):
        note.write_text(note.read_text() + f"\nA line of my own, number {n}.\n")
        work("import", str(vault), "--update")
        work("export", "--out", str(vault), "--force")
    kept = sorted(p.read_text() for p in vault.glob(f"{note.stem}.unread*.txt"))
    assert len(kept) == 2 and any("number 1" in k for k in kept)
    assert sorted(p.name for p in vault.glob(f"{note.stem}.unread*.txt")) == [
        f"{note.stem}.unread.txt", f"{note.stem}.unread2.txt"]
    assert any("number 2" in k for k in kept)
