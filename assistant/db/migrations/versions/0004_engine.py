"""adaptive engine: positioning, goals, overrides, external results, assignments, decisions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _user(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("users.id"), nullable=nullable)


def _at(name: str = "created_at", nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "engine_positioning",
        _id(),
        _user("student_id"),
        sa.Column("domain", sa.String(64), nullable=False),
        sa.Column("level", sa.String(32), nullable=False),
        _user("entered_by_id"),
        _user("confirmed_by_id", nullable=True),
        _at("confirmed_at", nullable=True),
        _at(),
    )
    op.create_index("ix_engine_positioning_student_id", "engine_positioning", ["student_id"])
    op.create_table(
        "engine_goals",
        _id(),
        _user("student_id"),
        sa.Column("subject", sa.String(16), nullable=True),
        sa.Column("minutes_per_day", sa.Integer(), nullable=False),
        _user("updated_by_id"),
        _at("updated_at"),
        sa.UniqueConstraint("student_id"),
    )
    op.create_table(
        "engine_overrides",
        _id(),
        _user("student_id"),
        sa.Column("skill", sa.String(96), nullable=False),
        sa.Column("mastery", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _user("teacher_id"),
        _at(),
    )
    op.create_index("ix_engine_overrides_student_id", "engine_overrides", ["student_id"])
    op.create_table(
        "engine_external_results",
        _id(),
        _user("student_id"),
        sa.Column("skill", sa.String(96), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        _user("teacher_id"),
        _at(),
    )
    op.create_index(
        "ix_engine_external_results_student_id", "engine_external_results", ["student_id"]
    )
    op.create_table(
        "engine_assignments",
        _id(),
        _user("teacher_id"),
        _user("student_id", nullable=True),
        sa.Column("class_id", sa.Integer(), sa.ForeignKey("school_classes.id"), nullable=True),
        sa.Column("target", sa.String(96), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        _at(),
    )
    for column in ("teacher_id", "student_id", "class_id"):
        op.create_index(f"ix_engine_assignments_{column}", "engine_assignments", [column])
    op.create_table(
        "engine_decisions",
        _id(),
        _user("student_id"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("skill", sa.String(96), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("reason_student", sa.Text(), nullable=False),
        sa.Column("reason_parent", sa.Text(), nullable=False),
        sa.Column("reason_teacher", sa.Text(), nullable=False),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("practice_sessions.id"), nullable=True),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("items_served.id"), nullable=True),
        _at(),
        sa.UniqueConstraint("item_id"),
    )
    op.create_index("ix_engine_decisions_student_id", "engine_decisions", ["student_id"])


def downgrade() -> None:
    for table in (
        "engine_decisions",
        "engine_assignments",
        "engine_external_results",
        "engine_overrides",
        "engine_goals",
        "engine_positioning",
    ):
        op.drop_table(table)
