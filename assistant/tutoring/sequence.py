"""A practice made of a fixed series of steps: a text and its questions, a language module
and its activities. Subclasses say what the steps are and how to judge an answer; this class
runs the session — serve, judge, hint, skip, repeat, finish — with the same tables and xAPI
traces as maths practice (a step is an `ItemServed` whose `generator` is the step's id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import Attempt, ItemServed, ItemStatus, PracticeSession, User, utcnow
from assistant.lrs import statements as xapi
from assistant.text import plain
from assistant.tutoring import messages as say
from assistant.tutoring.motivation import fact_lines
from assistant.tutoring.practice import Practice, session_activity
from assistant.tutoring.reply import TutorReply

LETTERS = "ABCD"
WRONG_BEFORE_ANSWER = 2  # a second wrong answer shows a right answer and moves on
CHOICE_SIMILARITY = 85  # rapidfuzz ratio above which typed words name a choice


@dataclass(frozen=True)
class Step:
    """What the student is asked, as the subclass built it from its content."""

    id: str
    skill: str
    prompt: str
    answer: str  # a right answer, shown after two wrong ones or a skip
    hints: tuple[str, ...]
    choices: tuple[str, ...] = ()
    kind: str = ""
    spoken: str = ""  # what text-to-speech says instead of the prompt (a dictation's sentence)


@dataclass(frozen=True)
class Asked:
    """A step as a message: its text, its answer buttons, and what to say aloud instead."""

    text: str
    buttons: list[dict[str, str]]
    spoken: str | None


@dataclass(frozen=True)
class Judgement:
    """Whether an answer is right, and what to tell the student about it."""

    correct: bool
    feedback: str
    understood: bool = True
    found: tuple[str, ...] = field(default_factory=tuple)


class SequencePractice:
    """Session operations shared by the step-by-step practices of one student."""

    activity = ""

    def __init__(self, db: Session, public_url: str, user: User) -> None:
        self.db = db
        self.public_url = public_url
        self.user = user

    # ---- what subclasses provide -------------------------------------------------------

    def choose(self, topic: str | None) -> tuple[str, int, str, list[str]]:
        """(content id, level, reason, introduction messages) of a new session."""
        raise NotImplementedError

    def steps(self, content_id: str) -> list[Step]:
        """The steps of a session on this content, in order."""
        raise NotImplementedError

    def judge(self, step: Step, text: str) -> Judgement:
        """Judge the student's raw text."""
        raise NotImplementedError

    def explanation(self, step: Step) -> str:
        """How to go about this kind of step."""
        raise NotImplementedError

    def topic_of(self, content_id: str) -> str | None:
        """The topic a « Le saviez-vous ? » fact should be about after this content."""
        return None

    def listening(self, content_id: str) -> tuple[str, str] | None:
        """A message shown before the step each time it is asked, with what the voice says
        instead (an oral comprehension text: a short notice shown, the text itself heard);
        None when the content is read, not heard."""
        return None

    # ---- state -------------------------------------------------------------------------

    def open_session(self) -> PracticeSession | None:
        """The student's session of this activity that has not ended, if any."""
        return self.db.scalars(
            select(PracticeSession)
            .where(
                PracticeSession.user_id == self.user.id,
                PracticeSession.ended_at.is_(None),
                PracticeSession.activity == self.activity,
            )
            .order_by(PracticeSession.id.desc())
        ).first()

    def past_sessions(self) -> list[PracticeSession]:
        """Every session of this activity the student had, oldest first."""
        return list(
            self.db.scalars(
                select(PracticeSession)
                .where(
                    PracticeSession.user_id == self.user.id,
                    PracticeSession.activity == self.activity,
                )
                .order_by(PracticeSession.id)
            ).all()
        )

    def pending(self) -> tuple[ItemServed, Step] | None:
        """The step waiting for an answer."""
        session = self.open_session()
        if session is None or not session.items or session.items[-1].status != ItemStatus.pending:
            return None
        row = session.items[-1]
        steps = {s.id: s for s in self.steps(session.topic or "")}
        return row, steps[row.generator]

    # ---- running -----------------------------------------------------------------------

    def start(self, topic: str | None = None) -> TutorReply:
        """Open a session on the content the subclass chooses, and ask its first step."""
        content_id, level, reason, intro = self.choose(topic)
        session = PracticeSession(
            user_id=self.user.id,
            activity=self.activity,
            topic=content_id,
            level=level,
            reason=reason,
        )
        self.db.add(session)
        self.db.flush()
        xapi.record(
            self.db,
            self.public_url,
            self.user,
            "initialized",
            session_activity(self.public_url, session),
            registration=session.registration,
        )
        first = self._serve(session)
        assert first is not None, f"{content_id} has no steps"
        return self._reply(intro, first, self.listening(content_id))

    @staticmethod
    def _reply(
        lead: list[str], asked: Asked, listening: tuple[str, str] | None = None
    ) -> TutorReply:
        """The lead messages, what to listen to if anything, then the step, each with its
        spoken form when it has one."""
        said: list[tuple[str, str | None]] = [(line, None) for line in lead]
        said += [listening] if listening else []
        said.append((asked.text, asked.spoken))
        return TutorReply([t for t, _ in said], True, asked.buttons, [v for _, v in said])

    def _serve(self, session: PracticeSession) -> Asked | None:
        """Serve the next step of the session; None when all are done."""
        steps = self.steps(session.topic or "")
        position = len(session.items)
        if position >= len(steps):
            return None
        step = steps[position]
        self.db.add(
            ItemServed(
                session=session,
                generator=step.id,
                skill=step.skill,
                level=session.level,
                seed=0,
                statement=step.prompt,
                reason=session.reason,
            )
        )
        self.db.flush()
        return self._ask(step, position + 1, len(steps))

    def _ask(self, step: Step, number: int, total: int) -> Asked:
        head = f"Question {number} sur {total} : "
        spoken = head + step.spoken if step.spoken else None
        if not step.choices:
            return Asked(head + step.prompt, [], spoken)
        options = " ".join(f"{LETTERS[i]}) {c}" for i, c in enumerate(step.choices))
        buttons = [
            {"title": f"{LETTERS[i]}) {c}", "payload": LETTERS[i]}
            for i, c in enumerate(step.choices)
        ]
        return Asked(f"{head}{step.prompt} {options}", buttons, spoken)

    def answer(self, text: str) -> TutorReply:
        """Judge the answer to the pending step and move on when it is right."""
        pending = self.pending()
        if pending is None:
            return TutorReply([say.NO_QUESTION], False)
        row, step = pending
        verdict = self.judge(step, text)
        self.db.add(
            Attempt(
                item=row,
                raw_text=text,
                correct=verdict.correct,
                understood=verdict.understood,
                diagnosis=",".join(verdict.found) or None,
                feedback=verdict.feedback,
                duration_ms=0,
                created_at=utcnow(),
            )
        )
        if not verdict.understood:
            return TutorReply([verdict.feedback], True)
        xapi.record(
            self.db,
            self.public_url,
            self.user,
            "answered",
            xapi.activity(self.public_url, f"steps/{step.id}", step.prompt, xapi.INTERACTION),
            registration=row.session.registration,
            result={"success": verdict.correct, "response": text},
            extensions={"skill": step.skill, "level": row.level, "kind": step.kind},
        )
        if verdict.correct:
            row.status = ItemStatus.solved
            return self._next(row.session, [verdict.feedback])
        wrong = sum(1 for a in row.attempts if a.understood and not a.correct)
        if wrong >= WRONG_BEFORE_ANSWER:
            row.status = ItemStatus.abandoned
            model = say.MODEL_ANSWER.format(answer=step.answer)
            return self._next(row.session, [verdict.feedback, model])
        return TutorReply([verdict.feedback, say.TRY_AGAIN], True)

    def _next(self, session: PracticeSession, lead: list[str]) -> TutorReply:
        asked = self._serve(session)
        if asked is not None:
            return self._reply(lead, asked)
        solved = sum(1 for i in session.items if i.status == ItemStatus.solved)
        end = say.SEQUENCE_DONE.format(solved=solved, total=len(session.items))
        Practice(self.db, self.public_url, self.user).end_session()
        fact = fact_lines(self.user, "francais", self.topic_of(session.topic or ""))
        return TutorReply([*lead, end, *fact], False, list(say.MENU_BUTTONS))

    # ---- help --------------------------------------------------------------------------

    def hint(self) -> TutorReply:
        """The step's hints in turn, then its answer and the next step."""
        pending = self.pending()
        if pending is None:
            return TutorReply([say.NO_QUESTION], False)
        row, step = pending
        if row.hints_used >= len(step.hints):
            return self.skip()
        row.hints_used += 1
        return TutorReply([step.hints[row.hints_used - 1]], True)

    def repeat(self) -> TutorReply:
        """Ask the pending step again, with its choices (and what to listen to again)."""
        pending = self.pending()
        if pending is None:
            return TutorReply([say.NO_QUESTION], False)
        row, step = pending
        content_id = row.session.topic or ""
        total = len(self.steps(content_id))
        asked = self._ask(step, len(row.session.items), total)
        return self._reply([], asked, self.listening(content_id))

    def explain(self) -> TutorReply:
        """How to go about the pending step, then the step again."""
        pending = self.pending()
        if pending is None:
            return TutorReply([say.NO_QUESTION], False)
        again = self.repeat()
        return TutorReply(
            [self.explanation(pending[1]), *again.messages],
            True,
            again.buttons,
            [None, *again.spoken],
        )

    def skip(self) -> TutorReply:
        """Give the answer of the pending step and ask the next one."""
        pending = self.pending()
        if pending is None:
            return TutorReply([say.NO_QUESTION], False)
        row, step = pending
        row.status = ItemStatus.skipped
        return self._next(row.session, [say.SKIPPED.format(answer=step.answer)])

    def resume(self, lead: list[str] | None = None) -> TutorReply:
        """After an aside, ask the pending step again."""
        again = self.repeat()
        lead = lead or []
        return TutorReply(
            [*lead, *again.messages],
            again.practice_active,
            again.buttons,
            [None] * len(lead) + (again.spoken or [None] * len(again.messages)),
        )


def choice_named(text: str, choices: tuple[str, ...]) -> int | None:
    """The index of the choice a student named: « B », « la b », « 2 », or its words."""
    folded = plain(text)
    letter = re.fullmatch(r"(?:(?:c est |reponse |je dirais )?(?:la |le )?)([a-d])", folded)
    if letter and LETTERS.lower().index(letter.group(1)) < len(choices):
        return LETTERS.lower().index(letter.group(1))
    number = re.fullmatch(r"(?:la |le )?(\d|un|une|deux|trois|quatre)", folded)
    if number:
        words = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4}
        value = words.get(number.group(1)) or int(number.group(1))
        return value - 1 if 1 <= value <= len(choices) else None
    scores = [fuzz.ratio(folded, plain(c)) for c in choices]
    best = max(range(len(choices)), key=scores.__getitem__)
    others = [s for i, s in enumerate(scores) if i != best]
    if scores[best] >= CHOICE_SIMILARITY and all(s < scores[best] for s in others):
        return best
    return None
