"""evidence files: hashes, EXIF, albums, downloads

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_KINDS_BEFORE = ("photo", "video", "document", "location")
_KINDS_AFTER = (*_KINDS_BEFORE, "voice")
_STATUSES = ("stored", "pending", "too_big", "failed")


def _kind(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="evidence_kind", native_enum=False, create_constraint=True, length=24
    )


def upgrade() -> None:
    with op.batch_alter_table("inspectors") as batch_op:
        batch_op.add_column(sa.Column("evidence_tip_at", sa.DateTime(timezone=True), nullable=True))
    # Changing the Enum type drops its CHECK constraint and creates the new one (on SQLite
    # by copying the table, as batch mode does).
    with op.batch_alter_table("evidence") as batch_op:
        batch_op.alter_column(
            "kind", existing_type=_kind(_KINDS_BEFORE), type_=_kind(_KINDS_AFTER),
            existing_nullable=False,
        )  # fmt: skip
        batch_op.alter_column("task_id", existing_type=_ID, nullable=True)
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    *_STATUSES,
                    name="evidence_status",
                    native_enum=False,
                    create_constraint=True,
                    length=24,
                ),
                nullable=False,
                server_default="stored",
            )
        )
        batch_op.add_column(sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("telegram_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("media_group_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_evidence_media_group_id", ["media_group_id"], unique=False)
    # The default only filled existing rows; the model always sets the status itself.
    with op.batch_alter_table("evidence") as batch_op:
        batch_op.alter_column("status", server_default=None, existing_nullable=False)


def downgrade() -> None:
    # Rows the old schema cannot hold (voice notes, evidence without a task) go with it.
    op.execute("DELETE FROM evidence WHERE kind = 'voice' OR task_id IS NULL")
    with op.batch_alter_table("evidence") as batch_op:
        batch_op.drop_index("ix_evidence_media_group_id")
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("media_group_id")
        batch_op.drop_column("telegram_message_id")
        batch_op.drop_column("chat_id")
        batch_op.drop_column("taken_at")
        # SQLite's copy of the table would keep the reflected CHECK on a column it no longer has.
        batch_op.drop_constraint(op.f("ck_evidence_evidence_status"), type_="check")
        batch_op.drop_column("status")
        batch_op.alter_column("task_id", existing_type=_ID, nullable=False)
        batch_op.alter_column(
            "kind", existing_type=_kind(_KINDS_AFTER), type_=_kind(_KINDS_BEFORE),
            existing_nullable=False,
        )  # fmt: skip
    with op.batch_alter_table("inspectors") as batch_op:
        batch_op.drop_column("evidence_tip_at")
