"""The `readings` table (imported by assistant.db.models so Alembic sees it).

One row per passage read aloud: the figures a teacher charts (WCPM, accuracy, miscue counts)
as columns, and the whole word-by-word score as JSON so the page can redraw any past reading.
The student is the pseudonymous `users` row, as everywhere else: nothing here names a person.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.models import Base, utcnow


class Reading(Base):
    """A scored reading aloud of a bank passage (or of some of its sentences)."""

    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    passage_id: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))  # "whole" or "minute"
    # Passage sentence indices of a repeated reading; None when the whole passage was the text.
    sentences: Mapped[list[int] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    duration_s: Mapped[float] = mapped_column(Float)
    wcpm: Mapped[float] = mapped_column(Float)
    accuracy: Mapped[float] = mapped_column(Float)
    words_attempted: Mapped[int] = mapped_column(Integer)
    words_correct: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict] = mapped_column(JSON)  # miscue kind → number
    score: Mapped[dict] = mapped_column(JSON)  # ReadingScore.as_dict()
    stt_engine: Mapped[str] = mapped_column(String(64))
