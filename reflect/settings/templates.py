"""The Jinja2 templates: the built-in ones in `templates/`, and the user's overrides.

A template of the same name in `<config dir>/templates/` overrides the built-in one. Notes,
goal reports, agendas and contracts all render through here. The note templates an export
renders thousands of times are also written in Python (`builtin_notes`), giving the same
text; those run unless the user has a template of that name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from typing import Any

from reflect.settings import builtin_notes, paths
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
    return template(template_name)(**context)


def template(template_name: str) -> Callable[..., str]:
    """`render` for one template, found on its first use and then kept: finding the user's
    templates folder cost more than rendering a note, and an export renders thousands."""
    found: list[Callable[..., str]] = []

    def render_it(**context: Any) -> str:
        if not found:
            found.append(_built_in(template_name) or _jinja(template_name))
        return found[0](**context)

    return render_it


def exists(template_name: str) -> bool:
    """Whether a template of this name is the user's or built in (without loading Jinja2,
    which a note rendered in Python does not need)."""
    if os.path.basename(template_name) != template_name or template_name in ("", ".", ".."):
        return False  # a name from a record, not a file in the templates folders
    return os.path.isfile(os.path.join(paths.user_templates_dir(), template_name)) or \
        (files("reflect.templates") / template_name).is_file()


def _built_in(template_name: str) -> Callable[..., str] | None:
    """The template written in Python (`builtin_notes`), unless the user has their own."""
    renderer = builtin_notes.RENDERERS.get(template_name)
    if renderer is None:
        return None
    # the same test Jinja2's FileSystemLoader makes in the user's folder
    user_file = os.path.join(paths.user_templates_dir(), template_name)
    return None if os.path.isfile(user_file) else renderer


def _jinja(template_name: str) -> Callable[..., str]:
    """The template loaded by Jinja2, the user's copy first; a template that does not load
    or render is a BadInput naming it."""
    import jinja2

    try:
        loaded = environment().get_template(template_name)
    except jinja2.TemplateError as e:
        raise _bad_template(template_name, e) from e
    except (OSError, UnicodeDecodeError) as e:  # the user's copy cannot be read
        raise BadInput(f"cannot read template {template_name}: "
                       f"{getattr(e, 'strerror', None) or e}") from e

    def render_it(**context: Any) -> str:
        try:
            return loaded.render(**context)
        except jinja2.TemplateError as e:
            raise _bad_template(template_name, e) from e

    return render_it


def _bad_template(template_name: str, e) -> BadInput:
    where = f" line {e.lineno}" if getattr(e, "lineno", None) else ""
    return BadInput(f"template {template_name}{where}: {e.message or e}")
