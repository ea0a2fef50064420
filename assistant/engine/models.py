"""Tables of the adaptive engine (imported by assistant.db.models so Alembic sees them).

The engine derives mastery and review dates from the log every time it decides (see
assistant/engine/state.py); these tables hold only what people tell it (positioning, goals,
teacher overrides, external results, assignments) and what it decided, with the reasons.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.models import Base, utcnow


class PositioningResult(Base):
    """A domain's level from the national positioning test's individual report.

    The student may enter it (a teacher then confirms it) or the teacher enters it directly.
    The newest row per (student, domain) is the one in force.
    """

    __tablename__ = "engine_positioning"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    domain: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(32))
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LearnerGoal(Base):
    """The student's own goals: a subject to favour and minutes of practice per day."""

    __tablename__ = "engine_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    subject: Mapped[str | None] = mapped_column(String(16))
    minutes_per_day: Mapped[int] = mapped_column(Integer, default=15)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MasteryOverride(Base):
    """A teacher's judgement of a skill: mastery is this value from `created_at` on, and
    newer evidence moves it from there."""

    __tablename__ = "engine_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    skill: Mapped[str] = mapped_column(String(96))
    mastery: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExternalResult(Base):
    """A result of an evaluation done outside Rebond, entered by a teacher: a score in [0, 1]
    worth `weight` ordinary questions."""

    __tablename__ = "engine_external_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    skill: Mapped[str] = mapped_column(String(96))
    score: Mapped[float] = mapped_column(Float)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    label: Mapped[str] = mapped_column(String(200), default="")
    taken_on: Mapped[date] = mapped_column(Date)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Assignment(Base):
    """Work a teacher gives to one student or to a whole class: `questions` questions on a
    skill, a competence or a domain. Done when the student has answered that many since."""

    __tablename__ = "engine_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_classes.id"), index=True)
    target: Mapped[str] = mapped_column(String(96))
    questions: Mapped[int] = mapped_column(Integer, default=5)
    note: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EngineDecision(Base):
    """One decision of the engine, with what it weighed and its reason for three readers.

    `kind`: "activity" (what to practise next), "item" (a question's skill and level) or
    "recommendation" (an entry of a list shown to someone). Linked to the session or item it
    started, so "pourquoi ?" can be answered for any past question.
    """

    __tablename__ = "engine_decisions"
    __table_args__ = (UniqueConstraint("item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    tier: Mapped[str] = mapped_column(String(16))
    skill: Mapped[str] = mapped_column(String(96))
    level: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    components: Mapped[dict] = mapped_column(JSON)
    reason_student: Mapped[str] = mapped_column(Text)
    reason_parent: Mapped[str] = mapped_column(Text)
    reason_teacher: Mapped[str] = mapped_column(Text)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("practice_sessions.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items_served.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
