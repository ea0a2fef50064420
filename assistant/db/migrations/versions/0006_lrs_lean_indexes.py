"""LRS: side tables keyed by their query

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 09:30:00

The agent and activity side tables had a primary key (seq, key) and a query index, and on
SQLite a rowid table besides: three B-trees per row. Keyed by the query's order (WITHOUT
ROWID on SQLite) they have one. The rows are copied.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

AGENT_COLUMNS = "agent_key, verb_id, stored_us, seq, direct"
ACTIVITY_COLUMNS = "activity_id, stored_us, seq, direct"


def _agents_table(name: str, lean: bool) -> None:
    columns = [
        sa.Column("agent_key", sa.String(length=512), nullable=False),
        sa.Column("verb_id", sa.String(length=512), nullable=False),
        sa.Column("stored_us", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
    ]
    if lean:
        key = sa.PrimaryKeyConstraint(
            "agent_key", "verb_id", "stored_us", "seq", name="pk_lrs_statement_agents_query"
        )
        op.create_table(name, *columns, key, sqlite_with_rowid=False)
        return
    op.create_table(name, *columns, sa.PrimaryKeyConstraint("seq", "agent_key"))
    op.create_index("ix_lrs_statement_agents_query", name, ["agent_key", "verb_id", "stored_us"])


def _activities_table(name: str, lean: bool) -> None:
    columns = [
        sa.Column("activity_id", sa.String(length=512), nullable=False),
        sa.Column("stored_us", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
    ]
    if lean:
        key = sa.PrimaryKeyConstraint(
            "activity_id", "stored_us", "seq", name="pk_lrs_statement_activities_query"
        )
        op.create_table(name, *columns, key, sqlite_with_rowid=False)
        return
    op.create_table(name, *columns, sa.PrimaryKeyConstraint("seq", "activity_id"))
    op.create_index("ix_lrs_statement_activities_query", name, ["activity_id", "stored_us"])


def _rebuild(lean: bool) -> None:
    """Move both side tables aside, create them in the other shape, copy, drop the old."""
    for table, columns, create in (
        ("lrs_statement_agents", AGENT_COLUMNS, _agents_table),
        ("lrs_statement_activities", ACTIVITY_COLUMNS, _activities_table),
    ):
        index = table.replace("lrs_", "ix_lrs_") + "_query"
        if lean:
            op.drop_index(index, table_name=table)
        op.rename_table(table, f"{table}_old")
        create(table, lean)
        op.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_old")
        op.drop_table(f"{table}_old")


def upgrade() -> None:
    _rebuild(lean=True)


def downgrade() -> None:
    _rebuild(lean=False)
