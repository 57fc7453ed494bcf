"""Renders records to markdown through the Jinja2 templates in `templates/`.

A template of the same name in `<config dir>/templates/` overrides the built-in one.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Any

from reflect import paths
from reflect.errors import BadInput
from reflect.promptsets import Catalog
from reflect.records import Session


def _builtin_source(name: str) -> str | None:
    resource = files("reflect.templates") / name
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def _to_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _bar(percent: int, width: int = 20) -> str:
    filled = round(max(0, min(100, percent)) * width / 100)
    return "█" * filled + "░" * (width - filled)


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
    env.filters["to_yaml"] = _to_yaml
    env.filters["long_date"] = _long_date
    env.filters["bar"] = _bar
    return env


def render(template_name: str, /, **context: Any) -> str:
    import jinja2

    try:
        return environment().get_template(template_name).render(**context)
    except jinja2.TemplateError as e:
        where = f" line {e.lineno}" if getattr(e, "lineno", None) else ""
        raise BadInput(f"template {template_name}{where}: {e.message or e}") from e


def front_matter(session: Session) -> dict[str, Any]:
    summary = session.summary()
    keys = ("id", "date", "title", "with", "attendees", "as", "kind", "tags", "models")
    return {key: summary[key] for key in keys}


def _has_template(env, name: str) -> bool:
    import jinja2

    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True


def model_sections(session: Session, results: dict[str, dict[str, Any]],
                   catalog: Catalog | None) -> list[str]:
    """One markdown section per model answered, empty ones left out."""
    env = environment()
    sections = []
    for model, answers in session.answers.items():
        prompt_set = catalog.sets.get(model) if catalog else None
        name = f"model_{model}.md.j2"
        template = name if _has_template(env, name) else "model_generic.md.j2"
        text = render(template, answers=answers, results=results.get(model, {}),
                      labels=prompt_set.labels() if prompt_set else {},
                      name=prompt_set.name if prompt_set else model, role=session.role)
        if text.strip():
            sections.append(text.strip())
    return sections


def _private_items(answers: dict[str, dict[str, Any]], catalog: Catalog | None
                   ) -> list[tuple[str, Any]]:
    items = []
    for model, values in answers.items():
        prompt_set = catalog.sets.get(model) if catalog else None
        labels = prompt_set.labels() if prompt_set else {}
        for prompt, value in values.items():
            shown = labels.get(f"{prompt}.{value}", value) if isinstance(value, str) else value
            items.append((labels.get(prompt, f"{model}: {prompt}"), shown))
    return items


def session_markdown(session: Session, results: dict[str, dict[str, Any]] | None = None,
                     catalog: Catalog | None = None, actions: list | None = None,
                     goals: list | None = None, include_private: bool = True) -> str:
    """The session note: YAML front matter, then the record as readable markdown.

    Private reflection (the private text and answers to private prompts) is kept apart
    in a marked section at the end, and left out entirely when `include_private` is off.
    """
    from reflect.privacy import private_prompts, shared_view, split_answers

    private = private_prompts(catalog)
    _, private_answers = split_answers(session.answers, private)
    shared = shared_view(session, private)
    sections = model_sections(shared, results or {}, catalog)
    text = render("session.md.j2", session=shared, front_matter=front_matter(session),
                  sections=sections, actions=actions or [], goals=goals or [],
                  private_text=session.private.strip() if include_private else "",
                  private_items=_private_items(private_answers, catalog)
                  if include_private else [])
    return text.rstrip("\n") + "\n"
