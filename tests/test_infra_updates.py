"""How updates reach the handlers: chats in parallel and each in order, floods answered
sparingly, edits never run a command again, and a bad update never stops the rest."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.app import SpotCheckApplication, build_application, start, stop
from bot.delivery import Limits
from bot.services import updates
from bot.settings import Settings
from bot.texts import get_texts
from handlers._context import SpotContext
from handlers._processor import UpdateBudget, Verdict
from storage.database import Database
from storage.models import Invite, ProcessedUpdate
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, FloodLimits, SentMessage
from tests.helpers import add_inspector, eventually

ZH = get_texts("zh-CN")


class FrozenClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- chats never wait on each other ----------------------------------------------------------


async def test_a_stuck_chat_does_not_hold_up_another(
    app: SpotCheckApplication, fake: FakeTelegram, stranger: FakeUser
) -> None:
    other = FakeUser(fake, 2002, "路人乙")
    release = asyncio.Event()
    started: list[tuple[int, str]] = []

    async def handler(update: Update, _context: SpotContext) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        started.append((message.chat_id, message.text))
        if message.text == "/slow":
            await release.wait()  # a slow service, a hanging call...
        await message.reply_text(f"done {message.text}")
        raise ApplicationHandlerStop

    app.add_handler(MessageHandler(filters.Regex(r"^/(slow|next)"), handler), group=-10)
    try:
        await stranger.send("/slow")
        await stranger.send("/next 1")
        await eventually(lambda: (stranger.id, "/slow") in started, 5, "the slow handler")
        await other.send("/next other")
        await other.expect("done /next other", timeout=3)
        assert (stranger.id, "/next 1") not in started, "the stuck chat's next update overtook"
    finally:
        release.set()
    await stranger.expect("done /next 1")
    assert [m.text for m in stranger.inbox()] == ["done /slow", "done /next 1"]


async def test_updates_of_one_chat_are_handled_in_order(
    app: SpotCheckApplication, stranger: FakeUser
) -> None:
    handled: list[int] = []

    async def handler(update: Update, _context: SpotContext) -> None:
        assert update.effective_message is not None and update.effective_message.text
        n = int(update.effective_message.text.split()[1])
        await asyncio.sleep((10 - n) * 0.01)  # the earlier, the slower: overlap would reorder
        handled.append(n)
        raise ApplicationHandlerStop

    app.add_handler(MessageHandler(filters.Regex(r"^/next"), handler), group=-10)
    for n in range(10):
        await stranger.send(f"/next {n}")
    await eventually(lambda: len(handled) == 10, 10, "ten updates")
    assert handled == list(range(10))


# --- floods are answered sparingly -----------------------------------------------------------


def test_budget_allows_a_burst_then_a_steady_pace(caplog: pytest.LogCaptureFixture) -> None:
    clock = FrozenClock()
    budget = UpdateBudget(burst=20, per_second=1.0, notice_interval=10.0, clock=clock)
    album = [budget.check(7) for _ in range(10)]
    assert set(album) == {Verdict.ADMIT}, "an album of ten photos must pass"
    assert [budget.check(7) for _ in range(10)] == [Verdict.ADMIT] * 10
    with caplog.at_level(logging.WARNING, logger="handlers._processor"):
        flood = [budget.check(7) for _ in range(50)]
        assert flood == [Verdict.DROP_AND_NOTIFY] + [Verdict.DROP] * 49
        assert budget.check(8) is Verdict.ADMIT, "someone else is not affected"
        clock.now += 3
        assert [budget.check(7) for _ in range(4)] == [Verdict.ADMIT] * 3 + [Verdict.DROP]
        clock.now += 10
        assert budget.check(7) is Verdict.ADMIT  # refilled
        clock.now += 0.01
        for _ in range(20):
            budget.check(7)
    # One notice, and one log line, per window of ten seconds.
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "user 7" in warnings[0] and "1 update(s) dropped" in warnings[0]
    assert "user 7" in warnings[1] and "51 update(s) dropped" in warnings[1]  # 49 + 1 + 1


@pytest.fixture
async def frozen_app(
    settings: Settings, db: Database, fake: FakeTelegram
) -> AsyncIterator[SpotCheckApplication]:
    """The bot with its budget on a clock that stands still (no refill: exactly 20 pass), and
    private chats paced 20/s (the fake allows 25/s) so that the test stays short."""
    fake.flood = FloodLimits(private_per_second=25)
    application = build_application(
        settings,
        db,
        limits=Limits(private_interval=0.05),
        budget=UpdateBudget(clock=FrozenClock()),
    )
    await start(application)
    yield application
    await stop(application)


async def test_a_flood_is_answered_sparingly(
    frozen_app: SpotCheckApplication,
    fake: FakeTelegram,
    stranger: FakeUser,
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="handlers._processor")
    other = FakeUser(fake, 2002, "路人乙")
    for _ in range(300):
        await stranger.send("/start")
    await other.send("/start")
    await other.expect(timeout=3)
    # Twenty updates are handled (each answered), the rest dropped with one notice.
    await eventually(lambda: len(stranger.inbox()) >= 21, 10, "the stranger's answers")
    inbox = [m.text for m in stranger.inbox()]
    assert inbox.count(ZH.flood_notice) == 1
    assert len(inbox) == 21
    assert fake.rate_limited == 0
    warnings = [r.getMessage() for r in caplog.records if r.name == "handlers._processor"]
    assert len(warnings) == 1 and f"user {stranger.id}" in warnings[0]
    async with db.session() as session:
        handled = await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    assert handled == 21, "a dropped update reached the database"


async def test_a_flood_of_presses_gets_one_alert(
    settings: Settings, db: Database, fake: FakeTelegram, stranger: FakeUser
) -> None:
    app = build_application(settings, db, budget=UpdateBudget(burst=1, clock=FrozenClock()))
    await start(app)
    try:
        await stranger.send("/start")  # the budget's one update
        await stranger.expect()
        keyboard = {"inline_keyboard": [[{"text": "下一页", "callback_data": "x"}]]}
        card = SentMessage(stranger.id, 1, "sendMessage", "卡片", "卡片", keyboard)
        first = await stranger.press(card, "下一页")
        second = await stranger.press(card, "下一页")
        await eventually(lambda: first in fake.callback_answers, 5, "the alert")
        # Someone else's update, handled after both presses were looked at.
        other = FakeUser(fake, 2002, "路人乙")
        await other.send("/start")
        await other.expect()
    finally:
        await stop(app)
    assert fake.callback_answers[first]["text"] == ZH.flood_notice
    assert fake.callback_answers[first]["show_alert"] in (True, "true")
    assert second not in fake.callback_answers, "more than one notice in a window"


# --- edits never run a command again ---------------------------------------------------------


async def test_editing_an_invite_command_does_not_invite_again(
    app: SpotCheckApplication, db: Database, admin: FakeUser, group: FakeGroup
) -> None:
    await add_inspector(db, "张三", "XP-2020-001", None)
    await admin.send("/start")  # the link goes to the admin's private chat
    await admin.expect()
    command = await admin.send("/invite XP-2020-001", chat=group)
    await group.expect()
    await admin.edit(command, "/invite XP-2020-001 ")
    # A later update of the same chat is handled after the edit was.
    mark = len(group.fake.sent)
    await admin.send("/status", chat=group)
    await group.expect("运行状态", after=mark)
    async with db.session() as session:
        invites = await session.scalar(select(func.count()).select_from(Invite))
    assert invites == 1, "the edited command invited again"
    assert len(group.messages()) == 2, "the edit was answered"


# --- a bad update never stops the flow ------------------------------------------------------


async def test_an_update_that_cannot_be_stored_is_skipped_when_polling(
    app: SpotCheckApplication, stranger: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_begin = updates.begin_update
    broken: set[int] = set()

    async def begin_update(session: AsyncSession, update_id: int) -> bool:
        if update_id in broken:
            raise RuntimeError("disk I/O error")
        return await real_begin(session, update_id)

    monkeypatch.setattr(updates, "begin_update", begin_update)
    broken.add(1)  # the fake numbers updates from 1
    assert await stranger.send("/help") == 1
    await stranger.send("/start")
    await stranger.expect()
    assert len(stranger.inbox()) == 1
