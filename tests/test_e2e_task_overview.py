"""/task CODE in the admin group through the fake Telegram: a task's deadlines counted in
working days on the bot's own (injected) clock, across 2026's National Day holiday."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from bot.app import SpotCheckApplication, runtime_of
from bot.services import calendar as calendar_service
from bot.services import reminders
from storage.database import Database
from storage.models import Task, TaskStatus
from tests.draws_data import load_examples, lock_draw
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser


async def test_task_overview_counts_down_in_working_days(
    app: SpotCheckApplication, fake: FakeTelegram, admin: FakeUser, member: FakeUser,
    group: FakeGroup, db: Database,
) -> None:  # fmt: skip
    await load_examples(db)
    locked = await lock_draw(db, count=2)
    code = f"{locked.code}-001"
    first = locked.record.sample[0].uscc
    async with db.session() as session, session.begin():
        await session.execute(update(Task).values(due_on=date(2026, 10, 9)))
    # Tuesday 2026-09-29, 11:00 in Beijing: 9-30 works, 10-01..07 are off, 10-08/09 work.
    runtime = runtime_of(app)
    runtime.clock = lambda: datetime(2026, 9, 29, 3, 0, tzinfo=UTC)
    async with db.session() as session, session.begin():
        # Locked on the command line: the bot schedules such draws when it starts; here, now.
        await reminders.schedule_open(session, runtime, await calendar_service.load(session))

    await admin.send(f"/task {code}", chat=group)
    card = await group.expect("检查截止：2026-10-09（还剩 3 个工作日）")
    assert code in card.text and first in card.text and "状态：待开始" in card.text
    assert "（组长）" in card.text and "公示" not in card.text
    schedule = card.text[card.text.index("提醒计划") :]
    # The team hears at 09:00 local on working days only: never during the holiday.
    assert "09:00" in schedule and "（待发）" in schedule and "（已发）" not in schedule
    assert not any(f"2026-10-0{d}" in schedule for d in range(1, 8))
    assert "2026-10-09 09:00" in schedule, "the last day's reminder"

    # Reviewed on Friday 9-25: publication is due on the 20th working day after, 10-29.
    async with db.session() as session, session.begin():
        task = (await session.scalars(select(Task).order_by(Task.id))).first()
        assert task is not None
        task.status, task.checked_on = TaskStatus.REVIEWED, date(2026, 9, 25)
    mark = len(fake.sent)
    await admin.send(f"/task {code}", chat=group)
    card = await group.expect("结果公示截止：2026-10-29（还剩 18 个工作日）", after=mark)
    assert "检查截止：2026-10-09\n" in card.text, "a finished check counts down no more"

    mark = len(fake.sent)
    await admin.send(f"/task {locked.code}-099", chat=group)
    await group.expect("没有这个检查任务", after=mark)
    await admin.send("/task", chat=group)
    await group.expect("用法：/task 任务编号", after=mark)
    await member.send(f"/task {code}", chat=group)
    refusal = await group.expect("管理员", after=mark)
    assert "检查截止" not in refusal.text
