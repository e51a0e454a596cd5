"""Three real bot processes on one PostgreSQL and one fake Telegram: a broadcast of 1,000
messages and a reminder sweep while one process is killed with SIGKILL. Nothing is lost,
nothing is sent twice beyond the messages in flight at the kill, every update is handled once,
and Telegram's limits hold across the processes together."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from storage.database import Database, normalize_url
from storage.models import OutboxMessage, OutboxStatus, Reminder, TaskMember
from storage.types import utcnow
from tests.conftest import ADMIN_CHAT_ID, POSTGRES_URL
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.helpers import enqueue_direct, eventually
from tests.reminders_data import FIRST_USER, _bulk, open_tasks
from tests.test_process import _env, running_bot

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="several processes share one PostgreSQL (set SPOTCHECK_TEST_POSTGRES_URL)",
)

BROADCAST = 1000
TASKS = 60
PUSHED_UPDATES = 30


@pytest.fixture
async def pg_database() -> AsyncIterator[str]:
    """A database of its own: the processes read only DATABASE_URL (no test schema)."""
    name = f"spot_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(normalize_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(normalize_url(POSTGRES_URL))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


async def test_three_processes_one_killed(pg_database: str, tmp_path: Path) -> None:
    fake = FakeTelegram()
    fake.add_chat({"id": ADMIN_CHAT_ID, "type": "supergroup", "title": "管理群"})
    await fake.start()
    db = Database(pg_database)
    await db.migrate()
    try:
        await _run(fake, db, pg_database, tmp_path)
    finally:
        await db.dispose()
        await fake.stop()


async def _run(fake: FakeTelegram, db: Database, url: str, tmp_path: Path) -> None:
    readers = [FakeUser(fake, 70_000 + i, f"读者{i}") for i in range(BROADCAST)]
    fake.started_users.update(u.id for u in readers)
    task_ids = await open_tasks(db, TASKS, 2 * TASKS, date(2026, 1, 5))
    leaders = [FakeUser(fake, FIRST_USER + n, f"检查员{n}") for n in range(2 * TASKS)]
    fake.started_users.update(u.id for u in leaders)
    visitors = [FakeUser(fake, 90_000 + i, f"访客{i}") for i in range(PUSHED_UPDATES)]

    base = _env(fake, url, tmp_path)
    base.update(
        SHARED_PACING="true",
        # Claims of the killed process are taken again after this long.
        OUTBOX_LEASE_SECONDS="5",
        # The reminders are overdue ones: they go whatever the hour or the day of the week.
        ESCALATIONS_IN_QUIET_HOURS="true",
        LOG_LEVEL="INFO",
    )
    envs = [{**base, "RECEIVE_UPDATES": "true" if n == 0 else "false"} for n in range(3)]
    async with AsyncExitStack() as stack:
        processes = [
            await stack.enter_async_context(running_bot(env, tmp_path / f"bot{n}.log"))
            for n, env in enumerate(envs)
        ]
        await eventually(lambda: "all_private_chats" in fake.commands, 30, "start-up")
        await asyncio.sleep(2)  # every process is up (each schedules its reminders first)
        await enqueue_direct(db, [(u.id, f"广播 {u.id}") for u in readers])
        await _due_overdue_reminders(db, task_ids)
        for visitor in visitors:
            await visitor.send("/start")

        await eventually(lambda: len(fake.sent) >= 300, 60, "the first deliveries")
        victim = processes[2]  # a worker (the poller keeps taking updates)
        victim.send_signal(signal.SIGKILL)
        await victim.wait()
        async with db.session() as session:
            in_flight = set(
                await session.scalars(
                    select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.SENDING)
                )
            )
        assert len(fake.sent) < BROADCAST, "everything went out before the kill; nothing tested"

        async def settled() -> bool:
            async with db.session() as session:
                open_ = await session.scalar(
                    select(func.count()).where(
                        OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
                    )
                )
                return open_ == 0

        async def swept() -> bool:
            async with db.session() as session:
                left = await session.scalar(
                    select(func.count()).where(
                        Reminder.key.like("mp:%"), Reminder.outbox_id.is_(None)
                    )
                )
                return left == 0

        # The sweep runs a minute after start-up, in whichever process holds its lease.
        deadline = asyncio.get_running_loop().time() + 120
        while not await swept():
            assert asyncio.get_running_loop().time() < deadline, "the reminders were not swept"
            await asyncio.sleep(0.5)
        while not await settled():
            assert asyncio.get_running_loop().time() < deadline, "the outbox did not settle"
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.5)  # time for a late duplicate to show, if there were one
        for process in processes[:2]:
            process.send_signal(signal.SIGTERM)
        for process in processes[:2]:
            assert await asyncio.wait_for(process.wait(), 30) == 0

    # The broadcast: every message delivered; only those in flight at the kill twice.
    async with db.session() as session:
        in_flight_chats = set(
            await session.scalars(
                select(OutboxMessage.chat_id).where(OutboxMessage.id.in_(in_flight))
            )
        )
        reminder_outbox = list(
            await session.scalars(select(Reminder.outbox_id).where(Reminder.key.like("mp:%")))
        )
        statuses = Counter(await session.scalars(select(OutboxMessage.status)))
    counts = Counter((m.chat_id, m.text) for m in fake.sent)
    broadcast = {(u.id, f"广播 {u.id}") for u in readers}
    assert broadcast <= set(counts), f"lost: {len(broadcast - set(counts))}"
    repeated = {chat for (chat, _text), n in counts.items() if n > 1}
    assert repeated <= in_flight_chats, f"sent twice, not in flight: {repeated - in_flight_chats}"
    assert len(repeated) <= len(in_flight)
    assert set(statuses) == {OutboxStatus.SENT}, statuses
    # The reminder sweep: every due reminder became one message, and it went out.
    assert len(reminder_outbox) == TASKS and None not in reminder_outbox
    assert len(set(reminder_outbox)) == TASKS
    # Every pushed update handled once (one answer each).
    for visitor in visitors:
        answers = [m for m in fake.sent if m.chat_id == visitor.id]
        assert len(answers) == 1, f"{visitor.id} got {len(answers)} answers"
    # Telegram's limits across the three processes: the fake refused almost nothing (the
    # pace is 28/s against the fake's 30 in any second; a process the machine stalls for
    # 70 ms can still push a window over, and that send is paused and retried).
    print(
        f"delivered {len(fake.sent)}, in flight at the kill {len(in_flight)}, "
        f"sent twice {len(repeated)}, 429s {fake.rate_limited}"
    )
    limited = [(c.params.get("chat_id"), c.description) for c in fake.calls if c.status == 429]
    assert fake.rate_limited <= len(fake.sent) // 50, limited


async def _due_overdue_reminders(db: Database, task_ids: list[int]) -> None:
    """One overdue reminder per task, to its leader, due a minute ago."""
    async with db.session() as session:
        leaders = dict(
            (
                await session.execute(
                    select(TaskMember.task_id, TaskMember.inspector_id).where(
                        TaskMember.task_id.in_(task_ids), TaskMember.role == "leader"
                    )
                )
            ).all()
        )
    due = utcnow() - timedelta(minutes=1)
    await _bulk(db, Reminder, [
        {"task_id": t, "kind": "overdue", "key": f"mp:{t}", "inspector_id": leaders[t],
         "about_on": date(2026, 1, 5), "due_at": due, "snoozes": 0}
        for t in task_ids
    ])  # fmt: skip
