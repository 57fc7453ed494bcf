"""Encryption at rest: an encrypted journal, its passphrase sources, and converting one."""

import json
import os
import subprocess
import sys
import types
import unicodedata

import pexpect
import pytest

from reflect.journal import connection
from reflect.settings.errors import JournalError
from reflect.trust import cipher
from reflect.trust import passphrase as sources
from reflect.trust.cipher import SQLITE_HEADER
from tests.support import (
    FAST_KDF_ITER,
    assert_one_line_error,
    fast_kdf_reflect,
    indexed_ids,
)

PASSPHRASE = "correct horse battery"
WORDS = ["zanzibarquokka", "Brunhildequetzal", "xylophonistry", "marmaladewombat"]


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """SQLCipher's real key derivation takes ~0.2 s per open; the tests need not wait."""
    monkeypatch.setattr(cipher, "KDF_ITER", FAST_KDF_ITER)
    for var in (sources.PASSPHRASE_ENV, sources.PASSCOMMAND_ENV):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def encrypted(reflect, journal_path, monkeypatch):
    """An encrypted journal with one session; REFLECT_PASSPHRASE unset again afterwards."""
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    reflect("init", "--encrypt")
    session_id = reflect.new("--with", "Sam Jones", body=f"We discussed {WORDS[0]}.")
    monkeypatch.delenv(sources.PASSPHRASE_ENV)
    return session_id


def snapshot(path):
    return {p: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}



def opens_with(path, passphrase) -> bool:
    try:
        conn = cipher.connect(str(path), passphrase)
    except cipher.WrongPassphrase:
        return False
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def session_ids(path, passphrase):
    conn = cipher.connect(str(path), passphrase)
    try:
        return sorted(r[0] for r in conn.execute("SELECT id FROM sessions"))
    finally:
        conn.close()


# the file ---------------------------------------------------------------------------


def test_journal_wal_and_shm_hold_no_words_yet_search_works(reflect, journal_path,
                                                            monkeypatch):
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    reflect("init", "--encrypt")
    first = reflect.new("--with", WORDS[1], "--tag", WORDS[2], body=f"Notes on {WORDS[0]}.")
    journal = connection.open_journal(journal_path, PASSPHRASE)
    journal.add_session(held_on=journal.session(first).held_on, title="Second",
                        kind="individual", role="supervisee", body=f"About {WORDS[3]}.")
    try:  # the connection stays open, so -wal and -shm are on disk with the new pages
        files = snapshot(journal_path)
        assert {p.name for p in files} >= {"journal.db", "journal.db-wal", "journal.db-shm"}
        for path, data in files.items():
            assert SQLITE_HEADER not in data, path
            # Long words only: a 3-byte word turns up by chance in random ciphertext.
            for word in [*WORDS, PASSPHRASE, "Supervision with"]:
                assert word.encode() not in data, (path, word)
                assert word.lower().encode() not in data, (path, word)
        assert indexed_ids(journal, f'"{WORDS[0]}"') == [first]
        assert len(indexed_ids(journal, f'"{WORDS[3]}"')) == 1
    finally:
        journal.close()
    assert cipher.is_encrypted(journal_path)
    shown = reflect("show", first, "--format", "json").stdout
    assert WORDS[0] in shown


def test_sqlite_utils_alter_and_fts_work_on_an_encrypted_journal(encrypted, journal_path):
    journal = connection.open_journal(journal_path, PASSPHRASE)
    table = journal.db["scratch"]
    table.insert({"name": "one"})
    table.insert({"name": "two", "note": f"with {WORDS[2]}"}, alter=True)
    table.enable_fts(["name", "note"], create_triggers=True)
    table.insert({"name": "three", "note": WORDS[3]})
    journal.close()
    journal = connection.open_journal(journal_path, PASSPHRASE)
    assert "note" in journal.db["scratch"].columns_dict
    assert [r["name"] for r in journal.db["scratch"].search(WORDS[3])] == ["three"]
    assert journal.db["scratch"].count == 3
    journal.close()
    assert WORDS[3].encode() not in journal_path.read_bytes()


def test_an_encrypted_journal_without_a_passphrase_is_a_one_line_error(encrypted,
                                                                      journal_path, reflect):
    before = snapshot(journal_path)
    assert_one_line_error(reflect("list", code=None), "encrypted", "REFLECT_PASSPHRASE")
    with pytest.raises(cipher.EncryptedJournal):
        connection.open_journal(journal_path)
    assert snapshot(journal_path) == before


def test_a_text_file_is_still_not_a_journal_rather_than_encrypted(reflect, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Dear diary, this is not a database, padded to a page!\n" * 512)
    assert len(path.read_bytes()) % 512 == 0
    assert not cipher.is_encrypted(path)
    assert_one_line_error(reflect("--journal", str(path), "list", code=None),
                          "not a reflect journal")


# passphrase sources --------------------------------------------------------------------


def _wrong_file(tmp_path, monkeypatch):
    path = tmp_path / "wrong.txt"
    path.write_text("not it\n")
    return ["--passphrase-file", str(path)], "--passphrase-file"


def _wrong_command(tmp_path, monkeypatch):
    monkeypatch.setenv(sources.PASSCOMMAND_ENV, "echo 'not it'")
    return [], sources.PASSCOMMAND_ENV


def _wrong_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(sources.PASSPHRASE_ENV, "not it")
    return [], sources.PASSPHRASE_ENV


@pytest.mark.parametrize("source", [_wrong_file, _wrong_command, _wrong_variable],
                         ids=["file", "command", "variable"])
def test_a_wrong_passphrase_from_a_source_fails_at_once_and_writes_nothing(
        encrypted, reflect, journal_path, tmp_path, monkeypatch, source):
    before = snapshot(journal_path)
    options, named = source(tmp_path, monkeypatch)
    for command in (["list"], ["new", "--body", "x"], ["backup"], ["passphrase"],
                    ["decrypt", "--yes"]):
        result = reflect(*options, *command, code=None)
        assert_one_line_error(result, named, "does not open")
        assert "Passphrase for" not in result.stdout + result.stderr
    assert snapshot(journal_path) == before
    assert sorted(p.name for p in journal_path.parent.iterdir()) == ["journal.db"]


def test_sources_come_in_order_file_then_command_then_variable(encrypted, reflect,
                                                              tmp_path, monkeypatch):
    right = tmp_path / "right.txt"
    right.write_text(PASSPHRASE + "\nsecond line ignored\n")
    monkeypatch.setenv(sources.PASSCOMMAND_ENV, "echo 'not it'")
    monkeypatch.setenv(sources.PASSPHRASE_ENV, "not it either")
    reflect("--passphrase-file", str(right), "list")  # the file wins over both
    assert_one_line_error(reflect("list", code=None), sources.PASSCOMMAND_ENV)
    monkeypatch.setenv(sources.PASSCOMMAND_ENV, f"printf '%s\\n' '{PASSPHRASE}'")
    reflect("list")  # the command wins over the variable
    monkeypatch.delenv(sources.PASSCOMMAND_ENV)
    assert_one_line_error(reflect("list", code=None), sources.PASSPHRASE_ENV)


def test_a_failing_passphrase_command_is_a_one_line_error(encrypted, reflect, monkeypatch):
    monkeypatch.setenv(sources.PASSCOMMAND_ENV, "exit 3")
    assert_one_line_error(reflect("list", code=None), "exit code 3")
    monkeypatch.setenv(sources.PASSCOMMAND_ENV, "true")
    assert_one_line_error(reflect("list", code=None), "no passphrase")


def test_a_passphrase_is_normalised_to_nfc(reflect, journal_path, tmp_path, monkeypatch):
    composed = unicodedata.normalize("NFC", "Café Zoë ñandú")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    monkeypatch.setenv(sources.PASSPHRASE_ENV, composed)
    reflect("init", "--encrypt")
    session_id = reflect.new(body="Accents.")
    monkeypatch.delenv(sources.PASSPHRASE_ENV)
    typed = tmp_path / "typed.txt"
    typed.write_text(decomposed + "\n", encoding="utf-8")
    assert session_id[:8] in reflect("--passphrase-file", str(typed), "list").stdout
    assert opens_with(journal_path, decomposed)


def test_a_passphrase_with_quotes_is_quoted_by_doubling_them(reflect, journal_path,
                                                            tmp_path, monkeypatch):
    tricky = "it's a ''test''; DROP TABLE sessions; --"
    assert cipher.quote(tricky) == "'it''s a ''''test''''; DROP TABLE sessions; --'"
    secret = tmp_path / "secret.txt"
    secret.write_text(tricky + "\n")
    reflect("--passphrase-file", str(secret), "init", "--encrypt")
    session_id = reflect("--passphrase-file", str(secret), "new", "--body", "x").stdout.strip()
    monkeypatch.setenv(sources.PASSCOMMAND_ENV, f"cat {secret}")
    assert session_id[:8] in reflect("list").stdout
    assert opens_with(journal_path, tricky)
    assert not opens_with(journal_path, "it's a 'test'; DROP TABLE sessions; --")


def test_a_wrong_key_prints_nothing_raw_on_stderr(encrypted, journal_path):
    env = {**os.environ, sources.PASSPHRASE_ENV: "not it"}
    done = subprocess.run(fast_kdf_reflect("list"), capture_output=True,
                          text=True, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reflect: error: "), done.stderr
    assert "hmac" not in done.stderr and "CORE" not in done.stderr


# converting ----------------------------------------------------------------------------


def test_encrypt_then_decrypt_keeps_every_session(reflect, journal_path, monkeypatch):
    ids = [reflect.new("--with", name, "--tag", "care", body=f"About {word}.")
           for name, word in [("Sam Jones", WORDS[0]), ("Jo Bloggs", WORDS[1]),
                              ("Ann Lee", WORDS[2])]]
    reflect("delete", ids[2], "--yes")  # a deleted (hidden) session is kept too
    live = ids[:2]
    before = {i: reflect("show", i, "--format", "json").stdout for i in live}
    listing = reflect("list", "--json").stdout
    backup = reflect("backup").stdout.strip()  # made before: plain, and said so
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    result = reflect("encrypt")
    assert "not encrypted" in result.stderr and os.path.basename(backup) in result.stderr
    assert cipher.is_encrypted(journal_path)
    assert all(w.encode() not in journal_path.read_bytes() for w in WORDS)
    assert {i: reflect("show", i, "--format", "json").stdout for i in live} == before
    assert reflect("list", "--json").stdout == listing
    assert session_ids(journal_path, PASSPHRASE) == sorted(ids)
    journal = connection.open_journal(journal_path, PASSPHRASE)
    assert indexed_ids(journal, f'"{WORDS[1]}"') == [ids[1]]
    journal.close()
    assert_one_line_error(reflect("encrypt", code=None), "already encrypted")
    reflect("decrypt", "--yes")
    monkeypatch.delenv(sources.PASSPHRASE_ENV)
    assert journal_path.read_bytes()[:16] == SQLITE_HEADER
    assert {i: reflect("show", i, "--format", "json").stdout for i in live} == before
    assert reflect("list", "--json").stdout == listing
    assert session_ids(journal_path, None) == sorted(ids)
    assert not list(journal_path.parent.glob(".journal.db.convert-*"))
    assert reflect("check").exit_code == 0


def test_decrypt_without_a_terminal_needs_yes(encrypted, reflect, journal_path, monkeypatch):
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    before = snapshot(journal_path)
    assert_one_line_error(reflect("decrypt", code=None), "--yes")
    assert snapshot(journal_path) == before


def test_passphrase_change_opens_with_the_new_one_only(encrypted, reflect, journal_path,
                                                       tmp_path, monkeypatch):
    new = tmp_path / "new.txt"
    new.write_text("a brand new one\n")
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    reflect("passphrase", "--new-passphrase-file", str(new))
    assert not opens_with(journal_path, PASSPHRASE)
    assert opens_with(journal_path, "a brand new one")
    assert encrypted[:8] in reflect("--passphrase-file", str(new), "list").stdout
    same = tmp_path / "same.txt"
    same.write_text("a brand new one\n")
    assert_one_line_error(reflect("--passphrase-file", str(new), "passphrase",
                                  "--new-passphrase-file", str(same), code=None), "same")


def test_a_failure_before_the_swap_leaves_the_journal_and_no_copy(
        encrypted, reflect, journal_path, tmp_path, monkeypatch):
    new = tmp_path / "new.txt"
    new.write_text("a brand new one\n")
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)

    def broken(copy, passphrase):
        raise JournalError("the converted copy failed its integrity check")

    monkeypatch.setattr(cipher, "check_copy", broken)
    assert_one_line_error(reflect("passphrase", "--new-passphrase-file", str(new), code=None),
                          "integrity check")
    assert opens_with(journal_path, PASSPHRASE)
    assert sorted(p.name for p in journal_path.parent.iterdir()) == ["journal.db"]


INTERRUPT = """
import os, signal, sys
import importlib
import reflect.trust.cipher
from reflect.cli import main

reflect.trust.cipher.KDF_ITER = FAST_KDF_ITER

module, name, nth = sys.argv[1].split(":")
module = importlib.import_module(module)
real, calls = getattr(module, name), []

def killed(*args, **kwargs):
    calls.append(1)
    if len(calls) == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(module, name, killed)
sys.argv = ["reflect", *sys.argv[2:]]
main()
""".replace("FAST_KDF_ITER", str(FAST_KDF_ITER))


# The kill points: exporting the copy, checking it, flushing it (the 1st fsync), and
# flushing the folder after the swap (the 2nd).
@pytest.mark.parametrize("point, opens", [
    ("reflect.trust.cipher:_export:1", "old"), ("reflect.trust.cipher:check_copy:1", "old"),
    ("reflect.trust.files:fsync:1", "old"), ("reflect.trust.files:fsync:2", "new")])
def test_an_interrupted_passphrase_change_opens_with_exactly_one_key(
        encrypted, reflect, journal_path, tmp_path, monkeypatch, point, opens):
    new = tmp_path / "new.txt"
    new.write_text("a brand new one\n")
    script = tmp_path / "interrupt.py"
    script.write_text(INTERRUPT)
    env = {**os.environ, sources.PASSPHRASE_ENV: PASSPHRASE}
    done = subprocess.run([sys.executable, str(script), point, "passphrase",
                           "--new-passphrase-file", str(new)], env=env,
                          capture_output=True, stdin=subprocess.DEVNULL)
    assert done.returncode == -9, done.stderr  # killed: no clean-up ran
    keys = {"old": PASSPHRASE, "new": "a brand new one"}
    assert {name: opens_with(journal_path, key) for name, key in keys.items()} == {
        name: name == opens for name in keys}
    assert session_ids(journal_path, keys[opens]) == [encrypted]
    for leftover in journal_path.parent.glob(".journal.db.convert-*"):
        assert not leftover.read_bytes().startswith(SQLITE_HEADER)  # never a plain copy
    # the key that opens it works as usual, and the next change clears what was left
    monkeypatch.setenv(sources.PASSPHRASE_ENV, keys[opens])
    assert encrypted[:8] in reflect("list").stdout
    other = tmp_path / "other.txt"
    other.write_text("third time lucky\n")
    reflect("passphrase", "--new-passphrase-file", str(other))
    assert opens_with(journal_path, "third time lucky")
    assert not list(journal_path.parent.glob(".journal.db.convert-*"))


# backups -------------------------------------------------------------------------------


def test_backups_of_an_encrypted_journal_stay_encrypted(encrypted, reflect, journal_path,
                                                        tmp_path, monkeypatch):
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    backup = tmp_path / "backup.db"
    reflect("backup", str(backup))
    data = backup.read_bytes()
    assert cipher.is_encrypted(backup) and SQLITE_HEADER not in data
    assert WORDS[0].encode() not in data
    assert session_ids(backup, PASSPHRASE) == [encrypted]
    later = reflect.new(body="After the backup.")
    monkeypatch.delenv(sources.PASSPHRASE_ENV)
    before = snapshot(journal_path)
    assert_one_line_error(reflect("restore", str(backup), "--yes", code=None), "encrypted")
    monkeypatch.setenv(sources.PASSPHRASE_ENV, "not it")
    assert_one_line_error(reflect("restore", str(backup), "--yes", code=None), "does not open")
    assert snapshot(journal_path) == before
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    result = reflect("restore", str(backup), "--yes")
    assert "Kept the journal" in result.stderr
    assert cipher.is_encrypted(journal_path)
    assert later[:8] not in reflect("list").stdout
    [kept] = journal_path.parent.glob("journal.db.before-restore-*.bak")
    assert cipher.is_encrypted(kept)


def test_the_copy_made_before_an_upgrade_is_encrypted_too(journal_path):
    from sqlite_utils import Database

    from reflect.journal.migrations import known_names, migrations

    journal_path.parent.mkdir(parents=True)
    db = Database(cipher.connect(str(journal_path), PASSPHRASE))
    migrations.apply(db, stop_before=known_names()[-1])
    db.close()
    connection.open_journal(journal_path, PASSPHRASE).close()
    [before] = journal_path.parent.glob("journal.db.before-*.bak")
    assert cipher.is_encrypted(before) and opens_with(before, PASSPHRASE)


# the keyring ---------------------------------------------------------------------------


def test_remember_without_the_keyring_package_is_a_clear_message(reflect, journal_path,
                                                                 monkeypatch):
    monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring fails
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    assert_one_line_error(reflect("init", "--encrypt", "--remember", code=None),
                          "keyring", "pip install keyring")
    assert not journal_path.exists()
    reflect("init")
    assert_one_line_error(reflect("encrypt", "--remember", code=None), "pip install keyring")
    assert journal_path.read_bytes()[:16] == SQLITE_HEADER


def _fake_keyring(working=True):
    module = types.ModuleType("keyring")
    module.stored, module.asked = {}, []
    backend = type("Keyring", (), {"priority": 5 if working else 0})
    backend.__module__ = "keyring.backends.SecretService" if working else "keyring.backends.fail"
    module.get_keyring = lambda: backend()
    module.set_password = lambda s, u, p: module.stored.__setitem__((s, u), p)
    module.delete_password = lambda s, u: module.stored.pop((s, u))

    def get_password(service, user):
        module.asked.append(user)
        return module.stored.get((service, user))

    module.get_password = get_password
    return module


def test_no_keyring_backend_is_a_clear_message(reflect, journal_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "keyring", _fake_keyring(working=False))
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    assert_one_line_error(reflect("init", "--encrypt", "--remember", code=None),
                          "no OS keyring")
    assert not journal_path.exists()


def test_the_keyring_is_read_only_for_a_journal_opted_in(encrypted, reflect, journal_path,
                                                         monkeypatch):
    keyring = _fake_keyring()
    monkeypatch.setitem(sys.modules, "keyring", keyring)
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    reflect("list")
    assert keyring.asked == []  # not opted in: never asked
    reflect("init", "--remember")
    assert list(keyring.stored.values()) == [PASSPHRASE]
    monkeypatch.delenv(sources.PASSPHRASE_ENV)
    assert encrypted[:8] in reflect("list").stdout  # from the keyring now
    assert keyring.asked
    backup = reflect("backup").stdout.strip()
    reflect("restore", backup, "--yes")  # a backup shares the journal's key
    reflect("decrypt", "--yes")
    assert keyring.stored == {} and not sources.remembered(journal_path)


# the terminal --------------------------------------------------------------------------


@pytest.fixture
def spawn(tmp_path):
    def start(*args: str, extra_env=None) -> pexpect.spawn:
        env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100",
               **(extra_env or {})}
        command, *rest = fast_kdf_reflect(*args)
        return pexpect.spawn(command, rest, cwd=str(tmp_path),
                             env=env, encoding="utf-8", timeout=20)

    return start


def test_the_prompt_gives_three_tries(encrypted, spawn):
    child = spawn("list")
    for _ in range(2):
        child.expect("Passphrase for ")
        child.sendline("not it")
        child.expect("Wrong passphrase; try again.")
    child.expect("Passphrase for ")
    child.sendline(PASSPHRASE)
    child.expect(encrypted[:8])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "not it" not in child.before  # typed input is hidden


def test_three_wrong_tries_fail_and_change_nothing(encrypted, spawn, journal_path):
    before = snapshot(journal_path)
    child = spawn("new", "--body", "Never saved.")
    for _ in range(3):
        child.expect("Passphrase for ")
        child.sendline("not it")
    child.expect("reflect: error: wrong passphrase for .*3 times")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert snapshot(journal_path) == before


def test_init_encrypt_asks_twice_until_both_match(spawn, journal_path, reflect, monkeypatch):
    child = spawn("init", "--encrypt")
    child.expect("New passphrase: ")
    child.sendline("first try")
    child.expect("Type it again: ")
    child.sendline("first tyr")
    child.expect("did not match")
    child.expect("New passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect("Type it again: ")
    child.sendline(PASSPHRASE)
    child.expect("Created a new journal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert cipher.is_encrypted(journal_path) and opens_with(journal_path, PASSPHRASE)


def test_the_variable_on_a_terminal_warns_and_a_wrong_one_asks_nothing(encrypted, spawn):
    child = spawn("list", extra_env={sources.PASSPHRASE_ENV: PASSPHRASE})
    child.expect("Warning: the passphrase comes from REFLECT_PASSPHRASE")
    child.expect(encrypted[:8])
    child.expect(pexpect.EOF)
    child = spawn("list", extra_env={sources.PASSPHRASE_ENV: "not it"})
    child.expect("reflect: error: the passphrase from REFLECT_PASSPHRASE does not open")
    child.expect(pexpect.EOF)
    assert "Passphrase for" not in child.before
    child.close()
    assert child.exitstatus == 1


def test_journal_json_export_of_an_encrypted_journal_is_unchanged_in_shape(encrypted, reflect,
                                                                          monkeypatch):
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    [row] = json.loads(reflect("list", "--json").stdout)
    assert row["id"] == encrypted and row["with"] == "Sam Jones"


def test_no_environment_variable_weakens_the_key_derivation(tmp_path, monkeypatch):
    """A journal made with REFLECT_KDF_ITER set (once honoured, for tests) opens with the
    full derivation: nothing in a user's environment lowers the iteration count."""
    monkeypatch.setattr(cipher, "KDF_ITER", None)  # the real derivation, as a user has it
    path = tmp_path / "real.db"
    env = {**os.environ, "REFLECT_KDF_ITER": "1000", sources.PASSPHRASE_ENV: PASSPHRASE}
    done = subprocess.run([sys.executable, "-m", "reflect", "--journal", str(path), "init",
                           "--encrypt"], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert opens_with(path, PASSPHRASE)  # derived with 1,000 iterations, it would not


def _killed_in_the_copy_window(tmp_path, *command: str, passphrase: str | None = PASSPHRASE):
    """Run a conversion and kill it once its copy is complete, before the swap."""
    script = tmp_path / "interrupt.py"
    script.write_text(INTERRUPT)
    env = {**os.environ}
    if passphrase:
        env[sources.PASSPHRASE_ENV] = passphrase
    done = subprocess.run([sys.executable, str(script), "reflect.trust.cipher:check_copy:1",
                           *command], env=env, capture_output=True, stdin=subprocess.DEVNULL)
    assert done.returncode == -9, done.stderr


def copies(journal_path):
    return sorted(journal_path.parent.glob(".journal.db.convert-*"))


def test_a_killed_decrypt_leaves_a_plain_copy_that_the_next_command_erases(
        encrypted, reflect, journal_path, tmp_path, monkeypatch):
    _killed_in_the_copy_window(tmp_path, "decrypt", "--yes")
    [copy] = copies(journal_path)
    assert copy.read_bytes().startswith(SQLITE_HEADER)  # the whole journal, in plain text
    assert opens_with(journal_path, PASSPHRASE)  # the journal itself is untouched
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    reminders = reflect.json("check")["reminders"]
    assert copies(journal_path) == []
    assert any(r["name"] == "leftovers" and r["count"] == 1 for r in reminders)


def test_a_killed_decrypt_is_swept_even_when_no_passphrase_is_at_hand(
        encrypted, reflect, journal_path, tmp_path):
    _killed_in_the_copy_window(tmp_path, "decrypt", "--yes")
    assert len(copies(journal_path)) == 1
    reflect("list", code=1)  # no passphrase: refused, but the plain copy is gone
    assert copies(journal_path) == []


@pytest.mark.parametrize("command", [("passphrase", "--new-passphrase-file", "NEW"),
                                     ("encrypt",)])
def test_every_killed_conversion_leaves_nothing_after_the_next_command(
        reflect, journal_path, tmp_path, monkeypatch, command):
    new = tmp_path / "new.txt"
    new.write_text("a brand new one\n")
    if command[0] == "passphrase":
        monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
        reflect("init", "--encrypt")
    session_id = reflect.new(body=f"We discussed {WORDS[2]}.")
    _killed_in_the_copy_window(tmp_path, *[str(new) if a == "NEW" else a for a in command])
    assert len(copies(journal_path)) == 1
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)  # the journal's key is the old one
    if command[0] == "encrypt":
        monkeypatch.delenv(sources.PASSPHRASE_ENV)  # still a plain journal
    assert [s["id"] for s in reflect.json("list")] == [session_id]
    assert copies(journal_path) == []


def test_a_copy_a_running_conversion_holds_is_left_alone(reflect, journal_path):
    from reflect.trust import files

    reflect.new()
    live = journal_path.parent / ".journal.db.convert-0123456789ab"
    live.write_bytes(b"a conversion under way")
    lock = files.hold(live)
    try:
        reflect("list")
        assert live.exists()
        report = json.loads(reflect("check", "--json", code=1).stdout)
        assert any("convert-0123456789ab" in p for p in report["checks"][-1]["problems"])
    finally:
        os.close(lock)
    reflect("list")
    assert not live.exists()


def test_stray_transaction_notes_are_swept_and_conversions_create_them_private(
        reflect, journal_path):
    reflect.new()
    stray = journal_path.parent / "journal.db-mj1A2B3C4D"
    stray.write_bytes(b"super-journal")
    os.chmod(stray, 0o644)
    reflect("list")
    assert not stray.exists()


def test_a_conversion_runs_under_the_owner_only_umask(reflect, journal_path, monkeypatch):
    """SQLite's own notes of a conversion (-journal, -mj*) are created 0600 while it runs."""
    reflect.new()
    seen, real = [], cipher.check_copy

    def noting(copy, passphrase):
        current = os.umask(0)
        os.umask(current)
        seen.append((current, oct(os.stat(copy).st_mode & 0o777)))
        return real(copy, passphrase)

    monkeypatch.setattr(cipher, "check_copy", noting)
    monkeypatch.setenv(sources.PASSPHRASE_ENV, PASSPHRASE)
    reflect("encrypt")
    assert seen == [(0o077, "0o600")]
