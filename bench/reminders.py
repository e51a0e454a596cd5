"""Reminder sweep: 10,000 open tasks with their reminders scheduled (about 80,000 rows), and
1,000 reminders due at the same minute, delivered through the fake Telegram with Telegram's
flood limits. Prints the time of one sweep, the time until the last of the 1,000 is
delivered, and how many were delivered twice.

    python bench/reminders.py [--tasks 10000] [--due 1000] [--postgres URL]

Goals: one sweep under 1 s; all 1,000 delivered within 40 s; none twice.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import build_application, runtime_of, start, stop
from bot.services import calendar, reminders
from bot.settings import Settings
from storage.database import Database, normalize_url
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.reminders_data import FIRST_USER, due_reminders, open_tasks

#: Windows end on these days (from 2026-10-20 on), so that none of the scheduled reminders
#: is due when the 1,000 are.
DUE_DATES = [date(2026, 10, 20) + timedelta(days=n) for n in range(60)]
SCHEDULED_AT = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
DUE_AT = datetime(2026, 9, 16, 2, 0, tzinfo=UTC)  # 10:00 the next day


async def _create_schema(url: str) -> str:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(normalize_url(url))
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await engine.dispose()
    return schema


async def _drop_schema(url: str, schema: str) -> None:
    engine = create_async_engine(normalize_url(url))
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await engine.dispose()


async def run(tasks: int, due: int, database_url: str | None) -> int:
    fake = FakeTelegram()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        # On PostgreSQL the bench works in a schema of its own, dropped at the end.
        schema = await _create_schema(url) if database_url else None
        db = Database(url, schema=schema)
        await db.migrate()
        settings = Settings(
            telegram_bot_token=fake.token,
            telegram_api_url=fake.base_url,
            database_url=url,
            media_dir=Path(tmp) / "media",
            _env_file=None,
        )
        # Two inspectors per task; the 1,000 due reminders go to 1,000 different leaders.
        inspectors = max(2 * due, 200)
        task_ids = await open_tasks(db, tasks, inspectors, DUE_DATES)
        users = [FakeUser(fake, FIRST_USER + n, f"检查员{n}") for n in range(inspectors)]
        fake.started_users.update(u.id for u in users)
        app = build_application(settings, db)
        runtime = runtime_of(app)
        runtime.clock = lambda: SCHEDULED_AT
        began = time.perf_counter()
        async with db.session() as session, session.begin():
            scheduled = await reminders.schedule_open(
                session, runtime, await calendar.load(session)
            )
        schedule_time = time.perf_counter() - began
        await start(app)  # (schedules again: idempotent, nothing changes)
        # Added after start-up: keys the policy does not plan would be cancelled by it.
        await due_reminders(db, task_ids[:due], DUE_AT + timedelta(seconds=10), DUE_DATES[0])
        runtime.clock = lambda: DUE_AT + timedelta(seconds=30)

        began = time.perf_counter()
        swept = await reminders.sweep(runtime)
        sweep_time = time.perf_counter() - began
        deadline = began + 120.0
        while len(fake.sent) < due and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        delivered_time = time.perf_counter() - began
        # Another sweep, and time for a late duplicate to show up, if there were one.
        again = await reminders.sweep(runtime)
        await asyncio.sleep(1.0)
        await stop(app)
        await db.dispose()
        if schema is not None:
            await _drop_schema(url, schema)
    await fake.stop()

    refused = [c for c in fake.calls if c.method == "sendMessage" and c.status != 200]
    per_chat = Counter(m.chat_id for m in fake.sent)
    twice = sum(n - 1 for n in per_chat.values() if n > 1)
    print(f"database:          {'PostgreSQL' if database_url else 'SQLite'}")
    print(f"open tasks:        {scheduled} (scheduled in {schedule_time:.2f} s)")
    print(f"due reminders:     {due}")
    print(f"one sweep:         {sweep_time * 1000:.0f} ms for {swept} reminders (goal < 1000 ms)")
    print(f"last delivered:    {delivered_time:.1f} s after the sweep began (goal <= 40 s)")
    print(f"delivered:         {len(per_chat)} chats, {len(fake.sent)} messages")
    print(f"delivered twice:   {twice}")
    print(f"second sweep:      {again} reminders")
    print(f"429 received:      {fake.rate_limited}")
    print(f"refused:           {len(refused) - fake.rate_limited}")
    ok = sweep_time < 1.0 and delivered_time <= 40 and len(per_chat) == due and twice == 0
    print("result:            " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--postgres", metavar="URL", help="run on PostgreSQL instead of SQLite")
    args = parser.parse_args()
    return asyncio.run(run(args.tasks, args.due, args.postgres))


if __name__ == "__main__":
    raise SystemExit(main())
