"""groundwork: jobs, conversations, pinyin sort key, phone-binding block

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", _ID, nullable=False),
        sa.Column("kind", _enum("job_kind", "import", "deactivate", "draw"), nullable=False),
        sa.Column(
            "status",
            _enum("job_status", "running", "done", "failed", "interrupted"),
            nullable=False,
        ),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.create_index("ix_jobs_status_lease", ["status", "lease_until"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("id", _ID, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("flow", sa.String(length=40), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint("chat_id", "user_id", name=op.f("uq_conversations_chat_id_user_id")),
    )

    with op.batch_alter_table("inspectors") as batch_op:
        batch_op.add_column(
            sa.Column("phone_bind_blocked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("targets") as batch_op:
        batch_op.add_column(sa.Column("name_sort", sa.LargeBinary(), nullable=True))
    _backfill_name_sort()


def _backfill_name_sort() -> None:
    targets = sa.table(
        "targets",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("name_sort", sa.LargeBinary()),
    )
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(targets.c.id, targets.c.name)
            .where(targets.c.id > last)
            .order_by(targets.c.id)
            .limit(5000)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        bind.execute(
            targets.update()
            .where(targets.c.id == sa.bindparam("target_id"))
            .values(name_sort=sa.bindparam("sort")),
            [{"target_id": r.id, "sort": r.name.encode("gb18030", errors="replace")} for r in rows],
        )


def downgrade() -> None:
    with op.batch_alter_table("targets") as batch_op:
        batch_op.drop_column("name_sort")
    with op.batch_alter_table("inspectors") as batch_op:
        batch_op.drop_column("phone_bind_blocked")
    op.drop_table("conversations")
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_index("ix_jobs_status_lease")
    op.drop_table("jobs")
