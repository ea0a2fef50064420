"""LRS statements, clients and attachments (replaces the plain xapi_statements table)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:00:00

The old table held only the tutor's statements, with none of the columns the LRS queries
need; it is dropped (a development database only ever had demo practice in it).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("xapi_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xapi_statements_verb_id"))
        batch_op.drop_index(batch_op.f("ix_xapi_statements_stored"))
        batch_op.drop_index(batch_op.f("ix_xapi_statements_registration"))
        batch_op.drop_index(batch_op.f("ix_xapi_statements_actor_name"))
    op.drop_table("xapi_statements")

    op.create_table(
        "lrs_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("secret_hash", sa.String(length=255), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "lrs_statements",
        sa.Column("seq", SEQUENCE, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("verb_id", sa.String(length=512), nullable=False),
        sa.Column("actor_key", sa.String(length=512), nullable=False),
        sa.Column("registration", sa.String(length=36), nullable=True),
        sa.Column("authority_key", sa.String(length=512), nullable=False),
        sa.Column("object_ref", sa.String(length=36), nullable=True),
        sa.Column("ref_target_seq", sa.BigInteger(), nullable=True),
        sa.Column("is_voiding", sa.Boolean(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("stored_us", sa.BigInteger(), nullable=False),
        sa.Column("timestamp_us", sa.BigInteger(), nullable=False),
        sa.Column("full", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("lrs_statements", schema=None) as batch_op:
        batch_op.create_index("ix_lrs_statements_stored", ["stored_us", "seq"], unique=False)
        batch_op.create_index("ix_lrs_statements_verb", ["verb_id", "stored_us"], unique=False)
        batch_op.create_index(
            "ix_lrs_statements_registration", ["registration", "stored_us"], unique=False
        )
        batch_op.create_index(
            "ix_lrs_statements_authority", ["authority_key", "stored_us"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lrs_statements_object_ref"), ["object_ref"])
        batch_op.create_index(batch_op.f("ix_lrs_statements_ref_target_seq"), ["ref_target_seq"])
    op.create_table(
        "lrs_statement_agents",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("agent_key", sa.String(length=512), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("verb_id", sa.String(length=512), nullable=False),
        sa.Column("stored_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("seq", "agent_key"),
    )
    op.create_index(
        "ix_lrs_statement_agents_query",
        "lrs_statement_agents",
        ["agent_key", "verb_id", "stored_us"],
    )
    op.create_table(
        "lrs_statement_activities",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("activity_id", sa.String(length=512), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("stored_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("seq", "activity_id"),
    )
    op.create_index(
        "ix_lrs_statement_activities_query",
        "lrs_statement_activities",
        ["activity_id", "stored_us"],
    )
    op.create_table(
        "lrs_attachments",
        sa.Column("sha2", sa.String(length=128), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha2"),
    )


def downgrade() -> None:
    op.drop_table("lrs_attachments")
    op.drop_index("ix_lrs_statement_activities_query", table_name="lrs_statement_activities")
    op.drop_table("lrs_statement_activities")
    op.drop_index("ix_lrs_statement_agents_query", table_name="lrs_statement_agents")
    op.drop_table("lrs_statement_agents")
    op.drop_table("lrs_statements")
    op.drop_table("lrs_clients")
    op.create_table(
        "xapi_statements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("verb_id", sa.String(length=255), nullable=False),
        sa.Column("object_id", sa.String(length=512), nullable=False),
        sa.Column("registration", sa.String(length=36), nullable=True),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored", sa.DateTime(timezone=True), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("xapi_statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_xapi_statements_actor_name"), ["actor_name"])
        batch_op.create_index(batch_op.f("ix_xapi_statements_registration"), ["registration"])
        batch_op.create_index(batch_op.f("ix_xapi_statements_stored"), ["stored"])
        batch_op.create_index(batch_op.f("ix_xapi_statements_verb_id"), ["verb_id"])
