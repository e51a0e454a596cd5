"""Delivery of the outbox within Telegram's limits.

The sender claims due rows, paces them (about 30 messages/s overall, 1/s per private chat,
20/min per group), hands each to a `Transport` and records the outcome in its own short
transaction. Guarantees:

- a clean stop waits for messages in flight and returns unsent claims to the queue, so a
  restart sends nothing twice;
- after a crash, rows left "sending" are released at the next start: nothing is lost, and only
  the messages that were in flight at the moment of the crash can go out a second time.

One sender runs per database (the bot is one process); claiming is written so that several
senders would not take the same row, which later multi-process work builds on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import OutboxStatus
from storage.repositories import OutboxRepository
from storage.repositories.outbox import ClaimedMessage
from storage.types import utcnow

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """Base of what a transport may raise; anything else is treated as transient."""


class RetryLater(DeliveryError):
    """Flood limit (HTTP 429): wait `seconds`, then go on."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"flood limit, retry after {seconds:g} s")
        self.seconds = seconds


class Unreachable(DeliveryError):
    """HTTP 403: the person never opened the bot or blocked it."""


class Rejected(DeliveryError):
    """HTTP 400: Telegram refuses this message as such; sending it again cannot help."""


class Transport(Protocol):
    async def send(self, chat_id: int, method: str, payload: dict[str, Any]) -> int:
        """Deliver one message; return Telegram's message id."""


#: Called in the transaction that marks a message undeliverable, with its chat id.
UnreachableHook = Callable[[AsyncSession, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Limits:
    """Our own pace, a little under Telegram's so that jitter does not cost a 429."""

    overall_per_second: int = 28
    private_interval: float = 1.0
    group_per_minute: int = 20
    max_backoff: float = 300.0


class Pacer:
    """Sliding windows: overall per second, per private chat, per group per minute."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._clock = clock
        self._overall: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._paused_until = 0.0

    def _window(self, chat_id: int) -> tuple[int, float]:
        if chat_id < 0:
            return self._limits.group_per_minute, 60.0
        return 1, self._limits.private_interval

    @staticmethod
    def _wait(times: deque[float], size: int, period: float, now: float) -> float:
        while times and now - times[0] >= period:
            times.popleft()
        return 0.0 if len(times) < size else times[0] + period - now

    def overall_wait(self) -> float:
        now = self._clock()
        limit = self._limits.overall_per_second
        wait = self._wait(self._overall, limit, 1.0, now)
        # Also spread the sends evenly instead of in bursts of a whole window.
        if self._overall:
            wait = max(wait, self._overall[-1] + 1.0 / (limit + 2) - now)
        return max(wait, self._paused_until - now, 0.0)

    def chat_wait(self, chat_id: int) -> float:
        times = self._chats.get(chat_id)
        if not times:
            return 0.0
        size, period = self._window(chat_id)
        wait = self._wait(times, size, period, self._clock())
        if not times:
            del self._chats[chat_id]
        return wait

    def record(self, chat_id: int) -> None:
        now = self._clock()
        self._overall.append(now)
        self._chats.setdefault(chat_id, deque()).append(now)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)


class OutboxSender:
    def __init__(
        self,
        db: Database,
        transport: Transport,
        *,
        on_unreachable: UnreachableHook | None = None,
        limits: Limits | None = None,
        concurrency: int = 16,
        poll_interval: float = 1.0,
        batch: int = 50,
    ) -> None:
        self._db = db
        self._transport = transport
        self._on_unreachable = on_unreachable
        self._limits = limits or Limits()
        self._pacer = Pacer(self._limits)
        self._slots = asyncio.Semaphore(concurrency)
        self._poll_interval = poll_interval
        self._batch = batch
        self.owner = f"sender-{uuid.uuid4().hex[:12]}"
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._in_flight: dict[int, asyncio.Task[None]] = {}  # message id -> task
        self._busy_chats: set[int] = set()
        self._db_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wakeup.set()

    async def start(self) -> None:
        async with self._db.session() as session, session.begin():
            released = await OutboxRepository(session).release()
        if released:
            log.warning("re-queued %d outbox message(s) left in flight by a previous run", released)
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self, timeout: float = 15.0) -> None:
        """Stop claiming, let messages in flight finish, return unsent claims to the queue."""
        self._stopping.set()
        self._wakeup.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._in_flight:
            _done, pending = await asyncio.wait(list(self._in_flight.values()), timeout=timeout)
            for task in pending:
                task.cancel()
        async with self._db.session() as session, session.begin():
            await OutboxRepository(session).release(self.owner)

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                idle = await self._dispatch_once()
            except Exception:
                log.exception("outbox sender failed; retrying shortly")
                idle = self._poll_interval
            if idle > 0 and not self._stopping.is_set():
                self._wakeup.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), timeout=idle)

    async def _dispatch_once(self) -> float:
        """Send one batch; return how long to idle before looking again (0 = go on)."""
        now = utcnow()
        async with self._db_lock, self._db.session() as session, session.begin():
            head = await OutboxRepository(session).head(max(self._batch * 20, 1000))
        chosen: list[int] = []
        seen_chats: set[int] = set()
        idle = self._poll_interval
        for row in head:
            if row.chat_id in seen_chats:
                continue  # messages to one chat go out in order: only its oldest is eligible
            seen_chats.add(row.chat_id)
            if row.status != OutboxStatus.PENDING or row.chat_id in self._busy_chats:
                continue
            due_in = (row.next_attempt_at - now).total_seconds()
            wait = max(due_in, self._pacer.chat_wait(row.chat_id))
            if wait > 0:
                idle = min(idle, wait)
                continue
            chosen.append(row.id)
            if len(chosen) >= self._batch:
                break
        if not chosen:
            return max(idle, 0.01)
        async with self._db_lock, self._db.session() as session, session.begin():
            claimed = await OutboxRepository(session).claim(chosen, self.owner, now)
        for message in claimed:
            if not await self._await_slot():
                break
            self._pacer.record(message.chat_id)
            self._busy_chats.add(message.chat_id)
            task = asyncio.create_task(self._deliver(message))
            self._in_flight[message.id] = task
        return 0.0

    async def _await_slot(self) -> bool:
        """Wait for the overall pace and a free worker; False when stopping."""
        while (wait := self._pacer.overall_wait()) > 0:
            if self._stopping.is_set():
                return False
            await asyncio.sleep(wait)
        if self._stopping.is_set():
            return False
        await self._slots.acquire()
        return True

    async def _deliver(self, message: ClaimedMessage) -> None:
        try:
            outcome = await self._attempt(message)
            async with self._db_lock, self._db.session() as session, session.begin():
                await self._record(session, message, outcome)
        except Exception:
            log.exception("could not record the outcome of outbox message %d", message.id)
        finally:
            self._slots.release()
            self._busy_chats.discard(message.chat_id)
            self._in_flight.pop(message.id, None)
            self._wakeup.set()

    async def _attempt(self, message: ClaimedMessage) -> int | Exception:
        try:
            return await self._transport.send(message.chat_id, message.method, message.payload)
        except Exception as exc:  # every failure is an outcome to record, not a crash
            return exc

    async def _record(
        self,
        session: AsyncSession,
        message: ClaimedMessage,
        outcome: int | Exception,
    ) -> None:
        repo = OutboxRepository(session)
        now = utcnow()
        match outcome:
            case int(telegram_id):
                await repo.finish(
                    message.id, OutboxStatus.SENT, now=now, telegram_message_id=telegram_id
                )
            case RetryLater(seconds=seconds):
                self._pacer.pause(seconds)
                log.info("flood limit: pausing the outbox for %.1f s", seconds)
                await repo.retry_at(message.id, now + timedelta(seconds=seconds), str(outcome))
            case Unreachable():
                log.info("chat %d is unreachable: %s", message.chat_id, outcome)
                await repo.finish(
                    message.id, OutboxStatus.UNDELIVERABLE, now=now, error=str(outcome)
                )
                if self._on_unreachable is not None:
                    await self._on_unreachable(session, message.chat_id)
            case Rejected():
                log.error("Telegram refused outbox message %d: %s", message.id, outcome)
                await repo.finish(message.id, OutboxStatus.FAILED, now=now, error=str(outcome))
            case _:
                delay = min(2.0**message.attempts, self._limits.max_backoff)
                log.warning(
                    "outbox message %d failed (%s); retry %d in %.0f s",
                    message.id,
                    outcome,
                    message.attempts,
                    delay,
                )
                await repo.retry_at(message.id, now + timedelta(seconds=delay), repr(outcome))
