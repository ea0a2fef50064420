"""The maths practice of one student: sessions, questions, answers, hints and their traces.

The service, not Rasa, decides what comes next and whether an answer is right. Each choice
stores its reason in plain French, so "pourquoi ?" can always be answered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import (
    Attempt,
    ItemServed,
    ItemStatus,
    PracticeSession,
    User,
    utcnow,
)
from assistant.engine import catalogue, skill_map
from assistant.engine.models import EngineDecision
from assistant.engine.recommender import Recommendation
from assistant.engine.service import Engine
from assistant.lrs import statements as xapi
from assistant.tutoring import messages as say
from assistant.tutoring.checking import check_answer
from assistant.tutoring.motivation import fact_lines
from assistant.tutoring.reply import TutorReply
from curriculum.maths.items import MathItem, generate, generators_for_topic

MATHS = "maths"
MIN_LEVEL, MAX_LEVEL = 1, 3
WRONG_BEFORE_HINT = 2  # a second wrong answer brings the next hint
WRONG_BEFORE_SOLUTION = 3  # a third shows the worked solution and moves on
STREAK_TO_LEVEL_UP = 2


class Practice:
    """Practice operations for one student, inside one database transaction."""

    def __init__(self, db: Session, public_url: str, user: User) -> None:
        self.db = db
        self.public_url = public_url
        self.user = user
        # What recommend_topic chose, for _serve to serve and record (one request long).
        self._activity: Recommendation | None = None
        # Set when a text or a language module is under way: an aside resumes that instead.
        self.resume_elsewhere: Callable[[list[str] | None], TutorReply] | None = None

    # ---- state -------------------------------------------------------------------------

    @property
    def prefers_choices(self) -> bool:
        """The student asked to pick answers rather than type them (« propose-moi des
        choix »): every question then comes with its choices, until « je préfère écrire »."""
        return bool((self.user.preferences or {}).get(CHOICES_PREFERENCE))

    def open_session(self) -> PracticeSession | None:
        """The student's practice session that has not ended, if any."""
        return self.db.scalars(
            select(PracticeSession)
            .where(PracticeSession.user_id == self.user.id, PracticeSession.ended_at.is_(None))
            .order_by(PracticeSession.id.desc())
        ).first()

    def pending(self) -> tuple[ItemServed, MathItem] | None:
        """The question waiting for an answer, with its regenerated content."""
        session = self.open_session()
        if session is None or session.activity != MATHS or not session.items:
            return None
        row = session.items[-1]
        if row.status != ItemStatus.pending:
            return None
        return row, generate(row.generator, row.level, row.seed)

    # ---- starting ----------------------------------------------------------------------

    def start(self, topic: str | None) -> TutorReply:
        """Start a maths practice, on `topic` when the student named one (French activities
        have their own classes: comprehension, langue, fluency)."""
        if topic and not generators_for_topic(topic):
            return TutorReply([say.TOPIC_NOT_AVAILABLE, self._topics_line()], False)
        if topic:
            reason = f"Tu as demandé à travailler {say.TOPIC_NAMES[topic]}."
        else:
            topic, reason = self.recommend_topic()
        return self._begin(topic, reason, announce=False)

    def what_next(self) -> TutorReply:
        """Start the activity the engine recommends, in maths or in French, saying why."""
        engine = Engine(self.db)
        recommendation = engine.recommendations(self.user, limit=1)[0]
        if catalogue.activity_of(recommendation.skill) != catalogue.MATHS:
            return self._start_french(engine, recommendation)
        topic, reason = self._keep(recommendation)
        return self._begin(topic, reason, announce=True)

    def recommend_topic(self) -> tuple[str, str]:
        """The topic of the engine's first maths recommendation (the student asked for
        maths), with its reason for the student."""
        return self._keep(Engine(self.db).recommendations(self.user, limit=1, subject=MATHS)[0])

    def _keep(self, recommendation: Recommendation) -> tuple[str, str]:
        """Keep a maths recommendation for `_serve`, which serves its skill at its level and
        stores it as the session's decision; its topic and its reason for the student."""
        self._activity = recommendation
        topic = skill_map.load().skills[recommendation.skill].competence
        return topic, recommendation.reasons.student

    def _start_french(self, engine: Engine, recommendation: Recommendation) -> TutorReply:
        """Start the text, language module or reading aloud the engine chose, and store the
        decision. Its reason leads the session's own, so « pourquoi ? » gives it later."""
        # Imported here: these practices import this module (they build on Practice).
        from assistant.tutoring.comprehension import ORAL, Comprehension
        from assistant.tutoring.fluency import Fluency
        from assistant.tutoring.langue import Langue

        self.end_session()
        skill, kind = recommendation.skill, catalogue.activity_of(recommendation.skill)
        if kind == catalogue.COMPREHENSION:
            reply = Comprehension(self.db, self.public_url, self.user).start_at_level(
                recommendation.level, ORAL if catalogue.heard(skill) else None
            )
        elif kind == catalogue.LANGUE:
            langue = Langue(self.db, self.public_url, self.user)
            done = {s.topic or "" for s in langue.past_sessions()}
            reply = langue.start(catalogue.module_for(skill, recommendation.level, done).id)
        else:
            reply = Fluency(self.db, self.public_url, self.user).start()
        reason = recommendation.reasons.student
        session = self.open_session()
        if session is not None:
            session.reason = f"{reason} {session.reason or ''}".strip()
            for row in session.items:
                row.reason = session.reason
        engine.decide(self.user, recommendation, "activity", session=session)
        return TutorReply(
            [reason, *reply.messages],
            reply.practice_active,
            reply.buttons,
            [None, *reply.spoken] if reply.spoken else [],
        )

    def _begin(self, topic: str, reason: str, announce: bool) -> TutorReply:
        self.end_session()
        session = PracticeSession(
            user_id=self.user.id, activity=MATHS, topic=topic, level=MIN_LEVEL, reason=reason
        )
        self.db.add(session)
        self.db.flush()
        xapi.record(
            self.db,
            self.public_url,
            self.user,
            "initialized",
            self._session_activity(session),
            registration=session.registration,
        )
        _, item = self._serve(session, reason)
        intro = f"C'est parti pour {say.TOPIC_NAMES[topic]} !"
        lead = [reason, intro] if announce else [intro]
        buttons = choice_buttons(item, self.prefers_choices)
        return TutorReply([*lead, item.statement], True, buttons)

    def _serve(self, session: PracticeSession, reason: str) -> tuple[ItemServed, MathItem]:
        """Serve the next question: the engine picks its skill in the session's topic and, for
        the first question, its level (predicted success closest to 70–85 %). Later questions
        keep the session's level, which the student (« plus facile ») and the streak and
        give-up rules move; the engine then picks the skill that fits that level best.
        """
        engine = Engine(self.db)
        position = len(session.items)
        key = f"{session.registration}:{position}"
        chosen = self._activity if position == 0 else None
        if chosen is None:
            level = None if position == 0 else session.level
            found = engine.recommendations(self.user, topic=session.topic, level=level, limit=1)
            chosen = found[0] if found else None
            reason = f"{reason} {chosen.reasons.student}" if chosen else reason
        if chosen is not None:
            session.level = chosen.level
            item = catalogue.draw(chosen.skill, chosen.level, key)
        else:  # a topic whose skills the map does not list yet: its generators in turn
            generators = generators_for_topic(session.topic or "")
            generator = generators[position % len(generators)]
            item = generate(generator, session.level, catalogue.seed_for(key))
        row = ItemServed(
            session=session,
            generator=item.generator,
            skill=item.skill,
            level=session.level,
            seed=item.seed,
            statement=item.statement,
            reason=f"{reason} Niveau {session.level} sur {MAX_LEVEL}.",
        )
        self.db.add(row)
        self.db.flush()
        if chosen is not None:
            if position == 0 and self._activity is not None:
                engine.decide(self.user, chosen, "activity", session=session)
            engine.decide(self.user, chosen, "item", session=session, item=row)
        return row, item

    # ---- answering ---------------------------------------------------------------------

    def answer(self, text: str) -> TutorReply:
        """Judge the student's raw text against the pending question."""
        pending = self.pending()
        if pending is None:
            return menu([say.NO_QUESTION])
        row, item = pending
        verdict = check_answer(item, text)
        now = utcnow()
        since = row.attempts[-1].created_at if row.attempts else row.served_at
        elapsed = now - _aware(since)
        self.db.add(
            Attempt(
                item=row,
                raw_text=text,
                correct=verdict.correct,
                understood=verdict.understood,
                diagnosis=verdict.diagnosis,
                feedback=verdict.feedback,
                duration_ms=int(elapsed.total_seconds() * 1000),
                created_at=now,
            )
        )
        if not verdict.understood:  # typing it is the problem: offer the choices
            return TutorReply(
                [verdict.feedback, say.CHOOSE_INSTEAD], True, choice_buttons(item, True)
            )
        self._record_answer(row, item, text, verdict.correct, elapsed)
        session = row.session
        if verdict.correct:
            row.status = ItemStatus.solved
            level_note = self._maybe_level_up(session)
            _, following = self._serve(session, "Tu as réussi la question précédente.")
            lead = [verdict.feedback] + ([level_note] if level_note else [])
            return TutorReply(
                [*lead, f"{say.NEXT_QUESTION} {following.statement}"],
                True,
                choice_buttons(following, self.prefers_choices),
            )
        wrong = sum(1 for a in row.attempts if a.understood and not a.correct)
        if wrong >= WRONG_BEFORE_SOLUTION:
            return self._give_up(row, item, [verdict.feedback])
        if wrong >= WRONG_BEFORE_HINT and row.hints_used < len(item.hints):
            return TutorReply([verdict.feedback, self._next_hint(row, item)], True)
        return TutorReply([verdict.feedback, say.TRY_AGAIN], True)

    def _record_answer(
        self, row: ItemServed, item: MathItem, text: str, success: bool, elapsed: timedelta
    ) -> None:
        xapi.record(
            self.db,
            self.public_url,
            self.user,
            "answered",
            self._item_activity(item),
            registration=row.session.registration,
            result={
                "success": success,
                "response": text,
                "duration": xapi.iso_duration(elapsed),
            },
            extensions={"skill": item.skill, "level": row.level, "hints-used": row.hints_used},
        )

    def _maybe_level_up(self, session: PracticeSession) -> str | None:
        """Raise the level after a streak of questions solved at the first try, unaided."""
        recent = [i for i in session.items if i.status != ItemStatus.pending][-STREAK_TO_LEVEL_UP:]
        clean = [
            i
            for i in recent
            if i.level == session.level
            and i.status == ItemStatus.solved
            and i.hints_used == 0
            and len([a for a in i.attempts if a.understood]) == 1
        ]
        if len(clean) == STREAK_TO_LEVEL_UP and session.level < MAX_LEVEL:
            session.level += 1
            return f"Tu réussis bien : on passe au niveau {session.level}."
        return None

    def _give_up(self, row: ItemServed, item: MathItem, lead: list[str]) -> TutorReply:
        """Show the worked solution, ease the level, and move on to a new question."""
        row.status = ItemStatus.abandoned
        session = row.session
        session.level = max(MIN_LEVEL, session.level - 1)
        _, following = self._serve(session, "La question précédente était difficile.")
        return TutorReply(
            [
                *lead,
                say.SOLUTION.format(solution=item.solution),
                f"{say.NEXT_QUESTION} {following.statement}",
            ],
            True,
            choice_buttons(following, self.prefers_choices),
        )

    # ---- help --------------------------------------------------------------------------

    def hint(self) -> TutorReply:
        """The next graded hint (nudge, method, worked step), then the solution."""
        pending = self.pending()
        if pending is None:
            return menu([say.NO_QUESTION])
        row, item = pending
        if row.hints_used >= len(item.hints):
            return self._give_up(row, item, [say.NO_MORE_HINTS])
        return TutorReply([self._next_hint(row, item)], True)

    def _next_hint(self, row: ItemServed, item: MathItem) -> str:
        index = row.hints_used
        row.hints_used += 1
        xapi.record(
            self.db,
            self.public_url,
            self.user,
            "asked",
            self._item_activity(item),
            registration=row.session.registration,
            extensions={"hint-level": index + 1, "skill": item.skill},
        )
        return f"{say.HINT_PREFIX[index]} {item.hints[index]}"

    def repeat(self) -> TutorReply:
        """Say the pending question again."""
        pending = self.pending()
        if pending is None:
            return menu([say.NO_QUESTION])
        buttons = choice_buttons(pending[1], self.prefers_choices)
        return TutorReply([pending[1].statement], True, buttons)

    def resume(self, lead: list[str] | None = None) -> TutorReply:
        """After an aside, re-ask the pending question; with none pending, offer the menu."""
        if self.resume_elsewhere is not None:
            return self.resume_elsewhere(lead)
        pending = self.pending()
        if pending is None:
            return menu(lead or [])
        return TutorReply(
            [*(lead or []), f"{say.RESUME} {pending[1].statement}"],
            True,
            choice_buttons(pending[1], self.prefers_choices),
        )

    def explain(self, topic: str | None) -> TutorReply:
        """A short lesson on the pending question's topic, or on the topic named."""
        pending = self.pending()
        subject = pending[1].topic if pending else topic
        if subject not in say.TOPIC_LESSONS:
            return self.resume([say.TOPIC_NOT_AVAILABLE] if topic else [])
        return self.resume([say.TOPIC_LESSONS[subject]])

    def skip(self) -> TutorReply:
        """Leave the pending question, give its answer, and serve another."""
        pending = self.pending()
        if pending is None:
            return menu([say.NO_QUESTION])
        row, item = pending
        row.status = ItemStatus.skipped
        _, following = self._serve(row.session, "Tu as passé la question précédente.")
        return TutorReply(
            [say.SKIPPED.format(answer=item.answer), f"{say.NEXT_QUESTION} {following.statement}"],
            True,
            choice_buttons(following, self.prefers_choices),
        )

    def change_level(self, direction: str) -> TutorReply:
        """Make the next question easier or harder, as the student asked."""
        pending = self.pending()
        if pending is None:
            return menu([say.NO_QUESTION])
        row, _ = pending
        session = row.session
        step = -1 if direction == "easier" else 1
        new_level = min(MAX_LEVEL, max(MIN_LEVEL, session.level + step))
        if new_level == session.level:
            note = say.ALREADY_EASIEST if step < 0 else say.ALREADY_HARDEST
        else:
            note = say.EASIER if step < 0 else say.HARDER
        session.level = new_level
        row.status = ItemStatus.abandoned
        asked = "plus facile" if step < 0 else "plus difficile"
        _, following = self._serve(session, f"Tu as demandé une question {asked}.")
        return TutorReply(
            [note, following.statement], True, choice_buttons(following, self.prefers_choices)
        )

    # ---- ending and reporting ----------------------------------------------------------

    def end_session(self) -> PracticeSession | None:
        """End the open session (its pending question is abandoned) and trace it."""
        session = self.open_session()
        if session is None:
            return None
        for row in session.items:
            if row.status == ItemStatus.pending:
                row.status = ItemStatus.abandoned
        session.ended_at = utcnow()
        solved = sum(1 for i in session.items if i.status == ItemStatus.solved)
        answered = sum(1 for i in session.items if i.status != ItemStatus.abandoned or i.attempts)
        xapi.record(
            self.db,
            self.public_url,
            self.user,
            "terminated",
            self._session_activity(session),
            registration=session.registration,
            result={
                "completion": True,
                "duration": xapi.iso_duration(session.ended_at - _aware(session.started_at)),
                "extensions": {
                    f"{self.public_url}/xapi/extensions/solved": solved,
                    f"{self.public_url}/xapi/extensions/questions": answered,
                },
            },
        )
        return session

    def stop(self) -> TutorReply:
        """Stop the practice with a short summary."""
        session = self.end_session()
        if session is None:
            return TutorReply([say.SESSION_EMPTY], False)
        solved = sum(1 for i in session.items if i.status == ItemStatus.solved)
        total = sum(1 for i in session.items if i.attempts or i.status == ItemStatus.solved)
        if not total:
            return TutorReply([say.STOPPED.format(summary=say.SESSION_EMPTY)], False)
        summary = say.SESSION_SUMMARY.format(solved=solved, total=total)
        if session.activity == MATHS:
            fact = fact_lines(self.user, MATHS, session.topic)
        else:
            fact = fact_lines(self.user, "francais")
        return TutorReply([say.STOPPED.format(summary=summary), *fact], False)

    def topic_stats(self) -> dict[str, tuple[int, int]]:
        """Per topic: (questions solved, questions answered at least once)."""
        rows = self.db.execute(
            select(PracticeSession.topic, ItemServed.status)
            .join(ItemServed, ItemServed.session_id == PracticeSession.id)
            .where(PracticeSession.user_id == self.user.id)
            .where(ItemServed.attempts.any() | (ItemServed.status == ItemStatus.solved))
        ).all()
        stats: dict[str, tuple[int, int]] = {}
        for topic, status in rows:
            solved, total = stats.get(topic, (0, 0))
            stats[topic] = (solved + (status == ItemStatus.solved), total + 1)
        return stats

    def progress(self) -> TutorReply:
        """Questions solved, overall and per topic."""
        stats = self.topic_stats()
        if not stats:
            return self.resume([say.PROGRESS_NONE])
        solved = sum(s for s, _ in stats.values())
        total = sum(t for _, t in stats.values())
        lines = [say.PROGRESS_TOTAL.format(solved=solved, total=total)]
        lines += [
            say.PROGRESS_TOPIC.format(name=say.TOPIC_NAMES[t].capitalize(), solved=s, total=n)
            for t, (s, n) in stats.items()
            if t in say.TOPIC_NAMES
        ]
        return self.resume([" ".join(lines)])

    def why(self) -> TutorReply:
        """The stored reason of the pending question, or of the last session."""
        pending = self.pending()
        if pending is not None:
            return self.resume([pending[0].reason])
        last = self.db.scalars(
            select(PracticeSession)
            .where(PracticeSession.user_id == self.user.id)
            .order_by(PracticeSession.id.desc())
        ).first()
        # A reading aloud is proposed here but done on the reading page: its decision has no
        # session, and it is the latest thing the student was told unless a session followed.
        proposal = self.db.scalars(
            select(EngineDecision)
            .where(EngineDecision.student_id == self.user.id, EngineDecision.kind == "activity")
            .order_by(EngineDecision.id.desc())
        ).first()
        if (
            proposal is not None
            and proposal.session_id is None
            and (last is None or _aware(proposal.created_at) >= _aware(last.started_at))
        ):
            return self.resume([proposal.reason_student])
        return self.resume([last.reason if last else say.WHY_NONE])

    # ---- xAPI objects ------------------------------------------------------------------

    def _session_activity(self, session: PracticeSession) -> dict:
        return session_activity(self.public_url, session)

    def _item_activity(self, item: MathItem) -> dict:
        return xapi.activity(
            self.public_url,
            f"items/{item.generator}/{item.level}/{item.seed}",
            item.statement,
            xapi.INTERACTION,
        )

    def _topics_line(self) -> str:
        names = ", ".join(name for t, name in say.TOPIC_NAMES.items() if generators_for_topic(t))
        return f"Pour l'instant, je te propose : {names}."


# The preference (in User.preferences) of a student who would rather pick than type.
CHOICES_PREFERENCE = "choix"
# Answers that are hard to type on a phone, or with a DYS or motor difficulty: their choices
# are offered as buttons with the question (a button sends its choice as the answer).
HARD_TO_TYPE = frozenset(
    {"expanded", "factored", "inequality", "scientific", "simplified_root", "prime_factors",
     "number_list", "point"}
)  # fmt: skip


def choice_buttons(item: MathItem, always: bool = False) -> list[dict[str, str]]:
    """The item's multiple-choice alternative, for hard-to-type answers; for every answer
    when `always` (a typed answer was not understood, or the student prefers choosing)."""
    if not (always or item.kind in HARD_TO_TYPE):
        return []
    return [{"title": choice, "payload": choice} for choice in item.choices]


def menu(lead: list[str]) -> TutorReply:
    """Nothing is pending: say what the student can do, with buttons for those who prefer
    not to type."""
    return TutorReply([*lead, say.MENU], False, list(say.MENU_BUTTONS))


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def session_activity(public_url: str, session: PracticeSession) -> dict:
    """The xAPI activity of a practice session: its start and its end name the same one."""
    if session.activity == MATHS:
        name = f"Entraînement : {say.TOPIC_NAMES.get(session.topic or '', session.activity)}"
    else:
        name = f"Compréhension : {session.topic}"
    return xapi.activity(
        public_url, f"practice/{session.activity}/{session.topic}", name, xapi.ASSESSMENT
    )
