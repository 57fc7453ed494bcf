"""The Jinja2 templates: the built-in ones in `templates/`, and the user's overrides.

A template of the same name in `<config dir>/templates/` overrides the built-in one. Notes,
goal reports, agendas and contracts all render through here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from typing import Any

from reflect.settings import paths
from reflect.settings.errors import BadInput
from reflect.settings.note_filters import bar, long_date, to_yaml


def _builtin_source(name: str) -> str | None:
    resource = files("reflect.templates") / name
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def environment():
    """The template environment for the current user templates folder, built once: an
    export renders thousands of notes, and compiling a template each time costs."""
    return _environment(str(paths.user_templates_dir()))


@lru_cache(maxsize=4)
def _environment(user_folder: str):
    import jinja2

    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(user_folder),
        jinja2.FunctionLoader(_builtin_source),
    ])
    env = jinja2.Environment(
        loader=loader, autoescape=False, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["to_yaml"] = to_yaml
    env.filters["long_date"] = long_date
    env.filters["bar"] = bar
    return env


def render(template_name: str, /, **context: Any) -> str:
    import jinja2

    try:
        return environment().get_template(template_name).render(**context)
    except jinja2.TemplateError as e:
        raise _bad_template(template_name, e) from e


def template(template_name: str) -> Callable[..., str]:
    """`render` for one template, found on its first use and then kept: finding the user's
    templates folder cost more than rendering a note, and an export renders thousands."""
    import jinja2

    found: list = []

    def render_it(**context: Any) -> str:
        try:
            if not found:
                found.append(environment().get_template(template_name))
            return found[0].render(**context)
        except jinja2.TemplateError as e:
            raise _bad_template(template_name, e) from e

    return render_it


def _bad_template(template_name: str, e) -> BadInput:
    where = f" line {e.lineno}" if getattr(e, "lineno", None) else ""
    return BadInput(f"template {template_name}{where}: {e.message or e}")
