"""The built-in model sections of a note, written in Python: the text that
`model_proctor.md.j2`, `model_heron.md.j2` and `model_generic.md.j2` give for the same
answers, results and labels, byte for byte, only without Jinja2's cost for every note.

Answers the template cannot show fail here too (TypeError, ValueError, AttributeError or
KeyError), so a note falls back to the generic section just as it does with Jinja2. Values
are written with `str()`, as `{{ }}` writes them; `trim` is `str(value).strip()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Number
from typing import Any

PROCTOR_FUNCTIONS = ("normative", "formative", "restorative")
HERON_GROUPS = {"prescriptive": "authoritative", "informative": "authoritative",
                "confronting": "authoritative", "cathartic": "facilitative",
                "catalytic": "facilitative", "supportive": "facilitative"}


def _trim(value: Any) -> str:
    return str(value).strip()


# model_generic.md.j2 ------------------------------------------------------------------

def generic_section(*, answers: Any, results: Any, labels: Any, name: Any,
                    **_unused: Any) -> str:
    """Every answer under its label, then every result."""
    lines = [f"## {name}", ""]
    for prompt_id, value in answers.items():
        lines.append(f"**{labels.get(prompt_id, prompt_id)}**")
        lines += _generic_answer(prompt_id, value, labels)
        lines.append("")
    if results:
        lines += [f"- {str(key).replace('_', ' ').capitalize()}: {value}"
                  for key, value in results.items()]
        lines.append("")
    return "\n".join(lines) + "\n"


def _generic_answer(prompt_id: Any, value: Any, labels: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [f"- {labels.get(f'{prompt_id}.{key}', key)}: {part}"
                for key, part in value.items()]
    if value is True or value is False:
        return ["Yes" if value else "No"]
    if isinstance(value, (str, Number)):
        return [f"{labels.get(f'{prompt_id}.{value}', value)}"]
    return [f"- {labels.get(f'{prompt_id}.{item}', item)}" for item in value]


# model_proctor.md.j2 ------------------------------------------------------------------

def proctor_section(*, answers: Any, results: Any, labels: Any, name: Any,
                    **_unused: Any) -> str:
    """Proctor's three functions: the balance as a table and bars, what was covered,
    what to bring next."""
    balance = results.get("balance")
    has_notes = (answers.get("normative_notes") or answers.get("formative_notes")
                 or answers.get("restorative_notes"))
    if not (balance or has_notes or answers.get("needed_more") or answers.get("bring_next")):
        return ""
    parts = [f"## {name}\n\n"]
    if balance:
        parts.append(_proctor_balance(balance, results, labels))
    parts.append(_needed_more(answers, labels))
    if has_notes:
        parts.append(_covered(answers, labels))
    if answers.get("bring_next"):
        parts.append(f"### To bring next time\n\n{_trim(answers['bring_next'])}\n")
    return "".join(parts)


def _function_label(labels: Any, function: str) -> Any:
    return labels.get(f"split.{function}", function.capitalize())


def _proctor_balance(balance: Any, results: Any, labels: Any) -> str:
    lines = ["Rough shares of attention; parts of a session often serve more than one "
             "function.", "", "| Function | Share |", "| --- | ---: |"]
    lines += [f"| {_function_label(labels, f)} | {balance[f]}% |" for f in PROCTOR_FUNCTIONS]
    lines += ["", "```text"]
    for f in PROCTOR_FUNCTIONS:
        blocks = (balance[f] + 5) // 10
        share = "%3d" % balance[f]  # noqa: UP031 - `%d` as the template: True is "1"
        lines.append(f"{f.capitalize():<12}" + "█" * blocks + "░" * (10 - blocks)
                     + f" {share}%")
    lines += ["```", "", ""]
    return "\n".join(lines) + _proctor_reading(results)


def _proctor_reading(results: Any) -> str:
    text = ""
    if results.get("given_total"):
        text += (f"The shares given added up to {results['given_total']}, not 100, so they "
                 "are scaled to 100 here.\n\n")
    if results.get("dominant"):
        text += f"The largest share went to the {results['dominant']} function.\n"
    if results.get("least_attention"):
        least = ", ".join(map(str, results["least_attention"]))
        text += f"Least attention this time: {least}.\n"
    if results.get("dominant") or results.get("least_attention"):
        text += "\n"
    return text


def _needed_more(answers: Any, labels: Any) -> str:
    needed = answers.get("needed_more")
    if needed == "balance_right":
        return "**Needed more:** nothing in particular; the balance felt about right.\n\n"
    if needed:
        return f"**Needed more:** {labels.get(f'split.{needed}', needed)}.\n\n"
    return ""


def _covered(answers: Any, labels: Any) -> str:
    text = "### What was covered\n\n"
    for f in PROCTOR_FUNCTIONS:
        if answers.get(f"{f}_notes"):
            text += f"**{_function_label(labels, f)}**\n\n{_trim(answers.get(f'{f}_notes'))}\n\n"
    return text


# model_heron.md.j2 --------------------------------------------------------------------

def heron_section(*, answers: Any, results: Any, labels: Any, name: Any,
                  **_unused: Any) -> str:
    """Heron's six categories: which were used and needed, by group, and how they landed."""
    used = answers.get("used") or []
    needed = answers.get("needed") or []
    marked = [c for c in HERON_GROUPS if c in used + needed]
    landed = [c for c in HERON_GROUPS if answers.get(f"{c}_landed")]
    if not (marked or landed or answers.get("mix_right") or answers.get("ask_next")):
        return ""
    parts = [f"## {name}\n\n"]
    if marked:
        parts.append(_heron_table(marked, used, needed, labels))
    # read only here, as the template does: answers with nothing to show never touch it
    by_group = results.get("used_by_group")
    if by_group:
        parts.append(_heron_by_group(by_group, labels))
    if answers.get("mix_right"):
        mix = answers["mix_right"]
        parts.append(f"**Was the mix right?** {labels.get(f'mix_right.{mix}', mix)}.\n\n")
    if landed:
        parts.append(_heron_landed(answers, labels))
    if answers.get("ask_next"):
        parts.append(f"### Next time\n\n{_trim(answers['ask_next'])}\n")
    return "".join(parts)


def _intervention(labels: Any, kind: Any) -> Any:
    return labels.get(f"used.{kind}", str(kind).capitalize())


def _heron_table(marked: list[str], used: Any, needed: Any, labels: Any) -> str:
    lines = ["| Intervention | Group | Used | Needed |", "| --- | --- | :---: | :---: |"]
    for c in marked:
        tick_used, tick_needed = ("✓" if c in used else ""), ("✓" if c in needed else "")
        lines.append(f"| {_intervention(labels, c)} | {HERON_GROUPS[c].capitalize()} "
                     f"| {tick_used} | {tick_needed} |")
    return "\n".join(lines) + "\n\n"


def _heron_by_group(by_group: Any, labels: Any) -> str:
    lines = []
    for group, kinds in by_group.items():
        shown = [str(_intervention(labels, c)) for c in kinds]
        lines.append(f"- {str(group).capitalize()} used: {', '.join(shown) if shown else 'none'}")
    lines += ["", "These are the kinds of intervention noticed, not how often or for how "
              "long each was used.", "", ""]
    return "\n".join(lines)


def _heron_landed(answers: Any, labels: Any) -> str:
    text = "### How they landed\n\n"
    for c in HERON_GROUPS:
        if answers.get(f"{c}_landed"):
            text += f"**{_intervention(labels, c)}**\n\n{_trim(answers.get(f'{c}_landed'))}\n\n"
    return text
