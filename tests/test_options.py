"""Options read without pydantic, read exactly as Typer reads them, and shown cleanly in help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from reflect.cli import COMMANDS, app, load_command
from reflect.terminal.options import DOUBT, QuickParam


def _all_commands():
    for name in COMMANDS:
        command = load_command(name)
        subs = getattr(command, "commands", None)
        if subs:
            yield from ((f"{name} {sub}", c) for sub, c in subs.items())
        else:
            yield name, command


COMMANDS_BUILT = list(_all_commands())


def _samples(annotation, tmp_path: Path) -> list:
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    (tmp_path / "file.txt").write_text("x")
    common = ["", "x", " 5", "5", "0", "-3", "+7", "007", "5.0", "1_000", "abc", "-",
              "99999999999999999999", "ONE", "markdown", "Markdown", "json", "plan",
              str(tmp_path / "file.txt"), str(folder), str(tmp_path / "missing")]
    return common + [["a", "b"], [], ["x"], True, False, 0, 1, 20, -4, 10**20, 2.0]


def _quick_params():
    for name, command in COMMANDS_BUILT:
        for param in command.params:
            if isinstance(param._runtime_param, QuickParam):
                yield name, param
    root = typer.main.get_command(app)
    for param in root.params:
        if isinstance(param._runtime_param, QuickParam):
            yield "reflect", param


QUICK = list(_quick_params())


def test_most_options_are_read_quickly():
    kinds = {p.type_descriptor.annotation for _, p in QUICK}
    assert len(QUICK) > 100
    assert str in kinds and int in kinds and Path in kinds and bool in kinds


@pytest.mark.parametrize("where,param", QUICK, ids=[f"{w} {p.name}" for w, p in QUICK])
def test_a_quick_reading_is_what_typer_reads(where, param, tmp_path):
    """Each value the quick reader accepts, Typer reads to the same value and type;
    each value Typer refuses, the quick reader leaves to Typer."""
    quick = param._runtime_param
    typer_own = build_runtime_param(quick.descriptor)
    for value in _samples(param.type_descriptor.annotation, tmp_path):
        mine = quick.read(value)
        try:
            theirs = typer_own._coerce_value(value, param=param, ctx=None)
        except (BadParameter, Exception):
            assert mine is DOUBT, (value, mine)
            continue
        if mine is not DOUBT:
            assert (type(mine), mine) == (type(theirs), theirs), value


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout


def test_listing_with_every_filter_loads_no_pydantic(tmp_path):
    journal = tmp_path / "j.db"
    args = ["reflect", "--journal", str(journal), "list", "-n", "3", "--kind", "individual",
            "--tag", "x", "--with", "Sam", "--from", "2026-01-01", "--json"]
    code = (f"import sys; sys.argv = {args!r}\n"
            "from reflect.__main__ import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules)")
    assert _run(code).strip().splitlines()[-1] == "False"


@pytest.mark.parametrize("args,words", [
    (["list", "-n", "0"], ["Invalid value", "-n"]),
    (["list", "-n", "many"], ["Invalid value", "-n"]),
    (["list", "--kind", "bogus"], ["Invalid value", "--kind", "individual"]),
    (["show", "abcd", "--format", "yaml"], ["Invalid value", "--format", "markdown"]),
])
def test_a_bad_value_still_gets_typers_message(reflect, args, words):
    result = reflect(*args, code=2)
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize("columns", ["60", "100"])
@pytest.mark.parametrize("name,command", COMMANDS_BUILT, ids=[n for n, _ in COMMANDS_BUILT])
def test_help_shows_clean_metavars_and_whole_choices(reflect, monkeypatch, name, command,
                                                     columns):
    monkeypatch.setenv("COLUMNS", columns)
    out = reflect(*name.split(), "--help").stdout
    assert not re.search(r"<[a-z][\w\[\]|,. -]*>", out), out
    words = set(re.findall(r"[\w-]+", out))
    for param in command.params:
        choices = getattr(param.type_descriptor, "choices", None) or ()
        for choice in choices:
            assert choice in words, (param.name, choice, out)


def test_the_root_help_has_clean_metavars(reflect):
    out = reflect("--help").stdout
    assert "<bool>" not in out and "<path>" not in out
    assert "--journal" in out and "PATH" in out


def test_help_examples_are_wrapped_by_the_terminal_not_the_source(reflect, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = reflect("goal", "add", "--help").stdout
    assert "--specific 'Use a genogram with every new family' --measurable" in out
