"""Templates ship inside the package (editable or wheel), and the user's copy wins."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_user_template_overrides_the_built_in(reflect, config_dir):
    session_id = reflect.new("--title", "Team huddle", body="Body text.")
    (config_dir / "templates").mkdir(parents=True)
    (config_dir / "templates" / "session.md.j2").write_text(
        "CUSTOM {{ session.title }} / {{ session.body }}\n")
    assert reflect("show", session_id, "--format", "markdown").stdout == (
        "CUSTOM Team huddle / Body text.\n")


def test_broken_user_template_is_a_one_line_error(reflect, config_dir):
    session_id = reflect.new()
    (config_dir / "templates").mkdir(parents=True)
    (config_dir / "templates" / "session.md.j2").write_text("{% if %}\n")
    result = reflect("show", session_id, code=1)
    assert "session.md.j2" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_built_in_template_loads_through_importlib_resources():
    from importlib.resources import files

    assert (files("reflect.templates") / "session.md.j2").is_file()


def test_a_template_exists_built_in_or_in_the_users_folder_and_nowhere_else(config_dir):
    from reflect.settings.templates import exists

    assert exists("model_proctor.md.j2") and exists("model_desc.md.j2")
    assert not exists("model_mine.md.j2")
    (config_dir / "templates").mkdir(parents=True)
    (config_dir / "templates" / "model_mine.md.j2").write_text("## Mine\n")
    (config_dir / "x.md.j2").write_text("outside the folder\n")
    assert exists("model_mine.md.j2")
    # model ids come from records: one naming a path is never a template
    for name in ("../x.md.j2", "templates/model_mine.md.j2", "..", "", "/etc/passwd"):
        assert not exists(name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # Built from a fresh copy of the sources: a build/ folder left in the working tree by
    # an earlier build would otherwise slip modules into the wheel that packaging misses.
    source = tmp_path_factory.mktemp("source") / "reflect"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache", "benchmarks"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(source)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{done.stderr[-2000:]}")
    return next(out.glob("reflect-*.whl"))


def test_wheel_contains_templates_and_prompts(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "reflect/templates/session.md.j2" in names
    shipped = {Path(n).name for n in names if n.startswith("reflect/prompts/")}
    on_disk = {p.name for p in (ROOT / "reflect" / "prompts").glob("*.yaml")}
    assert on_disk <= shipped


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The wheel installed into a folder of its own (dependencies come from this venv)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    return target


def _wheel_env(target, tmp_path) -> dict:
    return {"PYTHONPATH": str(target), "REFLECT_JOURNAL": str(tmp_path / "j.db"),
            "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin", "TERM": "dumb",
            "NO_COLOR": "1", "COLUMNS": "100"}


def test_every_module_imports_from_the_installed_wheel(installed, tmp_path):
    package = ROOT / "reflect"
    modules = sorted(".".join(("reflect", *p.relative_to(package).with_suffix("").parts))
                     .removesuffix(".__init__") for p in package.rglob("*.py"))
    assert "reflect.sharing.export.json" in modules and "reflect.trust.cipher" in modules
    # reflect.__main__ is found, not imported: importing it runs the command line.
    done = subprocess.run(
        [sys.executable, "-c", "import importlib, importlib.util, sys\n"
         "for name in sys.argv[2:]:\n"
         "    if name.endswith('__main__'):\n"
         "        assert importlib.util.find_spec(name).origin.startswith(sys.argv[1])\n"
         "        continue\n"
         "    module = importlib.import_module(name)\n"
         "    assert module.__file__.startswith(sys.argv[1]), (name, module.__file__)\n",
         str(installed), *modules], cwd=tmp_path, env=_wheel_env(installed, tmp_path),
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


RUN_FROM_WHEEL = ("import sys; import reflect; assert reflect.__file__.startswith(sys.argv[1])"
                  "; from reflect.cli import main; sys.argv = ['reflect'] + sys.argv[2:]; main()")


def test_the_installed_wheel_shows_help_and_walks_a_guided_session(installed, tmp_path):
    import pexpect

    env = _wheel_env(installed, tmp_path)
    helped = subprocess.run([sys.executable, "-c", RUN_FROM_WHEEL, str(installed), "--help"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert helped.returncode == 0 and "Usage: reflect" in helped.stdout, helped.stderr
    child = pexpect.spawn(sys.executable, ["-c", RUN_FROM_WHEEL, str(installed), "new", "-m",
                                           "proctor", "--with", "Sam Jones", "--date",
                                           "2026-11-20"],
                          cwd=str(tmp_path), env=env, encoding="utf-8", timeout=20)
    child.expect_exact("[Proctor's three functions 1/6]")
    child.expect_exact("> ")
    child.sendline("60 30 10")
    for step, typed in ((2, "Went through the Smith plan."), (3, ""), (4, ""), (5, "3"),
                        (6, "")):
        child.expect_exact(f"[Proctor's three functions {step}/6]")
        child.expect_exact("> ")
        child.sendline(typed)
    child.expect_exact("Save this note?")
    child.sendline("y")
    child.expect_exact("SMART goal?")
    child.sendline("n")
    child.expect_exact("action> ")
    child.sendline("")
    child.expect(r"([0-9a-f]{32})")
    session_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = subprocess.run([sys.executable, "-c", RUN_FROM_WHEEL, str(installed), "show",
                            session_id, "--format", "json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert '"normative_notes": "Went through the Smith plan."' in shown.stdout


def test_installed_wheel_renders_notes_from_another_folder(installed, tmp_path):
    target = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _wheel_env(target, tmp_path)
    run = lambda *args, **kw: subprocess.run(  # noqa: E731
        [sys.executable, "-c", "import sys; from reflect.cli import main; "
         "import reflect; assert reflect.__file__.startswith(sys.argv[1]), reflect.__file__; "
         "sys.argv = ['reflect'] + sys.argv[2:]; main()", str(target), *args],
        cwd=elsewhere, env=env, capture_output=True, text=True, **kw)
    made = run("new", "--title", "From the wheel", "--body", "Installed note.")
    assert made.returncode == 0, made.stderr
    shown = run("show", made.stdout.strip(), "--format", "markdown")
    assert shown.returncode == 0, shown.stderr
    assert "# From the wheel" in shown.stdout and "Installed note." in shown.stdout
