"""The SMART check: how well a goal's five parts are written, with a hint for each.

This module owns the rules that grade a goal (or a draft of one) part by part, the help
text the goal builder shows beside each question, and the default report-back date.
Everything here is a pure function of its arguments; nothing reads the journal.

Each part gets a verdict, "met", "weak" or "missing", and a suggestion. A met part has an
empty suggestion, so a caller can show suggestions only where there is something to do.

- Specific: missing if blank. Met when it names an action (a word from ACTION_VERBS, or a
  simple -s/-ed/-ing form of one, not straight after a DETERMINER as in "my practice")
  followed by at least one word saying what the action is done to (not a STOPWORD or
  VAGUE_WORD). Otherwise weak: vague wishes such as "improve my practice" or "be more
  confident" name no new practice.
- Measurable: missing if blank. Met when it names evidence (EVIDENCE_TERMS), a number
  (digits or NUMBER_WORDS), a frequency (FREQUENCY_TERMS) or someone who will notice the
  change (OBSERVER_TERMS). Otherwise weak.
- Achievable: missing if blank, met otherwise; only the practitioner can judge it.
- Relevant: met when written, or when the goal is linked to a session or to a supervision
  function; missing otherwise.
- Time-bound: missing without a due date; weak when the date is today or past, or when it
  is under REPORT_BACK_MONTHS[0] or over REPORT_BACK_MONTHS[1] calendar months away; met
  otherwise (both ends included).
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
                "a function of supervision (managerial, educative, supportive).",
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
    """Grade each SMART part of `goal` (a Goal or any object with the same attributes)."""
    text = {name: (getattr(goal, name, "") or "").strip()
            for name in ("specific", "measurable", "achievable", "relevant")}
    linked = bool(getattr(goal, "session_id", None) or getattr(goal, "function", None))
    return {
        "specific": _specific(text["specific"]),
        "measurable": _measurable(text["measurable"]),
        "achievable": _achievable(text["achievable"]),
        "relevant": _relevant(text["relevant"], linked),
        "time_bound": _time_bound(getattr(goal, "due", None), today),
    }


def unmet(scorecard: dict[str, dict[str, str]]) -> list[str]:
    """The letters still to work on, in SMART order."""
    return [letter for letter in SMART_LETTERS
            if letter in scorecard and scorecard[letter]["verdict"] != "met"]


def _verdict(verdict: str, suggestion: str = "") -> dict[str, str]:
    return {"verdict": verdict, "suggestion": suggestion}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _is_action(word: str) -> bool:
    if word in ACTION_VERBS:
        return True
    # Accept simple inflections ("using", "visited", "records") without a stemmer.
    for suffix in ("ing", "ed", "es", "s", "d"):
        stem = word.removesuffix(suffix)
        if stem == word:
            continue
        undoubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
        if {stem, stem + "e", undoubled} & ACTION_VERBS:
            return True
    return False


def _names_an_action(words: list[str]) -> bool:
    for at, word in enumerate(words):
        if at and words[at - 1] in DETERMINERS:
            continue
        if _is_action(word) and any(
            w not in STOPWORDS and w not in VAGUE_WORDS for w in words[at + 1:]
        ):
            return True
    return False


def _specific(text: str) -> dict[str, str]:
    if not text:
        return _verdict("missing", "Say what you will do differently, for example "
                                   "'Use a genogram with every new family'.")
    if _names_an_action(_words(text)):
        return _verdict("met")
    return _verdict("weak", "Name the practice itself: start with what you will do "
                            "(use, run, attend, ask ...) and say what or with whom.")


def _mentions(text: str, terms: tuple[str, ...]) -> bool:
    lowered = " ".join(_words(text))
    return any(re.search(rf"\b{re.escape(term)}(?:s|es)?\b", lowered) for term in terms)


def _measurable(text: str) -> dict[str, str]:
    if not text:
        return _verdict("missing", "Say how you will know it has changed: feedback, "
                                   "an observation, or a count.")
    if (re.search(r"\d", text) or _mentions(text, EVIDENCE_TERMS)
            or _mentions(text, NUMBER_WORDS) or _mentions(text, FREQUENCY_TERMS)
            or _mentions(text, OBSERVER_TERMS)):
        return _verdict("met")
    return _verdict("weak", "Add something you could show at review: how often, how many, "
                            "or who will give feedback (supervisor, colleague, family).")


def _achievable(text: str) -> dict[str, str]:
    if not text:
        return _verdict("missing", "Say why this is realistic in the time, and what "
                                   "support or evidence you will need.")
    return _verdict("met")


def _relevant(text: str, linked: bool) -> dict[str, str]:
    if text or linked:
        return _verdict("met")
    return _verdict("missing", "Link it to a development need, a local priority, a "
                               "session, or a supervision function.")


def _time_bound(due: date | None, today: date) -> dict[str, str]:
    low, high = REPORT_BACK_MONTHS
    window = f"Guidance is to report back in {low} to {high} months"
    if due is None:
        return _verdict("missing", f"Set a report-back date. {window}, "
                                   f"around {default_due(today).isoformat()}.")
    if due <= today:
        return _verdict("weak", "The date has arrived or passed: review the goal and set "
                                "a new report-back date.")
    if due < add_months(today, low):
        return _verdict("weak", f"{window}; this is sooner, so it may be a task rather "
                                "than a goal.")
    if due > add_months(today, high):
        return _verdict("weak", f"{window}; add an earlier check-in so it does not drift.")
    return _verdict("met")
