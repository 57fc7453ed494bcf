"""An export's "since the last session": each note's previous answers, found by walking
the journal beside the export instead of asking once for each note and model.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reflect.journal.records import Session
from reflect.journal.sessions import SESSIONS_FROM

if TYPE_CHECKING:
    from reflect.journal.sessions import SessionReads


_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class EarlierAnswers:
    """`SessionReads.previous_answers` for sessions asked about in order of time, as an
    export goes. The candidates (final live sessions with someone, and the models each
    answered) are walked once alongside, a page at a time, holding only the latest for
    each person (compared as SQLite's NOCASE compares, ASCII letters only) and model, so
    memory grows with the people and models, not with the journal. A session asked about
    out of that order gets `previous_answers`'s own query."""

    PAGE = 500  # candidates read together, with their answers when one is asked for

    def __init__(self, reads: SessionReads):
        self._reads = reads
        self._latest: dict[tuple[str, str], str] = {}  # (person, model) -> session id
        self._page: list[tuple] = []  # candidates read; those from `_next` not walked past
        self._next = 0
        self._after: tuple = ("", "", 0)  # (held_on, created, rowid) of the last read
        self._walked = ("", "")  # (held_on, created) walked up to
        self._done = False  # every candidate read
        self._answers: dict[str, dict[str, dict[str, Any]]] = {}

    def __call__(self, session: Session, model: str) -> dict[str, Any] | None:
        if not session.with_name:
            return None
        point = (session.held_on.isoformat(), session.created)
        if point < self._walked:
            return self._reads.previous_answers(session, model)
        self._walk(point)
        found = self._latest.get((session.with_name.strip().translate(_ASCII_FOLD), model))
        return None if found is None else self._answers_of(found)[model]

    def _walk(self, point: tuple[str, str]) -> None:
        """Take in the candidates held earlier than `point`, or the same day and made
        earlier (ties in both: the later row wins, as the newest-first query reads)."""
        self._walked = point
        while self._next < len(self._page) or self._read_page():
            held_on, created, _, session_id, name, models = self._page[self._next]
            if (held_on, created) >= point:
                return
            for model in json.loads(models):
                self._latest[(name.translate(_ASCII_FOLD), model)] = session_id
            self._next += 1

    def _read_page(self) -> bool:
        if self._done:
            return False
        self._page = self._reads.conn.execute(
            "SELECT s.held_on, s.created, s.rowid, s.id, p.name, (SELECT json_group_array("
            "DISTINCT a.model) FROM answers a WHERE a.session_id = s.id)" + SESSIONS_FROM +
            " WHERE s.deleted_at IS NULL AND s.status = 'final' AND p.name IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id)"
            " AND (s.held_on, s.created, s.rowid) > (?, ?, ?)"
            " ORDER BY s.held_on, s.created, s.rowid LIMIT ?",
            [*self._after, self.PAGE]).fetchall()
        self._next = 0
        if self._page:
            self._after = self._page[-1][:3]
        self._done = len(self._page) < self.PAGE
        latest = set(self._latest.values())  # answers only the latest can still be asked for
        self._answers = {k: v for k, v in self._answers.items() if k in latest}
        return bool(self._page)

    def _answers_of(self, session_id: str) -> dict[str, dict[str, Any]]:
        """A candidate's answers, read with those of the page's other candidates not read
        yet (the next questions are about them): a read a page, not one a question."""
        if session_id not in self._answers:
            page = [c[3] for c in self._page if c[3] not in self._answers]
            self._answers.update(self._reads._answers_for(
                page if session_id in page else [session_id, *page]))
        return self._answers[session_id]
