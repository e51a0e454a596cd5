"""The outbox sender's claims are leases, and outcomes are always recorded."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from bot.app import build_application, runtime_of, start, stop
from bot.delivery import OutboxSender
from bot.settings import Settings
from storage.database import Database
from storage.models import OutboxMessage, OutboxStatus
from storage.types import utcnow
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.helpers import enqueue, enqueue_direct, eventually, outbox_statuses, settled_statuses


class RecordingTransport:
    """Delivers at once, except to chats in `hold`, whose sends wait until released."""

    def __init__(self, hold: set[int] | None = None) -> None:
        self.delivered: list[tuple[int, str]] = []
        self.hold = hold or set()
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    async def send(self, chat_id: int, method: str, payload: dict[str, Any]) -> int:
        if chat_id in self.hold:
            self.holding.set()
            await self.release.wait()
        self.delivered.append((chat_id, payload["text"]))
        return len(self.delivered)


async def _claims(db: Database) -> dict[int, tuple[OutboxStatus, str | None]]:
    async with db.session() as session:
        rows = await session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.status, OutboxMessage.claimed_by)
        )
        return {row.chat_id: (row.status, row.claimed_by) for row in rows}


async def test_an_expired_claim_is_taken_again_and_a_live_one_is_not(db: Database) -> None:
    await enqueue_direct(db, [(1, "dead sender's"), (2, "live sender's"), (3, "pending")])
    now = utcnow()
    async with db.session() as session, session.begin():
        for chat_id, claimed_at in ((1, now - timedelta(seconds=61)), (2, now)):
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.chat_id == chat_id)
                .values(status=OutboxStatus.SENDING, claimed_by="other", claimed_at=claimed_at)
            )
    transport = RecordingTransport()
    sender = OutboxSender(db, transport, lease=60, poll_interval=0.05)
    await sender.start()  # must not release the live claim of another sender
    try:
        await eventually(lambda: len(transport.delivered) >= 2, 10, "two deliveries")
        # A delivery is recorded just after it happened: wait for the records too.
        for _ in range(200):
            claims = await _claims(db)
            if claims[1][0] == claims[3][0] == OutboxStatus.SENT:
                break
            await asyncio.sleep(0.05)
    finally:
        await sender.stop()
    assert sorted(transport.delivered) == [(1, "dead sender's"), (3, "pending")]
    assert claims[1][0] == claims[3][0] == OutboxStatus.SENT
    assert claims[2] == (OutboxStatus.SENDING, "other"), "a live claim was taken over"


async def test_clean_stop_returns_only_unsent_claims_and_the_lease_resends_the_rest(
    db: Database,
) -> None:
    await enqueue_direct(db, [(chat, f"to {chat}") for chat in range(1, 6)])
    transport = RecordingTransport(hold={1})
    # One worker: the send to chat 1 hangs, the other four claims wait behind it.
    sender = OutboxSender(db, transport, concurrency=1, lease=0.5, poll_interval=0.05)
    await sender.start()
    await asyncio.wait_for(transport.holding.wait(), 10)
    await sender.stop(timeout=0.2)
    claims = await _claims(db)
    # Chat 1's message may have gone out: it stays claimed. The others never left.
    assert claims[1] == (OutboxStatus.SENDING, sender.owner)
    assert {claims[chat] for chat in range(2, 6)} == {(OutboxStatus.PENDING, None)}

    transport.release.set()
    second = OutboxSender(db, transport, lease=0.5, poll_interval=0.05)
    await second.start()
    try:
        statuses = await settled_statuses(db, timeout=10)
    finally:
        await second.stop()
    assert set(statuses.values()) == {OutboxStatus.SENT}
    assert sorted(transport.delivered) == [(chat, f"to {chat}") for chat in range(1, 6)]


@pytest.fixture
async def quick_db(database_url: tuple[str, str | None]) -> AsyncIterator[Database]:
    """The bot's database, with writers giving up after 0.2 s instead of 30 s."""
    url, schema = database_url
    database = Database(url, schema=schema, lock_timeout=0.2)
    await database.migrate()
    yield database
    await database.dispose()


async def _hold_write_lock(database_url: tuple[str, str | None], seconds: float) -> None:
    """What a long import does: hold the write lock from another connection."""
    url, schema = database_url
    other = Database(url, schema=schema)
    try:
        async with other.session() as session, session.begin():
            if other.is_sqlite:
                await session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the write lock
            else:
                await session.execute(text("LOCK TABLE outbox IN EXCLUSIVE MODE"))
            await asyncio.sleep(seconds)
    finally:
        await other.dispose()


async def test_outcomes_are_recorded_once_the_write_lock_is_free(
    settings: Settings,
    quick_db: Database,
    fake: FakeTelegram,
    database_url: tuple[str, str | None],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.delivery")
    users = [FakeUser(fake, 70_000 + i, f"人员{i}") for i in range(60)]
    fake.started_users.update(u.id for u in users)
    app = build_application(settings, quick_db)
    await start(app)
    try:
        await enqueue(runtime_of(app), [(u.id, f"通知 {u.id}") for u in users])
        await eventually(lambda: len(fake.sent) >= 3, 10, "the first deliveries")
        # Longer than the lock timeout: recording the messages in flight fails meanwhile.
        await _hold_write_lock(database_url, 1.5)
        statuses = await settled_statuses(quick_db, timeout=15)
    finally:
        await stop(app)
    assert any("could not record the outcome" in r.getMessage() for r in caplog.records), (
        "no outcome failed to record: the lock was not in the way; the test proves nothing"
    )
    assert Counter(statuses.values()) == {OutboxStatus.SENT: 60}
    texts = Counter(m.text for m in fake.sent)
    assert set(texts) == {f"通知 {u.id}" for u in users}
    assert set(texts.values()) == {1}, "a message went out twice"
    assert OutboxStatus.SENDING not in (await outbox_statuses(quick_db)).values()
