"""The outbox through the fake Telegram: limits, 429s, 403s, restarts."""

from __future__ import annotations

from collections import Counter

from bot.app import SpotCheckApplication, build_application, runtime_of, start, stop
from bot.settings import Settings
from storage.database import Database
from storage.models import OutboxStatus
from tests.conftest import ADMIN_CHAT_ID
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser
from tests.helpers import add_inspector, enqueue, eventually, settled_statuses


def _people(fake: FakeTelegram, count: int, first_id: int = 50_000) -> list[FakeUser]:
    users = [FakeUser(fake, first_id + i, f"检查员{i}") for i in range(count)]
    fake.started_users.update(u.id for u in users)
    return users


def _texts(fake: FakeTelegram) -> Counter[str]:
    return Counter(m.text for m in fake.sent if m.chat_id > 0)


async def test_120_messages_arrive_exactly_once_despite_429s(
    app: SpotCheckApplication, fake: FakeTelegram
) -> None:
    # Each 429 pauses all sending for its retry_after (1 s): a few of them make the point.
    fake.chaos_429 = 0.03
    fake.expect_errors(429)
    users = _people(fake, 40)
    # Three messages per person: they must also arrive in order.
    messages = [(u.id, f"任务通知 {u.id}-{n}") for n in range(3) for u in users]
    await enqueue(runtime_of(app), messages)

    await eventually(lambda: len(fake.sent) >= 120, timeout=60, what="120 deliveries")
    texts = _texts(fake)
    assert set(texts) == {text for _chat, text in messages}
    assert set(texts.values()) == {1}, "a message arrived twice"
    assert fake.rate_limited > 0, "the fake never answered 429; the test proves nothing"
    for user in users:
        assert [m.text for m in user.inbox()] == [f"任务通知 {user.id}-{n}" for n in range(3)]
    statuses = await settled_statuses(runtime_of(app).db)
    assert Counter(statuses.values()) == {OutboxStatus.SENT: 120}


async def test_unreachable_person_is_reported_once(
    app: SpotCheckApplication, fake: FakeTelegram, db: Database, group: FakeGroup
) -> None:
    fake.expect_errors(403)
    blocked = FakeUser(fake, 3001, "张三")
    await add_inspector(db, "张三", "XP-2020-001", blocked.id)
    blocked.block_bot()
    never_started = 3002  # known to nobody: never opened the bot
    await enqueue(
        runtime_of(app),
        [(blocked.id, f"提醒 {n}") for n in range(3)] + [(never_started, "提醒 x")] * 2,
    )
    notice = await group.expect("张三")
    assert "无法送达" in notice.text
    await group.expect(f"Telegram 用户 {never_started}")
    statuses = await settled_statuses(db)
    assert Counter(statuses.values()) == {OutboxStatus.UNDELIVERABLE: 5, OutboxStatus.SENT: 2}
    assert len(group.messages()) == 2, "one notice per person, not one per message"


async def test_unblocking_rearms_the_notice(
    app: SpotCheckApplication, fake: FakeTelegram, db: Database, group: FakeGroup
) -> None:
    fake.expect_errors(403)
    person = FakeUser(fake, 3003, "赵六")
    person.block_bot()
    await enqueue(runtime_of(app), [(person.id, "第一条")])
    # The bot never heard from them, so it can only name the account.
    await group.expect(f"Telegram 用户 {person.id}")
    # They write to the bot again (unblocking it), later block it once more.
    await person.send("/start")
    await person.expect("尚未绑定")
    person.block_bot()
    mark = len(fake.sent)
    await enqueue(runtime_of(app), [(person.id, "第二条")])
    second = await group.expect("无法送达", after=mark)
    assert "赵六" in second.text
    assert len(group.messages()) == 2


async def test_clean_restart_sends_nothing_twice(
    settings: Settings, db: Database, fake: FakeTelegram
) -> None:
    users = _people(fake, 120)
    first = build_application(settings, db)
    await start(first)
    await enqueue(runtime_of(first), [(u.id, f"通知 {u.id}") for u in users])
    await eventually(lambda: len(fake.sent) >= 30, what="some deliveries")
    await stop(first)
    delivered_before_restart = len(fake.sent)
    assert delivered_before_restart < 120, "everything went out before the stop; no restart tested"

    second = build_application(settings, db)
    await start(second)
    try:
        await eventually(lambda: len(fake.sent) >= 120, what="the rest after restart")
    finally:
        await stop(second)
    texts = _texts(fake)
    assert len(texts) == 120
    assert set(texts.values()) == {1}


async def test_redelivered_update_is_handled_once(
    app: SpotCheckApplication, fake: FakeTelegram, stranger: FakeUser
) -> None:
    update_id = await stranger.send("/start")
    await stranger.expect("尚未绑定")
    await fake.redeliver(update_id)
    await stranger.send("/help")
    await stranger.expect("如何开始使用")
    assert len(stranger.inbox()) == 2, "the repeated /start was answered again"


async def test_group_flood_limit_is_respected(
    app: SpotCheckApplication, fake: FakeTelegram, group: FakeGroup
) -> None:
    # 22 notices to the group: 20 fit in a minute; the pacer must not provoke a 429 for them.
    await enqueue(runtime_of(app), [(ADMIN_CHAT_ID, f"群通知 {n}") for n in range(22)])
    await eventually(lambda: len(group.messages()) >= 20, what="twenty group messages")
    assert fake.rate_limited == 0
