"""draws: joint-check items, public record, drawing without a plan

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("draws") as batch_op:
        batch_op.alter_column("plan_id", existing_type=_ID, nullable=True)
        batch_op.add_column(sa.Column("record", sa.JSON(), nullable=True))
    op.create_table(
        "draw_items",
        sa.Column("id", _ID, nullable=False),
        sa.Column("draw_id", _ID, nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["draws.id"], name=op.f("fk_draw_items_draw_id_draws")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inspection_items.id"],
            name=op.f("fk_draw_items_item_id_inspection_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draw_items")),
        sa.UniqueConstraint("draw_id", "item_id", name=op.f("uq_draw_items_draw_id_item_id")),
    )


def downgrade() -> None:
    op.drop_table("draw_items")
    with op.batch_alter_table("draws") as batch_op:
        batch_op.drop_column("record")
        batch_op.alter_column("plan_id", existing_type=_ID, nullable=False)
