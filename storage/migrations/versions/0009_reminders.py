"""reminders: recipients, snoozes, holds

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("inspector_id", _ID, nullable=True))
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("about_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("snoozes", sa.Integer(), nullable=False, server_default="0"))
    # Nothing wrote reminders before this revision; a stray row still gets a unique key.
    op.execute("UPDATE reminders SET key = 'legacy:' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=sa.String(length=120), nullable=False)
        batch_op.alter_column("snoozes", existing_type=sa.Integer(), server_default=None)
        batch_op.drop_constraint("uq_reminders_task_id_kind_due_at", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_reminders_key"), ["key"])
        batch_op.create_foreign_key(
            batch_op.f("fk_reminders_inspector_id_inspectors"),
            "inspectors",
            ["inspector_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_reminders_task_id"), ["task_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reminders_inspector_id"), ["inspector_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminders_inspector_id"))
        batch_op.drop_index(batch_op.f("ix_reminders_task_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_reminders_inspector_id_inspectors"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_reminders_key"), type_="unique")
        batch_op.create_unique_constraint(
            "uq_reminders_task_id_kind_due_at", ["task_id", "kind", "due_at"]
        )
        batch_op.drop_column("snoozes")
        batch_op.drop_column("about_on")
        batch_op.drop_column("chat_id")
        batch_op.drop_column("inspector_id")
        batch_op.drop_column("key")
