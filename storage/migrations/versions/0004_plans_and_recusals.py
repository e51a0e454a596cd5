"""plans' items, cancelled draws with a reason, replacements of recused members

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "plan_items",
        sa.Column("id", _ID, nullable=False),
        sa.Column("plan_id", _ID, nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.Column("frequency", sa.String(length=100), nullable=False),
        sa.Column("methods", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_items_plan_id_plans")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inspection_items.id"],
            name=op.f("fk_plan_items_item_id_inspection_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_items")),
        sa.UniqueConstraint("plan_id", "item_id", name=op.f("uq_plan_items_plan_id_item_id")),
    )
    with op.batch_alter_table("draws") as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=300), nullable=True))
    with op.batch_alter_table("task_members") as batch_op:
        batch_op.add_column(sa.Column("replaces_id", _ID, nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_task_members_replaces_id_task_members"),
            "task_members",
            ["replaces_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("task_members") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_task_members_replaces_id_task_members"), type_="foreignkey"
        )
        batch_op.drop_column("replaces_id")
    with op.batch_alter_table("draws") as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_by")
        batch_op.drop_column("cancelled_at")
    op.drop_table("plan_items")
