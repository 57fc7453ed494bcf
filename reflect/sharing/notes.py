"""Session notes: a session rendered to markdown, one section per supervision model.

The templates come through `reflect.settings.templates`, where a user's copy overrides
the built-in one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session
from reflect.models import private_now, results_for
from reflect.settings.errors import BadInput
from reflect.settings.templates import exists, template

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Catalog

GENERIC = "model_generic.md.j2"  # shows any model's answers
Render = Callable[..., str]


def front_matter(session: Session) -> dict[str, Any]:
    summary = session.summary()
    keys = ("id", "date", "title", "with", "attendees", "as", "kind", "tags", "models")
    return {key: summary[key] for key in keys}


class Notes:
    """Renders session notes, with what every note shares found once: the prompt sets'
    private prompts and labels, and which template shows each model. An export renders
    thousands of notes; looking these up for each one cost more than rendering it."""

    def __init__(self, catalog: Catalog | None = None):
        from reflect.reflection.privacy import private_prompts

        self.catalog = catalog
        self.private = private_prompts(catalog)
        self.note_template = template("session.md.j2")
        self.generic = template(GENERIC)
        self._models: dict[str, tuple[Render, dict[str, str], str]] = {}

    def model(self, model: str) -> tuple[Render, dict[str, str], str]:
        """A model's (template, labels, name), its own template if there is one."""
        if model not in self._models:
            prompt_set = self.catalog.sets.get(model) if self.catalog else None
            name = f"model_{model}.md.j2"
            self._models[model] = (
                template(name) if exists(name) else self.generic,
                prompt_set.labels() if prompt_set else {},
                prompt_set.name if prompt_set else model)
        return self._models[model]

    def sections(self, session: Session, results: dict[str, dict[str, Any]]) -> list[str]:
        """One markdown section per model answered, empty ones left out."""
        sections = []
        for model, answers in session.answers.items():
            shown, labels, name = self.model(model)
            context = {"answers": answers, "results": results.get(model, {}),
                       "labels": labels, "name": name, "role": session.role}
            text = _section((shown, self.generic), context)
            if text.strip():
                sections.append(text.strip())
        return sections

    def markdown(self, session: Session, results: dict[str, dict[str, Any]] | None = None,
                 actions: list | None = None, goals: list | None = None,
                 include_private: bool = True, goal_links: dict[str, str] | None = None,
                 with_front_matter: bool = True) -> str:
        """The session note: YAML front matter, then the record as readable markdown.

        Private reflection (the private text and answers to private prompts) is kept apart
        in a marked section at the end, and left out entirely when `include_private` is
        off. An export writes its own front matter (`with_front_matter` off): rendering
        this one only to drop it cost most of an export's time.
        """
        from reflect.reflection.privacy import split_view

        shared, private_answers = split_view(session, self.private)
        results = results or {}
        # A model keeping its answers private for now (a DESC plan not yet held) is shown
        # whole in the private part; the shared part never shows results of private answers.
        withheld = [m for m, values in session.answers.items() if private_now(m, values)]
        private_sections = []
        if include_private and withheld:
            shared = replace(shared, answers={m: v for m, v in shared.answers.items()
                                              if m not in withheld})
            private_sections = self.sections(
                replace(session, answers={m: session.answers[m] for m in withheld}), results)
            private_answers = {m: v for m, v in private_answers.items() if m not in withheld}
        shared_results = {m: results_for(m, shared.answers.get(m, {})) if m in private_answers
                          or m in withheld else found for m, found in results.items()}
        text = self.note_template(
            session=shared, front_matter=front_matter(session) if with_front_matter else {},
            sections=self.sections(shared, shared_results), actions=actions or [],
            goals=goals or [], goal_links=goal_links or {},
            private_text=session.private.strip() if include_private else "",
            private_sections=private_sections if include_private else [],
            private_items=self._private_items(private_answers) if include_private else [])
        return text.rstrip("\n") + "\n"

    def _private_items(self, answers: dict[str, dict[str, Any]]) -> list[tuple[str, Any]]:
        items = []
        for model, values in answers.items():
            labels = self.model(model)[1]
            for prompt, value in values.items():
                shown = labels.get(f"{prompt}.{value}", value) if isinstance(value, str) \
                    else value
                items.append((labels.get(prompt, f"{model}: {prompt}"), shown))
        return items


def _section(templates: tuple[Render, Render], context: dict[str, Any]) -> str:
    """A model's section through its template, else the generic one; answers neither
    can show (a journal from an older reflect, a prompt set changed since) are shown
    plainly instead of failing the note."""
    own, generic = templates
    for shown, given in ((own, context), (generic, {**context, "results": {}})):
        try:
            return shown(**given)
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


def session_markdown(session: Session, results: dict[str, dict[str, Any]] | None = None,
                     catalog: Catalog | None = None, actions: list | None = None,
                     goals: list | None = None, include_private: bool = True) -> str:
    """The session note, with its YAML front matter (see `Notes.markdown`)."""
    return Notes(catalog).markdown(session, results, actions, goals, include_private)
