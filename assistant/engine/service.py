"""The engine as the service uses it: read the student's log, decide, store the decision.

The conversation (assistant/tutoring/practice.py) and the API (assistant/api/engine.py) both
come through here, so every decision shown to anyone is stored with its components and its
reasons, and "pourquoi ?" can be answered later from the stored row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from assistant.db.models import ItemServed, PracticeSession, Role, User, utcnow
from assistant.engine import explanations, history, positioning, skill_map
from assistant.engine.learner import DEFAULT_MODEL, LearnerModel
from assistant.engine.models import EngineDecision, PositioningResult
from assistant.engine.recommender import Recommendation, recommend
from assistant.engine.state import LearnerState, derive


class Engine:
    """The engine for one database session; `now` is fixed per instance so one request
    decides on one consistent state."""

    def __init__(
        self, db: Session, now: datetime | None = None, model: LearnerModel = DEFAULT_MODEL
    ) -> None:
        self.db = db
        self.now = now or utcnow()
        self.model = model
        self.skills = skill_map.load()

    def snapshot(self, student: User) -> tuple[history.LearnerLog, LearnerState]:
        """The student's log and the state derived from it, now."""
        log = history.read(self.db, student, self.skills)
        return log, derive(log, self.skills, self.now, self.model)

    def recommendations(
        self,
        student: User,
        topic: str | None = None,
        level: int | None = None,
        limit: int = 5,
        subject: str | None = None,
    ) -> list[Recommendation]:
        """The ranked activities for the student (not stored: see `decide`)."""
        log, state = self.snapshot(student)
        return recommend(
            self.skills, log, state, topic=topic, level=level, limit=limit, subject=subject
        )

    def decide(
        self,
        student: User,
        rec: Recommendation,
        kind: str,
        session: PracticeSession | None = None,
        item: ItemServed | None = None,
    ) -> EngineDecision:
        """Store a decision with its components and reasons (the caller commits)."""
        row = EngineDecision(
            student_id=student.id,
            kind=kind,
            tier=rec.tier,
            skill=rec.skill,
            level=rec.level,
            minutes=rec.minutes,
            components=rec.components,
            reason_student=rec.reasons.student,
            reason_parent=rec.reasons.parent,
            reason_teacher=rec.reasons.teacher,
            session_id=session.id if session else None,
            item_id=item.id if item else None,
            created_at=self.now,
        )
        self.db.add(row)
        self.db.flush()
        return row


def record_positioning(db: Session, student: User, actor: User, domain: str, degree: str) -> None:
    """Store a domain's positioning degree. A student's own entry waits for a teacher's
    confirmation (it seeds the priors meanwhile: it is the best we know); a teacher's entry,
    or a teacher entering the same degree again, is confirmed."""
    by_teacher = actor.role != Role.student
    db.add(
        PositioningResult(
            student_id=student.id,
            domain=domain,
            level=degree,
            entered_by_id=actor.id,
            confirmed_by_id=actor.id if by_teacher else None,
            confirmed_at=utcnow() if by_teacher else None,
        )
    )


@dataclass(frozen=True)
class Heard:
    """What a positioning sentence said, and the tutor's answer to it."""

    domain: str | None
    degree: str | None
    message: str

    @property
    def understood(self) -> bool:
        return self.domain is not None and self.degree is not None


def hear_positioning(db: Session, student: User, text: str) -> Heard:
    """Read « j'ai eu fragile en calcul littéral »: store it as the student's own entry and
    say so, or ask for the missing part (nothing is stored then)."""
    domain, degree = positioning.parse(text)
    if domain is None:
        return Heard(domain, degree, explanations.POSITIONING_ASK_DOMAIN)
    if degree is None:
        return Heard(domain, degree, explanations.POSITIONING_ASK_LEVEL)
    record_positioning(db, student, student, domain, degree)
    message = explanations.POSITIONING_SAVED.format(
        label=positioning.DEGREES[degree].label, domain=skill_map.load().domains[domain][1]
    )
    return Heard(domain, degree, message)
