"""Everything the engine knows about one student, read from the database in one go.

The engine's decisions are pure functions of this record (and of the clock passed in), so the
same log always gives the same decisions, and the simulation (evaluation/engine_sim.py) can
build a record without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.db.models import (
    Attempt,
    ClassMembership,
    ItemServed,
    PracticeSession,
    Role,
    User,
)
from assistant.engine.models import (
    Assignment,
    ExternalResult,
    LearnerGoal,
    MasteryOverride,
    PositioningResult,
)
from assistant.engine.skill_map import SkillMap
from assistant.reading.models import Reading


@dataclass(frozen=True)
class Answer:
    """A question's first understood answer: what the learner model takes as evidence."""

    item_id: int
    skill: str
    level: int
    correct: bool
    hints_used: int
    duration_s: float | None
    at: datetime


@dataclass(frozen=True)
class Override:
    skill: str
    mastery: float
    at: datetime
    teacher: str


@dataclass(frozen=True)
class External:
    skill: str
    score: float
    weight: float
    label: str
    at: datetime


@dataclass(frozen=True)
class Work:
    """An open teacher assignment and how far the student has got."""

    id: int
    target: str
    questions: int
    done: int
    teacher: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class Goal:
    subject: str | None = None
    minutes_per_day: int = 15


@dataclass(frozen=True)
class LearnerLog:
    """The student's record, oldest first; `positioning` maps domain → degree key."""

    answers: tuple[Answer, ...] = ()
    positioning: dict[str, str] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    externals: tuple[External, ...] = ()
    assignments: tuple[Work, ...] = ()
    goal: Goal = Goal()
    # WCPM of the student's readings aloud of whole texts, oldest first: how fast they read.
    readings_wcpm: tuple[float, ...] = ()


def aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _midday(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)


def read_answers(db: Session, student_id: int) -> tuple[Answer, ...]:
    """First understood answer of every question the student answered, oldest first."""
    rows = db.execute(
        select(ItemServed, Attempt)
        .join(PracticeSession, PracticeSession.id == ItemServed.session_id)
        .join(Attempt, Attempt.item_id == ItemServed.id)
        .where(PracticeSession.user_id == student_id, Attempt.understood.is_(True))
        .order_by(Attempt.created_at, Attempt.id)
    ).all()
    answers: dict[int, Answer] = {}
    for item, attempt in rows:
        if item.id in answers:
            continue
        answers[item.id] = Answer(
            item_id=item.id,
            skill=item.skill,
            level=item.level,
            correct=attempt.correct,
            hints_used=item.hints_used,
            duration_s=attempt.duration_ms / 1000 if attempt.duration_ms is not None else None,
            at=aware(attempt.created_at),
        )
    return tuple(answers.values())


def read(db: Session, student: User, skill_map: SkillMap) -> LearnerLog:
    """The student's whole record (the map tells which answers count for an assignment)."""
    sid = student.id
    teachers = select(User.id, User.display_name).where(User.role != Role.student)
    names = dict(db.execute(teachers).all())
    positioning: dict[str, str] = {}
    for row in db.scalars(
        select(PositioningResult)
        .where(PositioningResult.student_id == sid)
        .order_by(PositioningResult.created_at, PositioningResult.id)
    ):
        positioning[row.domain] = row.level
    overrides = tuple(
        Override(o.skill, o.mastery, aware(o.created_at), names.get(o.teacher_id, ""))
        for o in db.scalars(
            select(MasteryOverride)
            .where(MasteryOverride.student_id == sid)
            .order_by(MasteryOverride.created_at, MasteryOverride.id)
        )
    )
    externals = tuple(
        External(e.skill, e.score, e.weight, e.label, _midday(e.taken_on))
        for e in db.scalars(
            select(ExternalResult)
            .where(ExternalResult.student_id == sid)
            .order_by(ExternalResult.taken_on, ExternalResult.id)
        )
    )
    answers = read_answers(db, sid)
    classes = select(ClassMembership.class_id).where(ClassMembership.user_id == sid)
    works = []
    for a in db.scalars(
        select(Assignment)
        .where(or_(Assignment.student_id == sid, Assignment.class_id.in_(classes)))
        .order_by(Assignment.created_at, Assignment.id)
    ):
        created = aware(a.created_at)
        done = sum(1 for x in answers if x.at >= created and skill_map.covers(a.target, x.skill))
        works.append(
            Work(a.id, a.target, a.questions, done, names.get(a.teacher_id, ""), a.note, created)
        )
    goal_row = db.scalars(select(LearnerGoal).where(LearnerGoal.student_id == sid)).first()
    goal = Goal(goal_row.subject, goal_row.minutes_per_day) if goal_row else Goal()
    readings = tuple(
        wcpm
        for wcpm, sentences in db.execute(
            select(Reading.wcpm, Reading.sentences)
            .where(Reading.student_id == sid)
            .order_by(Reading.created_at, Reading.id)
        )
        if sentences is None  # a whole text, not a repeated reading of a few sentences
    )
    return LearnerLog(answers, positioning, overrides, externals, tuple(works), goal, readings)
