"""Outbox throughput: 1,000 messages to 1,000 private chats through the fake Telegram, with
Telegram's flood limits enforced by the fake. Prints messages/s, 429s, lost and duplicated.

    python bench/outbox.py [--messages 1000] [--postgres URL]

Goal: at least 27 messages/s sustained (90 % of Telegram's 30/s), 0 lost, 0 duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_application, runtime_of, start, stop
from bot.settings import Settings
from storage.database import Database
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.helpers import enqueue


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

    sends = [c.at for c in fake.calls if c.method == "sendMessage" and c.status == 200]
    elapsed = sends[-1] - sends[0] if len(sends) > 1 else float("nan")
    counts = Counter(m.text for m in fake.sent)
    lost = len(expected - set(counts))
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    rate = (len(sends) - 1) / elapsed
    print(f"database:          {'PostgreSQL' if database_url else 'SQLite'}")
    print(f"messages:          {messages}")
    print(f"delivered:         {len(set(counts))}")
    print(f"elapsed:           {elapsed:.2f} s (first to last delivery)")
    print(f"throughput:        {rate:.1f} messages/s (goal >= 27)")
    print(f"429 received:      {fake.rate_limited}")
    print(f"lost:              {lost}")
    print(f"duplicated:        {duplicated}")
    ok = rate >= 27 and lost == 0 and duplicated == 0
    print("result:            " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--postgres", metavar="URL", help="run on PostgreSQL instead of SQLite")
    args = parser.parse_args()
    return asyncio.run(run(args.messages, args.postgres))


if __name__ == "__main__":
    raise SystemExit(main())
