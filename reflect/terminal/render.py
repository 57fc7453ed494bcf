"""Terminal output: Rich tables and notes for people, plain JSON for scripts.

Data is built once by the domain and shown here two ways; nothing is parsed back.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect.journal.records import Session


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_line(text: str) -> None:
    """A bare value on stdout (an id, a path) that scripts can capture."""
    sys.stdout.write(text + "\n")


def notice(text: str) -> None:
    """A message for the person at the terminal, on stderr so stdout stays clean."""
    _console(stderr=True).print(text, markup=False, soft_wrap=True)


def error(text: str) -> None:
    sys.stderr.write(f"reflect: error: {text}\n")


def print_markdown(text: str, paged: bool = True) -> None:
    """A note: rendered with Rich on a terminal (through the pager when longer than the
    screen), raw markdown elsewhere."""
    if not stdout_is_terminal():
        sys.stdout.write(text)
        return
    from rich.markdown import Markdown

    from reflect.terminal import pager

    body = text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        body = text[end + 5:] if end != -1 else text
    console = _console()
    with console.capture() as captured:
        console.print(Markdown(body))
    pager.page(captured.get(), paged)


def print_long(text: str, paged: bool = True) -> None:
    """Raw text on stdout, through the pager on a terminal when longer than the screen."""
    from reflect.terminal import pager

    pager.page(text if text.endswith("\n") else text + "\n", paged)


def answer_text(prompt, value: Any) -> str:
    """An answer as a short line, using the prompt's labels (its kind says how)."""
    from reflect.reflection.kinds import KINDS

    return KINDS[prompt.kind].show(prompt, value)


def preview_markdown(text: str) -> None:
    """A note shown to the person (on stderr, so stdout keeps only the id)."""
    from rich.markdown import Markdown

    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    _console(stderr=True).print(Markdown(body))


def drafts_table(drafts: list[Session]) -> None:
    if not drafts:
        notice("No drafts: every session is finished.")
        return
    lines = [f"  {i}. {s.id[:8]}  {s.held_on}  {s.title}" for i, s in enumerate(drafts, 1)]
    notice("Drafts:\n" + "\n".join(lines))


_GOES = {
    None: "Goes in: the record. Type private to keep this answer to yourself.",
    "chosen": "Goes in: your private reflection (your choice; type private again to put it "
              "in the record).",
    "always": "Goes in: your private reflection (this question is always private).",
    "for now": "Goes in: your private reflection until the conversation is marked held.",
}


def goes(where: str | None, listing: bool = False) -> str:
    """Where an answer goes, in words, for the line under each question and its help
    (`listing`: for a list of the prompts, where nothing can be typed)."""
    return "Goes in: the record." if listing and where is None else _GOES[where]


def prompt_set(prompt_set, origin: str) -> None:
    """A prompt set, readable: what each prompt asks and how it is answered."""
    from reflect.reflection.kinds import KINDS

    lines = [f"# {prompt_set.name} ({prompt_set.id}, version {prompt_set.version})", "",
             prompt_set.summary.strip(), "", f"Source: {prompt_set.source}",
             f"Origin: {origin}", ""]
    for number, prompt in enumerate(prompt_set.prompts, 1):
        flags = [prompt.kind] + (["required"] if prompt.required else [])
        if prompt.when:
            flags.append(f"only if {prompt.when.describe()}")
        lines.append(f"{number}. {prompt.text}  [{prompt.id}: {', '.join(flags)}]")
        if prompt.text_supervisor:
            lines.append(f"   As supervisor: {prompt.text_supervisor}")
        for item in prompt.choices or prompt.parts or []:
            lines.append(f"   - {item.id}: {item.label}")
        described = KINDS[prompt.kind].describe(prompt)
        if described:
            lines.append(f"   {described}")
        lines.append(f"   {goes(_where(prompt_set, prompt), listing=True)}")
    lines += ["", "Any answer can be kept private when you give it: type private at the "
                  "question, or list it as model.prompt under keep_private in an answers file."]
    _console().print("\n".join(lines), markup=False)


def _where(prompt_set, prompt) -> str | None:
    """Where an answer goes before anything is answered (see `Interview.where`)."""
    from reflect.models import private_now

    if prompt.private:
        return "always"
    return "for now" if prompt.id in private_now(prompt_set.id, {}) else None


def problems(subject: str, found: list[str]) -> None:
    """Every problem in a file, one per line, on stderr."""
    count = f"{len(found)} problem" + ("s" if len(found) != 1 else "")
    sys.stderr.write(f"reflect: error: {subject} has {count}:\n")
    for problem in found:
        sys.stderr.write(f"  {subject}: {problem}\n")


VERDICT_MARKS = {"met": "✓ met", "weak": "~ weak", "missing": "✗ missing"}


def smart_scorecard(title: str, card: dict[str, dict[str, str]]) -> None:
    """The SMART check, one line per letter, on stderr (stdout keeps the id)."""
    from reflect.goals.smart import LETTER_NAMES

    lines = [f"SMART check for '{title}':"]
    for letter, result in card.items():
        tip = f"  {result['suggestion']}" if result["suggestion"] else ""
        found = f" ({result['why']})" if result.get("why") else ""
        lines.append(f"  {LETTER_NAMES[letter]:<11} {VERDICT_MARKS[result['verdict']]}{found}"
                     f"{tip}")
    notice("\n".join(lines))


def goal_detail(goal, card, today) -> None:
    from reflect.goals.smart import LETTER_NAMES

    due = goal.due.isoformat() if goal.due else "no date"
    lines = [goal.title, f"id {goal.id}  status {goal.status}  due {due}"
             + (" (overdue)" if goal.overdue(today) else "")]
    if goal.partner:
        lines.append(f"partner {goal.partner}")
    if goal.status_note:
        lines.append(f"note {goal.status_note}")
    lines.append("")
    for part in ("specific", "measurable", "achievable", "relevant"):
        lines.append(f"{LETTER_NAMES[part]:<11} {getattr(goal, part) or '-'}")
    lines.append("")
    for letter, result in card.items():
        lines.append(f"{LETTER_NAMES[letter]:<11} {VERDICT_MARKS[result['verdict']]}  "
                     f"{result['suggestion']}".rstrip())
    if goal.reviews:
        lines += ["", "Reviews:"] + [
            f"  {r.reviewed_on}  {r.progress:>3}%  {r.note}"
            + (f" (evidence: {r.evidence})" if r.evidence else "") for r in goal.reviews]
    _console().print("\n".join(lines), markup=False)


def person_summary(data: dict[str, Any]) -> None:
    lines = [data["name"] + (f" ({data['role']})" if data["role"] else "")
             + (f", {data['team']}" if data["team"] else "")]
    sessions = data["sessions"]
    lines.append(f"{len(sessions)} sessions" + (
        f", {sessions[-1]['date']} to {sessions[0]['date']}" if sessions else ""))
    lines += [f"  {s['date']}  {s['title']}" for s in sessions[:5]]
    if data.get("plans"):
        lines.append(f"{len(data['plans'])} conversations planned (reflect list --kind plan)")
    open_goals = [g for g in data["goals"] if g["status"] == "open"]
    lines.append(f"{len(open_goals)} open goals of {len(data['goals'])}")
    lines += [f"  due {g['due']}  {g['title']}" for g in open_goals]
    lines.append(f"{len(data['actions_open'])} open actions")
    lines += [f"  {a['what']}" + (f" by {a['due']}" if a["due"] else "")
              for a in data["actions_open"]]
    contract = data["contract"]
    lines.append(f"Contract: version {contract['version']}, review by {contract['review_on']}"
                 if contract else "No contract recorded.")
    _console().print("\n".join(lines), markup=False)


def _spark(values: list[int]) -> str:
    """A sparkline; plain block characters, so it reads without colour too."""
    blocks = "▁▂▃▄▅▆▇█"
    top = max(values) if values else 0
    return "".join(blocks[round(v * 7 / top)] if top else blocks[0] for v in values)


def _development_lines(development: dict[str, Any], whose: str) -> list[str]:
    """One person's levels by month per domain; nothing when no domain was rated."""
    domains = (development or {}).get("domains") or {}
    if not any(data["series"] for data in domains.values()):
        return []
    return ["", f"Development{whose} (Stoltenberg levels by month, oldest first)"] + [
        f"  {domain:<12} {' → '.join(str(p['level']) for p in data['series'])}"
        f"  (last rated {data['rated_on']}{', stale' if data['stale'] else ''})"
        for domain, data in domains.items() if data["series"]]


def _gap_text(gap: dict[str, Any]) -> str | None:
    if gap.get("average_days") is None:
        return None
    agreed = f" (agreed: every {gap['frequency_days']} days)" if gap.get(
        "frequency_days") else ""
    return f"{gap['average_days']} days{agreed}"


def _gap_lines(figures: dict[str, Any]) -> list[str]:
    """The average gap: one line for one relationship, else one per person."""
    people = figures.get("people")
    if not people:
        text = _gap_text(figures["gap"])
        return [f"Average gap between sessions: {text}"] if text else []
    rows = [("no one named", figures["gap"]), *((n, c["gap"]) for n, c in people.items())]
    found = [f"  {who}: {text}" for who, gap in rows if (text := _gap_text(gap))]
    return ["Average gap between sessions, per person:", *found] if found else []


def stats_view(figures: dict[str, Any], name: str | None) -> None:
    """Stats as text with bars and a sparkline; development and gaps per person."""
    from reflect.settings.templates import bar as _bar

    lines = [f"Stats{' with ' + name if name else ''}: {figures['sessions']} sessions"
             + (f", {figures['first']} to {figures['last']}" if figures["first"] else "")]
    months = figures["per_month"]
    if months:
        lines += ["", f"Sessions per month  {_spark(list(months.values()))}  "
                  f"({next(iter(months))} to {list(months)[-1]})"]
    shares = figures["balance"].get("shares")
    if shares:
        lines += ["", "Proctor balance (all sessions)"] + [
            f"  {part:<12} {_bar(share)} {share:>3}%" for part, share in shares.items()]
    used = figures["interventions"]["used"]
    if any(used.values()):
        top = max(used.values())
        lines += ["", "Heron interventions used"] + [
            f"  {kind:<13} {'█' * round(count * 20 / top):<20} {count}"
            for kind, count in used.items()]
    people = figures.get("people") or {}
    lines += _development_lines(figures.get("development"), ", no one named" if people else "")
    for person, course in people.items():
        lines += _development_lines(course.get("development"), f" with {person}")
    goals = figures["goals"]
    lines += ["", "Goals: " + ", ".join(f"{n} {k}" for k, n in goals.items())]
    lines += _gap_lines(figures)
    _console().print("\n".join(lines), markup=False)


def versions_table(versions) -> None:
    lines = [f"  {number}  {when}" + ("  (current)" if current else "")
             for number, when, _, current in versions]
    _console().print("Versions:\n" + "\n".join(lines), markup=False)
