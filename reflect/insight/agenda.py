"""The suggested agenda for the next session: items with time boxes.

Built from the insight that `reflect.insight.prepare` gathers (a plain dict), so it is a
pure function of that: the same history always gives the same agenda.
"""

from __future__ import annotations

from typing import Any

from reflect.settings.errors import BadInput

_Item = tuple[str, int, str]  # (item, weight, why)

_FUNCTION_ITEMS = {
    "normative": "Cases, decisions and workload",
    "formative": "Learning and development",
    "restorative": "Wellbeing and the emotional impact of the work",
}
_FUNCTION_FOCUS = {
    "normative": "accountability: case decisions, standards and workload",
    "formative": "learning: knowledge, skills and other ways of working",
    "restorative": "support: morale, stress and how the work is affecting {whom}",
}

# Heron: for each kind of help asked for again and again and not received, an item that
# offers it in the next session (and, where the resources say so, somewhere else too).
_UNMET_ITEMS = {
    "prescriptive": ("Clear advice where a decision needs it",
                     "Name the decisions that need a straight answer and give one, with the "
                     "reasons, rather than leaving them to be guessed."),
    "informative": ("Information and explanation",
                    "Bring the questions of law, policy or practice knowledge that need "
                    "answering, and agree who will find out what."),
    "confronting": ("Room for honest challenge",
                    "Agree how challenge will be given and heard, then say plainly, and "
                    "with care, what is not being seen."),
    "cathartic": ("Room to let feelings out",
                  "Protect time for feelings about the work to be expressed and released, "
                  "not only mentioned; a peer group or a debrief can help too. If distress "
                  "persists, signpost employee assistance or occupational health."),
    "catalytic": ("Time to think aloud",
                  "Hold back advice: ask and reflect back so they reach their own answers. "
                  "A peer group or an action learning set can offer this too."),
    "supportive": ("Recognition of what is going well",
                   "Name specific skills, qualities and achievements seen since last time."),
}

# The same needs, from the side that asks for the help rather than gives it.
_UNMET_ASKS = {
    "prescriptive": "Name the decisions where I need a straight answer, and ask for one with "
                    "the reasons.",
    "informative": "Bring the questions of law, policy or practice knowledge I need answered, "
                   "and agree who will find out what.",
    "confronting": "Ask for honest challenge, and agree how it will be given and heard.",
    "cathartic": "Ask for protected time to let feelings about the work out, not only mention "
                 "them; a peer group or a debrief can help too. If distress persists, employee "
                 "assistance or occupational health can help.",
    "catalytic": "Ask for room to think aloud before any advice; a peer group or an action "
                 "learning set can offer this too.",
    "supportive": "Ask for specific feedback on what is going well.",
}


def _first_session_items(insight: dict[str, Any]) -> list[_Item]:
    """A first session agrees the contract. The items speak for the side preparing (`as`):
    a supervisee brings their own hopes and hears what the supervisor holds; a supervisor
    makes room for the supervisee's hopes; peers bring theirs together."""
    who = insight.get("person") or "the supervisee"
    side = insight.get("as") or "supervisor"
    recorded = "Check the contract already recorded together. " if insight.get("contract") else ""
    history, brings = {
        "supervisee": ("me", [
            ("What I bring today", 2, "My own hopes for supervision and anything live now."),
            (f"What {who} (my supervisor) brings", 1,
             "Their hopes for supervision, and what they hold for the organisation "
             "(accountability, case decisions, standards), more so if they are also my "
             "line manager.")]),
        "peer": ("each of us", [(f"What {who} and I bring today", 2,
                                 "Our hopes for peer supervision and anything live now.")]),
    }.get(side, (who, [(f"What {who} brings today", 2,
                        "Their own hopes for supervision and anything live now.")]))
    return [
        ("Introductions and supervision history", 2,
         f"What supervision has been like for {history} before, what helped and what "
         "did not."),
        ("Frequency, length and format of sessions", 1,
         f"{recorded}Agree how often you meet, for how long, and how."),
        ("Roles, accountability and support", 1,
         "Who is responsible for what; how the two roles are kept apart if the supervisor "
         "is also the line manager; support options such as employee assistance or a "
         "debrief; how each of you learns best and prepares."),
        ("Confidentiality and its limits", 1,
         "What stays in the room, and when a concern has to go further."),
        ("How sessions are recorded and who agrees the record", 1,
         "Who writes the record, where it is kept, and how it is agreed."),
        ("What can be brought, and who owns the agenda", 1,
         "Cases, feelings about the work, learning, workload, personal issues that "
         "affect work, ethical worries."),
        *brings,
        *_desc(insight),
        ("Close: agree the contract and the next date", 1,
         "Note what was agreed so it can be reviewed later."),
    ]


def _check_in(insight: dict[str, Any]) -> _Item:
    """Settling in, with what stands before anything else: a longer gap than agreed, and
    a last record not yet agreed (or changed since it was)."""
    timing = insight.get("gap") or {}
    record = insight.get("last_record") or {}
    why = "Arrive, settle, and agree the agenda and timings together."
    if timing.get("overdue"):
        why += (f" It has been {timing['days_since']} days since the last session, longer "
                f"than the agreed {timing['frequency_days']}.")
    if insight.get("last_record_agreed") is False:
        state = ("has changed since it was agreed: agree it again"
                 if record.get("changed_since_agreed")
                 else "is not agreed yet: agree it, or say what should change")
        why += f" The record of the last session ({record.get('date')}) {state}."
    return ("Check-in and agenda", 1, why)


def _review(insight: dict[str, Any]) -> list[_Item]:
    """Open actions and goals due, and goal reviews that claim progress with no evidence
    (asked for by a supervisor, brought by a supervisee or peer)."""
    actions = insight.get("actions_open") or []
    goals = insight.get("goals_due") or []
    bare = insight.get("reviews_without_evidence") or []
    if not actions and not goals and not bare:
        return []
    late = sum(1 for a in actions if a.get("overdue")) + sum(1 for g in goals if g.get("overdue"))
    notes = []
    if actions or goals:
        notes.append(f"{len(actions)} open action(s) and {len(goals)} goal(s) due or overdue"
                     + (f", {late} of them overdue." if late else "."))
    if bare:
        verb = "Ask for" if (insight.get("as") or "supervisor") == "supervisor" else "Bring"
        notes.append("No evidence yet behind the latest review of: "
                     + "; ".join(f"{r['title']} ({r['date']}, {r['progress']}%)" for r in bare)
                     + f". {verb} what shows the progress: feedback, an observation, a count.")
    return [("Review agreed actions and goals", 2 if late else 1, " ".join(notes))]


def _brings(insight: dict[str, Any]) -> _Item:
    """What the side preparing (`as`) brings, with what recent sessions carried forward:
    dated when it was said before the last session, and worded by the side that said it
    (a supervisor's answer to Heron's question is what to offer, not what to ask for)."""
    who = insight.get("person") or "the supervisee"
    asked = insight.get("bring_next") or {}
    sources = insight.get("bring_next_from") or {}
    labels = {"proctor": ("Planned last time", "Planned on {}"),
              "heron": ("Asked of supervision", "Asked of supervision on {}")}
    offered = ("To offer or try differently", "To offer or try differently, from {}")
    notes = []
    for model, (recent, older) in labels.items():
        if not asked.get(model):
            continue
        source = sources.get(model) or {}
        if model == "heron" and source.get("as") == "supervisor":
            recent, older = offered
        dated = source.get("date") not in (None, insight.get("last_session"))
        text = asked[model] if asked[model][-1] in ".!?" else f"{asked[model]}."
        notes.append(f"{older.format(source['date']) if dated else recent}: {text}")
    item, room = {"supervisee": ("What I bring", "what I want"),
                  "peer": (f"What {who} and I bring", "what each of us wants"),
                  }.get(insight.get("as") or "supervisor", (f"What {who} brings", "what they want"))
    return (item, 2, " ".join(notes) or f"Room for {room} to bring.")


def _unmet(insight: dict[str, Any]) -> list[_Item]:
    """An item for each kind of intervention needed but missing again and again."""
    items = []
    asking = (insight.get("as") or "supervisor") != "supervisor"
    for need in insight.get("unmet_interventions") or []:
        if need.get("category") not in _UNMET_ITEMS:
            continue
        item, offer = _UNMET_ITEMS[need["category"]]
        if asking:  # the supervisee (or a peer) asks for it rather than offers it
            offer = _UNMET_ASKS.get(need["category"], offer)
        why = (f"{need['category'].capitalize()} help was needed but missing in "
               f"{need['missing']} of the last {need['sessions']} sessions. {offer}")
        items.append((item, 2, why))
    return items


def _desc(insight: dict[str, Any]) -> list[_Item]:
    pending = insight.get("pending_desc") or []
    if not pending:
        return []
    oldest = pending[0]
    when = (f"Planned for {oldest['planned_for']} (prepared on {oldest['date']})"
            if oldest.get("planned_for") else f"Planned on {oldest['date']}")
    why = f"{when} and not yet held"
    why += f"; the change wanted: {oldest['specify']}." if oldest.get("specify") else "."
    if len(pending) > 1:
        why += f" ({len(pending)} planned conversations are waiting.)"
    return [("Planned difficult conversation", 2, why)]


# What the resources offer a neglected function besides minutes in the next one-to-one.
_ALTERNATIVES = ("If one session cannot hold it, consider a session with that focus, a peer "
                 "group, or mentoring.")
# Supervision is not counselling: spot distress, make room, and signpost.
_RESTORATIVE_BOUNDARY = ("Notice how the work is landing and make room for it; supervision "
                         "is not counselling, so where distress runs deeper, signpost "
                         "employee assistance, a debrief or occupational health.")


def _focus(name: str, insight: dict[str, Any]) -> str:
    """A function's focus, worded for the side preparing (whose work is affected)."""
    whom = {"supervisee": "me", "peer": "us"}.get(insight.get("as") or "supervisor", "them")
    return _FUNCTION_FOCUS[name].format(whom=whom)


def _neglected_why(name: str, insight: dict[str, Any]) -> str:
    evidence = (insight.get("neglect_evidence") or {}).get(name)
    found = insight.get("balance") or {}
    share = (found.get("shares") or {}).get(name)
    if evidence:
        measured = f" The pattern: {evidence}."
    elif share is not None:
        measured = (f" It averaged {share}% over the last {found.get('sessions')} session(s), "
                    f"under {found.get('threshold')}%.")
    else:
        measured = ""
    boundary = f" {_RESTORATIVE_BOUNDARY}" if name == "restorative" else ""
    return (f"{_focus(name, insight).capitalize()}.{measured} Give it protected time so "
            f"other business cannot crowd it out.{boundary} {_ALTERNATIVES}")


def _functions(insight: dict[str, Any]) -> tuple[list[_Item], list[_Item]]:
    """Items for the three functions: the neglected ones to place early, and cases onwards."""
    neglected = [n for n in insight.get("neglected_functions") or [] if n in _FUNCTION_ITEMS]
    first = [(_FUNCTION_ITEMS[n], 2, _neglected_why(n, insight))
             for n in neglected if n != "normative"]
    cases_why = (_neglected_why("normative", insight) if "normative" in neglected
                 else f"Time for {_focus('normative', insight)}.")
    cases = (_FUNCTION_ITEMS["normative"], 2 if first else 3, cases_why)
    rest = [n for n in ("formative", "restorative") if n not in neglected]
    if len(rest) == 2:
        return first, [cases, ("Learning and wellbeing", 2,
                               "Keep room for learning and for support, not only cases.")]
    later = [(_FUNCTION_ITEMS[n], 1, f"Keep some time for {_focus(n, insight)}.")
             for n in rest]
    return first, [cases, *later]


def _contract(insight: dict[str, Any]) -> list[_Item]:
    review = insight.get("contract_review") or {}
    timing = insight.get("gap") or {}
    reasons = []
    if review.get("due"):
        when = "was" if review.get("overdue") else "is"
        reasons.append(f"The review date {when} {review['review_on']}.")
    if timing.get("average_over"):
        reasons.append(f"Sessions have been {timing['average_days']} days apart on average, "
                       f"against an agreed {timing['frequency_days']}.")
    return [("Review the supervision contract", 1, " ".join(reasons))] if reasons else []


def _regular_items(insight: dict[str, Any]) -> list[_Item]:
    neglected, from_cases = _functions(insight)
    return [
        _check_in(insight), *neglected, *_review(insight), _brings(insight),
        *_unmet(insight), *_desc(insight), *from_cases, *_contract(insight),
        ("Close: agree actions, the next date and the record", 1,
         "Say who does what by when, and agree what goes in the record."),
    ]


def _slots(weights: list[int], slots: int) -> list[int]:
    """Slots in proportion to weight, at least one each; the item owed most gets the
    next slot (and the one given most beyond its due gives one back), earlier first."""
    total = sum(weights)
    shares = [max(1, slots * weight // total) for weight in weights]

    def owed(i: int) -> int:
        return slots * weights[i] - shares[i] * total

    while sum(shares) != slots:
        if sum(shares) < slots:
            shares[max(range(len(shares)), key=owed)] += 1
        else:
            shares[min((i for i, n in enumerate(shares) if n > 1), key=owed)] -= 1
    return shares


def _timebox(items: list[_Item], length: int) -> list[dict[str, Any]]:
    if length < 1:
        raise BadInput(f"a session of {length} minutes cannot hold an agenda",
                       hint="give a length of at least one minute")
    unit = 5 if length % 5 == 0 and length // 5 >= len(items) else 1
    while len(items) > length // unit:  # very short session: drop the lightest, last first
        items = _drop_lightest(items)
    boxes = _slots([weight for _, weight, _ in items], length // unit)
    return [{"item": item, "minutes": box * unit, "why": why}
            for (item, _, why), box in zip(items, boxes, strict=True)]


def _drop_lightest(items: list[_Item]) -> list[_Item]:
    """The items without the last of those with the lowest weight."""
    lightest = min(weight for _, weight, _ in items)
    index = max(i for i, (_, weight, _) in enumerate(items) if weight == lightest)
    return items[:index] + items[index + 1:]


def suggested_agenda(insight: dict[str, Any], length_minutes: int = 60) -> list[dict[str, Any]]:
    """A suggested agenda, each item `{"item", "minutes", "why"}`, summing to the length.

    `insight` is what `prepare` gathers (a partial dict is fine). The rules:
    - No history (`first_session`): an agenda for agreeing the contract: introductions
      and supervision history; frequency, length and format; confidentiality; records;
      what can be brought; what they bring today; closing by agreeing the contract.
    - Otherwise, in this order: check-in (noting a longer gap than agreed); each neglected
      formative or restorative function as its own item, early, so business cannot crowd
      it out and it wins ties for time; review of actions and goals, when any are open or
      due (weighted up when any are overdue); what they bring (last session's plan and
      what they asked of supervision); an item for each kind of intervention needed but
      missing again and again (`unmet_interventions`, the rule in
      `reflect.models.heron.unmet_needs`) that offers that help: time to think aloud for
      catalytic, room to let feelings out for cathartic, and so on; a pending DESC
      conversation; cases and workload (normative, said to be neglected when it is);
      the functions not neglected, as one "Learning and wellbeing" item or a light item
      each; contract review when its date is due or sessions have been further apart
      than agreed; a closing item.
    - Time is shared in proportion to weight (cases 3, or 2 when another function is
      neglected; neglected functions, "Learning and wellbeing", what they bring, unmet
      interventions and DESC 2; the rest 1, review 2 with anything overdue) by largest
      remainder, with at least one slot per item and earlier items winning ties. Slots
      are 5 minutes when the length allows it, else 1 minute; in a session too short for
      one slot each, the lightest items are dropped, last first.
    """
    first = insight.get("first_session", False)
    items = _first_session_items(insight) if first else _regular_items(insight)
    return _timebox(items, length_minutes)


# --- preparing a session, and stats -----------------------------------------------------
