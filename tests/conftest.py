"""Every test runs against a journal, home and config folder inside its own tmp dir."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reflect.cli import app


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long-fuzz", action="store_true",
                     help="Run the property and fuzz tests with many more examples "
                          "(sets REFLECT_FUZZ_EXAMPLES=2000 unless it is set).")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--long-fuzz"):
        os.environ.setdefault("REFLECT_FUZZ_EXAMPLES", "2000")


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
