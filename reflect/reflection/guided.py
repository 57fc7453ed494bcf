"""The flow of a guided session: start a draft, walk the prompt sets saving each answer,
finish it as the record, then take forward SMART goals and agreed actions.

The flow talks to the person only through an `Asker`: the terminal one lives in
`reflect.terminal.interview`; `ScriptedAsker` answers from a script: an answers file's,
or a test's. Every answer is saved the moment it
is given, so an interruption (Ctrl-C, a closed terminal) loses nothing typed: the session
stays a draft that `resume` continues from where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

from reflect.goals import smart
from reflect.goals.drafts import GoalDraft, add_goals, parse_action, prepare_with_partner
from reflect.journal.records import Session
from reflect.models.desc import partner_of
from reflect.reflection.interview import Interview, Step
from reflect.reflection.recording import Agreed, SessionAnswers, SessionFields, start_draft
from reflect.reflection.results import session_results
from reflect.settings.errors import ReflectError

if TYPE_CHECKING:
    from reflect.reflection.promptsets import Catalog


class Back:
    """The answer that means: go back to the previous question."""

    def __repr__(self) -> str:
        return "BACK"


BACK = Back()


@dataclass(frozen=True)
class Given:
    """An answer with the person's choice to keep it private (True) or in the record
    (False), as an Asker may return it instead of the bare value."""

    value: Any
    keep_private: bool


class Asker(Protocol):
    """How a guided session talks to the person recording it."""

    def tell(self, text: str) -> None:
        """Something the person should read (progress, a warning, what was saved)."""

    def answer(self, step: Step, role: str, previous: Any) -> Any:
        """A checked value for `step`'s prompt, None to leave it unanswered, or BACK; or
        `Given` with the person's choice of keeping it private."""

    def approve(self, draft: Session, results: dict[str, dict[str, Any]],
                catalog: Catalog) -> bool:
        """Whether to save `draft` (answers filled in) as the session's record."""

    def confirm(self, question: str, default: bool) -> bool:
        """Yes or no."""

    def shape_goal(self, draft: GoalDraft) -> GoalDraft:
        """The SMART parts of a goal, starting from `draft`."""

    def goal_checked(self, title: str, card: dict[str, dict[str, str]]) -> None:
        """The SMART check of a goal about to be saved."""

    def action_line(self) -> str:
        """One agreed action as 'what by when'; an empty line ends."""


def begin(journal, fields: SessionFields, model_ids: list[str], actions: Agreed = (),
          answers: dict[str, dict[str, Any]] | None = None) -> tuple[Session, list[str]]:
    """A new draft whose interview walks `model_ids` (with any actions already agreed,
    and any answers already known)."""
    return start_draft(journal, fields, model_ids, actions, answers)


def record_answers(journal, fields: SessionFields, *, parsed: SessionAnswers,
                   catalog: Catalog, actions: Agreed = ()) -> tuple[Session, list[str]]:
    """A final session from a checked answers file, walked through the same interview a
    person meets, with a ScriptedAsker giving the file's answers; all in one transaction.
    Command-line fields win over the file's."""
    merged = fields.over(parsed).completed()
    script = {f"{model}.{prompt}": value for model, values in parsed.answers.items()
              for prompt, value in values.items()}
    with journal.transaction():
        session, notices = journal.add_session(
            **merged.row(), body=parsed.body, private=parsed.private, status="draft",
            interview={"models": list(parsed.answers), "cursor": 0},
            private_answers=parsed.keep_private)
        for what, due in actions:
            journal.goals.add_action(what, None, due, session.id)
        interview = interview_of(session, catalog)
        walk(journal, session, interview, ScriptedAsker(answers=script))
        asker = ScriptedAsker()
        saved = finish(journal, session, interview, catalog, asker)
        if saved is not None:  # a DESC follow-up to revisit: the one action a file implies
            offer_actions(journal, saved, asker, agreed=False)
    return saved, notices + asker.told


def interview_of(session: Session, catalog: Catalog) -> Interview:
    """The interview of a draft, where it stands (answers given, the next prompt)."""
    state = session.interview or {}
    sets = [catalog.get(model) for model in state.get("models", [])]
    return Interview(sets, answers=dict(session.answers), cursor=state.get("cursor", 0),
                     marks=set(session.private_answers))


def _where(interview: Interview) -> dict[str, Any]:
    return {"models": [s.id for s in interview.sets], "cursor": interview.cursor}


def walk(journal, session: Session, interview: Interview, asker: Asker) -> None:
    """Ask each remaining prompt, saving each answer, and where the interview stands, as
    it is given."""
    while (step := interview.current()) is not None:
        previous = interview.answers.get(step.prompt_set.id, {}).get(step.prompt.id)
        value = asker.answer(step, session.role, previous)
        if value is BACK:
            if not interview.back():
                asker.tell("This is the first question.")
            journal.set_interview(session.id, _where(interview))
            continue
        keep_private = None
        if isinstance(value, Given):
            value, keep_private = value.value, value.keep_private
            interview.mark(keep_private)
        position = interview.position_of(step.prompt_set.id, step.prompt.id)
        interview.give(value)
        journal.save_answer(session.id, step.prompt_set.id, step.prompt.id,
                            interview.answers.get(step.prompt_set.id, {}).get(step.prompt.id),
                            position, _where(interview), keep_private)


def finish(journal, session: Session, interview: Interview, catalog: Catalog,
           asker: Asker) -> Session | None:
    """The draft saved as the final record if the person approves it; else None (it stays
    a draft to resume)."""
    draft = journal.session(session.id)
    draft.answers = interview.visible_answers()
    draft.status = "final"
    if not asker.approve(draft, session_results(journal, draft), catalog):
        return None
    saved = journal.finalise(session.id, draft.answers)
    partner = (draft.answers.get("desc", {}).get("partner") or "").strip()
    if partner:  # who a DESC conversation is with is someone to prepare for
        person, created = journal.ensure_person(" ".join(partner.split()))
        if created:
            asker.tell(f"Added {person.name} to people.")
    return saved


def run(journal, session: Session, catalog: Catalog, asker: Asker) -> Session | None:
    """Walk a draft's interview to its end and finish it; then, once saved, take forward
    goals and actions. Returns the saved session, or None when it stays a draft."""
    interview = interview_of(session, catalog)
    walk(journal, session, interview, asker)
    saved = finish(journal, session, interview, catalog, asker)
    if saved is not None:
        take_forward(journal, saved, asker)
    return saved


# taking forward ---------------------------------------------------------------------------


def take_forward(journal, session: Session, asker: Asker) -> None:
    """SMART goals and agreed actions from what the session agreed. An interruption here
    loses nothing: the session is already saved. A plan agreed nothing yet: it is offered
    only what its own follow-up chose (a goal, or an action to come back to it)."""
    try:
        if not session.is_plan or session.answers.get("desc", {}).get("follow_up") == "set_goal":
            offer_goals(journal, session, asker)
        offer_actions(journal, session, asker, agreed=not session.is_plan)
    except KeyboardInterrupt:
        asker.tell("\nStopped. The session is saved.")


def offer_goals(journal, session: Session, asker: Asker) -> list:
    """Goals shaped at the person's request, each linked to the session. A DESC plan that
    chose to set a goal starts the first from its 'specify' step."""
    desc = session.answers.get("desc", {})
    specific = desc.get("specify", "") if desc.get("follow_up") == "set_goal" else ""
    question, saved = "Turn something you are taking forward into a SMART goal?", []
    while asker.confirm(question, default=bool(specific)):
        draft = GoalDraft(specific=specific, session=session.id, partner=session.with_name)
        specific = ""
        try:
            goal = save_goal(journal, asker.shape_goal(draft), asker.confirm, asker.goal_checked)
            saved.append(goal)
            asker.tell(f"Goal saved ({goal.id[:8]}), linked to this session.")
        except ReflectError as e:
            asker.tell(f"  Not saved: {e.one_line()}")
        question = "Another goal?"
    return saved


def save_goal(journal, draft: GoalDraft, confirm: Callable[..., bool],
              show: Callable[[str, dict], None]):
    """Check one goal (an unknown partner is added if `confirm` says so), show its SMART
    check, and store it."""
    today = date.today()
    fields = prepare_with_partner(journal, draft, today, False,
                                  lambda name: confirm(f"{name} is not in your journal yet. "
                                                       "Add them?", default=True))
    show(fields["title"], smart.check(SimpleNamespace(**fields), today))
    return add_goals(journal, [fields])[0]


def offer_actions(journal, session: Session, asker: Asker, agreed: bool = True) -> list:
    """Agreed actions, one 'what by when' line at a time, linked to the session; a DESC
    plan to revisit the conversation is offered as one first. That action names only who
    the conversation is with: the plan's words stay private preparation. Without `agreed`
    (a plan) only that one is offered."""
    desc, added = session.answers.get("desc", {}), []
    if desc.get("follow_up") == "revisit" and desc.get("describe"):
        if asker.confirm("Add an action to come back to this conversation?", default=True):
            partner = partner_of(session)
            what = f"Come back to the conversation{f' with {partner}' if partner else ''}"
            added.append(journal.goals.add_action(what, None, None, session.id))
    if not agreed:
        return added
    asker.tell("Agreed actions, one per line as 'what by when' (e.g. 'send the plan to Jo "
               "by friday'); an empty line ends.")
    while line := asker.action_line().strip():
        try:
            what, due = parse_action(line, date.today())
        except ReflectError as e:
            asker.tell(f"  {e.one_line()}")
            continue
        added.append(journal.goals.add_action(what, None, due, session.id))
    return added


# a scripted person ------------------------------------------------------------------------


@dataclass
class ScriptedAsker:
    """An Asker that answers from a script instead of a person.

    `answers` maps "model.prompt" to the value to give, or to a `Script` of values given
    in turn on each visit (BACK among them goes back); a prompt not in it keeps what it
    has.
    `stop_at` raises KeyboardInterrupt when that prompt comes up, as Ctrl-C would.
    """

    answers: dict[str, Any] = field(default_factory=dict)
    save: bool = True
    goals: list[GoalDraft] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    confirms: dict[str, bool] = field(default_factory=dict)  # question start -> reply
    stop_at: str | None = None
    told: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def tell(self, text: str) -> None:
        self.told.append(text)

    def answer(self, step: Step, role: str, previous: Any) -> Any:
        key = f"{step.prompt_set.id}.{step.prompt.id}"
        self.asked.append(key)
        if key == self.stop_at:
            raise KeyboardInterrupt
        value = self.answers.get(key, previous)
        if isinstance(value, Script):
            value = value.next()
        return value

    def approve(self, draft: Session, results: dict, catalog: Catalog) -> bool:
        return self.save

    def confirm(self, question: str, default: bool) -> bool:
        for start, reply in self.confirms.items():
            if question.startswith(start):
                return reply
        if question.startswith(("Turn something", "Another goal")):
            return bool(self.goals)
        return default

    def shape_goal(self, draft: GoalDraft) -> GoalDraft:
        given = self.goals.pop(0)
        return GoalDraft(**{**vars(draft), **{k: v for k, v in vars(given).items() if v}})

    def goal_checked(self, title: str, card: dict) -> None:
        self.checked.append(title)

    def action_line(self) -> str:
        return self.actions.pop(0) if self.actions else ""


class Script:
    """Answers for one prompt given in turn, one on each visit (for going back)."""

    def __init__(self, *values: Any):
        self.values = list(values)

    def next(self) -> Any:
        return self.values.pop(0) if len(self.values) > 1 else self.values[0]

