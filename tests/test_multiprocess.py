"""Several processes on one database: each update handled once, outbox claims disjoint,
periodic work once per period, and Telegram's limits kept across the senders together."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.app import SpotCheckApplication
from bot.delivery import Limits, OutboxSender, SharedSlots
from bot.services import leases, updates
from handlers._context import SpotContext
from storage.database import Database
from storage.models import Lease, OutboxMessage, OutboxStatus, ProcessedUpdate
from storage.repositories import OutboxRepository
from storage.repositories.leases import LeaseRepository
from storage.types import utcnow
from tests.conftest import POSTGRES_URL
from tests.fake_telegram import FakeUser
from tests.helpers import enqueue_direct, eventually, settled_statuses

# --- each update handled once ---------------------------------------------------------------


async def _handle(session: AsyncSession, update_id: int, name: str) -> str:
    """What a process does with an update: look, then write (with the marker) and commit."""
    assert await updates.begin_update(session, update_id)
    try:
        async with session.begin():
            session.add(Lease(name=name, holder=name, until=utcnow()))
            await session.flush()
            await asyncio.sleep(0.05)  # both have looked before either commits
    except IntegrityError as exc:
        duplicate = await updates.is_duplicate(session, update_id, exc)
        return "duplicate" if duplicate else "error"
    return "handled"


async def test_two_processes_racing_one_update_handle_it_once(db: Database) -> None:
    async with db.session() as first, db.session() as second:
        outcomes = await asyncio.gather(_handle(first, 77, "a"), _handle(second, 77, "b"))
        assert sorted(outcomes) == ["duplicate", "handled"]
        # The loser's change went with its transaction; recording the end changes nothing.
        assert await updates.end_update(first, 77)
        assert await updates.end_update(second, 77)
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Lease)) == 1
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 1


async def test_an_update_another_process_handled_first_is_skipped_quietly(
    app: SpotCheckApplication, stranger: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    db = app.bot_data["runtime"].db

    async def handler(update: Update, context: SpotContext) -> None:
        # Another process takes the same update and commits first...
        async with db.session() as other, other.begin():
            other.add(ProcessedUpdate(update_id=update.update_id))
        # ...then this one commits its own change, with the marker.
        async with context.session.begin():
            context.session.add(Lease(name="mine", holder="me", until=utcnow()))

    app.add_handler(MessageHandler(filters.Regex(r"^/race"), handler), group=-10)
    with caplog.at_level(logging.INFO):
        await stranger.send("/race")
        await eventually(
            lambda: "handled by another process" in caplog.text, 10, "the duplicate noticed"
        )
    await asyncio.sleep(0.3)
    assert stranger.inbox() == [], "a duplicate was answered as an error"
    assert "error while handling" not in caplog.text
    async with db.session() as session:
        assert await session.get(Lease, "mine") is None, "the duplicate's change was kept"


# --- outbox claims --------------------------------------------------------------------------


@pytest.mark.skipif(not POSTGRES_URL, reason="SKIP LOCKED needs PostgreSQL (SQLite serialises)")
async def test_a_claim_in_progress_is_skipped_not_waited_for(db: Database) -> None:
    await enqueue_direct(db, [(i, f"m{i}") for i in range(1, 21)])
    async with db.session() as session:
        ids = list(await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))
    now = utcnow()
    old = now - timedelta(seconds=60)
    async with db.session() as first, first.begin():
        mine = await OutboxRepository(first).claim(ids[:10], "first", now, old)
        # The first transaction is still open: its rows are locked, the second skips them.
        async with db.session() as second, second.begin():
            theirs = await asyncio.wait_for(
                OutboxRepository(second).claim(ids, "second", now, old), timeout=5
            )
    assert [m.id for m in mine] == ids[:10]
    assert [m.id for m in theirs] == ids[10:]


class Recording:
    def __init__(self) -> None:
        self.sent: list[tuple[float, int, str]] = []

    async def send(self, chat_id: int, method: str, payload: dict[str, Any]) -> int:
        self.sent.append((time.time(), chat_id, payload["text"]))
        return len(self.sent)


async def test_two_senders_share_the_outbox_and_the_limits(db: Database) -> None:
    """Two senders (two processes) on one database: every message once, claims disjoint,
    and the pace held by both together: 1 s per chat, the overall rate."""
    limits = Limits(overall_per_second=20)
    messages = [(i, f"m{i}") for i in range(1, 31)] + [(5, f"again{k}") for k in range(3)]
    transport = Recording()
    senders = [
        OutboxSender(db, transport, shared=SharedSlots(db, limits), limits=limits) for _ in range(2)
    ]
    for sender in senders:
        await sender.start()
    await enqueue_direct(db, messages)
    for sender in senders:
        sender.wake()
    statuses = await settled_statuses(db, timeout=30)
    for sender in senders:
        await sender.stop()
    assert set(statuses.values()) == {OutboxStatus.SENT}
    counts = Counter(text for _at, _chat, text in transport.sent)
    assert set(counts) == {text for _chat, text in messages} and max(counts.values()) == 1
    async with db.session() as session:
        owners = set(await session.scalars(select(OutboxMessage.claimed_by)))
    assert owners == {None}
    times = sorted(at for at, _chat, _text in transport.sent)
    # Spaced 1/20 s apart: no second holds more than 20 (a little slack for the clock).
    assert all(b - a >= 0.9 for a, b in zip(times, times[20:], strict=False))
    to_five = sorted(at for at, chat, _text in transport.sent if chat == 5)
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(to_five))


# --- periodic work once per period ----------------------------------------------------------


async def test_a_lease_is_held_by_one_process_until_it_runs_out(db: Database) -> None:
    now = utcnow()
    minute = timedelta(minutes=1)

    async def take(holder: str, at: timedelta = timedelta()) -> bool:
        async with db.session() as session, session.begin():
            return await LeaseRepository(session).take("sweep", holder, now + at, now + at + minute)

    assert await take("a")
    assert not await take("b")
    assert await take("a", timedelta(seconds=50))  # renewed: holds until 1:50
    assert not await take("b", timedelta(seconds=100))
    assert await take("b", timedelta(seconds=111))  # a stopped renewing: b takes over
    assert not await take("a", timedelta(seconds=112))


async def test_periodic_work_runs_once_per_period_across_processes(db: Database) -> None:
    ran: list[str] = []

    def work(name: str) -> Any:
        async def run() -> None:
            ran.append(name)

        return run

    period = timedelta(minutes=1)
    results = await asyncio.gather(
        *(leases.run_if_holder(db, "job", period, work(p), holder=p) for p in ("p1", "p2", "p3"))
    )
    assert sum(results) == 1 and len(ran) == 1
    # The next period: the holder renews and runs again; the others still do not.
    for p in ("p1", "p2", "p3"):
        await leases.run_if_holder(db, "job", period, work(p), holder=p)
    assert ran == [ran[0], ran[0]]


# --- the shared pace ------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_shared_slots_space_sends_across_processes(db: Database) -> None:
    clock = Clock()
    limits = Limits(overall_per_second=25, group_messages=20, group_window=60.0)
    one, other = SharedSlots(db, limits, clock), SharedSlots(db, limits, clock)
    t = clock.now
    assert await one.reserve(42) == (t, True)
    # The chat is busy for a second, in every process; nothing is reserved meanwhile.
    assert await other.reserve(42) == (t + 1.0, False)
    at, reserved = await other.reserve(43)
    assert reserved and at == pytest.approx(t + 0.04)
    at, reserved = await one.reserve(-100)
    assert reserved and at == pytest.approx(t + 0.08)
    assert (await other.reserve(-100))[1] is False  # a group: 20 a minute, 3 s apart
    clock.now = t + 1.0
    assert await other.reserve(42) == (t + 1.0, True)
    await one.pause(5)  # a 429 anywhere holds everyone
    assert await other.reserve(44) == (t + 6.0, True)
