"""Exactly-once handling of Telegram updates, which may be delivered more than once."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from storage.database import read_only
from storage.models import ProcessedUpdate
from storage.repositories import UpdateRepository
from storage.types import utcnow

#: Telegram keeps an unconfirmed update for 24 hours; a week is a comfortable margin.
KEEP_PROCESSED = timedelta(days=7)
_PENDING = "spotcheck.pending_update_id"
_IN_TRANSACTION = "spotcheck.update_marker_in_transaction"
_RECORDED = "spotcheck.update_marker_committed"


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
            sync.info[_IN_TRANSACTION] = True

    def _after_commit(sync: Session) -> None:
        if sync.info.pop(_IN_TRANSACTION, False):
            sync.info[_RECORDED] = True

    def _after_rollback(sync: Session, _previous: SessionTransaction) -> None:
        # The marker went with the rolled-back transaction, unless an earlier one kept it.
        sync.info.pop(_IN_TRANSACTION, None)
        if not sync.info.get(_RECORDED):
            sync.info[_PENDING] = update_id

    event.listen(session.sync_session, "before_flush", _before_flush)
    event.listen(session.sync_session, "after_commit", _after_commit)
    event.listen(session.sync_session, "after_soft_rollback", _after_rollback)
    return True


@contextlib.contextmanager
def unmarked(session: AsyncSession) -> Iterator[None]:
    """Writes in this block do not record the update as processed. For bookkeeping done
    before the handler (who wrote, and when): if the process died between that and the
    handler's own change, a redelivered update must not look handled."""
    pending = session.info.pop(_PENDING, None)
    try:
        yield
    finally:
        if pending is not None and not session.info.get(_RECORDED):
            session.info[_PENDING] = pending


async def is_duplicate(session: AsyncSession, update_id: int, error: BaseException | None) -> bool:
    """Whether `error` means another process handled this update first: with several
    processes, two may take the same update (a webhook retried to another process); both pass
    `begin_update`, and the second one's commit hits the marker's primary key. Its changes
    are rolled back with that transaction, so the update counts as a duplicate, not an error.
    """
    if not isinstance(error, IntegrityError):
        return False
    if session.in_transaction():
        await session.rollback()
    async with read_only(session):
        return await UpdateRepository(session).seen(update_id)


async def end_update(session: AsyncSession, update_id: int) -> bool:
    """Record the update as processed if nothing the handlers committed did so already.
    False if another process recorded it first (a duplicate: nothing is kept from ours)."""
    if session.in_transaction():
        # Left open by a handler that failed half-way: its changes must not be kept.
        await session.rollback()
    session.info.pop(_PENDING, None)
    if session.info.pop(_RECORDED, False):
        return True
    try:
        async with session.begin():
            await UpdateRepository(session).mark(update_id)
    except IntegrityError:
        # Marked by another process between our look and our write.
        return False
    return True


async def forget_old(session: AsyncSession) -> int:
    async with session.begin():
        return await UpdateRepository(session).forget_before(utcnow() - KEEP_PROCESSED)
