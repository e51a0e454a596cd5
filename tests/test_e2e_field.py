"""The inspector's tasks through the fake Telegram: /tasks by state, the task card, 开始检查
making a task current, check-ins by location with distance and flags, forwarded and old
locations refused, a location in the group, someone else's button and a stale card."""

from __future__ import annotations

import copy
import dataclasses
import time

from sqlalchemy import func, select, update

from bot.app import SpotCheckApplication, runtime_of
from storage.database import Database
from storage.models import Checkin, Inspector, Target, Task, TaskStatus
from tests.assignments_data import Person, lock, members, seed
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, SentMessage
from tests.helpers import eventually

BOUND = [
    Person("张建国", "41172120200001", "会计股", 5001, "13900000001"),
    Person("李秀英", "41172120200002", "监督检查股", 5002, "13900000002"),
    Person("王磊", "41172120200003", "会计股", 5003, "13900000003"),
    Person("赵敏", "41172120200004", "监督检查股", 5004, "13900000004"),
]
TARGET_AT = (33.3800, 114.0200)


def _users(fake: FakeTelegram) -> dict[str, FakeUser]:
    users = {}
    for p in BOUND:
        assert p.user_id is not None
        users[p.certificate] = FakeUser(fake, p.user_id, p.name)
        fake.started_users.add(p.user_id)
    return users


async def _answer(fake: FakeTelegram, query_id: str) -> str:
    await eventually(lambda: query_id in fake.callback_answers, what="the press's answer")
    return str(fake.callback_answers[query_id].get("text", ""))


def _frozen(message: SentMessage) -> SentMessage:
    """The message as it is now (a later edit changes the original in place)."""
    return dataclasses.replace(message, reply_markup=copy.deepcopy(message.reply_markup))


async def _checkins(db: Database) -> int:
    async with db.session() as session, session.begin():
        return int(await session.scalar(select(func.count()).select_from(Checkin)) or 0)


async def test_tasks_card_start_and_check_in(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, group: FakeGroup,
    admin: FakeUser, stranger: FakeUser,
) -> None:  # fmt: skip
    await seed(db, BOUND, targets=8)
    users = _users(fake)
    runtime = runtime_of(app)
    locked = await lock(db, 4, outbox_of=runtime, texts=runtime.texts)
    first = locked.record.sample[0]
    leader, partner = users[first.team[0]], users[first.team[1]]
    outsider = next(u for c, u in users.items() if c not in first.team)
    async with db.session() as session, session.begin():
        await session.execute(update(Target).where(Target.uscc == first.uscc)
                              .values(latitude=TARGET_AT[0], longitude=TARGET_AT[1]))  # fmt: skip
        name = await session.scalar(select(Target.name).where(Target.uscc == first.uscc))
    assert name is not None
    await leader.expect("检查任务")  # the assignment card arrived

    # /tasks: everything to accept; a button per task with its deadline.
    mark = len(fake.sent)
    await leader.send("/tasks")
    listing = await leader.expect("我的检查任务", after=mark)
    assert "待接受" in listing.text and "截止 2026-12-31" in listing.text
    label = next(b["text"] for b in listing.buttons() if name in b["text"])
    assert label.startswith("待接受｜")

    # Opening the card: target, items, team with phones, progress; 接受 / 申请回避.
    mark = len(fake.sent)
    await leader.press(listing, label)
    card = await leader.expect("进展", after=mark)
    assert name in card.text and "检查内容和依据" in card.text and "（组长）" in card.text
    assert "签到：尚未签到" in card.text and "证据：暂无" in card.text
    assert [b["text"] for b in card.buttons()] == ["接受", "申请回避"]
    # 开始检查 is not offered before acceptance; someone else's 接受 is refused.
    refused = await _answer(fake, await outsider.press(card, "接受"))
    assert "不是您的" in refused
    accepted = await _answer(fake, await leader.press(card, "接受"))
    assert accepted == "已接受任务。"
    await fake.wait_for_message(leader.id, lambda m: m.edited and "您已于" in m.text)
    assert [b["text"] for b in card.buttons()] == ["开始检查"]  # the next step, right there

    # Now the card offers 开始检查; pressing it makes the task current.
    mark = len(fake.sent)
    await leader.send("/tasks")
    listing = await leader.expect("我的检查任务", after=mark)
    assert "待检查" in listing.text
    label = next(b["text"] for b in listing.buttons() if name in b["text"])
    mark = len(fake.sent)
    await leader.press(listing, label)
    card = await leader.expect("进展", after=mark)
    assert [b["text"] for b in card.buttons()] == ["开始检查"]
    unstarted = _frozen(card)
    refused = await _answer(fake, await outsider.press(card, "开始检查"))
    assert "不是您的" in refused
    mark = len(fake.sent)
    await leader.press(card, "开始检查")
    started = await leader.expect("已开始检查", after=mark)
    assert name in started.text and "这是您当前的任务" in started.text
    assert [b["text"] for b in started.keyboard()] == ["📍 签到（发送位置）"]
    assert started.keyboard()[0]["request_location"] is True
    await fake.wait_for_message(leader.id, lambda m: m.edited and "当前的任务" in m.text)
    # Started: check-in, and the findings form (录入检查结果) as its next step.
    assert [b["text"] for b in card.buttons()] == ["📍 签到", "录入检查结果", "📄 记录表"]

    # Check-in near the target; then far and inaccurate (flagged).
    mark = len(fake.sent)
    await leader.tap_location_button(started, TARGET_AT[0] + 0.001, TARGET_AT[1], accuracy=15)
    done = await leader.expect("已签到", after=mark)
    assert "距检查对象约 111 米" in done.text and "⚠️" not in done.text
    mark = len(fake.sent)
    await leader.send_location(TARGET_AT[0] + 0.1, TARGET_AT[1], accuracy=400)
    done = await leader.expect("已签到", after=mark)
    assert "超过 1,000 米" in done.text and "精度差于 100 米" in done.text
    assert await _checkins(db) == 2

    # A live location counts when it is shared; its edits (it moving) are no check-ins.
    mark = len(fake.sent)
    live = await leader.send_location(*TARGET_AT, accuracy=10, live_period=900)
    await leader.expect("已签到", after=mark)
    mark = len(fake.sent)
    await leader.edit_location(live, TARGET_AT[0] + 0.0001, TARGET_AT[1])
    # Forwarded, old: refused, nothing stored.
    await leader.send_location(*TARGET_AT, forwarded=True)
    await leader.expect("转发的位置不能用于签到", after=mark)
    assert len([m for m in fake.sent[mark:] if m.chat_id == leader.id]) == 1
    mark = len(fake.sent)
    await leader.send_location(*TARGET_AT, date=int(time.time()) - 3600)
    await leader.expect("不是刚刚发送的", after=mark)
    assert await _checkins(db) == 3

    # A location in the group: told to use the private chat, nothing stored.
    mark = len(fake.sent)
    await admin.send_location(*TARGET_AT, chat=group)
    await group.expect("只能在与本机器人的私聊中", after=mark)
    assert await _checkins(db) == 3

    # The partner has no current task: the bot asks which task the location is for.
    mark = len(fake.sent)
    await partner.send_location(TARGET_AT[0], TARGET_AT[1] + 0.002, accuracy=30)
    question = await partner.expect("哪项任务", after=mark)
    choice = next(b["text"] for b in question.buttons() if name in b["text"])
    refused = await _answer(fake, await outsider.press(question, choice))
    assert "已过期" in refused or "失效" in refused or "无效" in refused, refused
    assert await _checkins(db) == 3
    mark = len(fake.sent)
    await partner.press(question, choice)
    await fake.wait_for_message(partner.id, lambda m: m.edited and "已签到" in m.text)
    assert await _checkins(db) == 4

    # The card now shows the check-in.
    mark = len(fake.sent)
    await leader.send("/tasks")
    listing = await leader.expect("我的检查任务", after=mark)
    mark = len(fake.sent)
    await leader.press(listing, next(b["text"] for b in listing.buttons() if name in b["text"]))
    card = await leader.expect("进展", after=mark)
    assert f"签到：✅ {partner.first_name}" in card.text

    # A stale card: the task was cancelled since; its buttons do nothing.
    async with db.session() as session, session.begin():
        await session.execute(update(Task).where(Task.id == (await _task_id(db, first.uscc)))
                              .values(status=TaskStatus.CANCELLED))  # fmt: skip
    refused = await _answer(fake, await leader.press(unstarted, "开始检查"))
    assert "已结束" in refused
    refused = await _answer(fake, await leader.press(card, "📍 签到"))
    assert "已结束" in refused
    mark = len(fake.sent)
    await leader.send_location(*TARGET_AT, accuracy=10)
    reply = await leader.expect("", after=mark)
    assert "已签到" not in reply.text
    assert all(name not in b["text"] for b in reply.buttons())

    # Strangers get the usual answer.
    mark = len(fake.sent)
    await stranger.send("/tasks")
    reply = await stranger.expect("", after=mark)
    assert "绑定" in reply.text


async def _task_id(db: Database, uscc: str) -> int:
    async with db.session() as session, session.begin():
        task_id = await session.scalar(
            select(Task.id).join(Target, Target.id == Task.target_id).where(Target.uscc == uscc)
        )
    assert task_id is not None
    return int(task_id)


async def test_no_tasks_and_group_command(
    app: SpotCheckApplication, db: Database, fake: FakeTelegram, group: FakeGroup,
    admin: FakeUser,
) -> None:  # fmt: skip
    await seed(db, BOUND, targets=4)
    users = _users(fake)
    someone = users[BOUND[0].certificate]
    mark = len(fake.sent)
    await someone.send("/tasks")
    await someone.expect("您目前没有检查任务", after=mark)
    mark = len(fake.sent)
    await someone.send_location(*TARGET_AT, accuracy=10)
    await someone.expect("没有进行中的检查任务", after=mark)
    mark = len(fake.sent)
    await admin.send("/tasks", chat=group)
    await group.expect("私聊中发送 /tasks", after=mark)
    async with db.session() as session, session.begin():
        assert await session.scalar(select(func.count()).select_from(Checkin)) == 0
        assert await session.scalar(select(func.count()).select_from(Inspector)) == 4
    assert await members(db) == []
