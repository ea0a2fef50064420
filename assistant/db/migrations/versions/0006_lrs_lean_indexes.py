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

TEXT = sa.String(length=512)
# Each side table: its columns, and the columns its query reads in order (the first one is
# the agent or activity the old primary key paired with `seq`).
SIDE_TABLES = {
    "lrs_statement_agents": (
        {"agent_key": TEXT, "verb_id": TEXT, "stored_us": sa.BigInteger(), "seq": sa.BigInteger()},
        ["agent_key", "verb_id", "stored_us"],
    ),
    "lrs_statement_activities": (
        {"activity_id": TEXT, "stored_us": sa.BigInteger(), "seq": sa.BigInteger()},
        ["activity_id", "stored_us"],
    ),
}


def _create(table: str, lean: bool) -> None:
    """The side table keyed by its query (lean), or as it was: (seq, key) and an index."""
    types, query = SIDE_TABLES[table]
    columns = [sa.Column(name, kind, nullable=False) for name, kind in types.items()]
    columns.append(sa.Column("direct", sa.Boolean(), nullable=False))
    if lean:
        key = sa.PrimaryKeyConstraint(*query, "seq", name=f"pk_{table}_query")
        op.create_table(table, *columns, key, sqlite_with_rowid=False)
        return
    op.create_table(table, *columns, sa.PrimaryKeyConstraint("seq", query[0]))
    op.create_index(f"ix_{table}_query", table, query)


def _rebuild(lean: bool) -> None:
    """Move both side tables aside, create them in the other shape, copy, drop the old."""
    for table, (types, _) in SIDE_TABLES.items():
        if lean:
            op.drop_index(f"ix_{table}_query", table_name=table)
        op.rename_table(table, f"{table}_old")
        _create(table, lean)
        columns = ", ".join([*types, "direct"])
        op.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_old")
        op.drop_table(f"{table}_old")


def upgrade() -> None:
    _rebuild(lean=True)


def downgrade() -> None:
    _rebuild(lean=False)
