"""`python -m bot` as a real process against the fake Telegram: start-up, answers,
a clean SIGTERM, and a kill -9 in the middle of delivering the outbox."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import func, select

from storage.database import Database
from storage.models import OutboxMessage, OutboxStatus, Target
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import enqueue_direct, eventually
from tests.registers_data import TARGET_HEADER, target_rows, write_csv

ROOT = Path(__file__).resolve().parents[1]


def _env(fake: FakeTelegram, database_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_URL=fake.base_url,
        DATABASE_URL=database_url,
        ADMIN_CHAT_ID="-1001234567890",
        MEDIA_DIR=str(tmp_path / "media"),
        LOG_LEVEL="DEBUG",
        PYTHONPATH=str(ROOT),
        # The claims of a killed bot are taken again after this long (the default is 60 s).
        OUTBOX_LEASE_SECONDS="2",
    )
    return env


@asynccontextmanager
async def running_bot(env: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stdout=out, stderr=out, cwd=log.parent
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_process_starts_migrates_answers_and_stops(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    db_file = tmp_path / "fresh" / "bot.sqlite3"
    env = _env(fake, f"sqlite:///{db_file}", tmp_path)
    log = tmp_path / "bot.log"
    user = FakeUser(fake, 4242, "小明")
    async with running_bot(env, log) as process:
        await eventually(lambda: "all_private_chats" in fake.commands, 30, "command menus")
        await user.send("/start")
        reply = await user.expect("尚未绑定", timeout=15)
        assert reply.chat_id == user.id
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0
    assert db_file.exists(), "the SQLite database was not created"
    output = log.read_text()
    assert fake.token not in output, "the bot token leaked into the log"
    assert fake.token.split(":")[1] not in output


async def test_kill_9_loses_nothing_and_repeats_only_in_flight(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    db = Database(database_url)
    await db.migrate()
    users = [FakeUser(fake, 60_000 + i, f"人员{i}") for i in range(200)]
    fake.started_users.update(u.id for u in users)
    await enqueue_direct(db, [(u.id, f"消息 {u.id}") for u in users])
    env = _env(fake, database_url, tmp_path)
    log = tmp_path / "bot.log"

    async with running_bot(env, log) as process:
        await eventually(lambda: len(fake.sent) >= 40, 30, "the first deliveries")
        process.kill()  # SIGKILL: no chance to clean up
        await process.wait()
    async with db.session() as session:
        in_flight = set(
            await session.scalars(
                select(OutboxMessage.chat_id).where(OutboxMessage.status == OutboxStatus.SENDING)
            )
        )
    assert len(fake.sent) < 200, "everything was delivered before the kill; nothing tested"

    async with running_bot(env, log) as process:
        await eventually(lambda: len({m.text for m in fake.sent}) >= 200, 60, "all 200")
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 20)
    await db.dispose()

    counts = Counter((m.chat_id, m.text) for m in fake.sent)
    assert {text for _chat, text in counts} == {f"消息 {u.id}" for u in users}, "lost messages"
    repeated = {chat for (chat, _text), n in counts.items() if n > 1}
    assert repeated <= in_flight, f"sent twice though not in flight: {repeated - in_flight}"
    assert all(n <= 2 for n in counts.values())


async def test_kill_9_mid_import_changes_nothing_and_the_admin_hears_of_it(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    env = _env(fake, database_url, tmp_path)
    log = tmp_path / "bot.log"
    admin = FakeUser(fake, 1001, "王科长")
    group = FakeGroup(fake, -1001234567890, "管理群", admins=[admin])
    big = write_csv(tmp_path / "big.csv", TARGET_HEADER, target_rows(150_000))

    async with running_bot(env, log) as process:
        await eventually(lambda: "all_private_chats" in fake.commands, 30, "command menus")
        await admin.send_document("名录.csv", big.read_bytes(), caption="/import targets",
                                  chat=group)  # fmt: skip
        progress = await group.expect("正在导入", timeout=20)
        await asyncio.sleep(0.5)
        assert "正在导入" in progress.text, "the import finished before the kill; nothing tested"
        process.kill()
        await process.wait()

    async with running_bot(env, log) as process:
        notice = await group.expect("因机器人重启而中断", timeout=30)
        assert "名录.csv" in notice.text and "未导入任何数据" in notice.text
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 20)
    db = Database(database_url)
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Target)) == 0
    await db.dispose()
