"""The built-in note templates written in Python, and the registry of them by template name.

Each renderer takes the keyword context its Jinja2 template takes and returns the same
text, byte for byte: an export renders thousands of notes, and Jinja2 was most of its
time. `templates.render` and `templates.template` use a renderer here unless the user keeps
a template of that name in their templates folder; templates not listed here (and every
user override) still go through Jinja2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reflect.settings.builtin_models import generic_section, heron_section, proctor_section
from reflect.settings.note_filters import long_date, to_yaml

# `goal_links` left out of the context, which the template tests with `is defined`
_NOT_GIVEN: Any = object()
_PRIVATE_NOTICE = "> Only you see this part: it is left out of exports and anything you share."


def session_note(*, session: Any, front_matter: Any, sections: Any, actions: Any,
                 goals: Any, private_text: Any, private_items: Any, private_sections: Any,
                 goal_links: Any = _NOT_GIVEN, **_unused: Any) -> str:
    """`session.md.j2`: front matter, the heading line, the record's parts, then the
    private reflection."""
    parts = [_front_matter(front_matter), "\n", _heading(session), _about(session)]
    parts += [f"{str(section).strip()}\n\n" for section in sections]
    parts += [_reflection(session), _actions(actions), _goals(goals, goal_links), "\n"]
    parts.append(_private(private_text, private_items, private_sections))
    return "".join(parts)


def _front_matter(front_matter: Any) -> str:
    return f"---\n{to_yaml(front_matter)}---\n" if front_matter else ""


def _heading(session: Any) -> str:
    title = " ".join(session.title.split())
    with_name = f" · with {session.with_name}" if session.with_name else ""
    kind = str(session.kind).replace("-", " ")
    # `%d` as the template has it: a duration of 90.5 is written "90 minutes"
    minutes = " · %d minutes" % session.duration if session.duration else ""  # noqa: UP031
    return (f"# {title}\n\n{long_date(session.held_on)}{with_name} · {kind} "
            f"· as {session.role}{minutes}\n\n")


def _about(session: Any) -> str:
    """Attendees, who presented what, tags, and whether the record is a draft."""
    text = ""
    if session.attendees:
        text += f"Attendees: {', '.join(map(str, session.attendees))}\n\n"
    if session.presenter or session.issue_presented:
        who = f"Presented by {session.presenter}" if session.presenter else "Issue presented"
        issue = f": {session.issue_presented}" if session.issue_presented else ""
        text += f"{who}{issue}\n\n"
    if session.tags:
        text += f"Tags: {', '.join(map(str, session.tags))}\n\n"
    if session.status == "draft":
        text += "> Draft: this record is not finished yet.\n\n"
    return text


def _reflection(session: Any) -> str:
    return f"## Reflection\n\n{str(session.body).strip()}\n\n" if session.body else ""


def _actions(actions: Any) -> str:
    if not actions:
        return ""
    lines = ["## Agreed actions", ""]
    for action in actions:
        done = "x" if action.done_on else " "
        who = f" ({action.who})" if action.who else ""
        due = f" by {action.due}" if action.due else ""
        lines.append(f"- [{done}] {action.what}{who}{due}")
    return "\n".join(lines) + "\n\n"


def _goals(goals: Any, goal_links: Any) -> str:
    if not goals:
        return ""
    lines = ["## Goals set", ""]
    for goal in goals:
        linked = goal_links is not _NOT_GIVEN and goal.id in goal_links
        title = f"[{goal.title}]({goal_links[goal.id]})" if linked else goal.title
        due = f", due {goal.due}" if goal.due else ""
        lines.append(f"- {title}{due} ({goal.status})")
    return "\n".join(lines) + "\n"


def _private(private_text: Any, private_items: Any, private_sections: Any) -> str:
    if not (private_text or private_items or private_sections):
        return ""
    lines = ["## Private reflection", "", _PRIVATE_NOTICE, ""]
    for section in private_sections:
        lines += [f"{section}", ""]
    for label, value in private_items:
        lines += [f"**{label}**", "", f"{value}", ""]
    if private_text:
        lines.append(f"{private_text}")
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {
    "session.md.j2": session_note,
    "model_generic.md.j2": generic_section,
    "model_proctor.md.j2": proctor_section,
    "model_heron.md.j2": heron_section,
}
