"""House rules that keep the code base honest: help everywhere, layers kept apart."""

import ast
from pathlib import Path

import pytest
import typer

from reflect.cli import app

PACKAGE = Path(__file__).resolve().parent.parent / "reflect"


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


# The shape of the house ---------------------------------------------------------------
# Layers from the bottom up; a module may import from its own layer and those below it.
LAYERS = [
    {"settings", "prompts", "templates"},
    {"models"},
    {"trust"},
    {"journal"},
    {"reflection", "goals"},
    {"insight", "sharing", "upkeep"},
    {"cli", "commands", "terminal", "__main__"},
]
UI_PACKAGES = {"cli", "commands", "terminal"}
ALLOWED_LOOSE = {"__init__.py", "__main__.py", "cli.py"}
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = ["reflect", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
    return skipped


def reflect_imports(path: Path) -> set[str]:
    """The reflect modules `path` imports, at the top or inside functions (not those only
    under TYPE_CHECKING). `from reflect.x import y` counts as reflect.x.y when y is a module."""
    tree = ast.parse(path.read_text())
    skipped, found = _type_checking_only(tree), set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "reflect"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "reflect":
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return found - ({_module_name(path)} if path.is_relative_to(PACKAGE) else set())


def layer_of(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else module
    top = top.removesuffix(".py")
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS")


def test_every_module_is_in_a_layer():
    for module in MODULES:
        if module != "reflect":
            layer_of(module)


def test_imports_only_point_down_the_layers():
    upward = [f"{module} imports {target}"
              for module, path in MODULES.items() if module != "reflect"
              for target in reflect_imports(path)
              if target != "reflect" and layer_of(target) > layer_of(module)]
    assert upward == []


def test_the_package_root_imports_nothing_and_the_journal_registers_the_driver():
    assert reflect_imports(MODULES["reflect"]) == set()
    assert reflect_imports(MODULES["reflect.journal"]) == {"reflect.trust.driver"}
    # sqlite-utils (which takes the driver registered as pysqlite3) only below the journal
    for module, path in MODULES.items():
        if "sqlite_utils" in path.read_text() and not module.startswith("reflect.journal"):
            raise AssertionError(f"{module} names sqlite_utils")


def test_supervision_models_are_pure():
    for module, path in MODULES.items():
        if module.startswith("reflect.models"):
            assert all(t.startswith(("reflect.models", "reflect.settings"))
                       for t in reflect_imports(path)), module


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in `graph`, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_circle_through_a_function_level_import(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    sample = tmp_path / "sample.py"
    sample.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from reflect.journal import facade\n"
                      "def f():\n    from reflect.settings import dates\n")
    assert reflect_imports(sample) == {"reflect.settings.dates"}


def test_there_is_no_import_circle():
    graph = {module: {t for t in reflect_imports(path) if t in MODULES}
             for module, path in MODULES.items()}
    assert _cycle(graph) is None


def test_every_module_is_under_the_size_guide():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text().splitlines())) >= MAX_LINES}
    assert long == {}


def test_no_loose_modules_beside_the_folders():
    assert {p.name for p in PACKAGE.glob("*.py")} == ALLOWED_LOOSE


def test_every_folder_says_what_it_owns():
    for folder in [p for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__"]:
        init = folder / "__init__.py"
        assert init.exists(), f"{folder} is not a package"
        if any(folder.glob("*.py")) and folder.name != "prompts":
            assert ast.get_docstring(ast.parse(init.read_text())), f"{init} has no docstring"


def _third_party(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def _ui(path: Path) -> bool:
    return path.relative_to(PACKAGE).with_suffix("").parts[0] in UI_PACKAGES


def test_only_the_cli_layer_imports_typer_or_rich():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if not _ui(p) and _third_party(p) & {"typer", "rich", "click"}]
    assert offenders == []


def test_domain_never_prints():
    for path in PACKAGE.rglob("*.py"):
        if _ui(path):
            continue
        calls = [n for n in ast.walk(ast.parse(path.read_text()))
                 if isinstance(n, ast.Call) and getattr(n.func, "id", None) in ("print", "exit")]
        assert calls == [], path.relative_to(PACKAGE)


def _calls(path: Path) -> list[str]:
    return [ast.unparse(n) for n in ast.walk(ast.parse(path.read_text()))
            if isinstance(n, ast.Call)]


def test_only_trust_files_creates_replaces_or_flushes_files_or_sets_the_umask():
    owner = PACKAGE / "trust" / "files.py"
    offenders = {str(p.relative_to(PACKAGE)): call for p in PACKAGE.rglob("*.py") if p != owner
                 for call in _calls(p)
                 if call.startswith(("os.umask(", "tempfile.mk", "os.replace(", "os.fsync("))
                 or "O_EXCL" in call
                 or (call.startswith("os.open(") and "O_CREAT" in call)}
    assert offenders == {}
    assert any("O_EXCL" in call for call in _calls(owner))


SQL_OWNERS = {"journal", "trust"}  # trust: SQLCipher's key, export and lock statements


def test_only_the_journal_runs_sql_and_no_command_opens_a_transaction():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        top = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Attribute):
                continue
            if node.attr in ("execute", "query", "conn", "db") and top not in SQL_OWNERS:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}")
            if node.attr in ("atomic", "transaction") and top in UI_PACKAGES:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}")
    assert offenders == []


def _mentions_kind(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "kind"
               or isinstance(n, ast.Name) and n.id == "kind" for n in ast.walk(node))


def test_prompt_kinds_are_known_only_to_their_registry():
    from reflect.reflection.kinds import KINDS

    registry = PACKAGE / "reflection" / "kinds.py"
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path == registry:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Compare) and _mentions_kind(node):
                names = {n.value for n in ast.walk(node)
                         if isinstance(n, ast.Constant) and isinstance(n.value, str)}
                if names & set(KINDS):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if isinstance(node, ast.Dict) and {k.value for k in node.keys if isinstance(
                    k, ast.Constant)} >= {"choice", "multi", "scale"}:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} (a kind table)")
    assert offenders == []


SCHEMA_MODULES = {"reflection/answers_file.py",
                  "goals/goal_file.py", "settings/settings_file.py",
                  "sharing/importing/schema.py"}


def test_pydantic_is_loaded_at_module_level_only_by_the_schemas_of_user_files():
    loading = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if any(isinstance(n, (ast.Import, ast.ImportFrom))
                      and "pydantic" in ast.unparse(n).split()[1]
                      for n in ast.parse(p.read_text()).body)}
    assert loading == SCHEMA_MODULES


# Start-up: what `import reflect.cli` loads is a fact, not a timing -------------------------

HEAVY = ("pydantic", "rich", "jinja2", "yaml", "sqlite_utils", "icalendar", "markdown_it",
         "sqlcipher3", "platformdirs")


def test_importing_the_command_line_loads_no_heavy_library():
    import subprocess
    import sys

    code = "import sys, reflect.cli; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert {name.split(".")[0] for name in loaded} & set(HEAVY) == set()
    from reflect.cli import COMMANDS

    modules = {f"reflect.commands.{module}" for module, _, _ in COMMANDS.values()}
    assert loaded & modules == set()  # each imported when its command runs


def test_the_root_help_table_says_what_each_command_says():
    from reflect.cli import COMMANDS, GROUPS, load_command

    for name, (_, _, short) in COMMANDS.items():
        command = load_command(name)
        own = command.help or ""
        assert own.split("\n\n")[0].replace("\n", " ").strip() == short, name
        assert (name in GROUPS) == hasattr(command, "commands"), name
    root = typer.main.get_command(app)
    assert list(root.list_commands(None)) == list(COMMANDS)


def test_the_version_is_answered_before_typer_is_imported():
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['reflect', '--version']; "
            "from reflect.__main__ import main; main(); "
            "print(sorted(m for m in ('typer', 'click', 'reflect.cli', 'sqlcipher3', 'datetime')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    from reflect import __version__

    assert out == f"reflect {__version__}\n[]\n"


def test_the_collector_runs_less_often_in_a_command(monkeypatch):
    import gc

    from reflect import cli

    before = gc.get_threshold()
    monkeypatch.setattr(cli, "app", lambda **kwargs: None)
    try:
        cli.main()
        assert gc.get_threshold()[0] == cli.COLLECT_EVERY > before[0]
    finally:
        gc.set_threshold(*before)
