"""LRS documents, canonical activities and the retention purge log

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "xapi_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("document_key", sa.String(length=64), nullable=False),
        sa.Column("registration", sa.String(length=36), nullable=True),
        sa.Column("document_id", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.Text(), nullable=True),
        sa.Column("agent_key", sa.Text(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("etag", sa.String(length=40), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_key"),
    )
    op.create_index("ix_xapi_documents_scope_updated", "xapi_documents", ["scope", "updated"])
    op.create_table(
        "xapi_activities",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("activity_id", sa.Text(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    op.create_table(
        "xapi_purge_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("stored_us", sa.BigInteger(), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_xapi_purge_log_run_id", "xapi_purge_log", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_xapi_purge_log_run_id", table_name="xapi_purge_log")
    op.drop_table("xapi_purge_log")
    op.drop_table("xapi_activities")
    op.drop_index("ix_xapi_documents_scope_updated", table_name="xapi_documents")
    op.drop_table("xapi_documents")
