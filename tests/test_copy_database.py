"""`python -m bot copy-database FROM TO`: SQLite into an empty database (PostgreSQL when the
suite runs on it), every row and id kept, sequences moved on, a non-empty target refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.copy import TargetNotEmpty, copy_database
from storage.database import Database
from storage.models import Base, OutboxMessage
from storage.types import utcnow
from tests.helpers import enqueue_direct
from tests.reminders_data import due_reminders, open_tasks


async def _rows(db: Database) -> dict[str, list[tuple[object, ...]]]:
    tables: dict[str, list[tuple[object, ...]]] = {}
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            result = await conn.execute(select(table).order_by(*table.primary_key.columns))
            tables[table.name] = [tuple(row) for row in result]
    return tables


async def test_copy_keeps_every_row_and_id_and_refuses_a_filled_target(
    db: Database, tmp_path: Path
) -> None:
    source = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}")
    await source.migrate()
    tasks = await open_tasks(source, 12, 30, date(2026, 10, 10))
    await due_reminders(source, tasks, utcnow())
    await enqueue_direct(source, [(i, f"消息 {i} <b>&</b>") for i in range(1, 40)])

    copied = await copy_database(source, db, batch=7)  # several batches per table

    assert copied["tasks"] == 12 and copied["outbox"] == 39
    before, after = await _rows(source), await _rows(db)
    assert before == after
    # New rows continue after the copied ids (PostgreSQL's sequences were moved on).
    await enqueue_direct(db, [(99, "new")])
    async with db.session() as session:
        new_id = await session.scalar(select(OutboxMessage.id).where(OutboxMessage.chat_id == 99))
    assert new_id == 40
    with pytest.raises(TargetNotEmpty):
        await copy_database(source, db)
    await source.dispose()
