"""Redaction: finds identifying details in text and replaces each with a bracketed label.

Detectors (emails, UK phone numbers and postcodes, NHS-number-shaped numbers, dates of
birth) are registered in `DETECTORS`; names come from the journal's people, who become
their role and a number (`[Supervisee 1]`), and from the user's own list (`[name]`),
kept in the `redact_names` table by `RedactNames`.

Names: a person's full name is matched as whole words, case-insensitively, with any run of
spaces between its words; longer names are tried first, so "Sam Jones" wins over "Sam".
A person's first name alone gets their label too when no one else in the journal shares
it; a first name that two people share becomes `[name]`, so it is hidden without guessing
whose it is. A name with a title ("Dr Ann Lee") is found without it too ("Ann Lee",
"Ann"); an initial ("J. Smith") is not taken for a first name.

Redaction never touches its own labels and is idempotent: `findings` repeats its pass until
nothing new is found (a label can uncover a neighbour, as in "Sam07700900123"), so
redacting the result again changes nothing. Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session

if TYPE_CHECKING:
    from reflect.journal.facade import Journal


@dataclass(frozen=True)
class Finding:
    """One identifier found: what kind, the text found, its label, and where (start, end)."""

    kind: str
    original: str
    replacement: str
    start: int
    end: int


Detector = Callable[[str], Iterator[Finding]]

# Every label this module writes; text matching it is never redacted again.
LABEL = re.compile(r"\[(?:email|phone|postcode|NHS number|number|date of birth|name"
                   r"|(?:Supervisee|Supervisor|Peer|Person) \d+)\]")

# Overlapping findings merge under the label of the first, then the longer, then this order.
RANK = {"nhs_number": 0, "email": 1, "phone": 2, "postcode": 3, "date_of_birth": 4,
        "person": 5, "name": 6, "number": 7}

ROLE_LABELS = {"supervisee": "Supervisee", "supervisor": "Supervisor", "peer": "Peer"}
TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "rev", "cllr"}


def _pattern_detector(kind: str, label: str, pattern: re.Pattern[str],
                      group: int | str = 0) -> Detector:
    def detect(text: str) -> Iterator[Finding]:
        for m in pattern.finditer(text):
            yield Finding(kind, m.group(group), label, m.start(group), m.end(group))

    return detect


EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
                   r"(?![\w-])")

# +44 / 0044 (optionally "(0)") or a trunk 0 (optionally in brackets), then 9 or 10 digits
# with single spaces, dots or dashes between them and perhaps the area code's ")".
PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)[ \t]?44[ \t]?(?:\(0\)[ \t]?)?|\(?0)"
                   r"[1-9](?:[ \t.-]?\)?[ \t-]?\d){8,9}(?!\d)")

# The UK postcode areas, so that "Room C3 4th floor" is not taken for one.
_AREAS = sorted(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT "
    "DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA "
    "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE "
    "SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV "
    "YO ZE".split(), key=len, reverse=True)
POSTCODE = re.compile(rf"(?<![A-Za-z0-9])(?:{'|'.join(_AREAS)})\d[A-Za-z\d]?[ \t]?"
                      r"\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![A-Za-z0-9])", re.IGNORECASE)

# Ten digits, plain or 3-3-4 with spaces or dashes (mixed too, as a slip of the keys).
NHS_SHAPED = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
         rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
         rf"|{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+\d{{4}}"
         rf"|{_MONTH}[ \t]+{_DAY},?[ \t]+\d{{4}}"
         rf"|{_MONTH}[ \t]+\d{{4}})")
DATE_OF_BIRTH = re.compile(
    r"\b(?:DOB\b|D\.O\.B\b\.?|date[ \t]+of[ \t]+birth\b|birth[ \t]*date\b|born\b)"
    rf"[ \t:=\-–(]{{0,4}}(?:(?:on|in)[ \t]+)?(?P<date>(?<!\d){_DATE})(?![\d/])",
    re.IGNORECASE)


def nhs_check_digit(nine: str) -> int | None:
    """The NHS number check digit for nine digits (mod 11), or None if none can be valid."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def valid_nhs_number(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return len(digits) == 10 and nhs_check_digit(digits[:9]) == int(digits[9])


def detect_nhs_numbers(text: str) -> Iterator[Finding]:
    """Every NHS-number-shaped number, so a mistyped one does not leak; only a valid one
    is labelled an NHS number."""
    for m in NHS_SHAPED.finditer(text):
        kind, label = (("nhs_number", "[NHS number]") if valid_nhs_number(m.group())
                       else ("number", "[number]"))
        yield Finding(kind, m.group(), label, m.start(), m.end())


DETECTORS: dict[str, Detector] = {
    "email": _pattern_detector("email", "[email]", EMAIL),
    "phone": _pattern_detector("phone", "[phone]", PHONE),
    "postcode": _pattern_detector("postcode", "[postcode]", POSTCODE),
    "nhs_number": detect_nhs_numbers,
    "date_of_birth": _pattern_detector("date_of_birth", "[date of birth]", DATE_OF_BIRTH,
                                       "date"),
}


def _clean(name: str) -> str:
    return " ".join(name.split())


def name_labels(people: Iterable[tuple[str, str | None]], extra: Iterable[str]
                ) -> dict[str, tuple[str, str]]:
    """{case-folded name: (kind, label)}: full names, their short forms, extra names.

    People are numbered within their role in order of name, so labels do not depend on
    the order the journal returns them in.
    """
    people = sorted({_clean(n).casefold(): (_clean(n), r) for n, r in people if _clean(n)}
                    .values(), key=lambda p: (p[0].casefold(), p[0]))
    labels: dict[str, tuple[str, str]] = {}
    counts: dict[str, int] = {}
    for name, role in people:
        word = ROLE_LABELS.get(role or "", "Person")
        counts[word] = counts.get(word, 0) + 1
        labels[name.casefold()] = ("person", f"[{word} {counts[word]}]")
    owners: dict[str, set[str]] = {}
    for name, _ in people:
        for short in short_forms(name):
            owners.setdefault(short.casefold(), set()).add(name.casefold())
    for short, whose in owners.items():
        if short not in labels:
            labels[short] = labels[min(whose)] if len(whose) == 1 else ("name", "[name]")
    for name in extra:
        labels.setdefault(_clean(name).casefold(), ("name", "[name]"))
    labels.pop("", None)
    return labels


def short_forms(name: str) -> list[str]:
    """The name without a title ("Dr Ann Lee": "Ann Lee"), and its first name alone when
    it has two or more words; an initial ("J. Smith") is not a first name."""
    words = name.split()
    forms = []
    while len(words) > 1 and words[0].casefold().rstrip(".") in TITLES:
        words = words[1:]
        forms.append(" ".join(words))
    first = words[0] if len(words) > 1 else ""
    if len(first) > 1 and not first.endswith("."):
        forms.append(first)
    return forms


def _names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    words = [r"\s+".join(re.escape(w) for w in name.split())
             for name in sorted(names, key=len, reverse=True)]
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", re.IGNORECASE)


def _choose(text: str, candidates: Iterable[Finding], protected: list[tuple[int, int]]
            ) -> list[Finding]:
    """Findings clear of the protected spans, overlaps merged into one under the label of
    the one that starts first (then the longer, then by rank), so no part of either shows."""
    chosen: list[Finding] = []
    for f in sorted(candidates, key=lambda f: (f.start, f.start - f.end, RANK[f.kind])):
        if any(f.start < b and a < f.end for a, b in protected):
            continue
        if chosen and f.start < chosen[-1].end:
            last = chosen[-1]
            if f.end > last.end:
                chosen[-1] = replace(last, original=text[last.start:f.end], end=f.end)
            continue
        chosen.append(f)
    return chosen


def apply(text: str, findings: list[Finding]) -> str:
    """`text` with each finding (sorted, not overlapping) replaced by its label."""
    parts, at = [], 0
    for f in findings:
        parts += [text[at:f.start], f.replacement]
        at = f.end
    return "".join(parts) + text[at:]


def _to_original(found: list[Finding], pos: int) -> int:
    """A position in the text redacted by `found` (outside its labels) in the original."""
    shift = 0
    for f in found:
        if pos < f.start + shift:
            break
        shift += len(f.replacement) - (f.end - f.start)
    return pos - shift


class Redactor:
    """Redacts text and sessions with the detectors and a fixed set of names."""

    def __init__(self, people: Iterable[tuple[str, str | None]] = (),
                 extra_names: Iterable[str] = ()):
        self.labels = name_labels(people, extra_names)
        self._names = _names_pattern(self.labels)
        self.detectors: list[Detector] = [*DETECTORS.values(), self._detect_names]

    @classmethod
    def from_journal(cls, journal: Journal) -> Redactor:
        people = [(person.name, person.role) for person in journal.people.everyone()]
        return cls(people, journal.redact_names.names())

    def _detect_names(self, text: str) -> Iterator[Finding]:
        if self._names is None:
            return
        for m in self._names.finditer(text):
            kind, label = self.labels.get(_clean(m.group()).casefold(), ("name", "[name]"))
            yield Finding(kind, m.group(), label, m.start(), m.end())

    def _pass(self, text: str) -> list[Finding]:
        protected = [m.span() for m in LABEL.finditer(text)]
        return _choose(text, (f for detect in self.detectors for f in detect(text)), protected)

    def findings(self, text: str) -> list[Finding]:
        """Everything to replace in `text`, in order, with positions in `text`."""
        found: list[Finding] = []
        current = text
        while new := self._pass(current):
            starts = [_to_original(found, f.start) for f in new]
            found += [replace(f, start=s, end=s + f.end - f.start) for f, s in zip(
                new, starts, strict=True)]
            found.sort(key=lambda f: f.start)
            current = apply(text, found)
        return found

    def text(self, text: str) -> str:
        return apply(text, self.findings(text))

    def value(self, value: Any) -> Any:
        """Every string inside `value` (dicts, lists) redacted; keys and the rest kept."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.value(v) for v in value)
        return value

    def _maybe(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def session(self, session: Session) -> Session:
        """A copy of `session` with every free-text and name field redacted."""
        return replace(
            session, title=self.text(session.title), body=self.text(session.body),
            private=self.text(session.private), answers=self.value(session.answers),
            with_name=self._maybe(session.with_name),
            attendees=[self.text(a) for a in session.attendees],
            presenter=self._maybe(session.presenter),
            issue_presented=self._maybe(session.issue_presented),
            tags=[self.text(t) for t in session.tags],
            agreed_by=self._maybe(session.agreed_by))
