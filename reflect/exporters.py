"""Exporters: the journal as markdown notes, a printable HTML folder, or one JSON document.

`EXPORTERS` maps each `--format` name to an `Exporter`, which turns the chosen records
into files (a tree of relative path -> bytes, or the bytes of one file); `reflect.outfiles`
writes them. Output depends only on the records, never on the clock or on the day of the
export, so exporting an unchanged journal twice gives identical bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from reflect.records import Action, Goal, Session

Tick = Callable[[], None]
Output = dict[str, bytes] | bytes
SITE_TITLE = "Supervision journal"
GENERATOR_META = '<meta name="generator" content="reflect">'
# Goals are reported as of no particular day, so "overdue" (which changes with the
# calendar, not the journal) never makes two exports of one journal differ.
AS_OF_NO_DAY = date.min


@dataclass
class Selection:
    """Which sessions to export; goals and actions follow the sessions they came from."""

    date_from: date | None = None
    date_to: date | None = None
    with_name: str | None = None
    tag: str | None = None
    models: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    include_private: bool = False
    redact: bool = False

    def narrows(self) -> bool:
        return any((self.date_from, self.date_to, self.with_name, self.tag, self.models,
                    self.ids))


@dataclass
class ExportData:
    """The records one export holds, sessions oldest first."""

    journal: Any
    sessions: list[Session]
    goals: list[Goal]
    actions: list[Action]
    whole: bool  # nothing was filtered out, so people and contracts go in whole
    catalog: Any = None  # the prompt sets, when any session has answers
    include_private: bool = False
    redactor: Any = None  # a reflect.redact.Redactor when names and identifiers go

    def __post_init__(self) -> None:
        self._goals: dict[str | None, list[Goal]] = {}
        self._actions: dict[str | None, list[Action]] = {}
        for goal in self.goals:
            self._goals.setdefault(goal.session_id, []).append(goal)
        for action in self.actions:
            self._actions.setdefault(action.session_id, []).append(action)

    def goals_of(self, session_id: str) -> list[Goal]:
        return self._goals.get(session_id, [])

    def actions_of(self, session_id: str) -> list[Action]:
        return self._actions.get(session_id, [])


def chronological(session: Session) -> tuple:
    return (session.held_on, session.created, session.id)


def gather(journal, selection: Selection) -> ExportData:
    """The sessions `selection` picks, with the goals and actions that belong to them.

    Sessions come as their shared view: private reflection (the private text and the
    answers to private prompts) is left out unless the selection asks to include it.
    Deleted sessions are always left out.
    """
    from reflect.goalstore import GoalFilter
    from reflect.privacy import private_prompts, shared_view
    from reflect.promptsets import load_catalog
    from reflect.store import SessionFilter

    ids = {journal.resolve_session_id(ref) for ref in selection.ids}
    sessions = [s for s in journal.sessions(SessionFilter(
        date_from=selection.date_from, date_to=selection.date_to,
        with_name=selection.with_name, tag=selection.tag))
        if (not ids or s.id in ids)
        and (not selection.models or set(s.models) & set(selection.models))]
    catalog = load_catalog() if any(s.answers for s in sessions) else None
    private = private_prompts(catalog)
    if not selection.include_private:
        sessions = [shared_view(s, private) for s in sessions]
    sessions = sorted(sessions, key=chronological)
    chosen, whole = {s.id for s in sessions}, not selection.narrows()
    goals = [g for g in journal.goals.list(GoalFilter(status=None))
             if whole or g.session_id in chosen]
    actions = [a for a in journal.goals.actions() if whole or a.session_id in chosen]
    redactor = None
    if selection.redact:
        from reflect.redact import Redactor

        redactor = Redactor.from_journal(journal)
        sessions = [redactor.session(s) for s in sessions]
        goals = [_redacted(redactor, g, GOAL_TEXT) for g in goals]
        actions = [_redacted(redactor, a, ("what", "who")) for a in actions]
    return ExportData(journal, sessions, goals, actions, whole, catalog,
                      selection.include_private, redactor)


GOAL_TEXT = ("title", "specific", "measurable", "achievable", "relevant", "partner",
             "status_note")


def _redacted(redactor, record, names: tuple[str, ...]):
    from reflect.records import Review

    changes = {n: redactor.text(getattr(record, n)) for n in names if getattr(record, n)}
    if getattr(record, "reviews", None):
        changes["reviews"] = [Review(r.reviewed_on, r.progress, redactor.text(r.note),
                                     r.evidence and redactor.text(r.evidence))
                              for r in record.reviews]
    return replace(record, **changes)


def redaction_plan(journal, selection: Selection) -> list[dict[str, str]]:
    """What `--redact` would replace, and where, without writing anything."""
    from reflect.redact import Redactor

    plain = gather(journal, replace(selection, redact=False))
    redactor = Redactor.from_journal(journal)
    plan = []
    for session in plain.sessions:
        for where, text in _texts(session):
            plan += [{"session": session.id[:8], "date": session.held_on.isoformat(),
                      "where": where, "kind": f.kind, "original": f.original,
                      "replacement": f.replacement} for f in redactor.findings(text)]
    for goal in plain.goals:
        for name in GOAL_TEXT:
            plan += [{"session": (goal.session_id or "")[:8], "date": "", "where":
                      f"goal {goal.id[:8]} {name}", "kind": f.kind, "original": f.original,
                      "replacement": f.replacement}
                     for f in redactor.findings(getattr(goal, name) or "")]
    return plan


def _texts(session: Session) -> Iterator[tuple[str, str]]:
    for name in ("title", "body", "private", "with_name", "presenter", "issue_presented"):
        value = getattr(session, name)
        if value:
            yield name.replace("with_name", "with"), value
    for person in session.attendees:
        yield "attendees", person
    for model, values in session.answers.items():
        for prompt, value in values.items():
            for text in _strings(value):
                yield f"{model}.{prompt}", text


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# File names ---------------------------------------------------------------------------

def slug(title: str) -> str:
    """`supervision-with-zoe` from "Supervision with Zoë": ASCII, lower case, dashes."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-")
    return text or "session"


def note_stems(sessions: list[Session]) -> dict[str, str]:
    """Each session's file name without extension, `YYYY-MM-DD-slug`, unique: a later
    session with the same date and title gets the start of its id added."""
    stems: dict[str, str] = {}
    for session in sorted(sessions, key=chronological):
        base = stem = f"{session.held_on.isoformat()}-{slug(session.title)}"
        size = 8
        while stem in stems.values():
            stem, size = f"{base}-{session.id[:size]}", size + 8
        stems[session.id] = stem
    return stems


# Notes --------------------------------------------------------------------------------

def without_front_matter(text: str) -> str:
    from reflect.exchange import split_front_matter

    try:
        _, rest, _ = split_front_matter(text)
    except ValueError:
        return text
    return rest.lstrip("\n")


def note_text(data: ExportData, session: Session, marked: bool) -> str:
    """The note as `reflect show` renders it (same template, same results), without its
    front matter; `marked` fences the reflection so an import takes it back exactly."""
    from reflect.exchange import mark_body
    from reflect.notes import session_markdown
    from reflect.results import session_results

    results = session_results(data.journal, session)
    shown = replace(session, body=mark_body(session.body)) if marked else session
    note = session_markdown(shown, results, data.catalog if session.answers else None,
                            actions=data.actions_of(session.id),
                            goals=data.goals_of(session.id),
                            include_private=data.include_private)
    return without_front_matter(note)


def note_file(data: ExportData, session: Session) -> str:
    """An exported note: everything about the session as front matter, then the note."""
    from reflect.exchange import dump_yaml, marked_body, session_record

    text = note_text(data, session, marked=True)
    record = session_record(session, [g.id for g in data.goals_of(session.id)],
                            data.actions_of(session.id))
    if session.body and marked_body(text) != session.body:
        record["body"] = session.body  # a user's note template left the reflection out
    return f"---\n{dump_yaml(record)}---\n\n{text}"


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", text)


def index_markdown(data: ExportData, stems: dict[str, str], ext: str) -> str:
    from reflect.notes import render

    entries = [{"year": s.held_on.year, "link": stems[s.id] + ext,
                "label": md_escape(f"{s.held_on.isoformat()} · {s.title}"),
                "with": md_escape(s.with_name or ""), "draft": s.status == "draft"}
               for s in data.sessions]
    front_matter = {"title": SITE_TITLE, "generated": True, "sessions": len(entries)}
    text = render("index.md.j2", front_matter=front_matter, title=SITE_TITLE,
                  entries=entries, goals_link="goals" + ext)
    return text.rstrip("\n") + "\n"


def goals_file(data: ExportData) -> str:
    from reflect.goalexport import goals_markdown

    return goals_markdown(data.goals, AS_OF_NO_DAY)


# Markdown -----------------------------------------------------------------------------

def export_markdown(data: ExportData, single: bool, tick: Tick) -> Output:
    """A folder of notes with index.md and goals.md, or with `single` one combined file."""
    if single:
        return _markdown_single(data, tick)
    stems, tree = note_stems(data.sessions), {}
    for session in data.sessions:
        tree[stems[session.id] + ".md"] = note_file(data, session).encode("utf-8")
        tick()
    tree["index.md"] = index_markdown(data, stems, ".md").encode("utf-8")
    tree["goals.md"] = goals_file(data).encode("utf-8")
    return tree


def _markdown_single(data: ExportData, tick: Tick) -> bytes:
    from reflect.exchange import dump_yaml

    parts = []
    for session in data.sessions:
        parts.append(note_text(data, session, marked=False))
        tick()
    parts.append(without_front_matter(goals_file(data)))
    head = dump_yaml({"title": SITE_TITLE, "generated": True,
                      "sessions": len(data.sessions), "goals": len(data.goals)})
    body = "\n---\n\n".join(part.rstrip("\n") + "\n" for part in parts)
    return f"---\n{head}---\n\n{body}".encode()


def owns_markdown(path: Path) -> bool:
    """True for a note, index or goals file that an earlier export wrote."""
    import yaml

    from reflect.exchange import ID_PATTERN, load_yaml, split_front_matter

    if path.suffix != ".md":
        return False
    try:
        head, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        data = load_yaml(head) if head else None
    except (OSError, ValueError, KeyError, TypeError, RecursionError, yaml.YAMLError):
        return False
    if not isinstance(data, dict):
        return False
    note = re.fullmatch(ID_PATTERN, str(data.get("id"))) and "updated" in data
    return bool(note) or data.get("generated") is True


# HTML ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _markdown_it():
    from markdown_it import MarkdownIt

    # html off: whatever a note says is shown as text, never run as markup or script
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def stylesheet() -> str:
    """export.css: the user's copy in their templates folder, else the built-in one."""
    from reflect.notes import environment

    env = environment()
    return env.loader.get_source(env, "export.css")[0]


class Pages:
    """HTML pages from one template compiled once (an export may hold thousands)."""

    def __init__(self):
        import jinja2

        from reflect.errors import BadInput
        from reflect.notes import environment

        try:
            self.template = environment().get_template("page.html.j2")
        except jinja2.TemplateError as e:
            raise BadInput(f"template page.html.j2: {e.message or e}") from e

    def page(self, title: str, markdown: str, css: str | None = None,
             nav: bool = True) -> bytes:
        html = self.template.render(title=title, content=_markdown_it().render(markdown),
                                    inline_css=css, nav=nav, generator=GENERATOR_META)
        return (html.rstrip("\n") + "\n").encode("utf-8")


def export_html(data: ExportData, single: bool, tick: Tick) -> Output:
    """Self-contained pages (one stylesheet, no script), or one page with `single`."""
    stems, pages = note_stems(data.sessions), Pages()
    goals = without_front_matter(goals_file(data))
    if single:
        parts = []
        for session in data.sessions:
            parts.append(note_text(data, session, marked=False))
            tick()
        return pages.page(SITE_TITLE, "\n\n---\n\n".join([*parts, goals]),
                          css=stylesheet(), nav=False)
    tree = {"export.css": stylesheet().encode("utf-8")}
    for session in data.sessions:
        tree[stems[session.id] + ".html"] = pages.page(session.title,
                                                       note_text(data, session, False))
        tick()
    index = without_front_matter(index_markdown(data, stems, ".html"))
    tree["index.html"] = pages.page(SITE_TITLE, index, nav=False)
    tree["goals.html"] = pages.page("Goals", goals)
    return tree


def owns_html(path: Path) -> bool:
    if path.name == "export.css":
        return True
    if path.suffix != ".html":
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return GENERATOR_META in f.read(4096)
    except OSError:
        return False


# Registry -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Exporter:
    build: Callable[[ExportData, bool, Tick], Output]
    owns: Callable[[Path], bool]  # a file an earlier export of this kind wrote
    one_file: bool = False  # always a single file, --single or not


def _export_json(data: ExportData, single: bool, tick: Tick) -> Output:
    from reflect.jsonexport import export_json

    return export_json(data, tick)


EXPORTERS: dict[str, Exporter] = {
    "markdown": Exporter(export_markdown, owns_markdown),
    "html": Exporter(export_html, owns_html),
    "json": Exporter(_export_json, lambda path: False, one_file=True),
}
