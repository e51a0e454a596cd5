"""the inspector's tasks: current task, check-ins

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("inspectors") as batch_op:
        batch_op.add_column(sa.Column("current_task_id", _ID, nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_inspectors_current_task_id_tasks"), "tasks", ["current_task_id"], ["id"]
        )
    op.create_table(
        "checkins",
        sa.Column("id", _ID, nullable=False),
        sa.Column("task_id", _ID, nullable=False),
        sa.Column("inspector_id", _ID, nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("horizontal_accuracy", sa.Float(), nullable=True),
        sa.Column("located_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_checkins_task_id_tasks")),
        sa.ForeignKeyConstraint(
            ["inspector_id"], ["inspectors.id"], name=op.f("fk_checkins_inspector_id_inspectors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.create_index(batch_op.f("ix_checkins_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkins_task_id"))
    op.drop_table("checkins")
    with op.batch_alter_table("inspectors") as batch_op:
        batch_op.drop_constraint(op.f("fk_inspectors_current_task_id_tasks"), type_="foreignkey")
        batch_op.drop_column("current_task_id")
