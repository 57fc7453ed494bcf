"""The DESC script (Bower and Bower) for planning a difficult conversation.

Results:
    script          the four steps joined, in the user's own words, into something to
                    rehearse: "When <describe>, I feel <express>. I would like <specify>,
                    so that <consequences>." Missing steps are left out gracefully.
    steps_done      the steps with an answer, in order
    tips_unchecked  practice tips not ticked, in order (only when the checklist was shown)
script and steps_done are absent when no step was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reflect.models import Model
from reflect.models.history import answers_of, final, text_of

STEPS = ("describe", "express", "specify", "consequences")
TIPS = ("contract", "personal_or_managerial", "simple_message", "balance", "revisit")

# Opening words safe to lower-case mid-sentence; anything else (a name, "I", an
# acronym) keeps its capital because we cannot tell a proper noun from a first word.
_COMMON_OPENERS = frozenset(
    "a an the this that these those my our your his her their its it he she they we "
    "you there when whenever if after before during".split()
)


def _clause(text: Any) -> str:
    """The user's text ready to sit inside a sentence: one line, no closing full stop."""
    if not isinstance(text, str):
        return ""
    words = text.split()
    if words and words[0].lower() in _COMMON_OPENERS:
        words[0] = words[0].lower()
    return " ".join(words).rstrip(". ").strip()


def _feeling(express: str) -> str:
    """`express` as words after "When ...,": "I feel" added unless the user wrote an "I"."""
    if express.lower().startswith("i feel "):
        express = express[len("i feel "):]
    elif express.startswith(("I ", "I'm ", "I’m ")):
        return express
    return f"I feel {express}"


def _first_sentence(describe: str, express: str) -> str:
    if describe and express:
        return f"When {describe}, {_feeling(express)}."
    if describe:
        return f"I have noticed that {describe}."
    return f"{_feeling(express)}." if express else ""


def _second_sentence(specify: str, consequences: str) -> str:
    if specify and consequences:
        return f"I would like {specify}, so that {consequences}."
    if specify:
        return f"I would like {specify}."
    return f"That way, {consequences}." if consequences else ""


def script(answers: dict[str, Any]) -> str:
    """The rehearsal script assembled from whichever steps were written."""
    steps = {step: _clause(answers.get(step)) for step in STEPS}
    sentences = (
        _first_sentence(steps["describe"], steps["express"]),
        _second_sentence(steps["specify"], steps["consequences"]),
    )
    return " ".join(sentence for sentence in sentences if sentence)


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The script, the steps written and the tips still to think about; no `previous`."""
    found: dict[str, Any] = {}
    done = [step for step in STEPS if _clause(answers.get(step))]
    if done:
        found["script"] = script(answers)
        found["steps_done"] = done
    if "tips" in answers:
        ticked = answers.get("tips") or []
        found["tips_unchecked"] = [tip for tip in TIPS if tip not in ticked]
    return found


# across sessions ----------------------------------------------------------------------


def pending_desc(sessions: Iterable[Any]) -> list[dict[str, Any]]:
    """Planned DESC conversations not yet marked held (`held` is not true), oldest first."""
    pending = []
    for session in final(sessions):
        answers = answers_of(session, "desc")
        if not answers or answers.get("held") is True:
            continue
        pending.append({"id": session.id, "date": session.held_on.isoformat(),
                        "with": session.with_name,
                        **{step: text_of(answers.get(step)) for step in ("describe", "specify")},
                        "follow_up": text_of(answers.get("follow_up"))})
    return pending


MODEL = Model("desc", results, rank=40,
              prepare=lambda sessions, options: {"pending_desc": pending_desc(sessions)})
