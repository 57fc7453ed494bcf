"""Session notes: a session rendered to markdown, one section per supervision model.

The templates come through `reflect.settings.templates`, where a user's copy overrides
the built-in one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session
from reflect.models import private_now, results_for
from reflect.settings.errors import BadInput
from reflect.settings.templates import environment, render

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Catalog


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
    if not session.answers:
        return []
    env = environment()
    sections = []
    for model, answers in session.answers.items():
        prompt_set = catalog.sets.get(model) if catalog else None
        name = f"model_{model}.md.j2"
        context = {"answers": answers, "results": results.get(model, {}),
                   "labels": prompt_set.labels() if prompt_set else {},
                   "name": prompt_set.name if prompt_set else model, "role": session.role}
        text = _section(name if _has_template(env, name) else "model_generic.md.j2", context)
        if text.strip():
            sections.append(text.strip())
    return sections


def _section(template: str, context: dict[str, Any]) -> str:
    """A model's section; answers its template cannot show (a journal from an older
    reflect, a prompt set changed since) are shown plainly instead of failing the note."""
    for name, given in ((template, context), ("model_generic.md.j2", {**context, "results": {}})):
        try:
            return render(name, **given)
        except BadInput as e:  # a template that does not load is the user's to fix
            if not _data_error(e.__cause__):
                raise
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    lines = [f"## {context['name']}", ""]
    return "\n".join(lines + [f"- {key}: {value!r}" for key, value in context["answers"].items()])


def _data_error(error: BaseException | None) -> bool:
    import jinja2

    return isinstance(error, jinja2.UndefinedError)


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
                     goals: list | None = None, include_private: bool = True,
                     goal_links: dict[str, str] | None = None,
                     with_front_matter: bool = True,
                     note_template: Callable[..., str] | None = None) -> str:
    """The session note: YAML front matter, then the record as readable markdown.

    Private reflection (the private text and answers to private prompts) is kept apart
    in a marked section at the end, and left out entirely when `include_private` is off.
    `note_template` renders session.md.j2 (an export looks it up once for every note).
    """
    from reflect.reflection.privacy import private_prompts, shared_view, split_answers

    private = private_prompts(catalog)
    _, private_answers = split_answers(session.answers, private, session.private_answers)
    shared = shared_view(session, private)
    results = results or {}
    # A model keeping its answers private for now (a DESC plan not yet held) is shown
    # whole in the private part; the shared part never shows results of private answers.
    withheld = [m for m, values in session.answers.items() if private_now(m, values)]
    if include_private and withheld:
        shared = replace(shared, answers={m: v for m, v in shared.answers.items()
                                          if m not in withheld})
        kept = replace(session, answers={m: session.answers[m] for m in withheld})
        private_sections = model_sections(kept, results, catalog)
        private_answers = {m: v for m, v in private_answers.items() if m not in withheld}
    else:
        private_sections = []
    shared_results = {m: results_for(m, shared.answers.get(m, {})) if m in private_answers
                      or m in withheld else found for m, found in results.items()}
    sections = model_sections(shared, shared_results, catalog)
    # an export writes its own front matter: rendering this one only to drop it cost most
    # of an export's time
    note_template = note_template or partial(render, "session.md.j2")
    text = note_template(session=shared,
                  front_matter=front_matter(session) if with_front_matter else {},
                  sections=sections, actions=actions or [], goals=goals or [],
                  goal_links=goal_links or {},
                  private_text=session.private.strip() if include_private else "",
                  private_sections=private_sections if include_private else [],
                  private_items=_private_items(private_answers, catalog)
                  if include_private else [])
    return text.rstrip("\n") + "\n"
