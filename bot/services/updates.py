"""Exactly-once handling of Telegram updates, which may be delivered more than once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from storage.database import read_only
from storage.models import ProcessedUpdate
from storage.repositories import UpdateRepository
from storage.types import utcnow

#: Telegram keeps an unconfirmed update for 24 hours; a week is a comfortable margin.
KEEP_PROCESSED = timedelta(days=7)
_PENDING = "spotcheck.pending_update_id"


async def begin_update(session: AsyncSession, update_id: int) -> bool:
    """False if this update was handled already. Otherwise the first write made while
    handling it also records it as processed, in the same transaction, so a crash can never
    leave a committed change whose update would be handled again."""
    async with read_only(session):
        if await UpdateRepository(session).seen(update_id):
            return False
    session.info[_PENDING] = update_id

    def _before_flush(sync: Session, _ctx: UOWTransaction, _instances: object) -> None:
        if _PENDING in sync.info and (sync.new or sync.dirty or sync.deleted):
            sync.add(ProcessedUpdate(update_id=sync.info.pop(_PENDING)))

    def _after_rollback(sync: Session, _previous: SessionTransaction) -> None:
        sync.info[_PENDING] = update_id  # the marker went with the rolled-back transaction

    event.listen(session.sync_session, "before_flush", _before_flush)
    event.listen(session.sync_session, "after_soft_rollback", _after_rollback)
    return True


async def end_update(session: AsyncSession, update_id: int) -> None:
    """Record the update as processed if nothing the handlers committed did so already."""
    if session.in_transaction():
        # Left open by a handler that failed half-way: its changes must not be kept.
        await session.rollback()
    session.info.pop(_PENDING, None)
    async with session.begin():
        await UpdateRepository(session).mark(update_id)


async def forget_old(session: AsyncSession) -> int:
    async with session.begin():
        return await UpdateRepository(session).forget_before(utcnow() - KEEP_PROCESSED)
