"""Tables of the Learning Record Store (imported by assistant.db.models so Alembic sees them).

A statement is stored once as its JSON text (`full`, what `format=exact` returns) beside the
few denormalised columns the queries filter on. Agents and activities that a statement
mentions go into two narrow side tables carrying the verb and `stored` too, so the usual
query (agent + verb + since, newest first) is one range scan of one index.

Every index entry costs the ingest a B-tree insert and, at commit, the page it lands on: the
side tables are keyed by their query's order, with no other index (on SQLite their rows
live in that key, WITHOUT ROWID).

Times are integer microseconds since the epoch: the same ordering and index use on SQLite
(which has no time zone type) and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db.models import Base, utcnow

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL needs 64 bits at scale.
Sequence = BigInteger().with_variant(Integer(), "sqlite")


class LrsClient(Base):
    """A program allowed to use /xapi with a key and a secret (HTTP Basic) and some scopes."""

    __tablename__ = "lrs_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    # Argon2id of the secret: a stolen database gives no usable credential.
    secret_hash: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class XapiStatement(Base):
    """One stored statement, with the columns its queries filter and sort on."""

    __tablename__ = "lrs_statements"
    __table_args__ = (
        Index("ix_lrs_statements_stored", "stored_us", "seq"),
        Index("ix_lrs_statements_verb", "verb_id", "stored_us"),
        Index("ix_lrs_statements_registration", "registration", "stored_us"),
        Index("ix_lrs_statements_authority", "authority_key", "stored_us"),
    )

    # Arrival order: the tie-breaker of `stored` and the bound that keeps `more` pages stable.
    seq: Mapped[int] = mapped_column(Sequence, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    verb_id: Mapped[str] = mapped_column(String(512))
    actor_key: Mapped[str] = mapped_column(String(512))
    registration: Mapped[str | None] = mapped_column(String(36))
    authority_key: Mapped[str] = mapped_column(String(512))
    # Id of the statement this one's object points at (a StatementRef), voiding or not.
    object_ref: Mapped[str | None] = mapped_column(String(36), index=True)
    # `seq` of the statement at the end of the StatementRef chain, once it is stored: query
    # filters also match a statement whose target matches (xAPI "Filter Conditions for
    # StatementRefs").
    ref_target_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)
    is_voiding: Mapped[bool] = mapped_column(Boolean, default=False)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    stored_us: Mapped[int] = mapped_column(BigInteger)
    timestamp_us: Mapped[int] = mapped_column(BigInteger)
    full: Mapped[str] = mapped_column(Text)

    @property
    def statement(self) -> dict:
        """The statement as stored (the `exact` format)."""
        return json.loads(self.full)


class StatementAgent(Base):
    """An agent or group a statement mentions; `direct` when it is the actor or the object
    (or a member of either group), the rest only matches `related_agents=true`."""

    __tablename__ = "lrs_statement_agents"
    __table_args__ = (
        PrimaryKeyConstraint(
            "agent_key", "verb_id", "stored_us", "seq", name="pk_lrs_statement_agents_query"
        ),
        {"sqlite_with_rowid": False},
    )

    agent_key: Mapped[str] = mapped_column(String(512))
    verb_id: Mapped[str] = mapped_column(String(512))
    stored_us: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int] = mapped_column(BigInteger)
    direct: Mapped[bool] = mapped_column(Boolean)


class StatementActivity(Base):
    """An activity a statement mentions; `direct` when it is the object, the rest (context
    activities, sub-statement) only matches `related_activities=true`."""

    __tablename__ = "lrs_statement_activities"
    __table_args__ = (
        PrimaryKeyConstraint(
            "activity_id", "stored_us", "seq", name="pk_lrs_statement_activities_query"
        ),
        {"sqlite_with_rowid": False},
    )

    activity_id: Mapped[str] = mapped_column(String(512))
    stored_us: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int] = mapped_column(BigInteger)
    direct: Mapped[bool] = mapped_column(Boolean)


class StatementAttachment(Base):
    """Raw attachment content, stored once per SHA-256 whatever the number of statements."""

    __tablename__ = "lrs_attachments"

    sha2: Mapped[str] = mapped_column(String(128), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
