"""The DESC script (Bower and Bower) for planning a difficult conversation.

Each step's answer completes a sentence stem shown before it; `script` joins them, in
the user's own words, into something a person could say:

    When <describe>, the effect is that <effect>.   (no effect: "When <describe>, I feel
    I feel <express>.                                 <express>."; no express either:
    I would like you to <specify>.                    "I have noticed that <describe>.")
    That would mean <consequences>.
    If nothing changes, <if_unchanged>.

Rules, so the sentences stay whole (they are heuristics over plain English, worked
through case by case in tests/test_models.py):
- A stem the user typed as well ("When ...", "I would like you to ...", "That would
  mean ...", "it would mean ...") is not doubled, and a closing full stop is dropped.
- Names: the partner's, and any capitalised word used mid-sentence in the answers, are
  names; one typed in lower case elsewhere gets its capital back ("sam" -> "Sam").
- Describe keeps its first word's capital (it is so often a name) unless it is a common
  opener ("The", "Last", "Everyone" ...). In the other steps a capitalised first word that
  is not a name is lower-cased: it began the answer, and here it sits mid-sentence.
- Effect reads "the effect is that <effect>" when it is a clause (it has a verb, or the
  user wrote "that"), and "the effect is <effect>" when it is a thing ("delays for the
  family").
- Express is a feeling ("worried", "frustrated that ..." -> "I feel worried."). A
  statement about the situation (opening "it", "the", "children" ..., or with a verb such
  as "may" or "is" before any "that"/"about") is a concern, not a feeling: "I am concerned
  that children may be left at risk." "It's frustrating" reads "I find it frustrating."
  A sentence the user starts with "I" is kept as written.
- Specify is a request to the other person: "I would like you to <specify>", a leading
  "you", "to", "could you" or "please" dropped. Naming who should act ("Sam to ...",
  "Sam will ...", "the team to ...", "everyone to ...") reads "I would like Sam to ...";
  "we ..." reads "I would like us to ..."; "Sam and I to ..." reads "I would like Sam and
  me to ..."; "not to ..." reads "I would like you not to ..."; asking for a thing ("a
  call first") reads "I would like a call first."
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

# Opening words safe to lower-case mid-sentence in Describe; anything else (a name, "I",
# an acronym) keeps its capital there, because a name so often opens what happened.
_COMMON_OPENERS = frozenset(
    "a an the this that these those my our your his her their its it he she they we "
    "you there when whenever if after before during in on at since over for every each "
    "some most all last next yesterday today recently earlier both several many few no "
    "nobody everyone everybody someone somebody children families parents".split()
)
# First words that make Express a clause about the situation rather than a feeling.
_CLAUSE_OPENERS = _COMMON_OPENERS - {"when", "whenever", "if", "after", "before", "during",
                                     "in", "on", "at", "since", "over", "for", "last",
                                     "next", "yesterday", "today", "recently", "earlier"}
# A verb that makes Express a clause ("children may be at risk") unless a feeling opens it.
_VERBS = frozenset(
    "is are was were be been will would may might could can cannot can't won't isn't aren't "
    "wasn't weren't has have had does do did doesn't don't didn't should shouldn't must "
    "keeps keep seems seem leaves leave means mean".split())
# More verbs, for telling "the effect is that the family waits" from "the effect is delays".
_MORE_VERBS = frozenset(
    "rest rests know knows wait waits get gets go goes feel feels need needs lose loses "
    "miss misses take takes make makes see sees stay stays become becomes happen happens "
    "depend depends rely relies fall falls look looks come comes work works think thinks "
    "say says find finds hear hears put puts left lost kept went got took made saw knew "
    "thought felt said told gave ran came began wrote read".split())
_FEELING_ENDINGS = ("ed", "ous", "ful", "ive", "ish", "less", "ened", "ated")
_FEELINGS = frozenset(
    "sad angry upset uneasy anxious nervous stuck torn low tired cross unsure uncomfortable "
    "awkward guilty helpless powerless confused concerned worried scared afraid hurt alone "
    "responsible conflicted exposed".split())
# First words that make Specify a thing wanted ("a call first") rather than a doing.
_THINGS = frozenset("a an the some more fewer less my our your this that these those every "
                    "each".split())
# Who should act, named at the start of Specify ("Sam to ...", "Sam will ...").
_ACTOR = re.compile(r"((?i:the\s+\w+|everyone|everybody|staff|notes|records)"
                    r"|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+"
                    r"(?:to|will|would|could|should|can)\s+(.+)")
# Words that open a request but name nobody ("Not to ...", "Please ...").
_NOT_ACTORS = frozenset("not never always please also just only try make get remember "
                        "continue start stop begin agree aim plan need want".split())
_COMMON_ACTORS = frozenset("everyone everybody all staff notes records both each".split())


def _strip_stem(text: str, *stems: str) -> str:
    for stem in stems:
        typed = re.match(re.escape(stem) + r"[\s,:]+", text, re.IGNORECASE)
        if typed:
            return text[typed.end():]
    return text


def _clause(text: Any, *stems: str) -> str:
    """The user's text ready to sit inside a sentence: one line, no stem typed twice, no
    closing full stop, a common opening word lower-cased."""
    if not isinstance(text, str):
        return ""
    text = _strip_stem(" ".join(text.split()), *stems)
    words = text.split()
    if words and words[0].lower() in _COMMON_OPENERS:
        words[0] = words[0].lower()
    return " ".join(words).rstrip(". ").strip()


def _names(answers: dict[str, Any]) -> set[str]:
    """Words known to be names: the partner's, and any capitalised word the answers use
    after the start of a sentence."""
    found = set((text_of(answers.get("partner")) or "").split())
    for step in STEPS:
        text = text_of(answers.get(step)) or ""
        for sentence in re.split(r"[.!?]\s+", text):
            found |= {w.strip(",;:'’s") for w in sentence.split()[1:]
                      if w[:1].isupper() and w[1:2].islower()}
    return found


def _lowered(text: str, names: set[str]) -> str:
    """`text` with a capitalised first word lower-cased, unless it is a name or "I": it
    was capitalised as the start of a sentence, and here it sits mid-sentence."""
    first, _, rest = text.partition(" ")
    bare = first.strip(",;:").removesuffix("'s").removesuffix("’s")
    if first[:1].isupper() and first[1:].islower() and bare not in names and bare != "I":
        return f"{first.lower()} {rest}".strip()
    return text


def _named(text: str, names: set[str]) -> str:
    """`text` with a known name typed in lower case given its capital back."""
    known = {name.lower(): name for name in names}
    return " ".join(known.get(w, w) if w.islower() else w for w in text.split())


def _has_verb(text: str) -> bool:
    return any(w.lower() in _VERBS | _MORE_VERBS or w.lower().endswith("ed")
               for w in text.split())


def _is_feeling(express: str) -> bool:
    """Whether Express names a feeling ("worried", "frustrated that ...") rather than
    stating something about the situation ("children may be left at risk")."""
    words = [w.lower().strip(",;:") for w in express.split()]
    if words[0] in _FEELINGS or words[0].endswith(_FEELING_ENDINGS):
        return True
    if words[0] in _CLAUSE_OPENERS or words[0].endswith(("'s", "’s", "'re", "’re")):
        return False
    head = words[:next((i for i, w in enumerate(words) if w in ("that", "about", "because")),
                       len(words))]
    return not any(w in _VERBS for w in head)


def _feeling(express: str, names: set[str]) -> str:
    """The Express sentence: a feeling after "I feel", a concern after "I am concerned
    that", or the user's own sentence when it starts with "I"."""
    if re.match(r"I\b|I['’]", express):
        return f"{express}."
    express = _strip_stem(express, "that")
    finding = re.match(r"it(?:'s|’s| is)\s+(.+)", express, re.IGNORECASE)
    if finding and _is_feeling(finding.group(1)):  # "it's frustrating": how I find it
        return f"I find it {finding.group(1)}."
    if not _is_feeling(express):
        return f"I am concerned that {express}."
    return f"I feel {_lowered(express, names)}."


def _request(specify: str, names: set[str]) -> str:
    specify = _strip_stem(specify, "could you", "can you", "would you", "please", "you to",
                          "you", "to")
    together = re.match(r"(?:we|us to)\s+(.+)", specify, re.IGNORECASE)
    if together:
        return f"I would like us to {together.group(1)}."
    pair = re.match(r"(\S+) and (?:I|me) to\s+(.+)", specify, re.IGNORECASE)
    if pair:
        who = "you" if pair.group(1).lower() == "you" else pair.group(1)[:1].upper() + \
            pair.group(1)[1:]
        return f"I would like {who} and me to {pair.group(2)}."
    if re.match(r"not to\s", specify, re.IGNORECASE):
        return f"I would like you {specify[0].lower()}{specify[1:]}."
    actor = _ACTOR.match(specify)
    if actor and actor.group(1).lower() not in _NOT_ACTORS | {"i", "you"}:
        who = actor.group(1)
        who = who.lower() if who.lower() in _COMMON_ACTORS else who
        return f"I would like {who} to {actor.group(2)}."
    if specify.split()[0].lower() in _THINGS:  # "a call first": a thing, not a doing
        return f"I would like {_lowered(specify, names)}."
    return f"I would like you to {_lowered(specify, names)}."


def joined(answers: dict[str, Any]) -> str:
    """The script assembled from whichever steps were written."""
    names = _names(answers)
    answers = {key: _named(value, names) if isinstance(value, str) else value
               for key, value in answers.items()}
    describe = _clause(answers.get("describe"), "when")
    effect = _lowered(_clause(answers.get("effect"), "the effect is that", "the effect is"),
                      names)
    express = _clause(answers.get("express"), "I feel")
    specify = _clause(answers.get("specify"), "I would like you to", "I'd like you to",
                      "I would like", "I'd like")
    benefit = _lowered(_clause(answers.get("consequences"), "that would mean",
                               "it would mean", "this would mean", "that will mean",
                               "it will mean", "this means", "it means", "so that", "then"),
                       names)
    unchanged = _lowered(_clause(answers.get("if_unchanged"), "if nothing changes",
                                 "otherwise"), names)
    sentences = []
    if effect:  # "the effect is that the family waited", "the effect is delays for ..."
        typed_that = re.match(r"(?:the effect is )?that\b", str(answers.get("effect")).strip(),
                              re.IGNORECASE)
        effect = f"that {effect}" if typed_that or _has_verb(effect) else effect
    if describe and effect:
        sentences += [f"When {describe}, the effect is {effect}.",
                      _feeling(express, names) if express else ""]
    elif describe and express:
        sentences.append(f"When {describe}, {_feeling(express, names)}")
    elif describe:
        sentences += [f"I have noticed that {describe}.",
                      _feeling(express, names) if express else ""]
    else:
        sentences += [f"The effect is {effect}." if effect else "",
                      _feeling(express, names) if express else ""]
    sentences += [_request(specify, names) if specify else "",
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
