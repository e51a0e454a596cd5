"""One pacer governs everything the process sends: replies and the outbox together."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.app import build_application, runtime_of, start, stop
from bot.delivery import Limits, Pacer
from bot.settings import Settings
from bot.transport import PacedRateLimiter
from storage.database import Database
from tests.conftest import ADMIN_CHAT_ID
from tests.fake_telegram import FakeGroup, FakeTelegram, FakeUser, FloodLimits
from tests.helpers import enqueue, eventually


async def test_group_replies_and_outbox_notices_share_the_group_limit(
    settings: Settings, db: Database, fake: FakeTelegram, admin: FakeUser, group: FakeGroup
) -> None:
    # Telegram's 20 a minute per group, shrunk to 4 a second (the bot keeps to 3 a second).
    fake.flood = FloodLimits(group_per_minute=4, group_period=1.0)
    app = build_application(settings, db, limits=Limits(group_messages=3, group_window=1.0))
    await start(app)
    try:
        await enqueue(runtime_of(app), [(ADMIN_CHAT_ID, f"群通知 {n}") for n in range(6)])
        for _ in range(6):
            await admin.send("/status", chat=group)
        await eventually(lambda: len(group.messages()) >= 12, 10, "twelve group messages")
    finally:
        await stop(app)
    texts = [m.text for m in group.messages()]
    assert sum(t.startswith("群通知") for t in texts) == 6
    assert fake.rate_limited == 0, "replies and the outbox together went over the limit"


def _retry_after(seconds: float) -> RetryAfter:
    return RetryAfter(timedelta(seconds=seconds))


async def test_a_429_pauses_the_shared_pacer_and_is_retried_a_bounded_number_of_times() -> None:
    pacer = Pacer(Limits(private_interval=0.1))
    limiter = PacedRateLimiter(pacer, max_retries=2)
    calls: list[float] = []

    async def flooded(*_args: Any, **_kwargs: Any) -> bool:
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise _retry_after(0.2)
        return True

    sent = await limiter.process_request(flooded, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert sent is True
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.19

    async def always_flooded(*_args: Any, **_kwargs: Any) -> bool:
        calls.append(time.monotonic())
        raise _retry_after(0.05)

    calls.clear()
    with pytest.raises(RetryAfter):
        await limiter.process_request(always_flooded, (), {}, "sendMessage", {"chat_id": 6}, None)
    assert len(calls) == 3  # the first try and two retries
    # The outbox, sharing the pacer, holds back too.
    assert pacer.overall_wait() > 0


async def test_replies_to_one_private_chat_are_spaced() -> None:
    pacer = Pacer(Limits(private_interval=0.2))
    limiter = PacedRateLimiter(pacer)
    sent: list[tuple[str, float]] = []

    async def call(endpoint: str) -> bool:
        sent.append((endpoint, time.monotonic()))
        return True

    for endpoint in ("sendMessage", "answerCallbackQuery", "sendMessage"):
        await limiter.process_request(call, (endpoint,), {}, endpoint, {"chat_id": 9}, None)
    (_, first), (_, answer), (_, second) = sent
    assert answer - first < 0.1, "a callback answer is not a message; it needs no slot"
    assert second - first >= 0.19
