"""The outbox: every message the bot sends on its own initiative is first a row here.

A service writes the row in the same transaction as the change that caused it (an assignment,
a reminder, a notice), so a message exists if and only if its cause was committed. The sender
(`bot.delivery`) delivers the rows afterwards. Nothing here talks to Telegram.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.texts import plain
from storage.models import OutboxMessage
from storage.repositories import OutboxRepository

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
_WAKE_PENDING = "spotcheck.outbox_wake_pending"


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: either callback data (1-64 bytes) or a URL."""

    text: str
    callback_data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.callback_data is None) == (self.url is None):
            raise ValueError("a button needs exactly one of callback_data and url")
        if self.callback_data is not None and not (
            1 <= len(self.callback_data.encode()) <= MAX_CALLBACK_DATA_BYTES
        ):
            raise ValueError(f"callback_data must be 1-64 bytes: {self.callback_data!r}")

    def to_api(self) -> dict[str, str]:
        key, value = (
            ("callback_data", self.callback_data) if self.callback_data else ("url", self.url)
        )
        return {"text": self.text, key: value or ""}


def message_payload(text: str, buttons: Sequence[Sequence[Button]] = ()) -> dict[str, Any]:
    """A sendMessage row's payload (also for writers that queue many rows in one statement)."""
    # Telegram counts the text as shown, after the markup is parsed: "&lt;" is one character,
    # so a text full of escaped "<" is longer as HTML than the limit it keeps.
    shown = len(plain(text))
    if not text or shown > MAX_TEXT:
        raise ValueError(f"message text must be 1-{MAX_TEXT} characters, got {shown}")
    payload: dict[str, Any] = {
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    if buttons:
        payload["reply_markup"] = {
            "inline_keyboard": [[b.to_api() for b in row] for row in buttons]
        }
    return payload


class Outbox:
    """Adds messages to the current transaction of `session`; `wake` fires after commit."""

    def __init__(self, session: AsyncSession, wake: Callable[[], None] | None = None) -> None:
        self._repo = OutboxRepository(session)
        self._session = session
        self._wake = wake

    async def message(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: Sequence[Sequence[Button]] = (),
        dedupe_key: str | None = None,
    ) -> OutboxMessage:
        return await self._add(chat_id, "sendMessage", message_payload(text, buttons), dedupe_key)

    async def document(
        self,
        chat_id: int,
        path: str,
        *,
        filename: str,
        caption: str = "",
        dedupe_key: str | None = None,
        root: Literal["media", "public"] = "media",
    ) -> OutboxMessage:
        """A file from MEDIA_DIR (path relative to it), sent as a document; with
        `root="public"`, a file from PUBLIC_DIR (the published notices)."""
        if len(plain(caption)) > MAX_CAPTION:
            raise ValueError(f"caption must be at most {MAX_CAPTION} characters")
        payload = {"path": path, "filename": filename, "caption": caption, "parse_mode": "HTML"}
        if root != "media":
            payload["root"] = root
        return await self._add(chat_id, "sendDocument", payload, dedupe_key)

    async def _add(
        self, chat_id: int, method: str, payload: dict[str, Any], dedupe_key: str | None
    ) -> OutboxMessage:
        message = await self._repo.add(chat_id, method, payload, dedupe_key)
        self._wake_after_commit()
        return message

    def _wake_after_commit(self) -> None:
        sync_session = self._session.sync_session
        if self._wake is None or sync_session.info.get(_WAKE_PENDING):
            return
        sync_session.info[_WAKE_PENDING] = True
        wake = self._wake

        def _after_commit(session: Session) -> None:
            session.info.pop(_WAKE_PENDING, None)
            wake()

        event.listen(sync_session, "after_commit", _after_commit, once=True)
