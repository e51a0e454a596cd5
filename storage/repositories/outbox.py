from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, OutboxStatus

_OPEN = (OutboxStatus.PENDING, OutboxStatus.SENDING)


@dataclass(frozen=True, slots=True)
class QueuedRow:
    id: int
    chat_id: int
    status: OutboxStatus
    next_attempt_at: datetime
    claimed_at: datetime | None


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
                OutboxMessage.claimed_at,
            )
            .where(OutboxMessage.status.in_(_OPEN))
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return [QueuedRow(*row) for row in rows]

    async def claim(
        self, ids: Sequence[int], owner: str, now: datetime, lease_expired_before: datetime
    ) -> list[ClaimedMessage]:
        """Take messages for sending: pending ones, and ones whose claim (lease) has expired,
        i.e. whose sender died or lost track of them. A message another sender holds is left
        out; the condition in the UPDATE makes two senders never both win one row, and
        SKIP LOCKED keeps them from queueing behind each other's claims."""
        if not ids:
            return []
        expired = and_(
            OutboxMessage.status == OutboxStatus.SENDING,
            or_(
                OutboxMessage.claimed_at.is_(None),
                OutboxMessage.claimed_at < lease_expired_before,
            ),
        )
        claimable = (
            OutboxMessage.id.in_(ids),
            or_(OutboxMessage.status == OutboxStatus.PENDING, expired),
        )
        # On PostgreSQL, rows another sender is claiming right now are skipped rather than
        # waited for (FOR UPDATE SKIP LOCKED); SQLite serialises writers, and renders nothing.
        free = select(OutboxMessage.id).where(*claimable).with_for_update(skip_locked=True)
        rows = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(free.scalar_subquery()), *claimable)
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
        owner: str,
        status: OutboxStatus,
        *,
        now: datetime,
        telegram_message_id: int | None = None,
        error: str | None = None,
    ) -> bool:
        """Record a final outcome; False if `owner` no longer holds the claim (its lease
        expired and another sender took the message over: the outcome is theirs to record)."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(*self._held_by(message_id, owner))
            .values(
                status=status,
                sent_at=now if status == OutboxStatus.SENT else None,
                telegram_message_id=telegram_message_id,
                last_error=error[:500] if error else None,
                claimed_by=None,
            )
        )
        return int(result.rowcount) == 1  # type: ignore[attr-defined]

    async def retry_at(self, message_id: int, owner: str, at: datetime, error: str) -> bool:
        """Put a message back in the queue for `at`; False as for `finish`."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(*self._held_by(message_id, owner))
            .values(
                status=OutboxStatus.PENDING,
                next_attempt_at=at,
                last_error=error[:500],
                claimed_by=None,
                claimed_at=None,
            )
        )
        return int(result.rowcount) == 1  # type: ignore[attr-defined]

    @staticmethod
    def _held_by(message_id: int, owner: str) -> tuple[ColumnElement[bool], ...]:
        return (
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == owner,
        )

    async def release(self, owner: str, keep: Collection[int] = ()) -> int:
        """Return one sender's claimed-but-unsent messages to the queue, except `keep`
        (messages that may have gone out: they stay claimed until their lease expires)."""
        stmt = update(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_by == owner
        )
        if keep:
            stmt = stmt.where(OutboxMessage.id.not_in(keep))
        result = await self._session.execute(
            stmt.values(status=OutboxStatus.PENDING, claimed_by=None, claimed_at=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def counts(self) -> dict[OutboxStatus, int]:
        rows = await self._session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        found = {OutboxStatus(status): int(n) for status, n in rows}
        return {status: found.get(status, 0) for status in OutboxStatus}
