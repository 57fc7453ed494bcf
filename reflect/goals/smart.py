"""The SMART check: how well a goal's five parts are written, with a hint for each.

This module owns the rules that grade a goal (or a draft of one) part by part, the help
text the goal builder shows beside each question, and the default report-back date.
Everything here is a pure function of its arguments; nothing reads the journal.

Each part gets a verdict, "met", "weak" or "missing", and a suggestion. A met part has an
empty suggestion, so a caller can show suggestions only where there is something to do.

- Specific: missing if blank. Met when it names an action (a word from ACTION_VERBS, or a
  simple -ed/-ing form of one, not straight after a DETERMINER as in "my practice")
  followed by at least one word saying what the action is done to (not a STOPWORD or
  VAGUE_WORD), and that action is not only an ACTIVITY ("attend training", "read
  something", "get training", "learn about attachment" name an activity, not a change in
  practice). Otherwise weak: vague wishes
  such as "improve my practice" or "children will be safer" name no new practice.
- Measurable: missing if blank. Weak when it uses a feeling as the measure (FEELING_TERMS,
  as in "once I feel ok") unless it also names evidence or someone who will see the change.
  Otherwise met when it names evidence (EVIDENCE_TERMS), a number (digits or
  NUMBER_WORDS), a frequency (FREQUENCY_TERMS) or an observer (OBSERVER_TERMS); else weak.
- Achievable: missing if blank, met otherwise; only the practitioner can judge it.
- Relevant: met only in the user's own words (why this goal: a development need, a learning
  plan or appraisal, a local priority); a link to a session says nothing of why.
- Time-bound: missing without a due date. Judged from the date the goal was set or last
  edited, so the verdict does not decay: weak when due less than a month after that (a
  task rather than a goal), met otherwise, with the 3-6 month guidance given as advice
  (a 12-month goal with planned reviews is not weak). The one verdict that depends on
  today: weak once the due date has passed.

Each verdict also carries `why`: what the check found ("names an action: use").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from reflect.journal.records import SMART_LETTERS
from reflect.settings.dates import _add_months

DEFAULT_DUE_MONTHS = 3
# The guidance practitioners follow: report back between three and six months out.
REPORT_BACK_MONTHS = (3, 6)

LETTER_NAMES: dict[str, str] = {
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Time-bound",
}

GUIDANCE: dict[str, str] = {
    "specific": "Name the new piece of practice you will take up: what you will do, "
                "and with whom or in which situations.",
    "measurable": "How will you and others know it has changed? Think of feedback, being "
                  "observed, a count, or notes you will keep.",
    "achievable": "Is this realistic alongside your workload? Say how long it should take "
                  "and what evidence will show you got there.",
    "relevant": "Why this goal? Link it to your own development needs, a local priority, or "
                "a function of supervision (normative, formative, restorative).",
    "due": "Pick a point to report back on progress, usually three to six months from now.",
}

ACTION_VERBS = frozenset({
    "adopt", "agree", "apply", "arrange", "ask", "attend", "book", "build", "check",
    "complete", "contact", "create", "deliver", "develop", "discuss", "document", "draft",
    "explain", "facilitate", "follow", "give", "hold", "identify", "introduce", "join",
    "keep", "lead", "learn", "listen", "log", "map", "meet", "mentor", "model", "note",
    "observe", "offer", "plan", "practice", "practise", "prepare", "present", "read",
    "record", "reflect", "refer", "request", "research", "review", "run", "schedule",
    "seek", "set", "share", "shadow", "speak", "start", "study", "summarise", "summarize",
    "supervise", "take", "teach", "test", "track", "train", "update", "use", "visit",
    "write",
})

# Actions that are activities, not a change in practice, when they are all a goal names.
ACTIVITY_VERBS = frozenset({"attend", "complete", "read", "go", "do", "finish", "study",
                            "train", "learn", "research"})

# Feelings are not something to show at review.
FEELING_TERMS = ("feel", "feeling", "feels", "felt", "confident", "confidence", "comfortable",
                 "ok", "okay", "happier", "happy", "less anxious", "better", "calmer")

# Words that wish for change without naming a practice.
VAGUE_WORDS = frozenset({
    "better", "improve", "improved", "improving", "more", "less", "try", "trying",
    "work", "working", "get", "getting", "be", "become", "feel", "generally", "good",
    "well", "really", "somehow", "things", "stuff", "practice", "skills", "confident",
})

STOPWORDS = frozenset({
    "a", "about", "all", "an", "and", "any", "as", "at", "by", "for", "from", "how", "i",
    "i'd", "i'll", "i'm", "if", "in", "into", "is", "it", "its", "me", "my", "myself",
    "of", "on", "or", "our", "so", "some", "that", "the", "their", "them", "then", "this",
    "to", "up", "we", "what", "when", "where", "which", "who", "will", "with", "would",
    "you", "your",
})

EVIDENCE_TERMS = (
    "feedback", "observation", "observed", "observe", "audit", "record", "recorded",
    "supervision notes", "case notes", "notes", "survey", "questionnaire",
    "reflective log", "log", "diary", "journal", "portfolio", "evaluation", "evidence",
    "appraisal", "review", "checklist", "tally", "count", "counted",
)
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "fifty", "hundred", "once", "twice", "half", "dozen",
    "percent", "per cent",
)
FREQUENCY_TERMS = (
    "daily", "weekly", "fortnightly", "monthly", "quarterly", "each", "every",
    "per week", "per month", "per visit", "per session", "times", "a week", "a month",
)
OBSERVER_TERMS = (
    "supervisor", "manager", "colleague", "team", "practice educator", "mentor", "peer",
    "family", "families", "carer", "parent", "child", "children", "young people",
    "people who use services", "service user", "student", "assessor",
)

# A practice word after one of these is a noun ("my practice", "the review"), not an action.
DETERMINERS = frozenset({"a", "an", "the", "my", "our", "your", "their", "his", "her", "this"})

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months on, clipped to the month's last day."""
    return _add_months(day, months)


def default_due(today: date) -> date:
    """The report-back date a new goal starts with."""
    return add_months(today, DEFAULT_DUE_MONTHS)


def check(goal: Any, today: date) -> dict[str, dict[str, str]]:
    """Grade each SMART part of `goal` (a Goal or any object with the same attributes);
    time-bound is judged from when the goal was set or last edited (today for a draft)."""
    text = {name: (getattr(goal, name, "") or "").strip()
            for name in ("specific", "measurable", "achievable", "relevant")}
    return {
        "specific": _specific(text["specific"]),
        "measurable": _measurable(text["measurable"]),
        "achievable": _achievable(text["achievable"]),
        "relevant": _relevant(text["relevant"]),
        "time_bound": _time_bound(getattr(goal, "due", None), today, set_on(goal, today)),
    }


def set_on(goal: Any, today: date) -> date:
    """The day the goal was set or last edited; `today` for a draft not yet saved."""
    stamp = getattr(goal, "updated", None) or getattr(goal, "created", None)
    try:
        return date.fromisoformat(str(stamp)[:10]) if stamp else today
    except ValueError:
        return today


def unmet(scorecard: dict[str, dict[str, str]]) -> list[str]:
    """The letters still to work on, in SMART order."""
    return [letter for letter in SMART_LETTERS
            if letter in scorecard and scorecard[letter]["verdict"] != "met"]


def _verdict(verdict: str, suggestion: str = "", why: str = "") -> dict[str, str]:
    return {"verdict": verdict, "suggestion": suggestion, "why": why}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _is_action(word: str) -> bool:
    if word in ACTION_VERBS:
        return True
    # Accept simple inflections ("using", "visited") without a stemmer; not "-s", which
    # in a goal is far more often a noun ("records", "visits") than a verb.
    for suffix in ("ing", "ed", "d"):
        stem = word.removesuffix(suffix)
        if stem == word:
            continue
        undoubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
        if {stem, stem + "e", undoubled} & ACTION_VERBS:
            return True
    return False


def _actions(words: list[str]) -> list[str]:
    """The actions named, each followed by something it is done to."""
    found = []
    for at, word in enumerate(words):
        if at and words[at - 1] in DETERMINERS:
            continue
        if _is_action(word) and any(
            w not in STOPWORDS and w not in VAGUE_WORDS for w in words[at + 1:]
        ):
            found.append(word)
    return found


def _is_activity(word: str) -> bool:
    return any(word == verb or word.startswith(verb) and len(word) - len(verb) <= 3
               for verb in ACTIVITY_VERBS)


def _specific(text: str) -> dict[str, str]:
    if not text:
        return _verdict("missing", "Say what you will do differently, for example "
                                   "'Use a genogram with every new family'.")
    actions = _actions(_words(text))
    practice = [word for word in actions if not _is_activity(word)]
    if practice:
        return _verdict("met", why=f"names an action: {practice[0]}")
    if actions:
        return _verdict("weak", "Attending, completing or reading is an activity: say what "
                                "you will do differently as a result.",
                        why=f"names only an activity: {actions[0]}")
    return _verdict("weak", "Name the practice itself: start with what you will do "
                            "(use, run, ask ...) and say what or with whom.",
                    why="names no action")


def _mentioned(text: str, terms: tuple[str, ...]) -> str | None:
    """The first of `terms` that `text` mentions, or None."""
    lowered = " ".join(_words(text))
    return next((term for term in terms
                 if re.search(rf"\b{re.escape(term)}(?:s|es)?\b", lowered)), None)


def _measurable(text: str) -> dict[str, str]:
    if not text:
        return _verdict("missing", "Say how you will know it has changed: feedback, "
                                   "an observation, or a count.")
    evidence = _mentioned(text, EVIDENCE_TERMS)
    observer = _mentioned(text, OBSERVER_TERMS)
    feeling = _mentioned(text, FEELING_TERMS)
    if feeling and not (evidence or observer):
        return _verdict("weak", "A feeling is hard to show at review: say what you or others "
                                "would see, or count, when it has changed.",
                        why=f"uses a feeling as the measure: {feeling}")
    number = re.search(r"\d+", text)
    found = [("names evidence", evidence), ("names who will see it", observer),
             ("names a number", number.group() if number else None),
             ("names a number", _mentioned(text, NUMBER_WORDS)),
             ("names how often", _mentioned(text, FREQUENCY_TERMS))]
    for label, word in found:
        if word:
            return _verdict("met", why=f"{label}: {word}")
    return _verdict("weak", "Add something you could show at review: how often, how many, "
                            "or who will give feedback (supervisor, colleague, family).",
                    why="names no evidence, number, frequency or observer")


def _achievable(text: str) -> dict[str, str]:
    if not text:
        return _verdict("missing", "Say why this is realistic in the time, and what "
                                   "support or evidence you will need.")
    return _verdict("met", why="in your own words: only you can judge it")


def _relevant(text: str) -> dict[str, str]:
    if text:
        return _verdict("met", why="in your own words")
    return _verdict("missing", "Say why this goal: a development need, your learning plan or "
                               "appraisal, or a local priority.", why="not said")


def _time_bound(due: date | None, today: date, since: date) -> dict[str, str]:
    low, high = REPORT_BACK_MONTHS
    window = f"Guidance is to report back in {low} to {high} months"
    if due is None:
        return _verdict("missing", f"Set a report-back date. {window}, "
                                   f"around {default_due(today).isoformat()}.",
                        why="no due date")
    if due <= today:
        return _verdict("weak", "The due date has passed: review the goal and set a new "
                                "report-back date.", why=f"due {due.isoformat()}, passed")
    if due < add_months(since, 1):
        return _verdict("weak", f"{window}; under a month from when it was set, it may be "
                                "a task rather than a goal.",
                        why=f"due {due.isoformat()}, under a month after it was set")
    if due < add_months(since, low):
        return _verdict("met", why=f"due {due.isoformat()}; {window.lower()}, so this is "
                                   "a short one")
    if due > add_months(since, high):
        return _verdict("met", why=f"due {due.isoformat()}; over {high} months from when it "
                                   "was set: plan reviews on the way")
    return _verdict("met", why=f"due {due.isoformat()}, {low} to {high} months after it "
                               "was set")
