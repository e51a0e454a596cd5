"""publications: what was published, when, by whom, file hashes

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "publications",
        sa.Column("id", _ID, nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "results",
                "draw",
                "items",
                name="publication_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("draw_id", _ID, nullable=True),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["draws.id"], name=op.f("fk_publications_draw_id_draws")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint(
            "kind", "year", "number", name=op.f("uq_publications_kind_year_number")
        ),
    )
    op.create_table(
        "published_results",
        sa.Column("id", _ID, nullable=False),
        sa.Column("publication_id", _ID, nullable=False),
        sa.Column("task_id", _ID, nullable=False),
        sa.Column("version_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_published_results_publication_id_publications"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_published_results_task_id_tasks")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["result_versions.id"],
            name=op.f("fk_published_results_version_id_result_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_results")),
        sa.UniqueConstraint("task_id", name=op.f("uq_published_results_task_id")),
    )
    op.create_index(
        op.f("ix_published_results_publication_id"), "published_results", ["publication_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_published_results_publication_id"), table_name="published_results")
    op.drop_table("published_results")
    op.drop_table("publications")
