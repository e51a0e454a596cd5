"""Everything the process sends to Telegram, paced by one `Pacer`.

`PacedRateLimiter` is PTB's rate limiter for every Bot API call (replies, alerts, menus);
`TelegramTransport` is the outbox's way out, mapping Bot API errors to delivery outcomes.
Both take their slots from the same `Pacer`, so replies and outbox messages together stay
below Telegram's limits.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.delivery import Pacer, Rejected, RetryLater, SharedSlots, Unreachable

# Opt in to timedelta periods (PTB's documented switch) instead of deprecated integers.
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]

#: Set while the outbox sender calls Telegram: it has taken its slot from the pacer already
#: and handles a 429 itself (it reschedules the message), so the rate limiter lets it through.
_paced_by_outbox: ContextVar[bool] = ContextVar("paced_by_outbox", default=False)

#: Bot API methods that put a message in a chat: these count against Telegram's limits.
#: (Chat actions, edits, callback answers and reads do not.)
_MESSAGE_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice",
        "sendAnimation", "sendVideoNote", "sendSticker", "sendLocation", "sendVenue",
        "sendContact", "sendPoll", "sendDice", "sendInvoice", "sendMediaGroup", "sendPaidMedia",
        "sendGame", "sendChecklist", "copyMessage", "copyMessages", "forwardMessage",
        "forwardMessages",
    }
)  # fmt: skip


def _seconds(delay: float | timedelta) -> float:
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)


class PacedRateLimiter(BaseRateLimiter[None]):
    """PTB's rate limiter on the process's one `Pacer`.

    A call that puts a message in a chat waits for the pacer's overall and per-chat slot and
    takes it. A 429 pauses the pacer (for the outbox too) and the call is tried again, at most
    `max_retries` times.
    """

    def __init__(
        self, pacer: Pacer, *, max_retries: int = 3, shared: SharedSlots | None = None
    ) -> None:
        self._pacer = pacer
        #: With several processes, replies take their slots in the database like the outbox.
        self._shared = shared
        self._max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | JSONDict | list[JSONDict]:
        if _paced_by_outbox.get():
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._pacer.pause(_seconds(exc.retry_after))
                raise
        chat_id = _chat_key(data.get("chat_id")) if endpoint in _MESSAGE_METHODS else None
        attempt = 0
        while True:
            if chat_id is not None and self._shared is not None:
                await self._shared.acquire(chat_id)
            elif chat_id is not None:
                await self._pacer.acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = _seconds(exc.retry_after)
                self._pacer.pause(seconds)
                if self._shared is not None:
                    await self._shared.pause(seconds)
                attempt += 1
                if attempt > self._max_retries:
                    log.error("flood limit on %s after %d retries; giving up", endpoint, attempt)
                    raise
                log.info("flood limit on %s: pausing all sends for %.1f s", endpoint, seconds)
                await asyncio.sleep(seconds)


def _chat_key(chat_id: object) -> int | None:
    """The pacer's key for a chat: its numeric id. (The bot never writes to a @username;
    such a call would go unpaced.)"""
    if isinstance(chat_id, int):
        return chat_id
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        return int(chat_id)
    return None


class TelegramTransport:
    def __init__(self, bot: Bot, media_dir: Path, public_dir: Path | None = None) -> None:
        self._bot = bot
        self._media_dir = media_dir
        #: Where the published notices are (outbox documents with "root": "public").
        self._public_dir = public_dir

    async def send(self, chat_id: int, method: str, payload: dict[str, Any]) -> int:
        token = _paced_by_outbox.set(True)
        try:
            message = await self._call(chat_id, method, payload)
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc.retry_after)) from exc
        except Forbidden as exc:
            raise Unreachable(exc.message) from exc
        except (BadRequest, ChatMigrated) as exc:
            raise Rejected(str(exc)) from exc
        except TelegramError:
            raise  # network trouble and the like: transient, the sender backs off
        finally:
            _paced_by_outbox.reset(token)
        return int(message.message_id)

    async def _call(self, chat_id: int, method: str, payload: dict[str, Any]) -> Any:
        markup = payload.get("reply_markup")
        reply_markup = InlineKeyboardMarkup.de_json(markup, self._bot) if markup else None
        if method == "sendMessage":
            preview = payload.get("link_preview_options")
            return await self._bot.send_message(
                chat_id,
                payload["text"],
                parse_mode=payload.get("parse_mode"),
                reply_markup=reply_markup,
                link_preview_options=LinkPreviewOptions.de_json(preview, self._bot)
                if preview
                else None,
            )
        if method == "sendDocument":
            public = payload.get("root") == "public"
            root = self._public_dir if public else self._media_dir
            where = "PUBLIC_DIR" if public else "MEDIA_DIR"
            path = root / payload["path"] if root is not None else None
            if path is None or not path.is_file():
                raise Rejected(f"file {payload['path']} is missing from {where}")
            return await self._bot.send_document(
                chat_id,
                path.read_bytes(),
                filename=payload.get("filename") or path.name,
                caption=payload.get("caption") or None,
                parse_mode=payload.get("parse_mode"),
                reply_markup=reply_markup,
            )
        raise Rejected(f"the outbox cannot send {method!r}")
