"""Outbox throughput: 1,000 messages to 1,000 private chats through the fake Telegram, with
Telegram's flood limits enforced by the fake. Prints messages/s, 429s, lost and duplicated.

    python bench/outbox.py [--messages 1000] [--postgres URL] [--processes 3]

Goal: at least 27 messages/s sustained (90 % of Telegram's 30/s), 0 lost, 0 duplicated.
With --processes N (PostgreSQL only) N real `python -m bot run` processes share the outbox
(SHARED_PACING=true, one of them polling), each in a database of its own made for the run:
the goal then holds for all of them together.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import build_application, runtime_of, start, stop
from bot.settings import Settings
from storage.database import Database, normalize_url
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.helpers import enqueue, enqueue_direct

ROOT = Path(__file__).resolve().parents[1]


async def run(messages: int, database_url: str | None) -> int:
    fake = FakeTelegram()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        db = Database(url)
        await db.migrate()
        settings = Settings(
            telegram_bot_token=fake.token,
            telegram_api_url=fake.base_url,
            database_url=url,
            media_dir=Path(tmp) / "media",
            _env_file=None,
        )
        users = [FakeUser(fake, 10_000_000 + i, f"用户{i}") for i in range(messages)]
        fake.started_users.update(u.id for u in users)
        app = build_application(settings, db)
        await start(app)
        expected = {f"抽查任务通知 #{i}" for i in range(messages)}
        began = time.monotonic()
        await enqueue(runtime_of(app), [(u.id, f"抽查任务通知 #{i}") for i, u in enumerate(users)])
        deadline = began + max(120.0, messages / 10)
        while len(fake.sent) < messages and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        # Leave time for a late duplicate to show up, if there were one.
        await asyncio.sleep(1.0)
        await stop(app)
        await db.dispose()
    await fake.stop()
    return report(fake, expected, "PostgreSQL" if database_url else "SQLite")


def report(fake: FakeTelegram, expected: set[str], database: str) -> int:
    sends = [c.at for c in fake.calls if c.method == "sendMessage" and c.status == 200]
    elapsed = sends[-1] - sends[0] if len(sends) > 1 else float("nan")
    counts = Counter(m.text for m in fake.sent)
    lost = len(expected - set(counts))
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    rate = (len(sends) - 1) / elapsed
    print(f"database:          {database}")
    print(f"messages:          {len(expected)}")
    print(f"delivered:         {len(set(counts))}")
    print(f"elapsed:           {elapsed:.2f} s (first to last delivery)")
    print(f"throughput:        {rate:.1f} messages/s (goal >= 27)")
    print(f"429 received:      {fake.rate_limited}")
    print(f"lost:              {lost}")
    print(f"duplicated:        {duplicated}")
    ok = rate >= 27 and lost == 0 and duplicated == 0
    print("result:            " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


async def run_processes(messages: int, server_url: str, processes: int) -> int:
    """`processes` real bot processes on a PostgreSQL database made for the run."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(normalize_url(server_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(normalize_url(server_url)).set(database=name)
    fake = FakeTelegram()
    await fake.start()
    running: list[asyncio.subprocess.Process] = []
    try:
        db = Database(url.render_as_string(hide_password=False))
        await db.migrate()
        users = [FakeUser(fake, 10_000_000 + i, f"用户{i}") for i in range(messages)]
        fake.started_users.update(u.id for u in users)
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
            env.update(
                TELEGRAM_BOT_TOKEN=fake.token,
                TELEGRAM_API_URL=fake.base_url,
                DATABASE_URL=url.render_as_string(hide_password=False),
                MEDIA_DIR=str(Path(tmp) / "media"),
                PYTHONPATH=str(ROOT),
                SHARED_PACING="true",
                LOG_LEVEL="WARNING",
            )
            for n in range(processes):
                running.append(
                    await asyncio.create_subprocess_exec(
                        sys.executable,
                        "-m",
                        "bot",
                        "run",
                        cwd=tmp,
                        env={**env, "RECEIVE_UPDATES": "true" if n == 0 else "false"},
                    )
                )
            while len(fake.calls_to("setMyCommands")) < processes:
                await asyncio.sleep(0.1)
            await asyncio.sleep(2.0)  # every process's sender is up
            expected = {f"抽查任务通知 #{i}" for i in range(messages)}
            began = time.monotonic()
            await enqueue_direct(db, [(u.id, f"抽查任务通知 #{i}") for i, u in enumerate(users)])
            deadline = began + max(120.0, messages / 10)
            while len(fake.sent) < messages and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await asyncio.sleep(1.0)  # time for a late duplicate to show up, if there were one
            for process in running:
                process.send_signal(signal.SIGTERM)
            for process in running:
                await asyncio.wait_for(process.wait(), 30)
        await db.dispose()
    finally:
        for process in running:
            if process.returncode is None:
                process.kill()
                await process.wait()
        await fake.stop()
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()
    print(f"processes:         {processes}")
    return report(fake, expected, "PostgreSQL")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--postgres", metavar="URL", help="run on PostgreSQL instead of SQLite")
    parser.add_argument(
        "--processes", type=int, default=1, help="real bot processes (needs --postgres)"
    )
    args = parser.parse_args()
    if args.processes > 1:
        if not args.postgres:
            parser.error("--processes needs --postgres: processes share one PostgreSQL")
        return asyncio.run(run_processes(args.messages, args.postgres, args.processes))
    return asyncio.run(run(args.messages, args.postgres))


if __name__ == "__main__":
    raise SystemExit(main())
