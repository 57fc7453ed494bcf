"""Renders records to markdown through the Jinja2 templates in `templates/`.

A template of the same name in `<config dir>/templates/` overrides the built-in one.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from typing import Any

from reflect import paths
from reflect.errors import BadInput
from reflect.records import Session


def _builtin_source(name: str) -> str | None:
    resource = files("reflect.templates") / name
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def _to_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def environment():
    import jinja2

    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(paths.user_templates_dir())),
        jinja2.FunctionLoader(_builtin_source),
    ])
    env = jinja2.Environment(
        loader=loader, autoescape=False, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["to_yaml"] = _to_yaml
    env.filters["long_date"] = _long_date
    return env


def render(name: str, **context: Any) -> str:
    import jinja2

    try:
        return environment().get_template(name).render(**context)
    except jinja2.TemplateError as e:
        where = f" line {e.lineno}" if getattr(e, "lineno", None) else ""
        raise BadInput(f"template {name}{where}: {e.message or e}") from e


def front_matter(session: Session) -> dict[str, Any]:
    summary = session.summary()
    keys = ("id", "date", "title", "with", "as", "kind", "tags", "models")
    return {key: summary[key] for key in keys}


def session_markdown(session: Session) -> str:
    """The session note: YAML front matter, then the record as readable markdown."""
    text = render("session.md.j2", session=session, front_matter=front_matter(session))
    return text.rstrip("\n") + "\n"
