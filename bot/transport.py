"""The outbox's way out through python-telegram-bot: maps Bot API errors to delivery outcomes."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.delivery import Rejected, RetryLater, Unreachable

# Opt in to timedelta periods (PTB's documented switch) instead of deprecated integers.
os.environ.setdefault("PTB_TIMEDELTA", "true")


class TelegramTransport:
    def __init__(self, bot: Bot, media_dir: Path) -> None:
        self._bot = bot
        self._media_dir = media_dir

    async def send(self, chat_id: int, method: str, payload: dict[str, Any]) -> int:
        try:
            message = await self._call(chat_id, method, payload)
        except RetryAfter as exc:
            delay = exc.retry_after
            seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
            raise RetryLater(seconds) from exc
        except Forbidden as exc:
            raise Unreachable(exc.message) from exc
        except (BadRequest, ChatMigrated) as exc:
            raise Rejected(str(exc)) from exc
        except TelegramError:
            raise  # network trouble and the like: transient, the sender backs off
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
            path = self._media_dir / payload["path"]
            if not path.is_file():
                raise Rejected(f"file {payload['path']} is missing from MEDIA_DIR")
            return await self._bot.send_document(
                chat_id,
                path.read_bytes(),
                filename=payload.get("filename") or path.name,
                caption=payload.get("caption") or None,
                parse_mode=payload.get("parse_mode"),
                reply_markup=reply_markup,
            )
        raise Rejected(f"the outbox cannot send {method!r}")
