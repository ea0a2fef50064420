"""Tables of the LRS document resources, canonical Activities and the retention log.

Imported by assistant.db.models so Alembic sees them. Identifiers that clients choose (Activity
IRIs, agents, state and profile ids) can be long, so the unique keys are SHA-256 hashes of them:
an index entry stays 64 characters on SQLite and PostgreSQL whatever the client sends.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.models import Base, utcnow


class XapiDocument(Base):
    """One State, Activity Profile or Agent Profile document, stored as bytes with its type.

    `scope` hashes (kind, activityId, agent): every list and multi-delete filters on it, with
    `registration` and `updated`. `document_key` adds the registration and the document id and
    is unique, so two concurrent creations of one document cannot both succeed.
    """

    __tablename__ = "xapi_documents"
    __table_args__ = (Index("ix_xapi_documents_scope_updated", "scope", "updated"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(64))
    document_key: Mapped[str] = mapped_column(String(64), unique=True)
    registration: Mapped[str | None] = mapped_column(String(36))
    document_id: Mapped[str] = mapped_column(Text)
    activity_id: Mapped[str | None] = mapped_column(Text)
    agent_key: Mapped[str | None] = mapped_column(Text)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(255))
    # SHA-1 hex of `content`: the ETag (xAPI 1.0.3 Communication 3.1) and the concurrency token.
    etag: Mapped[str] = mapped_column(String(40))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class XapiActivity(Base):
    """The canonical definition of an Activity, merged from the statements the LRS stored."""

    __tablename__ = "xapi_activities"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    activity_id: Mapped[str] = mapped_column(Text)
    definition: Mapped[dict] = mapped_column(JSON, default=dict)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class XapiPurgeLog(Base):
    """A statement the retention purge removed: the proof of what went, when, and by which run."""

    __tablename__ = "xapi_purge_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(36), index=True)
    statement_id: Mapped[str] = mapped_column(String(36))
    voided: Mapped[bool] = mapped_column(Boolean)
    # The statement's `stored`, in the statements table's unit (microseconds since the epoch).
    stored_us: Mapped[int] = mapped_column(BigInteger)
    purged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
