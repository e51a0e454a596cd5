"""audit: what the tamper-evident chain needs

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nothing to change in the schema: an entry's canonical form (UTC time with microseconds
    # and offset, details as the JSON column returns them) round-trips on SQLite and
    # PostgreSQL, and the fingerprints of covered records live in the entries' details.
    # Existing entries keep their hashes; rows from before coverage are adopted explicitly
    # with `python -m bot verify audit --baseline`.
    pass


def downgrade() -> None:
    pass
