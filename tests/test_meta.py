"""House rules that keep the code base honest: help everywhere, layers kept apart."""

import ast
from pathlib import Path

import pytest
import typer

from reflect.cli import app

PACKAGE = Path(__file__).resolve().parent.parent / "reflect"
UI_MODULES = {"cli.py", "render.py"}


def _commands(group, path=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


ALL = list(_commands(typer.main.get_command(app)))


def test_there_are_commands():
    names = {" ".join(path) for path, _ in ALL}
    assert {"init", "new", "list", "show", "delete", "resume", "config list", "config set",
            "models list", "models show", "models check"} <= names


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=[" ".join(p) for p, _ in ALL])
def test_every_command_has_help_with_an_example(reflect, path):
    out = reflect(*path, "--help").stdout
    assert "Example: reflect " in out
    command = dict(ALL)[path]
    assert command.help and command.help.strip().splitlines()[0].endswith(".")
    for param in command.params:
        if param.name not in ("help", "ctx"):
            assert getattr(param, "help", None), f"{' '.join(path)}: {param.name} has no help"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_cli_layer_imports_typer_or_rich():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "commands" or str(relative) in UI_MODULES:
            continue
        if _imports(path) & {"typer", "rich", "click"}:
            offenders.append(str(relative))
    assert offenders == []


def test_domain_never_prints():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "commands" or str(relative) in UI_MODULES:
            continue
        calls = [n for n in ast.walk(ast.parse(path.read_text()))
                 if isinstance(n, ast.Call) and getattr(n.func, "id", None) in ("print", "exit")]
        assert calls == [], relative
