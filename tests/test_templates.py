"""Templates ship inside the package (editable or wheel), and the user's copy wins."""

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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{done.stderr[-2000:]}")
    return next(out.glob("reflect-*.whl"))


def test_wheel_contains_templates_and_prompts(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "reflect/templates/session.md.j2" in names
    shipped = {Path(n).name for n in names if n.startswith("reflect/prompts/")}
    on_disk = {p.name for p in (ROOT / "reflect" / "prompts").glob("*.yaml")}
    assert on_disk <= shipped


def test_installed_wheel_renders_notes_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "REFLECT_JOURNAL": str(tmp_path / "j.db"),
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "PATH": "/usr/bin"}
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
