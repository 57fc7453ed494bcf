"""Every test runs against a journal, home and config folder inside its own tmp dir."""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reflect.cli import app


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long-fuzz", action="store_true",
                     help="Run the property and fuzz tests with many more examples "
                          "(sets REFLECT_FUZZ_EXAMPLES=2000 unless it is set).")


@pytest.hookimpl(tryfirst=True)  # before hypothesis' own plugin reads the seed
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--long-fuzz"):
        os.environ.setdefault("REFLECT_FUZZ_EXAMPLES", "2000")
    # One seed for the whole run, chosen by the main process and handed to each xdist
    # worker, and shown in the header, so a red property test can be run again with the
    # same examples.
    worker = getattr(config, "workerinput", None)
    if worker is not None and "hypothesis_seed" in worker:
        config.option.hypothesis_seed = worker["hypothesis_seed"]
    elif getattr(config.option, "hypothesis_seed", "absent") is None:
        config.option.hypothesis_seed = random.randrange(2**32)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: each worker runs with the main process's seed."""
    node.workerinput["hypothesis_seed"] = node.config.option.hypothesis_seed


def pytest_report_header(config: pytest.Config) -> str | None:
    seed = getattr(config.option, "hypothesis_seed", None)
    return None if seed is None else (
        f"hypothesis seed: {seed} (rerun with --hypothesis-seed={seed})")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME, the XDG folders and REFLECT_JOURNAL at tmp_path; pin Rich's output."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(home / sub))
    journal = tmp_path / "journal" / "journal.db"
    monkeypatch.setenv("REFLECT_JOURNAL", str(journal))
    for var in ("REFLECT_CONFIG_DIR", "REFLECT_DEBUG", "VISUAL", "EDITOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    return journal


@pytest.fixture(scope="module")
def builtin_catalog(tmp_path_factory: pytest.TempPathFactory):
    """The built-in prompt sets, loaded once per module with an empty config folder of its
    own: a module fixture runs before `isolated`, so it must not see the real one."""
    from reflect.reflection.promptsets import load_catalog

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REFLECT_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        return load_catalog()


@pytest.fixture
def spawn(tmp_path: Path):
    """Start `reflect ARGS` in a real pseudo-terminal, as a person meets it."""
    import sys

    import pexpect

    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}

    def start(*args: str) -> pexpect.spawn:
        return pexpect.spawn(sys.executable, ["-m", "reflect", *args], cwd=str(tmp_path),
                             env=env, encoding="utf-8", timeout=20)

    return start


FROZEN_NOW = datetime(2026, 2, 1, 12, tzinfo=timezone.utc)


class _Frozen(datetime):
    @classmethod
    def now(cls, tz=None):
        return FROZEN_NOW


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The journal's clock stopped at FROZEN_NOW, so that two runs stamp what they add
    the same whenever the second turns."""
    from reflect.settings import clock

    monkeypatch.setattr(clock, "datetime", _Frozen)
    return FROZEN_NOW


@pytest.fixture
def journal_path(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "home" / "config" / "reflect"


class Reflect:
    """Runs the CLI in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0):
        result = self.runner.invoke(app, list(args), input=input)
        if code is not None:
            assert result.exit_code == code, (
                f"exit {result.exit_code}, wanted {code}\nstdout: {result.stdout}\n"
                f"stderr: {result.stderr}\n{result.exception!r}"
            )
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout) if "--format" not in args else None

    def new(self, *args: str, body: str = "A note.") -> str:
        result = self("new", "--body", body, *args)
        return result.stdout.strip()


@pytest.fixture
def reflect() -> Reflect:
    return Reflect()
