"""Shell completion for bash, zsh and fish: commands, options, and the journal's own ids,
names, tags and models, read without migrating or unlocking anything."""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys

import pytest

SHELLS = ("bash", "zsh", "fish")


def complete(shell: str, line: str, raw: bool = False, **env: str) -> str:
    """What `reflect` offers for `line` (the words typed so far) in `shell`; bash's
    escaped values read back as bash reads them, unless `raw`."""
    words = line.split(" ")
    protocol = {
        "bash": {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)},
        "zsh": {"_TYPER_COMPLETE_ARGS": line},
        "fish": {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
    }[shell]
    done = subprocess.run([sys.executable, "-m", "reflect"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=30,
                          env={**os.environ, "_REFLECT_COMPLETE": f"complete_{shell}",
                               **protocol, **env})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "passphrase" not in done.stderr.lower()
    if shell == "bash" and not raw:
        return "\n".join(" ".join(shlex.split(line)) for line in done.stdout.splitlines())
    return done.stdout


@pytest.fixture
def journal(reflect, journal_path):
    ids = {
        "long": reflect.new("--with", "Samantha Jones", "--tag", "workload", "-m", "proctor",
                            body="Caseload."),
        "other": reflect.new("--with", "Sam Okafor", "--tag", "court-work", body="Court."),
        "gone": reflect.new("--with", "Jo Bloggs", body="Deleted later."),
    }
    reflect("delete", ids["gone"], "--yes")
    ids["goal"] = reflect("goal", "add", "--title", "Genograms", "--specific", "Use one",
                          "--measurable", "Three seen", "--achievable", "Yes",
                          "--relevant", "Assessment", "--due", "in 3 months").stdout.strip()
    return ids


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_each_shells_script(reflect, shell, monkeypatch):
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    out = reflect("--show-completion", shell).stdout
    assert "_REFLECT_COMPLETE" in out and f"complete_{shell}" in out


def test_install_completion_is_offered_in_help(reflect):
    out = reflect("--help").stdout
    assert "--install-completion" in out and "--show-completion" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_and_options_complete(shell):
    assert "list" in complete(shell, "reflect li")
    assert "--with" in complete(shell, "reflect list --wi")


@pytest.mark.parametrize("shell", SHELLS)
def test_session_ids_names_tags_models_and_goals_come_from_the_journal(journal, shell):
    shown = complete(shell, "reflect show ")
    assert journal["long"] in shown and journal["other"] in shown
    assert journal["gone"] not in shown  # deleted: not offered to show
    assert journal["gone"] in complete(shell, "reflect undelete ")
    assert journal["long"] not in complete(shell, "reflect undelete ")
    prefix = journal["long"][:3]
    prefixed = complete(shell, f"reflect show {prefix}")
    assert journal["long"] in prefixed
    if not journal["other"].startswith(prefix):
        assert journal["other"] not in prefixed
    names = complete(shell, "reflect list --with Sa")
    assert "Samantha Jones" in names and "Sam Okafor" in names and "Jo Bloggs" not in names
    assert "court-work" in complete(shell, "reflect new --tag co")
    assert "workload" not in complete(shell, "reflect new --tag co")
    models = complete(shell, "reflect new -m ")
    assert all(m in models for m in ("proctor", "heron", "stoltenberg", "desc"))
    assert journal["goal"] in complete(shell, "reflect goal show ")
    assert "Samantha Jones" in complete(shell, "reflect person show Sam")


def test_the_journal_named_on_the_line_is_the_one_read(reflect, journal, tmp_path):
    other = tmp_path / "other.db"
    reflect("--journal", str(other), "new", "--with", "Priya Shah", "--body", "Elsewhere.")
    assert "Priya Shah" in complete("bash", f"reflect --journal {other} list --with ")
    assert "Priya Shah" in complete("bash", f"reflect --journal = {other} list --with ")
    assert "Priya Shah" in complete("zsh", f"reflect --journal={other} list --with ")
    assert "Priya Shah" not in complete("bash", "reflect list --with ")


def _fingerprint(path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_completion_leaves_no_file_beside_the_journal(journal, journal_path):
    folder = journal_path.parent
    for extra in folder.glob(journal_path.name + "-*"):
        extra.unlink()
    before = sorted(p.name for p in folder.iterdir())
    assert journal["long"] in complete("bash", "reflect show ")
    assert sorted(p.name for p in folder.iterdir()) == before


def test_an_older_journal_is_read_as_it_is_never_migrated(journal_path):
    from sqlite_utils import Database

    from reflect.journal.migrations import known_names, migrations

    journal_path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(journal_path)
    migrations.apply(db, stop_before=known_names()[-1])
    db["sessions"].insert({
        "id": "ab" * 16, "held_on": "2026-01-02", "title": "Old note", "kind": "individual",
        "role": "supervisee", "with_id": None, "duration": 60, "body": "Old.",
        "status": "final", "created": "2026-01-02T10:00:00+00:00",
        "updated": "2026-01-02T10:00:00+00:00"})
    db.close()
    before = _fingerprint(journal_path)
    assert "ab" * 16 in complete("bash", "reflect show ")
    assert _fingerprint(journal_path) == before
    assert not list(journal_path.parent.glob("*before*"))  # no upgrade backup either


def test_an_encrypted_journal_completes_commands_only_and_asks_nothing(
        reflect, journal_path, monkeypatch):
    from reflect.trust import cipher, passphrase
    from tests.support import FAST_KDF_ITER

    monkeypatch.setattr(cipher, "KDF_ITER", FAST_KDF_ITER)
    monkeypatch.setenv(passphrase.PASSPHRASE_ENV, "correct horse battery")
    reflect("init", "--encrypt")
    reflect.new("--with", "Sam Okafor", body="Secret.")
    monkeypatch.delenv(passphrase.PASSPHRASE_ENV)
    assert cipher.is_encrypted(journal_path)
    before = _fingerprint(journal_path)
    assert complete("bash", "reflect show ").strip() == ""
    assert complete("bash", "reflect list --with Sa").strip() == ""
    assert "list" in complete("bash", "reflect li")
    assert _fingerprint(journal_path) == before


def test_a_missing_or_foreign_file_offers_nothing(tmp_path):
    missing = tmp_path / "none.db"
    assert complete("bash", f"reflect --journal {missing} show ").strip() == ""
    assert not missing.exists()  # completion creates no journal
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database")
    assert complete("bash", f"reflect --journal {foreign} show ").strip() == ""


@pytest.mark.parametrize("name", ["Sam Jones", "O'Brien, Siobhán", 'Jo "JB" Bloggs',
                                  "Zoë Zed 🦊 Müller", "Ana $HOME (duty)"])
def test_names_come_back_quoted_as_each_shell_reads_them(reflect, name):
    reflect("person", "add", name)
    typed = name.split("'")[0][:2]  # a quote typed would be a quote opened
    bash = complete("bash", f"reflect list --with {typed}", raw=True).splitlines()
    assert [shlex.split(line) for line in bash] == [[name]]  # one word, the whole name
    zsh = complete("zsh", f"reflect list --with {typed}")
    words = shlex.split(zsh)  # what zsh's eval passes on: quotes as POSIX shells read them
    spec = words[1]
    for escaped, plain in (('\\"', '"'), ("\\$", "$"), ("\\`", "`")):  # "..." escapes
        spec = spec.replace(escaped, plain)
    assert words[0] == "_arguments" and f'"{name}"' in spec
    fish = complete("fish", f"reflect list --with {typed}").splitlines()
    assert [line.split("\t")[0] for line in fish] == [name]


def test_inside_a_quote_the_person_opened_bash_gets_the_name_as_it_is(reflect):
    reflect("person", "add", "Sam Jones")
    for opened in ("'Sa", '"Sa'):
        assert complete("bash", f"reflect list --with {opened}", raw=True).strip() == \
            "Sam Jones"  # bash closes the quote itself


@pytest.mark.skipif(not __import__("shutil").which("zsh"), reason="zsh is not installed")
def test_zsh_itself_reads_each_name_back_whole(reflect):
    names = ["O'Brien, Siobhán", 'Sam "SJ" Jones', "Ana $HOME `x` a:b"]
    for name in names:
        reflect("person", "add", name)
    script = ("function _arguments { print -r -- \"$1\" }; "
              "eval $(env _REFLECT_COMPLETE=complete_zsh "
              f"_TYPER_COMPLETE_ARGS='reflect list --with ' {sys.executable} -m reflect)")
    spec = subprocess.run(["zsh", "-fc", script], capture_output=True, text=True,
                          check=True).stdout
    # what _arguments is given: each value double-quoted, as its own (( )) list reads it
    listed = spec[spec.index("((") + 2:spec.rindex("))")]
    values = [v.replace("\\$", "$").replace("\\`", "`").replace("\\:", ":")
              for v in shlex.split(listed)]  # zsh unquotes \$ \` \: in "..." as well
    assert values == sorted(names)

