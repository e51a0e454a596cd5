"""Alembic: the stairway (up, down, up over every revision) and models == migrations."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from storage.database import Database, alembic_config
from storage.models import Base, Conflict, Target


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


async def test_stairway(database_url: tuple[str, str | None]) -> None:
    db = Database(database_url[0], schema=database_url[1])
    try:
        revisions = _revisions()
        assert revisions, "no migrations found"
        previous = "base"
        for revision in revisions:
            await db.migrate(revision)
            await db.downgrade(previous)
            await db.migrate(revision)
            previous = revision
        async with db.engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert set(Base.metadata.tables) <= tables
    finally:
        await db.dispose()


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_models_match_migrations(db: Database) -> None:
    async with db.engine.connect() as conn:
        diff = await conn.run_sync(_diff)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


async def test_database_enforces_keys(db: Database) -> None:
    async with db.session() as session:
        session.add(Target(uscc="91411721MA44XXXX1X", name="甲"))
        session.add(Target(uscc="91411721MA44XXXX1X", name="乙"))
        with pytest.raises(IntegrityError):
            await session.commit()
    async with db.session() as session:
        session.add(Conflict(inspector_id=999, target_id=999, reason="亲属"))
        with pytest.raises(IntegrityError):
            await session.commit()
