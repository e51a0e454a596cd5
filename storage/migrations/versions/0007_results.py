"""results: versions, confirmations, review

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def upgrade() -> None:
    op.create_table(
        "result_versions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("task_id", _ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("methods", sa.JSON(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.String(length=20), nullable=False),
        sa.Column("follow_up_due_on", sa.Date(), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("submitted_by", _ID, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            _enum("result_status", "submitted", "returned", "confirmed", "approved", "superseded"),
            nullable=False,
        ),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.BigInteger(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_result_versions_task_id_tasks")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"],
            ["inspectors.id"],
            name=op.f("fk_result_versions_submitted_by_inspectors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_versions")),
        sa.UniqueConstraint("task_id", "number", name=op.f("uq_result_versions_task_id_number")),
    )
    op.create_index(op.f("ix_result_versions_task_id"), "result_versions", ["task_id"])
    op.create_table(
        "result_confirmations",
        sa.Column("id", _ID, nullable=False),
        sa.Column("version_id", _ID, nullable=False),
        sa.Column("inspector_id", _ID, nullable=False),
        sa.Column("decision", _enum("result_decision", "confirm", "object"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["result_versions.id"],
            name=op.f("fk_result_confirmations_version_id_result_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["inspector_id"],
            ["inspectors.id"],
            name=op.f("fk_result_confirmations_inspector_id_inspectors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_confirmations")),
        sa.UniqueConstraint(
            "version_id",
            "inspector_id",
            name=op.f("uq_result_confirmations_version_id_inspector_id"),
        ),
    )
    op.create_table(
        "result_proposals",
        sa.Column("id", _ID, nullable=False),
        sa.Column("version_id", _ID, nullable=False),
        sa.Column("target_id", _ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column(
            "status", _enum("proposal_status", "proposed", "applied", "dismissed"), nullable=False
        ),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["result_versions.id"],
            name=op.f("fk_result_proposals_version_id_result_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_result_proposals_target_id_targets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_proposals")),
        sa.UniqueConstraint("version_id", "kind", name=op.f("uq_result_proposals_version_id_kind")),
    )
    op.create_index(op.f("ix_result_proposals_target_id"), "result_proposals", ["target_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_result_proposals_target_id"), table_name="result_proposals")
    op.drop_table("result_proposals")
    op.drop_table("result_confirmations")
    op.drop_index(op.f("ix_result_versions_task_id"), table_name="result_versions")
    op.drop_table("result_versions")
