"""The outbox sender's logic with a scripted transport (no HTTP): pacing, retries, outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.delivery import Limits, OutboxSender, Pacer, Rejected, RetryLater
from storage.database import Database
from storage.models import OutboxStatus
from tests.helpers import enqueue_direct, settled_statuses


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pacer_spaces_private_chat_and_overall() -> None:
    clock = Clock()
    pacer = Pacer(Limits(overall_per_second=28), clock)
    pacer.record(1)
    assert pacer.chat_wait(1) == 1.0
    assert pacer.chat_wait(2) == 0.0
    clock.now += 0.5
    assert pacer.chat_wait(1) == 0.5
    clock.now += 0.5
    assert pacer.chat_wait(1) == 0.0


def test_pacer_overall_window_never_exceeds_limit() -> None:
    clock = Clock()
    pacer = Pacer(Limits(overall_per_second=28), clock)
    sends: list[float] = []
    for chat in range(200):
        clock.now += pacer.overall_wait()
        pacer.record(chat)
        sends.append(clock.now)
    for i, at in enumerate(sends):
        in_window = sum(1 for t in sends[i:] if t - at < 1.0)
        assert in_window <= 28
    assert 200 / (sends[-1] - sends[0]) > 27, "the pace is needlessly slow"


def test_pacer_group_allows_twenty_a_minute() -> None:
    clock = Clock()
    pacer = Pacer(Limits(), clock)
    for _ in range(20):
        assert pacer.chat_wait(-100) == 0.0
        pacer.record(-100)
    assert pacer.chat_wait(-100) == 60.0


def test_pause_on_flood() -> None:
    clock = Clock()
    pacer = Pacer(Limits(), clock)
    pacer.pause(3)
    assert pacer.overall_wait() == 3.0


class ScriptedTransport:
    """Fails according to a script per chat, then succeeds."""

    def __init__(self, script: dict[int, list[Exception]]) -> None:
        self.script = script
        self.delivered: list[tuple[int, str]] = []
        self.ids: Iterator[int] = iter(range(1, 10_000))

    async def send(self, chat_id: int, method: str, payload: dict[str, Any]) -> int:
        failures = self.script.get(chat_id, [])
        if failures:
            raise failures.pop(0)
        self.delivered.append((chat_id, payload["text"]))
        return next(self.ids)


async def test_outcomes_are_recorded(db: Database) -> None:
    transport = ScriptedTransport(
        {
            1: [ConnectionError("network down")],  # transient: retried after backoff
            2: [Rejected("Bad Request: chat not found")],  # permanent
            3: [RetryLater(0.2)],  # flood: waits, then goes on
        }
    )
    await enqueue_direct(db, [(1, "a"), (2, "b"), (3, "c"), (4, "d")])
    sender = OutboxSender(db, transport, poll_interval=0.05)
    await sender.start()
    try:
        statuses = await settled_statuses(db, timeout=10)
    finally:
        await sender.stop()
    assert sorted(transport.delivered) == [(1, "a"), (3, "c"), (4, "d")]
    assert sorted(statuses.values()) == sorted([OutboxStatus.SENT] * 3 + [OutboxStatus.FAILED])


async def test_messages_to_one_chat_keep_their_order_across_retries(db: Database) -> None:
    transport = ScriptedTransport({5: [ConnectionError("flaky")]})
    await enqueue_direct(db, [(5, "first"), (5, "second"), (5, "third")])
    sender = OutboxSender(db, transport, poll_interval=0.05)
    await sender.start()
    try:
        await settled_statuses(db, timeout=15)
    finally:
        await sender.stop()
    assert [text for _chat, text in transport.delivered] == ["first", "second", "third"]
