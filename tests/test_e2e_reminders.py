"""Deadline reminders through the fake Telegram, with the clock moved: a task whose check
window ends on Saturday 2026-10-10 (a make-up working day after the National Day holiday,
10-01..07 off). Reminders arrive at 09:00 local on working days only, none in quiet hours;
a snooze moves one (only for its recipient, once per press); the overdue task is in ONE
admin digest a day; a restart loses and doubles nothing; submitting the result stops them.
And a sweep killed with SIGKILL mid-way, then run again: none lost, none doubled."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import SpotCheckApplication, build_application, runtime_of, start, stop
from bot.services import audit, reminders
from bot.services.draw_stages import draw_now
from bot.services.draws import DrawRequest, Size
from bot.settings import Settings
from storage.database import Database, read_only
from storage.models import OutboxMessage, Reminder
from tests.assignments_data import PREFIX, seed
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.helpers import settled_statuses
from tests.reminders_data import due_reminders, open_tasks
from tests.test_e2e_results import TEAM, _answer, _submit_no_problem

TZ = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[1]


def at(day: str, hm: str = "09:00:30") -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hm), TZ).astimezone(UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def _step(
    db: Database, fake: FakeTelegram, clock: Clock, app: SpotCheckApplication, when: datetime
) -> list[SentMessage]:
    """Move the clock, sweep, and return the reminders and digests delivered."""
    clock.now = when
    mark = len(fake.sent)
    await reminders.sweep(runtime_of(app))
    await settled_statuses(db)
    return [m for m in fake.sent[mark:]
            if m.text.startswith(("⏰", "🔴")) or m.text.startswith("📋 每日提醒")]  # fmt: skip


async def test_a_task_across_the_national_day_holiday(
    settings: Settings, db: Database, fake: FakeTelegram, group: FakeGroup, admin: FakeUser,
) -> None:  # fmt: skip
    await seed(db, TEAM, targets=3)
    users = {}
    for p in TEAM:
        assert p.user_id is not None
        users[p.user_id] = FakeUser(fake, p.user_id, p.name)
        fake.started_users.add(p.user_id)
    request = DrawRequest(item_codes=("XPCZ-001",), size=Size("count", 1),
                          starts_on=date(2026, 9, 15), ends_on=date(2026, 10, 10),
                          seed="骰子 2 7 1 8")  # fmt: skip
    # Locked on the command line: the bot schedules the reminders when it starts.
    async with db.session() as session:
        locked = await draw_now(session, request, actor=None, code_prefix=PREFIX)
    target = locked.record.sample[0]
    by_cert = {p.certificate: users[p.user_id] for p in TEAM if p.user_id}
    leader, partner = by_cert[target.team[0]], by_cert[target.team[1]]
    clock = Clock(at("2026-09-15", "10:00"))
    app = build_application(settings, db)
    runtime_of(app).clock = clock
    await start(app)
    try:
        await leader.expect("检查任务")
        mark = len(fake.sent)
        await leader.send("/reminders")
        coming = await leader.expect("即将收到的提醒", after=mark)
        for when in (
            "2026-09-30 09:00",
            "2026-10-09 09:00",
            "2026-10-10 09:00",
            "2026-10-12 09:00",
        ):
            assert when in coming.text

        # The evening before: quiet, and nothing is due yet.
        assert await _step(db, fake, clock, app, at("2026-09-29", "23:00")) == []
        # 3 working days before Saturday 10-10 is 09-30 (the holiday does not count).
        sent = await _step(db, fake, clock, app, at("2026-09-30"))
        assert sorted(m.chat_id for m in sent) == sorted([leader.id, partner.id])
        assert all("还有 3 个工作日" in m.text for m in sent)
        mine = next(m for m in sent if m.chat_id == leader.id)
        assert [b["text"] for b in mine.buttons()] == [
            "打开任务", "稍后提醒：2 小时后", "稍后提醒：明天 09:00"]  # fmt: skip

        # Only the recipient may snooze; a second press on the same copy moves nothing more.
        assert "不是发给您的" in await _answer(
            fake, await partner.press(mine, "稍后提醒：2 小时后")
        )
        answer = await _answer(fake, await leader.press(mine, "稍后提醒：2 小时后"))
        assert "2026-09-30 11:00" in answer
        again = await _answer(fake, await leader.press(mine, "稍后提醒：2 小时后"))
        assert "已改到 2026-09-30 11:00" in again
        # 打开任务 opens the task card.
        mark = len(fake.sent)
        await leader.press(mine, "打开任务")
        await leader.expect("西平县测试企业", after=mark)
        assert await _step(db, fake, clock, app, at("2026-09-30", "10:59")) == []
        sent = await _step(db, fake, clock, app, at("2026-09-30", "11:00:30"))
        assert [m.chat_id for m in sent] == [leader.id]

        # The holiday, and the morning it ends before 09:00: nothing.
        assert await _step(db, fake, clock, app, at("2026-10-03")) == []
        assert await _step(db, fake, clock, app, at("2026-10-08", "08:59")) == []
        sent = await _step(db, fake, clock, app, at("2026-10-09"))
        assert len(sent) == 2 and all("还有 1 个工作日" in m.text for m in sent)
        # Saturday 10-10 is a working day: the last day's reminder.
        sent = await _step(db, fake, clock, app, at("2026-10-10"))
        assert len(sent) == 2 and all("最后一天" in m.text for m in sent)
        assert await _step(db, fake, clock, app, at("2026-10-11")) == []  # Sunday, off
    finally:
        await stop(app)

    # A restart: a new application on the same database, on Monday.
    clock.now = at("2026-10-12")
    app = build_application(settings, db)
    runtime_of(app).clock = clock
    await start(app)
    try:
        sent = await _step(db, fake, clock, app, at("2026-10-12"))
        overdue = [m for m in sent if m.chat_id != group.id]
        digests = [m for m in sent if m.chat_id == group.id]
        assert sorted(m.chat_id for m in overdue) == sorted([leader.id, partner.id])
        assert all("已超期 1 个工作日" in m.text for m in overdue)
        assert len(digests) == 1 and "超期未提交结果（1 项）" in digests[0].text
        assert target.uscc not in digests[0].text and "西平县测试企业" in digests[0].text
        async with db.session() as session, session.begin():
            count, head = await audit.head(session)
        assert head is not None and f"审计链头：{head[:16]}…（{count} 条）" in digests[0].text
        # Sweeping again the same morning doubles nothing.
        assert await _step(db, fake, clock, app, at("2026-10-12", "09:05")) == []
        sent = await _step(db, fake, clock, app, at("2026-10-13"))
        assert len([m for m in sent if m.chat_id == group.id]) == 1
        assert len([m for m in sent if "已超期 2 个工作日" in m.text]) == 2

        # The result is submitted: the window's reminders stop, the digest has nothing.
        await _submit_no_problem(leader, fake)
        assert await _step(db, fake, clock, app, at("2026-10-14")) == []
        assert await _step(db, fake, clock, app, at("2026-10-15")) == []
        mark = len(fake.sent)
        await leader.send("/reminders")
        assert "没有待发送的提醒" in (await leader.expect("提醒", after=mark)).text
    finally:
        await stop(app)
    async with db.session() as session:
        keys = await _reminder_keys(session)
    assert len(keys) == len(set(keys))


async def _reminder_keys(session: AsyncSession) -> list[str | None]:
    query = select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.like("reminder:%"))
    return list(await session.scalars(query))


_WORKER = """
import asyncio, sys
from datetime import datetime
from bot.runtime import Runtime
from bot.services import reminders
from bot.settings import Settings
from storage.database import Database, read_only
from storage.repositories.reminders import ReminderRepository

url, schema, now = sys.argv[1], sys.argv[2] or None, datetime.fromisoformat(sys.argv[3])
reminders.BATCH = 25
marked = ReminderRepository.mark_sent

async def slow_mark(self, sent, when):
    await marked(self, sent, when)
    # Inside the transaction: a kill now leaves the batch's messages uncommitted.
    await asyncio.sleep(0.05)

ReminderRepository.mark_sent = slow_mark

async def main():
    settings = Settings(telegram_bot_token="1:x", database_url=url, _env_file=None)
    runtime = Runtime.create(settings, Database(url, schema=schema))
    runtime.clock = lambda: now
    await reminders.sweep(runtime)

asyncio.run(main())
"""


async def test_kill_9_mid_sweep_loses_and_doubles_nothing(
    settings: Settings, db: Database, database_url: tuple[str, str | None], tmp_path: Path
) -> None:
    due = at("2026-09-30", "09:00")
    tasks = await open_tasks(db, 400, 40, date(2026, 10, 10))
    count = await due_reminders(db, tasks, due)
    url, schema = database_url
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _WORKER, url, schema or "", at("2026-09-30").isoformat(),
        env=env, cwd=tmp_path,
    )  # fmt: skip

    async def sent() -> int:
        async with db.session() as session, read_only(session):
            return int(await session.scalar(
                select(func.count()).where(Reminder.sent_at.is_not(None))) or 0)  # fmt: skip

    try:
        while await sent() < 100:
            assert process.returncode is None, "the sweep finished before it could be killed"
            await asyncio.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    done = await sent()
    assert 100 <= done < count  # killed mid-way
    runtime = runtime_of(build_application(settings, db))
    runtime.clock = lambda: at("2026-09-30")
    await reminders.sweep(runtime)
    async with db.session() as session:
        rows = (await session.execute(select(Reminder.sent_at, Reminder.outbox_id)
                                      .where(Reminder.key.like("bulk:%")))).all()  # fmt: skip
        keys = await _reminder_keys(session)
    assert all(sent_at is not None and outbox_id is not None for sent_at, outbox_id in rows)
    assert len({outbox_id for _s, outbox_id in rows}) == count
    assert len(keys) == len(set(keys)) == count
