"""Delivery of the outbox within Telegram's limits.

The sender claims due rows, paces them (about 30 messages/s overall, 1/s per private chat,
20/min per group), hands each to a `Transport` and records the outcome in its own short
transaction. One `Pacer` governs everything the process sends: the composition root gives the
same one to the sender and to the Telegram rate limiter that paces replies.

Guarantees:

- a claim is a lease (`claimed_at` + the lease length): a message whose sender died stays
  claimed until its lease expires, then any sender takes it again. Nothing is lost, and only
  the messages that were in flight when a sender died can go out a second time;
- the outcome of a message that was handed to Telegram is recorded, retried with backoff for
  as long as the process lives (a long import may hold SQLite's write lock for a while); its
  chat stays busy meanwhile, so the chat's next message never overtakes it;
- a clean stop waits for messages in flight and returns the claims it never sent, so a
  restart sends nothing twice.
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

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database, read_only
from storage.models import OutboxStatus
from storage.repositories import OutboxRepository
from storage.repositories.leases import SendSlotRepository
from storage.repositories.outbox import ClaimedMessage
from storage.types import utcnow

log = logging.getLogger(__name__)

#: How long a claim holds when its sender does not finish it (OUTBOX_LEASE_SECONDS).
DEFAULT_LEASE = 60.0


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
    #: At most `group_messages` per `group_window` seconds in one group (tests shorten it).
    group_messages: int = 20
    group_window: float = 60.0
    max_backoff: float = 300.0


class Pacer:
    """Sliding windows: overall per second, per private chat, per group per minute.

    One per process: every message the bot sends (outbox and replies) takes a slot here."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._overall: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._paused_until = 0.0

    def _window(self, chat_id: int) -> tuple[int, float]:
        if chat_id < 0:
            return self.limits.group_messages, self.limits.group_window
        return 1, self.limits.private_interval

    @staticmethod
    def _wait(times: deque[float], size: int, period: float, now: float) -> float:
        while times and now - times[0] >= period:
            times.popleft()
        return 0.0 if len(times) < size else times[0] + period - now

    def overall_wait(self) -> float:
        now = self._clock()
        limit = self.limits.overall_per_second
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

    async def acquire(self, chat_id: int, cancel: asyncio.Event | None = None) -> bool:
        """Wait for a slot both overall and in `chat_id`, and take it. False (and no slot)
        if `cancel` is set first."""
        while (wait := max(self.overall_wait(), self.chat_wait(chat_id))) > 0:
            if cancel is None:
                await asyncio.sleep(wait)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(cancel.wait(), timeout=wait)
            if cancel.is_set():
                return False
        if cancel is not None and cancel.is_set():
            return False
        self.record(chat_id)
        return True


#: The key of the overall slot in `send_slots` (the others are chat ids).
OVERALL_KEY = "*"


class SharedSlots:
    """Telegram's limits across processes: each send reserves its time in the database
    (`send_slots`), one slot overall and one in its chat, in one short transaction.

    Slots are spaced evenly: overall 1/`overall_per_second` apart, a private chat
    `private_interval` apart, a group `group_window / group_messages` apart (a steady 20 per
    minute, slightly stricter than Telegram's window). Used by every process's outbox sender
    when SHARED_PACING is on; replies still take their slots from the process's own pacer."""

    def __init__(self, db: Database, limits: Limits, clock: Callable[[], float] = time.time):
        self.limits = limits
        self._db = db
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def _interval(self, chat_id: int) -> float:
        if chat_id < 0:
            return self.limits.group_window / self.limits.group_messages
        return self.limits.private_interval

    async def reserve(self, chat_id: int) -> tuple[float, bool]:
        """(time, True): a slot was reserved at that time (epoch seconds). (time, False): the
        chat is busy until then; nothing was reserved (so a busy chat never holds up the
        overall pace). Ask again at that time."""
        now = self._clock()
        key = str(chat_id)
        async with self._db.session() as session, session.begin():
            repo = SendSlotRepository(session)
            chat_next = await repo.locked(key)
            if chat_next is not None and chat_next > now:
                return chat_next, False
            at = await repo.reserve(OVERALL_KEY, now, 1.0 / self.limits.overall_per_second)
            await repo.reserve(key, at, self._interval(chat_id))
        return at, True

    async def acquire(self, chat_id: int, cancel: asyncio.Event | None = None) -> bool:
        """Reserve a slot for `chat_id` and wait for it; False if `cancel` is set first (the
        slot, if reserved, goes unused)."""
        while True:
            try:
                at, reserved = await self.reserve(chat_id)
            except DBAPIError as exc:
                log.warning("could not reserve a send slot (%s); retrying", _reason(exc))
                at, reserved = self._clock() + 1.0, False
            wait = at - self._clock()
            if wait > 0:
                if cancel is None:
                    await asyncio.sleep(wait)
                else:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(cancel.wait(), timeout=wait)
            if cancel is not None and cancel.is_set():
                return False
            if reserved:
                return True

    async def pause(self, seconds: float) -> None:
        """A 429: no process sends anything for `seconds`."""
        async with self._db.session() as session, session.begin():
            await SendSlotRepository(session).push(OVERALL_KEY, self._clock() + seconds)

    async def forget_old(self) -> int:
        """Slots of chats long quiet (one row per chat that was ever sent to)."""
        async with self._db.session() as session, session.begin():
            return await SendSlotRepository(session).forget_before(self._clock() - 3600)


class OutboxSender:
    def __init__(
        self,
        db: Database,
        transport: Transport,
        *,
        on_unreachable: UnreachableHook | None = None,
        limits: Limits | None = None,
        pacer: Pacer | None = None,
        shared: SharedSlots | None = None,
        lease: float = DEFAULT_LEASE,
        concurrency: int = 16,
        poll_interval: float = 1.0,
        batch: int = 50,
        record_backoff: tuple[float, float] = (0.05, 5.0),
    ) -> None:
        self._db = db
        self._transport = transport
        self._on_unreachable = on_unreachable
        self._pacer = pacer or Pacer(limits or Limits())
        self._limits = self._pacer.limits
        #: Set when several processes send: the pace is kept in the database instead.
        self._shared = shared
        self._lease = timedelta(seconds=lease)
        self._slots = asyncio.Semaphore(concurrency)
        self._poll_interval = poll_interval
        self._batch = batch
        self._concurrency = concurrency
        self._record_backoff = record_backoff
        self.owner = f"sender-{uuid.uuid4().hex[:12]}"
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._in_flight: dict[int, asyncio.Task[None]] = {}  # message id -> task
        #: Handed to the transport, outcome not recorded yet: these may have gone out.
        self._attempted: set[int] = set()
        self._busy_chats: set[int] = set()
        self._db_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wakeup.set()

    async def start(self) -> None:
        # Claims left by a previous run are not released here: a message in flight when that
        # run died may have gone out, and another sender may still be working on its own.
        # Each claim is taken again once its lease expires.
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self, timeout: float = 15.0) -> None:
        """Stop claiming, let messages in flight finish, return unsent claims to the queue."""
        self._stopping.set()
        self._wakeup.set()
        if self._task is not None:
            # The loop notices the stop between steps; if it waits for a worker held by a
            # hanging send, it is cancelled: whatever it claimed and did not launch is
            # returned below, whether or not its claim was committed.
            _done, running = await asyncio.wait({self._task}, timeout=1.0)
            for task in running:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._in_flight:
            _done, pending = await asyncio.wait(list(self._in_flight.values()), timeout=timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        try:
            async with self._db.session() as session, session.begin():
                await OutboxRepository(session).release(self.owner, keep=self._attempted)
        except DBAPIError as exc:
            # Not fatal: the claims are taken again when their lease expires.
            log.warning("could not return unsent outbox claims at stop: %s", _reason(exc))
        if self._attempted:
            log.warning(
                "%d outbox message(s) may have gone out without their outcome recorded; "
                "they are sent again once their lease expires",
                len(self._attempted),
            )

    async def _run(self) -> None:
        while not self._stopping.is_set():
            # Cleared before looking, so that a wake-up while looking is not lost.
            self._wakeup.clear()
            try:
                idle = await self._dispatch_once()
            except DBAPIError as exc:
                log.warning("outbox sender: database busy (%s); retrying shortly", _reason(exc))
                idle = self._poll_interval
            except Exception:
                log.exception("outbox sender failed; retrying shortly")
                idle = self._poll_interval
            if idle > 0 and not self._stopping.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), timeout=idle)

    async def _dispatch_once(self) -> float:
        """Send one batch; return how long to idle before looking again (0 = go on)."""
        now = utcnow()
        lease_expired_before = now - self._lease
        async with self._db.session() as session, read_only(session):
            head = await OutboxRepository(session).head(max(self._batch * 20, 1000))
        limit = self._batch
        if self._shared is not None:
            # A claim waits for its slot behind the other processes' sends: claim only what
            # free workers take at once, so that no claim waits long enough to outlive its
            # lease (and be taken, and sent, by another process too).
            limit = min(limit, self._concurrency - len(self._in_flight))
            if limit <= 0:
                return self._poll_interval  # a finished delivery wakes the loop
        chosen: list[int] = []
        seen_chats: set[int] = set()
        idle = self._poll_interval
        for row in head:
            if row.chat_id in seen_chats:
                continue  # messages to one chat go out in order: only its oldest is eligible
            seen_chats.add(row.chat_id)
            if row.chat_id in self._busy_chats or row.id in self._in_flight:
                continue  # ours, in flight or its outcome being recorded: never claimed twice
            if row.status == OutboxStatus.SENDING and row.claimed_at is not None:
                held_for = (row.claimed_at - lease_expired_before).total_seconds()
                if held_for > 0:  # someone holds it; look again when the lease runs out
                    idle = min(idle, held_for)
                    continue
            due_in = (row.next_attempt_at - now).total_seconds()
            wait = max(due_in, self._pacer.chat_wait(row.chat_id))
            if wait > 0:
                idle = min(idle, wait)
                continue
            chosen.append(row.id)
            if len(chosen) >= limit:
                break
        if not chosen:
            return max(idle, 0.01)
        async with self._db_lock, self._db.session() as session, session.begin():
            claimed = await OutboxRepository(session).claim(
                chosen, self.owner, now, lease_expired_before
            )
        for message in claimed:
            if not await self._await_slot():
                break  # stopping: stop() returns the claims not launched
            if self._shared is not None:
                # The slot is reserved in the database by the delivery itself.
                self._busy_chats.add(message.chat_id)
                task = asyncio.create_task(self._deliver(message, paced=False))
                self._in_flight[message.id] = task
                continue
            # Usually the chat's slot is still free and is taken right here, so that the
            # overall pace holds; if a reply took it meanwhile, the delivery waits for it.
            paced = self._pacer.chat_wait(message.chat_id) <= 0
            if paced:
                self._pacer.record(message.chat_id)
            self._busy_chats.add(message.chat_id)
            task = asyncio.create_task(self._deliver(message, paced=paced))
            self._in_flight[message.id] = task
        return 0.0

    async def _await_slot(self) -> bool:
        """Wait for the overall pace and a free worker; False when stopping."""
        while self._shared is None and (wait := self._pacer.overall_wait()) > 0:
            if self._stopping.is_set():
                return False
            await asyncio.sleep(wait)
        if self._stopping.is_set():
            return False
        await self._slots.acquire()
        return True

    async def _deliver(self, message: ClaimedMessage, *, paced: bool) -> None:
        try:
            try:
                if self._shared is not None:
                    if not await self._shared.acquire(message.chat_id, self._stopping):
                        return  # stopping before it went out: stop() returns the claim
                elif not paced and not await self._pacer.acquire(message.chat_id, self._stopping):
                    return  # stopping before it went out: stop() returns the claim
                self._attempted.add(message.id)
                outcome = await self._attempt(message)
            finally:
                self._slots.release()
            if isinstance(outcome, RetryLater):
                self._pacer.pause(outcome.seconds)
                if self._shared is not None:
                    with contextlib.suppress(Exception):  # best effort; the retry is paced
                        await self._shared.pause(outcome.seconds)
                log.info("flood limit: pausing all sends for %.1f s", outcome.seconds)
            await self._record_until_done(message, outcome)
            self._attempted.discard(message.id)
        finally:
            self._busy_chats.discard(message.chat_id)
            self._in_flight.pop(message.id, None)
            self._wakeup.set()

    async def _attempt(self, message: ClaimedMessage) -> int | Exception:
        try:
            return await self._transport.send(message.chat_id, message.method, message.payload)
        except Exception as exc:  # every failure is an outcome to record, not a crash
            return exc

    async def _record_until_done(self, message: ClaimedMessage, outcome: int | Exception) -> None:
        """Record the outcome, retrying with backoff until it is stored: a message that went
        out must never be left "sending" (it would block its chat, then go out again)."""
        delay, max_delay = self._record_backoff
        failures = 0
        while True:
            try:
                async with self._db_lock, self._db.session() as session, session.begin():
                    await self._record(session, message, outcome)
            except Exception as exc:
                failures += 1
                if failures % 20 == 1:  # the first time, then about every minute and a half
                    log.warning(
                        "could not record the outcome of outbox message %d (attempt %d): %s; "
                        "retrying",
                        message.id,
                        failures,
                        _reason(exc),
                        # A database that is busy or away needs no traceback; a bug does.
                        exc_info=not isinstance(exc, DBAPIError),
                    )
                await asyncio.sleep(delay)
                delay = min(delay * 2, max_delay)
                continue
            if failures:
                log.info(
                    "recorded outbox message %d after %d failed attempt(s)", message.id, failures
                )
            return

    async def _record(
        self,
        session: AsyncSession,
        message: ClaimedMessage,
        outcome: int | Exception,
    ) -> None:
        repo = OutboxRepository(session)
        now = utcnow()
        owner = self.owner
        match outcome:
            case int(telegram_id):
                held = await repo.finish(
                    message.id, owner, OutboxStatus.SENT, now=now, telegram_message_id=telegram_id
                )
            case RetryLater(seconds=seconds):
                held = await repo.retry_at(
                    message.id, owner, now + timedelta(seconds=seconds), str(outcome)
                )
            case Unreachable():
                log.info("chat %d is unreachable: %s", message.chat_id, outcome)
                held = await repo.finish(
                    message.id, owner, OutboxStatus.UNDELIVERABLE, now=now, error=str(outcome)
                )
                if held and self._on_unreachable is not None:
                    await self._on_unreachable(session, message.chat_id)
            case Rejected():
                log.error("Telegram refused outbox message %d: %s", message.id, outcome)
                held = await repo.finish(
                    message.id, owner, OutboxStatus.FAILED, now=now, error=str(outcome)
                )
            case _:
                delay = min(2.0**message.attempts, self._limits.max_backoff)
                log.warning(
                    "outbox message %d failed (%s); retry %d in %.0f s",
                    message.id,
                    outcome,
                    message.attempts,
                    delay,
                )
                held = await repo.retry_at(
                    message.id, owner, now + timedelta(seconds=delay), repr(outcome)
                )
        if not held:
            log.warning(
                "outbox message %d: our claim expired and another sender took it over; "
                "its outcome is theirs to record",
                message.id,
            )


def _reason(exc: Exception) -> str:
    """The driver's message ("database is locked"), without SQLAlchemy's SQL and links."""
    return str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
