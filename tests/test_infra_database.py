"""Read transactions take no write lock; write transactions still queue (storage.database)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError

from bot.outbox import Outbox
from storage.database import Database, read_only
from storage.models import OutboxMessage, ProcessedUpdate
from tests.helpers import enqueue_direct


@pytest.fixture
async def quick_db(database_url: tuple[str, str | None]) -> AsyncIterator[Database]:
    """A database whose writers give up after half a second instead of thirty."""
    url, schema = database_url
    database = Database(url, schema=schema, lock_timeout=0.5)
    await database.migrate()
    yield database
    await database.dispose()


async def test_a_long_read_does_not_block_a_writer(quick_db: Database) -> None:
    await enqueue_direct(quick_db, [(1, "before")])
    async with quick_db.session() as reader, read_only(reader):
        count = select(func.count()).select_from(OutboxMessage)
        assert await reader.scalar(count) == 1
        # The read transaction stays open (an export of 200,000 rows) while someone writes.
        async with asyncio.timeout(5), quick_db.session() as writer, writer.begin():
            await Outbox(writer).message(2, "during")
    async with quick_db.session() as session:
        assert await session.scalar(count) == 2


async def test_write_transactions_queue_instead_of_failing(quick_db: Database) -> None:
    """Two read-then-write transactions at once: the second waits for the first (on SQLite,
    because BEGIN IMMEDIATE takes the write lock at the start; a deferred BEGIN would fail
    with "database is locked" when its stale read tries to become a write)."""
    await enqueue_direct(quick_db, [(1, "counter")])
    first_read = asyncio.Event()

    async def bump(hold: float, wait_for: asyncio.Event | None) -> None:
        if wait_for is not None:
            await wait_for.wait()
        async with quick_db.session() as session, session.begin():
            await session.scalar(select(OutboxMessage.attempts))
            if wait_for is None:
                first_read.set()
            await asyncio.sleep(hold)
            await session.execute(update(OutboxMessage).values(attempts=OutboxMessage.attempts + 1))

    await asyncio.gather(bump(0.2, None), bump(0.0, first_read))
    async with quick_db.session() as session:
        assert await session.scalar(select(OutboxMessage.attempts)) == 2


async def test_a_read_only_transaction_refuses_writes(quick_db: Database) -> None:
    async with quick_db.session() as session:
        async with read_only(session):
            session.add(ProcessedUpdate(update_id=1))
            with pytest.raises(DBAPIError):
                await session.flush()
        # The same pooled connection serves a write transaction normally afterwards.
        async with session.begin():
            session.add(ProcessedUpdate(update_id=2))
        async with read_only(session):
            ids = list(await session.scalars(select(ProcessedUpdate.update_id)))
    assert ids == [2]
