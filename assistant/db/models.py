"""The service's tables.

Names and e-mails never leave this database: other processes (Rasa, the LRS consumers) see
only `User.pseudonym`. Every automated decision stores its reason in plain French.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now, the only clock the models use."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base for every table."""


class Role(str, enum.Enum):
    """Who may do what: enforced on every endpoint by `assistant.auth.dependencies`."""

    student = "student"
    teacher = "teacher"
    admin = "admin"


class SchoolClass(Base):
    __tablename__ = "school_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ClassMembership(Base):
    """Who is in a class: its students and its teachers (a teacher may have several)."""

    __tablename__ = "class_memberships"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_classes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    password_hash: Mapped[str] = mapped_column(String(255))
    # HMAC of the id: the only identifier given to Rasa and written in xAPI statements.
    pseudonym: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    preferences: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PracticeSession(Base):
    __tablename__ = "practice_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Also the xAPI `context.registration` of every statement of the session.
    registration: Mapped[str] = mapped_column(String(36), default=lambda: str(uuid.uuid4()))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    activity: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    items: Mapped[list[ItemServed]] = relationship(
        back_populates="session", order_by="ItemServed.id"
    )


class ItemStatus(str, enum.Enum):
    pending = "pending"
    solved = "solved"
    skipped = "skipped"
    abandoned = "abandoned"


class ItemServed(Base):
    """One question shown to a student; regenerated from (generator, level, seed)."""

    __tablename__ = "items_served"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("practice_sessions.id"), index=True)
    generator: Mapped[str] = mapped_column(String(64))
    skill: Mapped[str] = mapped_column(String(96))
    level: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    statement: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ItemStatus] = mapped_column(
        Enum(ItemStatus, native_enum=False, length=16), default=ItemStatus.pending
    )
    served_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    session: Mapped[PracticeSession] = relationship(back_populates="items")
    attempts: Mapped[list[Attempt]] = relationship(back_populates="item", order_by="Attempt.id")


class Attempt(Base):
    """A raw answer and the verdict the service gave it, with the reason."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items_served.id"), index=True)
    raw_text: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    understood: Mapped[bool] = mapped_column(Boolean)
    diagnosis: Mapped[str | None] = mapped_column(String(64))
    feedback: Mapped[str] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    item: Mapped[ItemServed] = relationship(back_populates="attempts")


class Alert(Base):
    """Something the student's teacher must see (distress, a question for the teacher)."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ChatMessage(Base):
    """The transcript a student sees, kept so a reload or an outage loses nothing."""

    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    sender: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # False for a student message the tutor could not receive (Rasa down): kept, not lost.
    delivered: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """Who among teachers and admins read or changed what, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# The LRS, the adaptive engine and reading practice keep their tables beside their code; importing
# them here puts them on Base.metadata for Alembic and for every caller of this module.
from assistant.engine import models as _engine_models  # noqa: E402,F401
from assistant.lrs import document_models as _lrs_document_models  # noqa: E402,F401
from assistant.lrs import models as _lrs_models  # noqa: E402,F401
from assistant.reading import models as _reading_models  # noqa: E402,F401
