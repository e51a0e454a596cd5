"""How updates reach the handlers: chats in parallel, each chat in order, floods dropped early.

PTB hands every update to `ChatProcessor.do_process_update` as it arrives, each in a task of
its own. Updates of one chat (or, without a chat, of one user) wait for each other and run in
the order they came; different chats never wait on each other, up to a bound on how many run
at once. A per-user budget is checked first, before any database work: a flood from one
account is dropped, answered with at most one short notice per window and logged once per
window.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

#: Updates handled at once, over all chats (each holds a database session while it runs).
MAX_CONCURRENT_UPDATES = 32

#: PTB takes its own bound before our per-chat wait, so one chat's backlog would fill it and
#: stall every other chat; it is set out of reach, and ours is taken once a chat's turn came.
_PTB_BOUND = 1 << 20


class Verdict(enum.Enum):
    ADMIT = "admit"
    DROP = "drop"
    DROP_AND_NOTIFY = "drop_and_notify"  # the first drop of a window: tell the person, log it


@dataclass(slots=True)
class _Account:
    tokens: float
    at: float
    notified_at: float | None = None
    dropped: int = 0  # since the last log line


class UpdateBudget:
    """A token bucket per user: a burst of `burst` updates, then `per_second`."""

    #: Above this many tracked users, idle ones (full bucket, quiet window) are forgotten.
    PRUNE_ABOVE = 10_000

    def __init__(
        self,
        burst: int = 20,
        per_second: float = 1.0,
        notice_interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.per_second = per_second
        self.notice_interval = notice_interval
        self._clock = clock
        self._accounts: dict[int, _Account] = {}

    def check(self, user_id: int) -> Verdict:
        now = self._clock()
        account = self._accounts.get(user_id)
        if account is None:
            if len(self._accounts) >= self.PRUNE_ABOVE:
                self._prune(now)
            account = self._accounts[user_id] = _Account(tokens=self.burst, at=now)
        account.tokens = min(self.burst, account.tokens + (now - account.at) * self.per_second)
        account.at = now
        if account.tokens >= 1:
            account.tokens -= 1
            return Verdict.ADMIT
        account.dropped += 1
        if account.notified_at is not None and now - account.notified_at < self.notice_interval:
            return Verdict.DROP
        log.warning(
            "user %d sends more than %d updates at once or %g/s: %d update(s) dropped "
            "since the last report",
            user_id,
            self.burst,
            self.per_second,
            account.dropped,
        )
        account.notified_at, account.dropped = now, 0
        return Verdict.DROP_AND_NOTIFY

    def _prune(self, now: float) -> None:
        for user_id, account in list(self._accounts.items()):
            refilled = account.tokens + (now - account.at) * self.per_second >= self.burst
            quiet = account.notified_at is None or now - account.notified_at >= self.notice_interval
            if refilled and quiet:
                del self._accounts[user_id]


class _Lane:
    """One chat's queue: its lock is fair (FIFO), so its updates run in arrival order."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


def lane_of(update: object) -> Hashable | None:
    """The chat an update belongs to; the user for updates without a chat (inline queries);
    None for updates with neither, which run in a lane of their own."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


class ChatProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent: int = MAX_CONCURRENT_UPDATES,
        budget: UpdateBudget | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates=_PTB_BOUND)
        self._workers = asyncio.Semaphore(max_concurrent)
        self._lanes: dict[Hashable, _Lane] = {}
        self._budget = budget or UpdateBudget()
        self._bot: Bot | None = None
        self._notice = ""

    def attach(self, bot: Bot, notice: str) -> None:
        """The bot to answer floods with, and the notice (HTML; shown plain in an alert)."""
        self._bot, self._notice = bot, notice

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def busy(self, chat_id: int) -> bool:
        """Whether updates of this chat are waiting for their turn or running."""
        return ("chat", chat_id) in self._lanes

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # Nothing may escape: an update that cannot be handled is logged and skipped, and
        # never stops the updates after it.
        try:
            if not await self._admit(update):
                _discard(coroutine)
                return
            key = lane_of(update)
            if key is None:
                async with self._workers:
                    await coroutine
                return
            lane = self._lanes.get(key)
            if lane is None:
                lane = self._lanes[key] = _Lane()
            lane.users += 1
            try:
                async with lane.lock, self._workers:
                    await coroutine
            finally:
                lane.users -= 1
                if lane.users == 0:
                    del self._lanes[key]
        except Exception:
            _discard(coroutine)
            update_id = update.update_id if isinstance(update, Update) else None
            log.exception("update %s could not be processed; skipped", update_id)

    async def _admit(self, update: object) -> bool:
        if not isinstance(update, Update) or update.effective_user is None:
            return True
        verdict = self._budget.check(update.effective_user.id)
        if verdict is Verdict.DROP_AND_NOTIFY:
            await self._tell(update)
        return verdict is Verdict.ADMIT

    async def _tell(self, update: Update) -> None:
        if self._bot is None or not self._notice:
            return
        try:
            if update.callback_query is not None:
                await self._bot.answer_callback_query(
                    update.callback_query.id, self._notice, show_alert=True
                )
            elif update.effective_chat is not None:
                await self._bot.send_message(update.effective_chat.id, self._notice)
        except TelegramError as exc:
            log.info("could not tell a flooding user to slow down: %s", exc)


def _discard(coroutine: Awaitable[Any]) -> None:
    """Close the handling of an update that never started (else Python warns about it)."""
    if inspect.iscoroutine(coroutine) and inspect.getcoroutinestate(coroutine) == "CORO_CREATED":
        coroutine.close()
