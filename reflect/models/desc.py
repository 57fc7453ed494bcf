"""The DESC script (Bower and Bower) for planning a difficult conversation.

Each step's answer completes a sentence stem shown before it; `script` joins them, in
the user's own words, into something a person could say:

    When <describe>, the effect is that <effect>.   (no effect: "When <describe>, I feel
    I feel <express>.                                 <express>."; no express either:
    I would like you to <specify>.                    "I have noticed that <describe>.")
    That would mean <consequences>.
    If nothing changes, <if_unchanged>.

Rules, so the sentences stay whole:
- A stem the user typed as well ("When ...", "I would like you to ...") is not doubled,
  and a closing full stop is dropped. The first word is lower-cased mid-sentence only if
  it is a common opener ("the", "in", "it" ...), so names and "I" keep their capital.
- Express is a feeling ("worried" or "Worried" -> "I feel worried."). Written as a clause about the
  situation ("it leaves the family without a plan"), it is a concern, not a feeling:
  "I am concerned that it leaves the family without a plan." A sentence the user starts
  with "I" is kept as written.
- Specify is a request to the other person: "I would like you to <specify>." When the
  answer names who should act ("Sam to ...", "Sam will ...", "the team to ..."), it
  reads "I would like Sam to ..."; one starting "we" reads "I would like us to ...".
  One starting with "a", "the", "more" ... asks for a thing: "I would like a call
  first." Otherwise the first word is a verb ("Update the record"), lower-cased.
- Consequences have two parts: the good the change brings first; what follows if nothing
  changes only when the user gave it.
A script the user wrote or edited (the `script` prompt) is theirs and is used as it is.

Results:
    script          the user's script, else the joined steps; absent with no step written
    steps_done      the steps with an answer, in order
    tips_unchecked  practice tips not ticked, in order (only when the checklist was shown)

A plan is private preparation until the conversation is marked held (`private`): until
then only who it is with, when, the follow-up and whether it is held are record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from reflect.models import Model
from reflect.models.history import answers_of, final, text_of

STEPS = ("describe", "effect", "express", "specify", "consequences", "if_unchanged")
TIPS = ("contract", "personal_or_managerial", "simple_message", "balance", "resistance",
        "apologise", "revisit")
# What stays record while the conversation is still being planned.
RECORD_WHILE_PLANNED = frozenset({"partner", "planned_for", "follow_up", "held"})
PLAN_PROMPTS = frozenset({*STEPS, "script", "tips"})

# Opening words safe to lower-case mid-sentence; anything else (a name, "I", an
# acronym) keeps its capital because we cannot tell a proper noun from a first word.
_COMMON_OPENERS = frozenset(
    "a an the this that these those my our your his her their its it he she they we "
    "you there when whenever if after before during in on at since over for every each "
    "some most all".split()
)
# First words that make `express` a clause about the situation rather than a feeling.
_CLAUSE_OPENERS = frozenset(
    "a an the this that these those my our your his her their its it he she they we "
    "you there".split()
)
# First words that make `specify` a thing wanted ("a call first") rather than a doing.
_THINGS = frozenset("a an the some more fewer less my our your this that these those every "
                    "each".split())
# Who should act, named at the start of `specify` ("Sam to ...", "we ...").
_ACTOR = re.compile(r"(the\s+\w+|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+"
                    r"(?:to|will|would|could|should|can)\s+(.+)")


def _strip_stem(text: str, *stems: str) -> str:
    for stem in stems:
        typed = re.match(re.escape(stem) + r"[\s,:]+", text, re.IGNORECASE)
        if typed:
            return text[typed.end():]
    return text


def _clause(text: Any, *stems: str) -> str:
    """The user's text ready to sit inside a sentence: one line, no stem typed twice, no
    closing full stop."""
    if not isinstance(text, str):
        return ""
    text = _strip_stem(" ".join(text.split()), *stems)
    words = text.split()
    if words and words[0].lower() in _COMMON_OPENERS:
        words[0] = words[0].lower()
    return " ".join(words).rstrip(". ").strip()


def _feeling(express: str) -> str:
    """The Express sentence: a feeling after "I feel", a concern after "I am concerned
    that", or the user's own sentence when it starts with "I"."""
    if re.match(r"I\b|I['’]", express):
        return f"{express}."
    first, _, rest = express.partition(" ")
    if first.lower() in _CLAUSE_OPENERS:
        return f"I am concerned that {express}."
    if first[:1].isupper() and first[1:].islower():  # "Uneasy": a feeling, not a name
        express = f"{first.lower()} {rest}".strip()
    return f"I feel {express}."


def _request(specify: str) -> str:
    together = re.match(r"(?:we|us to)\s+(.+)", specify, re.IGNORECASE)
    if together:
        return f"I would like us to {together.group(1)}."
    actor = _ACTOR.match(specify)
    if actor and actor.group(1) not in ("I", "You"):
        return f"I would like {actor.group(1)} to {actor.group(2)}."
    if specify.split()[0].lower() in _THINGS:  # "a call first": a thing, not a doing
        return f"I would like {specify}."
    verb, _, rest = specify.partition(" ")
    if verb[:1].isupper() and verb[1:].islower():  # "Update ...": a verb, not a name
        specify = f"{verb.lower()} {rest}".strip()
    return f"I would like you to {specify}."


def joined(answers: dict[str, Any]) -> str:
    """The script assembled from whichever steps were written."""
    describe = _clause(answers.get("describe"), "when")
    effect = _clause(answers.get("effect"), "the effect is that", "the effect is")
    express = _clause(answers.get("express"), "I feel")
    specify = _clause(answers.get("specify"), "I would like you to", "I'd like you to",
                      "I would like", "I'd like", "you to")
    benefit = _clause(answers.get("consequences"), "that would mean", "so that", "then")
    unchanged = _clause(answers.get("if_unchanged"), "if nothing changes", "otherwise")
    sentences = []
    if describe and effect:
        sentences += [f"When {describe}, the effect is that {effect}.",
                      _feeling(express) if express else ""]
    elif describe and express:
        sentences.append(f"When {describe}, {_feeling(express)}")
    elif describe:
        sentences += [f"I have noticed that {describe}.", _feeling(express) if express else ""]
    else:
        sentences += [f"The effect is that {effect}." if effect else "",
                      _feeling(express) if express else ""]
    sentences += [_request(specify) if specify else "",
                  f"That would mean {benefit}." if benefit else "",
                  f"If nothing changes, {unchanged}." if unchanged else ""]
    return " ".join(sentence for sentence in sentences if sentence)


def script(answers: dict[str, Any]) -> str:
    """The script to rehearse: the user's own if they wrote one, else the joined steps."""
    own = text_of(answers.get("script"))
    return own.strip() if own and own.strip() else joined(answers)


def suggest(answers: dict[str, Any]) -> dict[str, Any]:
    """The joined script, offered at the `script` prompt to keep or edit."""
    text = joined(answers)
    return {"script": text} if text else {}


def private(answers: dict[str, Any]) -> frozenset[str]:
    """The plan is private preparation until the conversation is marked held."""
    return frozenset() if answers.get("held") is True else PLAN_PROMPTS


def results(answers: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The script, the steps written and the tips still to think about; no `previous`."""
    found: dict[str, Any] = {}
    done = [step for step in STEPS if _clause(answers.get(step))]
    if done or text_of(answers.get("script")):
        found["script"] = script(answers)
        found["steps_done"] = done
    if "tips" in answers:
        ticked = answers.get("tips") or []
        found["tips_unchecked"] = [tip for tip in TIPS if tip not in ticked]
    return found


# across sessions ----------------------------------------------------------------------


def partner_of(session: Any) -> str | None:
    """Who a DESC plan's conversation is with: its `partner`, else the entry's person."""
    answers = answers_of(session, "desc")
    return (text_of(answers.get("partner")) or "").strip() or session.with_name


def pending_desc(sessions: Iterable[Any], person: str | None = None) -> list[dict[str, Any]]:
    """Planned DESC conversations not yet marked held (`held` is not true), oldest first;
    with `person`, only those with that person (by name, any case)."""
    pending = []
    for session in final(sessions):
        answers = answers_of(session, "desc")
        if not answers or answers.get("held") is True:
            continue
        partner = partner_of(session)
        if person is not None and (partner or "").lower() != person.lower():
            continue
        pending.append({"id": session.id, "date": session.held_on.isoformat(),
                        "with": partner, "planned_for": answers.get("planned_for"),
                        **{step: text_of(answers.get(step)) for step in ("describe", "specify")},
                        "follow_up": text_of(answers.get("follow_up"))})
    return pending


def _prepare(sessions: list[Any], options: dict[str, Any]) -> dict[str, Any]:
    entries = options.get("entries", sessions)  # plans are entries, not sessions held
    return {"pending_desc": pending_desc(entries, options.get("person"))}


MODEL = Model("desc", results, rank=40, prepare=_prepare, suggest=suggest, private=private)
