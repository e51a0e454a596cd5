from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, OutboxStatus

_OPEN = (OutboxStatus.PENDING, OutboxStatus.SENDING)


@dataclass(frozen=True, slots=True)
class QueuedRow:
    id: int
    chat_id: int
    status: OutboxStatus
    next_attempt_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    attempts: int


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, chat_id: int, method: str, payload: dict[str, Any], dedupe_key: str | None
    ) -> OutboxMessage:
        if dedupe_key is not None:
            existing = await self._session.scalar(
                select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
            )
            if existing is not None:
                return existing
        message = OutboxMessage(
            chat_id=chat_id, method=method, payload=payload, dedupe_key=dedupe_key
        )
        self._session.add(message)
        return message

    async def head(self, limit: int) -> list[QueuedRow]:
        """The oldest unsent messages, in the order they must go out."""
        rows = await self._session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.chat_id,
                OutboxMessage.status,
                OutboxMessage.next_attempt_at,
            )
            .where(OutboxMessage.status.in_(_OPEN))
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return [QueuedRow(*row) for row in rows]

    async def claim(self, ids: Sequence[int], owner: str, now: datetime) -> list[ClaimedMessage]:
        """Take pending messages for sending; a message another sender took is left out."""
        if not ids:
            return []
        rows = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
            .values(
                status=OutboxStatus.SENDING,
                claimed_by=owner,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(
                OutboxMessage.id,
                OutboxMessage.chat_id,
                OutboxMessage.method,
                OutboxMessage.payload,
                OutboxMessage.attempts,
            )
        )
        claimed = [ClaimedMessage(*row) for row in rows]
        claimed.sort(key=lambda m: m.id)
        return claimed

    async def finish(
        self,
        message_id: int,
        status: OutboxStatus,
        *,
        now: datetime,
        telegram_message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                status=status,
                sent_at=now if status == OutboxStatus.SENT else None,
                telegram_message_id=telegram_message_id,
                last_error=error[:500] if error else None,
                claimed_by=None,
            )
        )

    async def retry_at(self, message_id: int, at: datetime, error: str) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                status=OutboxStatus.PENDING,
                next_attempt_at=at,
                last_error=error[:500],
                claimed_by=None,
            )
        )

    async def release(self, owner: str | None = None) -> int:
        """Return claimed-but-unfinished messages to the queue (all, or one sender's)."""
        stmt = update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENDING)
        if owner is not None:
            stmt = stmt.where(OutboxMessage.claimed_by == owner)
        result = await self._session.execute(
            stmt.values(status=OutboxStatus.PENDING, claimed_by=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def counts(self) -> dict[OutboxStatus, int]:
        rows = await self._session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        found = {OutboxStatus(status): int(n) for status, n in rows}
        return {status: found.get(status, 0) for status in OutboxStatus}
